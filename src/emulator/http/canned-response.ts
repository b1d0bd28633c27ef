/**
 * Responses the emulator answers with, in the exact shapes Twitter used: JSON `errors` bodies for
 * the REST and OAuth hosts, XML for some request_token errors, plain text for the stream host's
 * parameter and rate-limit errors, and the stream host's Jetty HTML error page.
 *
 * Sources are in docs/emulator.md ("Error bodies"); each function names its own.
 */

/** A complete, non-streaming HTTP response. */
export interface CannedResponse {
  readonly status: number;
  /** The reason phrase, when Twitter's differed from Node's default. */
  readonly statusMessage?: string;
  readonly contentType?: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send `Connection: close` and close the connection after the body. */
  readonly closeConnection?: boolean;
}

/** Error codes of the v1.1 REST and OAuth hosts used by the emulator, with their HTTP status. */
export const twitterErrors = {
  // "Error Codes & Responses" (dev.twitter.com), as quoted in docs/emulator.md.
  couldNotAuthenticate: { code: 32, status: 401, message: 'Could not authenticate you.' },
  pageDoesNotExist: { code: 34, status: 404, message: 'Sorry, that page does not exist' },
  invalidOrExpiredToken: { code: 89, status: 401, message: 'Invalid or expired token.' },
  timestampOutOfBounds: { code: 135, status: 401, message: 'Timestamp out of bounds.' },
  noStatusFound: { code: 144, status: 404, message: 'No status found with that ID.' },
  missingStatus: { code: 170, status: 403, message: 'Missing required parameter: status.' },
  statusTooLong: { code: 186, status: 403, message: 'Tweet needs to be a bit shorter.' },
  statusDuplicate: { code: 187, status: 403, message: 'Status is a duplicate.' },
  badAuthenticationData: { code: 215, status: 400, message: 'Bad Authentication data.' },
} as const;

/** One entry of {@link twitterErrors}. */
export interface TwitterError {
  readonly code: number;
  readonly status: number;
  readonly message: string;
}

/** `{"errors":[{"code":…,"message":"…"}]}` with the error's HTTP status (post-2015 key order). */
export function twitterErrorResponse(error: TwitterError): CannedResponse {
  const body = JSON.stringify({ errors: [{ code: error.code, message: error.message }] });
  return { status: error.status, contentType: 'application/json; charset=utf-8', body };
}

/**
 * The 404 body observed after the sample stream was retired (python-twitter-tools#285), keys in
 * that response's order: `{"errors":[{"message":"Sorry, that page does not exist","code":34}]}`.
 */
export function pageDoesNotExistResponse(): CannedResponse {
  const { code, message, status } = twitterErrors.pageDoesNotExist;
  return {
    status,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ errors: [{ message, code }] }),
  };
}

/**
 * The request_token errors in XML (arunagw/omniauth-twitter#144, hybridauth#1314):
 * `<?xml version='1.0' encoding='UTF-8'?><errors><error code="415">…</error></errors>`.
 */
export function xmlErrorResponse(status: number, code: number, message: string): CannedResponse {
  return {
    status,
    contentType: 'application/xml;charset=utf-8',
    body: `<?xml version='1.0' encoding='UTF-8'?><errors><error code="${code}">${escapeHtml(message)}</error></errors>`,
  };
}

/** A `text/plain` body, as the OAuth host sends for a bad verifier and the stream host for 406/420. */
export function plainTextResponse(status: number, text: string): CannedResponse {
  return { status, contentType: 'text/plain;charset=utf-8', body: text };
}

/**
 * The stream host's Jetty error page (darkhelmet/twitterstream#15, RouxRC/gazouilleur#26, where
 * the cause was clock skew; tweepy#299):
 * `<title>Error 401 Unauthorized</title>` … `<p>Problem accessing '/1.1/statuses/filter.json'. Reason:`.
 */
export function jettyErrorResponse(status: number, reason: string, path: string): CannedResponse {
  const body =
    '<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>\n' +
    `<title>Error ${status} ${reason}</title>\n</head>\n<body>\n<h2>HTTP ERROR: ${status}</h2>\n` +
    `<p>Problem accessing '${escapeHtml(path)}'. Reason:\n<pre>    ${reason}</pre>\n</body>\n</html>\n`;
  return { status, contentType: 'text/html; charset=utf-8', body };
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

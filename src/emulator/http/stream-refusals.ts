/**
 * How the stream host refuses a connection, status by status ("Connecting to a streaming
 * endpoint", heading "HTTP error codes"), with the bodies observed in the wild where known.
 * Bodies marked "composed" in docs/emulator.md follow the observed ones' style because no
 * capture of the real one survives.
 */
import {
  jettyErrorResponse,
  pageDoesNotExistResponse,
  plainTextResponse,
  type CannedResponse,
} from './canned-response.js';

/** The statuses a stream connection can be refused with (429 is not v1.1: see its variants). */
export const refusalStatuses = [401, 403, 404, 406, 413, 416, 420, 429, 503] as const;

/** One of {@link refusalStatuses}. */
export type RefusalStatus = (typeof refusalStatuses)[number];

/**
 * Which body a status comes with, where Twitter had several:
 * - 420: `calm` ("Easy there, Turbo…", the default) or `connection-limit`
 *   ("Exceeded connection limit for user");
 * - 429: `rest` (v1.1 REST, code 88, the default) or `v2` (the v2 streaming problem body).
 */
export type RefusalVariant = 'calm' | 'connection-limit' | 'rest' | 'v2';

/** The 406 body when no predicate is given (impronunciable/Tuiter#39, J7mbo/twitter-api-php#20). */
export const noFilterParametersText =
  'No filter parameters found. Expect at least one parameter: follow track locations\r\n';

/** Builds the refusal for a status, e.g. for the `refuse` fault. */
export function streamRefusal(
  status: RefusalStatus,
  path: string,
  variant?: RefusalVariant,
): CannedResponse {
  switch (status) {
    case 401:
      return jettyErrorResponse(401, 'Unauthorized', path);
    case 403:
      return jettyErrorResponse(403, 'Forbidden', path);
    case 404:
      return pageDoesNotExistResponse();
    case 406:
      return plainTextResponse(406, noFilterParametersText);
    case 413:
      return plainTextResponse(413, 'Parameter track has too many items for your access level\r\n');
    case 416:
      return plainTextResponse(416, 'Parameter count not allowed in role\r\n');
    case 420:
      return rateLimitedResponse(variant === 'connection-limit' ? 'connection-limit' : 'calm');
    case 429:
      return variant === 'v2' ? tooManyConnectionsV2Response() : rateLimitExceededRestResponse();
    case 503:
      // An overloaded stream host answered with no body and closed (twittercommunity "What is
      // the actual limit for statuses/filter endpoint", 2015: content-length 0, connection close).
      return {
        status: 503,
        statusMessage: 'Service Temporarily Unavailable',
        body: '',
        closeConnection: true,
      };
  }
}

/**
 * HTTP 420 "Enhance Your Calm" with one of its two plain-text bodies (python-twitter-tools#222,
 * ttezel/twit#138 and #119).
 */
export function rateLimitedResponse(variant: 'calm' | 'connection-limit'): CannedResponse {
  const text =
    variant === 'calm'
      ? 'Easy there, Turbo. Too many requests recently. Enhance your calm.\r\n'
      : 'Exceeded connection limit for user\r\n';
  return { ...plainTextResponse(420, text), statusMessage: 'Enhance Your Calm' };
}

/** REST v1.1's 429 (not a v1.1 streaming status; offered as a labelled fault). */
function rateLimitExceededRestResponse(): CannedResponse {
  return {
    status: 429,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ errors: [{ message: 'Rate limit exceeded', code: 88 }] }),
  };
}

/** v2 streaming's 429 (tweepy#1962, node-twitter-api-v2#100), offered as a labelled fault. */
function tooManyConnectionsV2Response(): CannedResponse {
  return {
    status: 429,
    contentType: 'application/problem+json',
    body: JSON.stringify({
      title: 'ConnectionException',
      detail: 'This stream is currently at the maximum allowed connection limit.',
      connection_issue: 'TooManyConnections',
      type: 'https://api.twitter.com/2/problems/streaming-connection',
    }),
  };
}

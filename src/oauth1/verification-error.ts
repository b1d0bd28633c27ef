/**
 * The error a provider raises when it rejects a signed request (RFC 5849 §3.2), with the HTTP
 * status it should answer and the Twitter error code of the same failure.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.2
 */
import { SpritzerError } from '../errors.js';

/** Why `verifyRequest` (or the strict header parser) rejected a request. */
export type OAuthVerificationErrorCode =
  | 'ERR_OAUTH_HEADER_MALFORMED'
  | 'ERR_OAUTH_REQUEST_MALFORMED'
  | 'ERR_OAUTH_PARAMETER_MISSING'
  | 'ERR_OAUTH_PARAMETER_DUPLICATED'
  | 'ERR_OAUTH_PARAMETER_UNSUPPORTED'
  | 'ERR_OAUTH_PARAMETERS_IN_SEVERAL_PLACES'
  | 'ERR_OAUTH_VERSION_UNSUPPORTED'
  | 'ERR_OAUTH_SIGNATURE_METHOD_UNSUPPORTED'
  | 'ERR_OAUTH_TIMESTAMP_INVALID'
  | 'ERR_OAUTH_TIMESTAMP_OUT_OF_WINDOW'
  | 'ERR_OAUTH_NONCE_INVALID'
  | 'ERR_OAUTH_CONSUMER_UNKNOWN'
  | 'ERR_OAUTH_TOKEN_INVALID'
  | 'ERR_OAUTH_SIGNATURE_MISMATCH'
  | 'ERR_OAUTH_NONCE_REPLAYED'
  | 'ERR_OAUTH_NONCE_STORE_FULL';

/**
 * Twitter's error codes for OAuth failures ("Response codes", developer.twitter.com):
 * 32 "Could not authenticate you.", 89 "Invalid or expired token.", 130 "Over capacity",
 * 135 "Timestamp out of bounds.", 215 "Bad Authentication data.".
 */
export type TwitterOAuthErrorCode = 32 | 89 | 130 | 135 | 215;

/** What a provider answers for one rejection: HTTP status and Twitter error code. */
export interface VerificationFailureResponse {
  readonly status: 400 | 401 | 503;
  readonly twitterCode: TwitterOAuthErrorCode;
}

/**
 * The answer for each rejection. RFC 5849 §3.2 gives the statuses: 400 for an unsupported or
 * missing or duplicated parameter or signature method, 401 for invalid client credentials, an
 * invalid or expired token, an invalid signature, an invalid or used nonce. Twitter's codes
 * follow the same split: 215 for the 400s, 32 (89 for tokens, 135 for the clock) for the 401s.
 */
export const verificationFailureResponses: Readonly<
  Record<OAuthVerificationErrorCode, VerificationFailureResponse>
> = {
  ERR_OAUTH_HEADER_MALFORMED: { status: 400, twitterCode: 215 },
  ERR_OAUTH_REQUEST_MALFORMED: { status: 400, twitterCode: 215 },
  ERR_OAUTH_PARAMETER_MISSING: { status: 400, twitterCode: 215 },
  ERR_OAUTH_PARAMETER_DUPLICATED: { status: 400, twitterCode: 215 },
  ERR_OAUTH_PARAMETER_UNSUPPORTED: { status: 400, twitterCode: 215 },
  ERR_OAUTH_PARAMETERS_IN_SEVERAL_PLACES: { status: 400, twitterCode: 215 },
  ERR_OAUTH_VERSION_UNSUPPORTED: { status: 400, twitterCode: 215 },
  ERR_OAUTH_SIGNATURE_METHOD_UNSUPPORTED: { status: 400, twitterCode: 215 },
  ERR_OAUTH_TIMESTAMP_INVALID: { status: 400, twitterCode: 215 },
  ERR_OAUTH_NONCE_INVALID: { status: 400, twitterCode: 215 },
  ERR_OAUTH_TIMESTAMP_OUT_OF_WINDOW: { status: 401, twitterCode: 135 },
  ERR_OAUTH_CONSUMER_UNKNOWN: { status: 401, twitterCode: 32 },
  ERR_OAUTH_TOKEN_INVALID: { status: 401, twitterCode: 89 },
  ERR_OAUTH_SIGNATURE_MISMATCH: { status: 401, twitterCode: 32 },
  ERR_OAUTH_NONCE_REPLAYED: { status: 401, twitterCode: 32 },
  // Not an RFC case: the replay store is at capacity, so the request cannot be checked for
  // replay; fail closed with Twitter's 130 "Over capacity" and ask the client to retry.
  ERR_OAUTH_NONCE_STORE_FULL: { status: 503, twitterCode: 130 },
};

/** Evidence attached to an {@link OAuthVerificationError}. */
export interface OAuthVerificationErrorDetails {
  /** The protocol parameter at fault, when there is one (e.g. `oauth_timestamp`). */
  readonly parameter?: string;
  /** For ERR_OAUTH_TIMESTAMP_OUT_OF_WINDOW: `oauth_timestamp` minus the provider's clock, s. */
  readonly clockSkewSec?: number;
  /** For ERR_OAUTH_SIGNATURE_MISMATCH: the provider's base string (no secrets in it). */
  readonly baseString?: string;
}

/**
 * A provider-side rejection of a signed request. `status` and `twitterCode` say what to answer
 * (see {@link verificationFailureResponses}); the message is one line for the client's developer
 * and carries no secret.
 */
export class OAuthVerificationError extends SpritzerError<OAuthVerificationErrorCode> {
  /** The HTTP status the provider should answer (RFC 5849 §3.2). */
  readonly status: 400 | 401 | 503;
  /** The Twitter error code of the same failure (32, 89, 130, 135 or 215). */
  readonly twitterCode: TwitterOAuthErrorCode;
  /** The protocol parameter at fault, when there is one. */
  readonly parameter: string | undefined;
  /** For a timestamp out of the window: `oauth_timestamp` minus the provider's clock, s. */
  readonly clockSkewSec: number | undefined;
  /** For a signature mismatch: the provider's base string, to compare with the client's. */
  declare readonly baseString: string | undefined;

  /**
   * @param code - the rejection reason
   * @param message - one line: what failed and what to do; no secrets
   * @param details - the evidence
   */
  constructor(
    code: OAuthVerificationErrorCode,
    message: string,
    details: OAuthVerificationErrorDetails = {},
  ) {
    super(code, message);
    const response = verificationFailureResponses[code];
    this.status = response.status;
    this.twitterCode = response.twitterCode;
    this.parameter = details.parameter;
    this.clockSkewSec = details.clockSkewSec;
    // Long and rarely wanted: kept out of inspect() and JSON (STYLE.md: large objects non-enumerable).
    Object.defineProperty(this, 'baseString', { value: details.baseString, enumerable: false });
  }
}

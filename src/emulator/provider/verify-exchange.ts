/**
 * Verifies a request's OAuth 1.0a signature strictly with the core's `verifyRequest` (header,
 * query or form body; nonce replay; timestamp window; constant-time comparison), and turns a
 * rejection into Twitter's answer.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.2
 */
import {
  OAuthVerificationError,
  verifyRequest,
  type NonceStore,
  type SignatureMethod,
  type TokenRecord,
  type VerifiedRequest,
} from '../../oauth1/index.js';
import {
  twitterErrorResponse,
  twitterErrors,
  type CannedResponse,
} from '../http/canned-response.js';
import type { Exchange } from '../http/exchange.js';
import type { TokenStore } from './token-store.js';

/** What the provider needs to verify requests. */
export interface VerificationSettings {
  readonly tokens: TokenStore;
  readonly nonceStore: NonceStore;
  /** Accepted distance between `oauth_timestamp` and the emulator's clock, s. */
  readonly timestampWindowSec: number;
  readonly signatureMethods: readonly SignatureMethod[];
}

/**
 * Which token the request must carry: none (temporary-credentials request, §2.1), temporary
 * credentials (token request, §2.3) or token credentials (every other resource).
 */
export type RequiredToken = 'none' | 'temporary' | 'access';

/** The outcome of {@link verifyExchange}. */
export type ExchangeVerification =
  | { readonly ok: true; readonly verified: VerifiedRequest }
  | { readonly ok: false; readonly error: OAuthVerificationError };

/** Verifies the exchange's signature; unexpected errors propagate. */
export async function verifyExchange(
  exchange: Exchange,
  settings: VerificationSettings,
  required: RequiredToken,
): Promise<ExchangeVerification> {
  const { tokens } = settings;
  const lookupToken = (token: string, consumerKey: string): TokenRecord | undefined => {
    const record =
      required === 'temporary'
        ? tokens.temporary(token)
        : required === 'access'
          ? tokens.accessToken(token)
          : undefined;
    return record?.consumerKey === consumerKey ? record : undefined;
  };
  try {
    const verified = await verifyRequest(
      {
        method: exchange.method,
        url: exchange.url,
        authorization: exchange.request.headers.authorization,
        form: exchange.form,
      },
      {
        lookupConsumer: (consumerKey) => tokens.app(consumerKey),
        lookupToken,
        nonceStore: settings.nonceStore,
        now: exchange.now,
        timestampWindowSec: settings.timestampWindowSec,
        signatureMethods: settings.signatureMethods,
        requireToken: required !== 'none',
      },
    );
    return { ok: true, verified };
  } catch (error) {
    if (error instanceof OAuthVerificationError) return { ok: false, error };
    throw error;
  }
}

const messagesByCode: Readonly<Record<number, string>> = {
  32: twitterErrors.couldNotAuthenticate.message,
  89: twitterErrors.invalidOrExpiredToken.message,
  130: 'Over capacity',
  135: twitterErrors.timestampOutOfBounds.message,
  215: twitterErrors.badAuthenticationData.message,
};

/**
 * Twitter's JSON answer to a rejected request on the REST and OAuth hosts, e.g.
 * `401 {"errors":[{"code":135,"message":"Timestamp out of bounds."}]}`. The verifier's own
 * one-line reason (never a secret) goes in `x-spritzer-oauth-problem` to help debugging.
 */
export function verificationFailure(error: OAuthVerificationError, realm: string): CannedResponse {
  const response = twitterErrorResponse({
    code: error.twitterCode,
    status: error.status,
    message: messagesByCode[error.twitterCode] ?? twitterErrors.couldNotAuthenticate.message,
  });
  return {
    ...response,
    headers: {
      // Header values are Latin-1 without control characters.
      'x-spritzer-oauth-problem': `${error.code}: ${error.message}`.replace(
        /[^\t\x20-\x7e\xa0-\xff]/gu,
        '?',
      ),
      ...(error.status === 401 && { 'www-authenticate': `OAuth realm="${realm}"` }),
    },
  };
}

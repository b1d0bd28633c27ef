/**
 * RFC 5849 §2.3, token credentials (Twitter: `POST oauth/access_token`, the "access token"):
 * a request/process pair.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.3
 */
import { invalidArgType, invalidArgValue } from '../../errors.js';
import type { SignOptions } from '../types.js';
import { otherFields, readCredentialsResponse } from './credentials-response.js';
import { assertObject, assertProviderResponse } from './flow-arguments.js';
import type { ProviderRequestOptions, ProviderResponse } from './provider-http.js';
import { sendSignedPost } from './send-signed-post.js';
import type { ClientCredentials, TemporaryCredentials } from './temporary-credentials.js';

/** Options of {@link requestTokenCredentials}. */
export interface TokenCredentialsOptions
  extends ProviderRequestOptions, Omit<SignOptions, 'callback' | 'verifier'> {
  /** `oauth_verifier` (§2.3): from the callback, or the PIN the user typed. A secret. */
  readonly verifier: string;
}

/** The token credentials (§2.3) and whatever else the provider sent. */
export interface TokenCredentials {
  /** `oauth_token`: signs the user's requests from now on. */
  readonly token: string;
  /** `oauth_token_secret`. A secret. */
  readonly tokenSecret: string;
  /** Every other field, e.g. Twitter's `user_id` and `screen_name`. */
  readonly extra: Readonly<Record<string, string>>;
}

/**
 * Sends the token-credentials request (§2.3): a `POST` signed with the client credentials and
 * the temporary credentials, carrying `oauth_verifier`. Pair it with
 * {@link processTokenCredentialsResponse}.
 *
 * @param endpoint - the token request URL, e.g. `https://api.twitter.com/oauth/access_token`
 * @param credentials - the client credentials
 * @param temporary - the temporary credentials (`token` and `tokenSecret`) from §2.1
 * @param options - the verifier, signing options, `fetch`, `signal`
 * @returns the provider's response, unread
 * @throws ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE on caller misuse (e.g. an empty verifier)
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.3
 */
export function requestTokenCredentials(
  endpoint: string | URL,
  credentials: ClientCredentials,
  temporary: Pick<TemporaryCredentials, 'token' | 'tokenSecret'>,
  options: TokenCredentialsOptions,
): Promise<ProviderResponse> {
  assertObject(credentials, 'credentials', '{ consumerKey, consumerSecret }');
  assertObject(
    temporary,
    'temporary',
    '{ token, tokenSecret } (what processTemporaryCredentialsResponse resolved with)',
  );
  assertObject(options, 'options', '{ verifier, … }');
  const { verifier, ...sendOptions } = options;
  if (typeof verifier !== 'string' || verifier === '') {
    throw invalidArgValue('options.verifier', 'must be the non-empty oauth_verifier (or PIN)');
  }
  const { consumerKey, consumerSecret } = credentials;
  const { token, tokenSecret } = temporary;
  if (typeof token !== 'string' || token === '') {
    throw invalidArgType(
      'temporary.token',
      'a non-empty string (the token processTemporaryCredentialsResponse resolved with)',
      token,
    );
  }
  if (typeof tokenSecret !== 'string') {
    throw invalidArgType(
      'temporary.tokenSecret',
      'a string (the tokenSecret processTemporaryCredentialsResponse resolved with)',
      tokenSecret,
    );
  }
  return sendSignedPost(endpoint, { consumerKey, consumerSecret, token, tokenSecret }, undefined, {
    ...sendOptions,
    verifier,
  });
}

/**
 * Validates the provider's answer to the token-credentials request (§2.3): a 2xx status and a
 * form-encoded body with `oauth_token` and `oauth_token_secret`.
 *
 * @param response - what {@link requestTokenCredentials} resolved with
 * @returns the token credentials and the other fields (Twitter: `user_id`, `screen_name`)
 * @throws OAuthProviderError (ERR_OAUTH_PROVIDER_RESPONSE) on an error status, with the provider's
 *   code and message (Twitter answers a bad verifier with 401 and plain text), or a malformed body
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.3
 */
export async function processTokenCredentialsResponse(
  response: ProviderResponse,
): Promise<TokenCredentials> {
  assertProviderResponse(response, 'requestTokenCredentials');
  const { token, tokenSecret, fields } = await readCredentialsResponse(
    response,
    'token-credentials request',
    '§2.3',
  );
  return { token, tokenSecret, extra: otherFields(fields, ['oauth_token', 'oauth_token_secret']) };
}

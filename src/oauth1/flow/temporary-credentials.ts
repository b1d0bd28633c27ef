/**
 * RFC 5849 §2.1, temporary credentials (Twitter: `POST oauth/request_token`, the "request
 * token"): a request/process pair.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.1
 */
import { invalidArgValue, SpritzerError } from '../../errors.js';
import { assertParameterPairs, type ParameterPair } from '../parameters.js';
import type { SignOptions } from '../types.js';
import { otherFields, readCredentialsResponse } from './credentials-response.js';
import { assertObject, assertProviderResponse } from './flow-arguments.js';
import type { ProviderRequestOptions, ProviderResponse } from './provider-http.js';
import { sendSignedPost } from './send-signed-post.js';

/** Client credentials: the consumer key and secret. */
export interface ClientCredentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
}

/** Options of {@link requestTemporaryCredentials}. */
export interface TemporaryCredentialsOptions
  extends ProviderRequestOptions, Omit<SignOptions, 'callback' | 'verifier'> {
  /**
   * `oauth_callback` (required, §2.1): the absolute URL the provider redirects the user to, or
   * `oob` when the user will copy a PIN instead.
   */
  readonly callback: string;
  /** Extra form parameters, e.g. Twitter's `[['x_auth_access_type', 'read']]`. */
  readonly parameters?: readonly ParameterPair[];
}

/** The temporary credentials (§2.1) and whatever else the provider sent. */
export interface TemporaryCredentials {
  /** `oauth_token`: goes to the authorization URL and the token-credentials request. */
  readonly token: string;
  /** `oauth_token_secret`: signs the token-credentials request. A secret. */
  readonly tokenSecret: string;
  /** `oauth_callback_confirmed` was `true` (checked). */
  readonly callbackConfirmed: true;
  /** Every other field of the answer. */
  readonly extra: Readonly<Record<string, string>>;
}

/**
 * Checks an `oauth_callback` value: `oob` (case sensitive) or an absolute URL (§2.1).
 *
 * @throws ERR_INVALID_ARG_VALUE
 */
export function assertCallback(
  callback: unknown,
  argumentName: string,
): asserts callback is string {
  if (callback === 'oob') return;
  if (typeof callback !== 'string' || !URL.canParse(callback)) {
    throw invalidArgValue(argumentName, 'must be an absolute URL or "oob" (RFC 5849 §2.1)');
  }
}

/**
 * Sends the temporary-credentials request (§2.1): a signed `POST` carrying `oauth_callback`.
 * Pair it with {@link processTemporaryCredentialsResponse}.
 *
 * @param endpoint - the temporary-credential request URL, e.g. `https://api.twitter.com/oauth/request_token`
 * @param credentials - the client credentials
 * @param options - the callback (a URL or `oob`), extra parameters, signing options, `fetch`, `signal`
 * @returns the provider's response, unread
 * @throws ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE on caller misuse (e.g. a relative callback)
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.1
 */
export function requestTemporaryCredentials(
  endpoint: string | URL,
  credentials: ClientCredentials,
  options: TemporaryCredentialsOptions,
): Promise<ProviderResponse> {
  assertObject(credentials, 'credentials', '{ consumerKey, consumerSecret }');
  assertObject(options, 'options', "{ callback: 'oob' or an absolute URL, … }");
  const { parameters, callback, ...sendOptions } = options;
  assertCallback(callback, 'options.callback');
  if (parameters !== undefined) assertParameterPairs(parameters, 'options.parameters');
  return sendSignedPost(
    endpoint,
    { consumerKey: credentials.consumerKey, consumerSecret: credentials.consumerSecret },
    parameters,
    { ...sendOptions, callback },
  );
}

/**
 * Validates the provider's answer to the temporary-credentials request (§2.1): a 2xx status,
 * a form-encoded body with `oauth_token`, `oauth_token_secret` and `oauth_callback_confirmed=true`.
 *
 * @param response - what {@link requestTemporaryCredentials} resolved with
 * @returns the temporary credentials and the other fields
 * @throws OAuthProviderError (ERR_OAUTH_PROVIDER_RESPONSE) on an error status, with the provider's
 *   code and message, or on a malformed body
 * @throws SpritzerError ERR_OAUTH_CALLBACK_NOT_CONFIRMED when `oauth_callback_confirmed` is not
 *   `true` (an OAuth 1.0 provider, open to session fixation)
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.1
 */
export async function processTemporaryCredentialsResponse(
  response: ProviderResponse,
): Promise<TemporaryCredentials> {
  assertProviderResponse(response, 'requestTemporaryCredentials');
  const { token, tokenSecret, fields } = await readCredentialsResponse(
    response,
    'temporary-credentials request',
    '§2.1',
  );
  // §2.1: "oauth_callback_confirmed: MUST be present and set to "true"".
  if (fields.get('oauth_callback_confirmed') !== 'true') {
    throw new SpritzerError(
      'ERR_OAUTH_CALLBACK_NOT_CONFIRMED',
      'the provider did not answer oauth_callback_confirmed=true (RFC 5849 §2.1); it does not implement OAuth 1.0a, so the flow stops here',
    );
  }
  return {
    token,
    tokenSecret,
    callbackConfirmed: true,
    extra: otherFields(fields, ['oauth_token', 'oauth_token_secret', 'oauth_callback_confirmed']),
  };
}

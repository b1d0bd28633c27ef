/**
 * RFC 5849 §2.2, resource owner authorization: the URL the user opens, and the callback the
 * provider redirects back to.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.2
 */
import { invalidArgType, invalidArgValue, SpritzerError } from '../../errors.js';
import { parseRequestUrl } from '../base-string.js';
import { assertParameterPairs, type ParameterPair } from '../parameters.js';

/**
 * Builds the resource-owner authorization URL (§2.2): the endpoint with `oauth_token` added to
 * its query (existing query parameters are kept), plus any extra parameters (Twitter:
 * `force_login`, `screen_name`).
 *
 * @param endpoint - the resource owner authorization URI, e.g. `https://api.twitter.com/oauth/authorize`
 * @param token - the temporary credentials' `oauth_token`
 * @param parameters - extra query parameters
 * @returns the URL to open in the user's browser
 * @throws ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE on caller misuse
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.2
 */
export function buildAuthorizationUrl(
  endpoint: string | URL,
  token: string,
  parameters: readonly ParameterPair[] = [],
): string {
  const url = new URL(parseRequestUrl(endpoint, 'endpoint'));
  if (typeof token !== 'string') throw invalidArgType('token', 'a string', token);
  if (token === '') throw invalidArgValue('token', 'must not be empty');
  assertParameterPairs(parameters, 'parameters');
  // §2.2: "oauth_token: REQUIRED … the temporary credentials identifier", in the query.
  url.searchParams.append('oauth_token', token);
  for (const [name, value] of parameters) url.searchParams.append(name, value);
  return url.href;
}

/** What the provider's redirect to the callback carries (§2.2). */
export interface AuthorizationCallback {
  /** `oauth_verifier`, for the token-credentials request. A secret. */
  readonly verifier: string;
}

/**
 * Reads the provider's redirect to the client's callback (§2.2): checks it is for the temporary
 * credentials this client asked for and returns the verifier. Twitter adds `denied=<token>` when
 * the user refuses.
 *
 * @param callbackUrl - the callback request's absolute URL, query included (any scheme)
 * @param token - the temporary credentials' `oauth_token` this client is waiting for
 * @returns the verifier
 * @throws SpritzerError ERR_OAUTH_AUTHORIZATION_DENIED when the user refused; ERR_OAUTH_TOKEN_INVALID
 *   when the callback is for another token; ERR_OAUTH_VERIFIER_INVALID when it has no verifier
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.2
 */
export function processAuthorizationCallback(
  callbackUrl: string | URL,
  token: string,
): AuthorizationCallback {
  if (!(callbackUrl instanceof URL) && typeof callbackUrl !== 'string') {
    throw invalidArgType(
      'callbackUrl',
      "the callback request's absolute URL (a string or a URL)",
      callbackUrl,
    );
  }
  if (!(callbackUrl instanceof URL) && !URL.canParse(callbackUrl)) {
    // Not quoted: the query holds the verifier.
    throw invalidArgValue(
      'callbackUrl',
      /^[/?]/u.test(callbackUrl)
        ? "must be an absolute URL, not a path and query (a server's req.url): pass new URL(req.url, 'http://localhost')"
        : 'must be an absolute URL, e.g. http://127.0.0.1:8080/callback?oauth_token=…&oauth_verifier=…',
    );
  }
  const url = new URL(callbackUrl);
  if (typeof token !== 'string') throw invalidArgType('token', 'a string', token);
  const query = url.searchParams;
  // Twitter ("GET oauth/authorize"): a refusal comes back as ?denied=<oauth_token>.
  if (query.has('denied')) {
    throw new SpritzerError(
      'ERR_OAUTH_AUTHORIZATION_DENIED',
      'the user denied the authorization request (RFC 5849 §2.2); run the authorization again to retry',
    );
  }
  if (query.get('oauth_token') !== token) {
    throw new SpritzerError(
      'ERR_OAUTH_TOKEN_INVALID',
      "the callback's oauth_token is not the temporary credentials this client is waiting for (RFC 5849 §2.2); start the authorization again",
    );
  }
  const verifier = query.get('oauth_verifier') ?? '';
  if (verifier === '') {
    throw new SpritzerError(
      'ERR_OAUTH_VERIFIER_INVALID',
      'the callback carries no oauth_verifier (RFC 5849 §2.2); the provider may implement OAuth 1.0, not 1.0a',
    );
  }
  return { verifier };
}

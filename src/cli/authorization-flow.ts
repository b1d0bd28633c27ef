/**
 * The 3-legged OAuth 1.0a dance as `spritzer authorize` and `spritzer demo` run it (RFC 5849 §2):
 * temporary credentials, the user's approval at the authorization URL, the verifier (a PIN or
 * the loopback callback's `oauth_verifier`), token credentials. How the user approves is
 * injected: a person in a browser, or the demo approving through the page's own form.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 */
import { randomBytes } from 'node:crypto';
import { SpritzerError } from '../errors.js';
import type { ProviderEndpoints } from '../credentials/types.js';
import { buildAuthorizationUrl } from '../oauth1/flow/authorization-url.js';
import { OAuthProviderError, ProviderUnreachableError } from '../oauth1/flow/provider-error.js';
import type { FetchLike } from '../oauth1/flow/provider-http.js';
import {
  processTemporaryCredentialsResponse,
  requestTemporaryCredentials,
} from '../oauth1/flow/temporary-credentials.js';
import {
  processTokenCredentialsResponse,
  requestTokenCredentials,
} from '../oauth1/flow/token-credentials.js';
import { signRequest } from '../oauth1/sign-request.js';
import type { ConsumerCredentials } from './config.js';
import type { FlowNarrator } from './flow-narrator.js';
import { certificateAdvice } from './tls-advice.js';

/** Options of {@link runAuthorizationFlow}. */
export interface AuthorizationFlowOptions {
  readonly provider: ProviderEndpoints;
  readonly consumer: ConsumerCredentials;
  /** `oauth_callback`: `oob` for the PIN flow, or the loopback server's URL. */
  readonly callback: string;
  /**
   * Has the user approve at the authorization URL and returns the verifier: the PIN they read
   * (`oob`) or the callback's `oauth_verifier`.
   */
  readonly approve: (authorizationUrl: string, temporaryToken: string) => Promise<string>;
  readonly narrator: FlowNarrator;
  readonly signal?: AbortSignal;
  /** @default globalThis.fetch */
  readonly fetch?: FetchLike;
  /** Twitter's `x_auth_access_type`: ask for less than the app's access level. */
  readonly accessType?: 'read' | 'write';
  /** Clock in ms since the epoch, for `oauth_timestamp`. @default Date.now */
  readonly now?: () => number;
}

/**
 * The library's no-answer error, worded with the flags that set the endpoints, and for a TLS
 * failure with how to trust a certificate.
 */
function withFlagAdvice(error: unknown): unknown {
  if (!(error instanceof ProviderUnreachableError)) return error;
  return new SpritzerError(
    'ERR_OAUTH_PROVIDER_UNREACHABLE',
    `${error.method} ${error.endpoint} failed (${error.reason}); check the provider's URL (--api-url, or --request-token-url and --access-token-url) and that it is reachable${certificateAdvice(error.reason)}`,
    { cause: error },
  );
}

/** The token credentials and the account they belong to. */
export interface AuthorizationResult {
  readonly token: string;
  readonly tokenSecret: string;
  /** Twitter's `user_id` and `screen_name`, when the provider sends them. */
  readonly userId?: string;
  readonly screenName?: string;
}

/**
 * Runs the dance.
 *
 * @throws SpritzerError `ERR_OAUTH_VERIFIER_INVALID` when the provider refuses the verifier
 *   (a wrong or reused PIN), `ERR_OAUTH_AUTHORIZATION_DENIED` from `approve`; OAuthProviderError
 *   (`ERR_OAUTH_PROVIDER_RESPONSE`) when the provider refuses a request for another reason;
 *   SpritzerError `ERR_OAUTH_PROVIDER_UNREACHABLE` when a request gets no answer (refused,
 *   unknown host, TLS), with the flags to check
 */
export async function runAuthorizationFlow(
  options: AuthorizationFlowOptions,
): Promise<AuthorizationResult> {
  try {
    return await runFlowSteps(options);
  } catch (error) {
    throw withFlagAdvice(error);
  }
}

async function runFlowSteps(options: AuthorizationFlowOptions): Promise<AuthorizationResult> {
  const { provider, consumer, narrator } = options;
  const fetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const requestOptions = options.signal === undefined ? {} : { signal: options.signal };
  // Nonce and timestamp are chosen here so the narrator can show the exact base string signed.
  const signing = (): { nonce: string; timestamp: number } => ({
    nonce: randomBytes(16).toString('hex'),
    timestamp: Math.floor(now() / 1000),
  });
  const parameters: [string, string][] =
    options.accessType === undefined ? [] : [['x_auth_access_type', options.accessType]];

  narrator.step(
    1,
    'Temporary credentials (RFC 5849 §2.1; Twitter: "request token")',
    `spritzer signs a request with its consumer key and secret, and names where the user goes next: oauth_callback=${options.callback}.`,
  );
  const first = signing();
  const firstBase = signRequest(
    parameters.length === 0
      ? { method: 'POST', url: provider.requestTokenUrl }
      : { method: 'POST', url: provider.requestTokenUrl, form: parameters },
    consumer,
    { callback: options.callback, ...first },
  ).baseString;
  const temporary = await processTemporaryCredentialsResponse(
    await requestTemporaryCredentials(provider.requestTokenUrl, consumer, {
      callback: options.callback,
      ...first,
      ...(parameters.length === 0 ? {} : { parameters }),
      ...requestOptions,
      fetch: narrator.tracing(fetch, firstBase),
    }),
  );

  const authorizationUrl = buildAuthorizationUrl(provider.authorizeUrl, temporary.token);
  narrator.step(
    2,
    'Resource owner authorization (§2.2)',
    'The user opens this URL, signs in at the provider and approves spritzer; spritzer never sees their password.',
  );
  const verifier = await options.approve(authorizationUrl, temporary.token);

  narrator.step(
    3,
    'Verifier (§2.2)',
    options.callback === 'oob'
      ? 'The provider showed the user a PIN; it proves the approval and goes into the next request as oauth_verifier.'
      : "The provider redirected the browser to spritzer's loopback server with oauth_token (checked: it is ours) and oauth_verifier.",
  );
  narrator.detail('oauth_verifier=[redacted]');

  narrator.step(
    4,
    'Token credentials (§2.3; Twitter: "access token")',
    'spritzer signs with the temporary credentials and the verifier, and receives the token credentials that sign every request from now on.',
  );
  const last = signing();
  const lastBase = signRequest(
    { method: 'POST', url: provider.accessTokenUrl },
    { ...consumer, token: temporary.token, tokenSecret: temporary.tokenSecret },
    { verifier, ...last },
  ).baseString;
  let token;
  try {
    token = await processTokenCredentialsResponse(
      await requestTokenCredentials(provider.accessTokenUrl, consumer, temporary, {
        verifier,
        ...last,
        ...requestOptions,
        fetch: narrator.tracing(fetch, lastBase),
      }),
    );
  } catch (error) {
    // Twitter answers a wrong, expired or reused verifier with 401 ("PIN-based authorization":
    // "PIN numbers are not reusable"; "POST oauth/access_token").
    if (error instanceof OAuthProviderError && error.status === 401) {
      throw new SpritzerError(
        'ERR_OAUTH_VERIFIER_INVALID',
        `the provider refused the verifier${error.providerMessage === undefined ? '' : ` (${error.providerMessage})`}: the PIN is wrong or expired, and each PIN works once; run \`spritzer authorize\` again`,
        { cause: error },
      );
    }
    throw error;
  }
  const userId = token.extra.user_id;
  const screenName = token.extra.screen_name;
  return {
    token: token.token,
    tokenSecret: token.tokenSecret,
    ...(userId === undefined || userId === '' ? {} : { userId }),
    ...(screenName === undefined || screenName === '' ? {} : { screenName }),
  };
}

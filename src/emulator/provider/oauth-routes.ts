/**
 * Twitter's OAuth 1.0a endpoints: `POST /oauth/request_token`, `GET /oauth/authorize`,
 * `GET /oauth/authenticate`, the consent form's `POST /oauth/authorize`,
 * `POST /oauth/access_token` and `POST /1.1/oauth/invalidate_token`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  twitterErrorResponse,
  twitterErrors,
  xmlErrorResponse,
  type CannedResponse,
} from '../http/canned-response.js';
import type { Exchange } from '../http/exchange.js';
import type { Route } from '../http/route.js';
import {
  consentFields,
  renderConsentPage,
  renderDeniedPage,
  renderInvalidTokenPage,
  renderPinPage,
} from './authorize-page.js';
import type { ServiceUser, TemporaryCredentials } from './token-store.js';
import {
  verificationFailure,
  verifyExchange,
  type VerificationSettings,
} from './verify-exchange.js';

/** What the OAuth endpoints need. */
export interface ProviderContext extends VerificationSettings {
  /** The user signed in on the authorize page. */
  readonly user: ServiceUser;
  /** Whether `oauth_callback` is approved for the app (`oob` always is). */
  readonly isCallbackAllowed: (callback: string) => boolean;
  /** Keys the consent form's authenticity token. */
  readonly authenticitySecret: Buffer;
}

/** Twitter answered the token endpoints with a form-encoded body typed text/html. */
const tokenResponseType = 'text/html; charset=utf-8';
const htmlType = 'text/html; charset=utf-8';

/** The OAuth endpoints' routes. */
export function oauthRoutes(context: ProviderContext): Route[] {
  return [
    { methods: ['POST'], path: '/oauth/request_token', handle: (e) => requestToken(e, context) },
    { methods: ['GET'], path: '/oauth/authorize', handle: (e) => authorizePage(e, context, false) },
    {
      methods: ['GET'],
      path: '/oauth/authenticate',
      handle: (e) => authorizePage(e, context, true),
    },
    { methods: ['POST'], path: '/oauth/authorize', handle: (e) => decide(e, context) },
    { methods: ['POST'], path: '/oauth/access_token', handle: (e) => accessToken(e, context) },
    // "POST oauth/invalidate_token": the reference's path and its curl example's.
    ...[
      '/1.1/oauth/invalidate_token',
      '/1.1/oauth/invalidate_token.json',
      '/oauth/invalidate_token.json',
    ].map((path): Route => ({ methods: ['POST'], path, handle: (e) => invalidate(e, context) })),
  ];
}

/** RFC 5849 §2.1; "POST oauth/request_token". */
async function requestToken(exchange: Exchange, context: ProviderContext): Promise<CannedResponse> {
  const verification = await verifyExchange(exchange, context, 'none');
  if (!verification.ok) return verificationFailure(verification.error, exchange.url.origin);
  const { verified } = verification;
  const callback = verified.oauthParameters.get('oauth_callback');
  if (callback === undefined) {
    // §2.1: oauth_callback is REQUIRED ("Always send an oauth_callback on this step").
    return twitterErrorResponse(twitterErrors.badAuthenticationData);
  }
  if (!context.isCallbackAllowed(callback)) {
    // arunagw/omniauth-twitter#144: 403 with XML code 415.
    return xmlErrorResponse(
      403,
      415,
      'Callback URL not approved for this client application. Approved callback URLs can be adjusted in your application settings',
    );
  }
  const credentials = context.tokens.issueTemporary(verified.consumerKey, callback, exchange.now());
  return {
    status: 200,
    contentType: tokenResponseType,
    body: new URLSearchParams({
      oauth_token: credentials.token,
      oauth_token_secret: credentials.secret,
      // §2.1: "MUST be present and set to true".
      oauth_callback_confirmed: 'true',
    }).toString(),
  };
}

/** RFC 5849 §2.2; "GET oauth/authorize", "GET oauth/authenticate". */
function authorizePage(
  exchange: Exchange,
  context: ProviderContext,
  authenticate: boolean,
): Promise<CannedResponse> {
  const token = exchange.parameters.get('oauth_token') ?? '';
  const credentials = context.tokens.temporary(token);
  if (credentials === undefined || credentials.verifier !== undefined) {
    return Promise.resolve({ status: 401, contentType: htmlType, body: renderInvalidTokenPage() });
  }
  const app = context.tokens.app(credentials.consumerKey);
  const forceLogin = exchange.parameters.get('force_login') === 'true';
  // "If the user has already granted the application permission, the redirect will occur
  // without the user having to re-approve" (GET oauth/authenticate), unless force_login=true.
  if (
    authenticate &&
    !forceLogin &&
    credentials.callback !== 'oob' &&
    context.tokens.hasGrant(credentials.consumerKey, context.user.userId)
  ) {
    const verifier = context.tokens.authorize(credentials, context.user);
    return Promise.resolve(
      redirect(credentials.callback, { oauth_token: token, oauth_verifier: verifier }),
    );
  }
  return Promise.resolve({
    status: 200,
    contentType: htmlType,
    headers: { 'cache-control': 'no-store' },
    body: renderConsentPage({
      appName: app?.name ?? credentials.consumerKey,
      user: context.user,
      token,
      authenticityToken: authenticityToken(context, token),
      callback: credentials.callback,
    }),
  });
}

/** The consent form's post: Authorize redirects with a verifier (or shows a PIN); Deny with `denied`. */
function decide(exchange: Exchange, context: ProviderContext): Promise<CannedResponse> {
  const token = exchange.parameters.get(consentFields.token) ?? '';
  const credentials = context.tokens.temporary(token);
  const presented = exchange.parameters.get(consentFields.authenticity) ?? '';
  if (
    credentials === undefined ||
    credentials.verifier !== undefined ||
    !sameText(presented, authenticityToken(context, token))
  ) {
    return Promise.resolve({ status: 403, contentType: htmlType, body: renderInvalidTokenPage() });
  }
  const appName = context.tokens.app(credentials.consumerKey)?.name ?? credentials.consumerKey;
  const decision = exchange.parameters.get(consentFields.decision);
  if (decision === 'allow') return Promise.resolve(approve(credentials, context, appName));
  context.tokens.deny(credentials);
  if (credentials.callback === 'oob') {
    return Promise.resolve({ status: 200, contentType: htmlType, body: renderDeniedPage(appName) });
  }
  // Clients check a `denied` query parameter on the callback (emulator-anchors.md §5.2).
  return Promise.resolve(redirect(credentials.callback, { denied: token }));
}

function approve(
  credentials: TemporaryCredentials,
  context: ProviderContext,
  appName: string,
): CannedResponse {
  const verifier = context.tokens.authorize(credentials, context.user);
  if (credentials.callback === 'oob') {
    return { status: 200, contentType: htmlType, body: renderPinPage(appName, verifier) };
  }
  // RFC 5849 §2.2: the callback gets oauth_token and oauth_verifier.
  return redirect(credentials.callback, {
    oauth_token: credentials.token,
    oauth_verifier: verifier,
  });
}

/** RFC 5849 §2.3; "POST oauth/access_token". */
async function accessToken(exchange: Exchange, context: ProviderContext): Promise<CannedResponse> {
  const verification = await verifyExchange(exchange, context, 'temporary');
  if (!verification.ok) return verificationFailure(verification.error, exchange.url.origin);
  const { verified } = verification;
  const credentials = context.tokens.temporary(verified.token ?? '');
  const issued =
    credentials &&
    context.tokens.exchange(credentials, verified.oauthParameters.get('oauth_verifier'));
  if (!issued) {
    // alvarolorentedev/oauth-electron-twitter#9, scribejava#727: 401, plain text.
    return {
      status: 401,
      contentType: 'text/plain;charset=utf-8',
      body: 'Error processing your OAuth request: Invalid oauth_verifier parameter',
    };
  }
  return {
    status: 200,
    contentType: tokenResponseType,
    body: new URLSearchParams({
      oauth_token: issued.token,
      oauth_token_secret: issued.secret,
      user_id: issued.user.userId,
      screen_name: issued.user.screenName,
    }).toString(),
  };
}

/** "POST oauth/invalidate_token": `{"access_token":"…"}`; later use answers code 89. */
async function invalidate(exchange: Exchange, context: ProviderContext): Promise<CannedResponse> {
  const verification = await verifyExchange(exchange, context, 'access');
  if (!verification.ok) return verificationFailure(verification.error, exchange.url.origin);
  const token = verification.verified.token ?? '';
  context.tokens.invalidate(token);
  return {
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ access_token: token }),
  };
}

function redirect(target: string, parameters: Record<string, string>): CannedResponse {
  const url = new URL(target);
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return { status: 302, headers: { location: url.toString() }, contentType: htmlType, body: '' };
}

function authenticityToken(context: ProviderContext, token: string): string {
  return createHmac('sha256', context.authenticitySecret).update(token).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

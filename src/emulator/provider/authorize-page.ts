/**
 * The HTML pages of the authorization step (RFC 5849 §2.2; "GET oauth/authorize",
 * "PIN-based authorization"): the consent page, the PIN page for `oob`, the page shown after a
 * denial without a callback, and the invalid-token page. Plain HTML forms, no script: they work in
 * any browser and can be submitted by a test without one.
 */
import { escapeHtml } from '../http/canned-response.js';
import type { ServiceUser } from './token-store.js';

/** The form fields the consent page posts to `POST /oauth/authorize`. */
export const consentFields = {
  token: 'oauth_token',
  /** Ties the post to a page the emulator rendered. */
  authenticity: 'authenticity_token',
  /** `allow` or `deny`: the name of the button pressed. */
  decision: 'decision',
} as const;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #0f1419; }
.card { border: 1px solid #cfd9de; border-radius: 1rem; padding: 1.5rem; }
.user { color: #536471; }
button { font: inherit; padding: .6rem 1.4rem; border-radius: 9999px; border: 1px solid #0f1419; cursor: pointer; }
#allow { background: #0f1419; color: #fff; }
#deny { background: #fff; color: #0f1419; }
code { font-size: 2rem; letter-spacing: .2rem; }
</style>
</head>
<body>
<div class="card">
${body}
</div>
</body>
</html>
`;
}

/** The consent page: names the app and the signed-in user; Authorize and Deny submit the form. */
export function renderConsentPage(options: {
  readonly appName: string;
  readonly user: ServiceUser;
  readonly token: string;
  readonly authenticityToken: string;
  readonly callback: string;
}): string {
  const { appName, user, token, authenticityToken, callback } = options;
  const app = escapeHtml(appName);
  const where =
    callback === 'oob'
      ? 'You will get a PIN to enter in the application.'
      : `You will be sent back to <span id="callback-host">${escapeHtml(new URL(callback).host)}</span>.`;
  return page(
    `Authorize ${appName} to access your account?`,
    `<h1>Authorize <span id="app-name">${app}</span> to access your account?</h1>
<p class="user">Signed in as <strong id="user-name">${escapeHtml(user.name)}</strong>
<span id="screen-name">@${escapeHtml(user.screenName)}</span></p>
<p>This application will be able to read Tweets from your timeline, see who you follow, and post Tweets for you.</p>
<p>${where}</p>
<form id="oauth_form" action="/oauth/authorize" method="post">
<input type="hidden" name="${consentFields.token}" value="${escapeHtml(token)}">
<input type="hidden" name="${consentFields.authenticity}" value="${escapeHtml(authenticityToken)}">
<button type="submit" id="allow" name="${consentFields.decision}" value="allow">Authorize app</button>
<button type="submit" id="deny" name="${consentFields.decision}" value="deny">Deny</button>
</form>`,
  );
}

/** The PIN page for `oob` ("PIN-based authorization": a ~7 digit PIN to type into the app). */
export function renderPinPage(appName: string, pin: string): string {
  const app = escapeHtml(appName);
  return page(
    `${appName}: your PIN`,
    `<h1>You've granted access to ${app}!</h1>
<p>Next, return to ${app} and enter this PIN to complete the authorization process:</p>
<p><kbd><code id="oauth_pin">${escapeHtml(pin)}</code></kbd></p>`,
  );
}

/** Shown when the user denied an `oob` application (there is no callback to send them to). */
export function renderDeniedPage(appName: string): string {
  return page(
    'Access denied',
    `<h1 id="denied">You did not authorize ${escapeHtml(appName)}</h1>
<p>No access was granted. You can close this page.</p>`,
  );
}

/** Shown for an unknown, used or expired `oauth_token`. */
export function renderInvalidTokenPage(): string {
  return page(
    'Invalid request token',
    `<h1>Whoa there!</h1>
<p id="error">The request token for this page is invalid. It may have already been used, or expired because it is too old. Please go back to the site or application that sent you here and try again.</p>`,
  );
}

/**
 * Approving an authorization request the way a browser would, through the provider's own
 * authorize page (RFC 5849 §2.2): fetch the page, fill in its form as the hidden fields say,
 * press the Authorize (or Deny) button, and read the answer: a PIN page for `oob`, or a redirect
 * to the callback. `spritzer demo` uses it to play the user against the embedded emulator,
 * whose user is already signed in.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.2
 */
import { SpritzerError } from '../errors.js';
import type { FetchLike } from '../oauth1/flow/provider-http.js';
import { decodeCharacterReferences } from '../character-references.js';

/** What the provider answered the form with. */
export type AuthorizePageOutcome =
  /** `oob`: the page shows a PIN ("PIN-based authorization"). */
  | { readonly kind: 'pin'; readonly pin: string }
  /** A callback: the provider redirects the browser there. */
  | { readonly kind: 'redirect'; readonly location: string }
  /** Neither: e.g. the page saying access was denied. */
  | { readonly kind: 'page'; readonly status: number };

/** Options of {@link submitAuthorizePage}. */
export interface AuthorizePageOptions {
  /** Press Authorize (`allow`) or Deny. */
  readonly decision: 'allow' | 'deny';
  /** @default globalThis.fetch */
  readonly fetch?: FetchLike;
  readonly signal?: AbortSignal;
}

/**
 * Opens the authorization URL and submits its form.
 *
 * @throws SpritzerError `ERR_OAUTH_PROVIDER_RESPONSE` when the page does not load or has no
 *   authorization form with the expected button
 */
export async function submitAuthorizePage(
  authorizationUrl: string,
  options: AuthorizePageOptions,
): Promise<AuthorizePageOutcome> {
  const fetch = options.fetch ?? globalThis.fetch;
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  const page = await fetch(authorizationUrl, {
    method: 'GET',
    headers: { accept: 'text/html' },
    redirect: 'manual',
    ...signal,
  });
  const html = await page.text();
  if (page.status !== 200) throw pageError(`answered ${page.status}`);
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  const formAttributes = readAttributes(form?.[1] ?? '');
  if (form === null || (formAttributes.get('method') ?? 'get').toLowerCase() !== 'post') {
    throw pageError('has no form that posts the decision');
  }
  const fields = new URLSearchParams();
  for (const tag of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const attributes = readAttributes(tag[1] ?? '');
    const name = attributes.get('name');
    if (name !== undefined && (attributes.get('type') ?? 'text').toLowerCase() === 'hidden') {
      fields.append(name, attributes.get('value') ?? '');
    }
  }
  // Twitter's page had `id="allow"` and `id="cancel"`; the emulator's has `allow` and `deny`.
  const wanted = options.decision === 'allow' ? ['allow'] : ['deny', 'cancel'];
  const button = [...(form[2] ?? '').matchAll(/<(?:button|input)\b([^>]*)>/gi)]
    .map((tag) => readAttributes(tag[1] ?? ''))
    .find((attributes) => wanted.includes(attributes.get('id') ?? ''));
  if (button === undefined) throw pageError(`has no ${options.decision} button`);
  const buttonName = button.get('name');
  if (buttonName !== undefined) fields.append(buttonName, button.get('value') ?? '');
  const action = new URL(formAttributes.get('action') ?? '', authorizationUrl).href;
  const answer = await fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: fields.toString(),
    redirect: 'manual',
    ...signal,
  });
  const answerHtml = await answer.text();
  const location = answer.headers.get('location');
  if (answer.status >= 300 && answer.status < 400 && location !== null) {
    return { kind: 'redirect', location: new URL(location, action).href };
  }
  // "PIN-based authorization": the page shows a ~7 digit PIN.
  const pin = /id=["']oauth_pin["'][^>]*>\s*([^<\s]+)\s*</i.exec(answerHtml)?.[1];
  if (answer.status === 200 && pin !== undefined) return { kind: 'pin', pin };
  return { kind: 'page', status: answer.status };
}

/** The attributes of one tag, names lower-cased, values with HTML character references decoded. */
function readAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(
    /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g,
  )) {
    const name = (match[1] ?? '').toLowerCase();
    attributes.set(name, decodeCharacterReferences(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attributes;
}

function pageError(what: string): SpritzerError {
  return new SpritzerError(
    'ERR_OAUTH_PROVIDER_RESPONSE',
    `the authorization page ${what} (RFC 5849 §2.2); open the URL in a browser instead`,
  );
}

/**
 * The 3-legged flow against the emulator, step by step, as a test drives it: temporary
 * credentials, the authorize page (parsed and submitted through its own form), and the token
 * request.
 */
import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../../../src/emulator/index.js';
import { send, type Reply, type Signer } from './client.js';

/** The fixture app without a token. */
export function appSigner(emulator: RunningEmulator): Signer {
  return {
    consumerKey: emulator.fixtures.consumerKey,
    consumerSecret: emulator.fixtures.consumerSecret,
  };
}

/** `POST /oauth/request_token` with a callback; returns the temporary credentials. */
export async function requestTemporaryCredentials(
  emulator: RunningEmulator,
  callback: string,
): Promise<{ token: string; secret: string }> {
  const reply = await send(`${emulator.url}/oauth/request_token`, {
    method: 'POST',
    signer: appSigner(emulator),
    sign: { callback },
  });
  assert.equal(reply.status, 200, reply.body);
  const body = new URLSearchParams(reply.body);
  assert.equal(body.get('oauth_callback_confirmed'), 'true');
  return { token: body.get('oauth_token') ?? '', secret: body.get('oauth_token_secret') ?? '' };
}

/** The consent form's fields, read from the authorize page's HTML. */
export function readConsentForm(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]+)"/u.exec(html)?.[1];
  assert.ok(action, 'the page has a form');
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/gu)) {
    fields[match[1] ?? ''] = (match[2] ?? '').replaceAll('&amp;', '&');
  }
  return { action, fields };
}

/** Opens the authorize page and presses a button by posting the page's own form. */
export async function decide(
  emulator: RunningEmulator,
  token: string,
  decision: 'allow' | 'deny',
  page = '/oauth/authorize',
): Promise<Reply> {
  const html = await send(`${emulator.url}${page}?oauth_token=${encodeURIComponent(token)}`);
  assert.equal(html.status, 200, html.body);
  const form = readConsentForm(html.body);
  return send(`${emulator.url}${form.action}`, { form: { ...form.fields, decision } });
}

/** `POST /oauth/access_token` with the verifier; returns the raw reply. */
export function requestTokenCredentials(
  emulator: RunningEmulator,
  temporary: { token: string; secret: string },
  verifier: string,
): Promise<Reply> {
  return send(`${emulator.url}/oauth/access_token`, {
    method: 'POST',
    signer: { ...appSigner(emulator), token: temporary.token, tokenSecret: temporary.secret },
    sign: { verifier },
  });
}

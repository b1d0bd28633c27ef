/**
 * The emulator's authorize page in a real browser (Debian's Chromium, headless, driven by
 * playwright-core): it names the app and the signed-in user, Authorize shows the PIN for `oob` and
 * redirects to a real loopback callback with `oauth_token` and `oauth_verifier`, and Deny
 * redirects with `denied`.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { launchChromium, skipWithoutChromium } from '../../support/chromium.js';
import { requestTemporaryCredentials, requestTokenCredentials } from './support/oauth-dance.js';

const skip = skipWithoutChromium;

/** A loopback callback server that records the query of every request it receives. */
async function startCallbackServer(): Promise<{
  url: string;
  server: Server;
  hits: URLSearchParams[];
}> {
  const hits: URLSearchParams[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    // The browser also asks for /favicon.ico.
    if (url.pathname === '/callback') hits.push(url.searchParams);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!DOCTYPE html><title>done</title><p id="done">You can close this page.</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/callback`, server, hits };
}

describe('the authorize page in headless Chromium', { skip }, () => {
  let emulator: RunningEmulator;
  let browser: BrowserContext;
  before(async () => {
    emulator = await startEmulator({ rate: 1, seed: 4 });
    browser = await launchChromium();
  });
  after(async () => {
    await browser.close();
    await emulator.close();
  });

  it('names the app and the user; Authorize shows a 7-digit PIN that completes the flow', async () => {
    const temporary = await requestTemporaryCredentials(emulator, 'oob');
    const page = await browser.newPage();
    await page.goto(`${emulator.url}/oauth/authorize?oauth_token=${temporary.token}`);
    assert.equal(await page.textContent('#app-name'), 'Spritzer Demo');
    assert.equal(await page.textContent('#screen-name'), '@spritzer_dev');
    assert.equal(await page.textContent('#user-name'), 'Spritzer Developer');
    await page.click('#allow');
    const pin = (await page.textContent('#oauth_pin')) ?? '';
    assert.match(pin, /^\d{7}$/u);
    await page.close();
    const reply = await requestTokenCredentials(emulator, temporary, pin);
    assert.equal(reply.status, 200, reply.body);
    assert.equal(new URLSearchParams(reply.body).get('screen_name'), 'spritzer_dev');
  });

  it('Authorize redirects the browser to the loopback callback with the verifier', async () => {
    const callback = await startCallbackServer();
    try {
      const temporary = await requestTemporaryCredentials(emulator, callback.url);
      const page = await browser.newPage();
      await page.goto(`${emulator.url}/oauth/authorize?oauth_token=${temporary.token}`);
      await Promise.all([page.waitForURL(/\/callback\?/u), page.click('#allow')]);
      assert.equal(await page.textContent('#done'), 'You can close this page.');
      await page.close();
      const query = callback.hits.at(-1);
      assert.equal(query?.get('oauth_token'), temporary.token);
      const verifier = query.get('oauth_verifier') ?? '';
      const reply = await requestTokenCredentials(emulator, temporary, verifier);
      assert.equal(reply.status, 200, reply.body);
    } finally {
      callback.server.close();
    }
  });

  it('Deny redirects with denied=<oauth_token> and no verifier', async () => {
    const callback = await startCallbackServer();
    try {
      const temporary = await requestTemporaryCredentials(emulator, callback.url);
      const page = await browser.newPage();
      await page.goto(`${emulator.url}/oauth/authorize?oauth_token=${temporary.token}`);
      await Promise.all([page.waitForURL(/\/callback\?/u), page.click('#deny')]);
      await page.close();
      const query = callback.hits.at(-1);
      assert.equal(query?.get('denied'), temporary.token);
      assert.equal(query.get('oauth_verifier'), null);
    } finally {
      callback.server.close();
    }
  });
});

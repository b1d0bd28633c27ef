/**
 * The authorize page and the loopback callback flow in a real browser: headless Chromium (Debian's
 * `chromium`, driven by playwright-core) opens the URL `spritzer authorize --loopback` prints,
 * presses "Authorize app" on the emulator's page, and is redirected to spritzer's loopback
 * server, which answers that it is done.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { makeTempDir } from '../support/cli.js';
import { launchChromium, skipWithoutChromium } from '../support/chromium.js';
import { startCli } from './cli-session.js';

const skip = skipWithoutChromium;

let emulator: RunningEmulator;
let browser: BrowserContext;
before(async () => {
  if (skip !== false) return;
  emulator = await startEmulator({ seed: 11, rate: 100 });
  browser = await launchChromium();
});
after(async () => {
  if (skip !== false) return;
  await browser.close();
  await emulator.close();
});

describe('spritzer authorize --loopback in a real browser', { skip }, () => {
  it('approves on the authorize page and lands on the loopback done page', async () => {
    const home = makeTempDir('spritzer-home-');
    const session = startCli(
      [
        'authorize',
        '--loopback',
        '--no-browser',
        '--provider',
        'emulator',
        '--api-url',
        emulator.url,
      ],
      {
        home,
        env: {
          SPRITZER_CONSUMER_KEY: emulator.fixtures.consumerKey,
          SPRITZER_CONSUMER_SECRET: emulator.fixtures.consumerSecret,
        },
        timeoutMs: 30_000,
      },
    );
    const [, url = ''] = await session.waitForStderr(
      /(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?oauth_token=\S+)/,
    );
    const page = await browser.newPage();
    await page.goto(url);
    assert.match(await page.title(), /^Authorize .+ to access your account\?$/);
    assert.equal(
      (await page.locator('#screen-name').textContent())?.trim(),
      `@${emulator.fixtures.screenName}`,
    );
    const [, callbackOrigin = ''] = await session.waitForStderr(
      /redirect to (http:\/\/127\.0\.0\.1:\d+)\/callback/,
    );
    assert.equal(
      (await page.locator('#callback-host').textContent())?.trim(),
      new URL(callbackOrigin).host,
    );
    await Promise.all([
      page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/),
      page.click('#allow'),
    ]);
    assert.equal(await page.locator('h1').textContent(), 'spritzer is authorized');
    assert.match(page.url(), /oauth_token=[^&]+&oauth_verifier=/);

    const result = await session.result();
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /✔ Authorized @\w+ .*saved as profile/);
    const file = JSON.parse(
      readFileSync(join(home, '.config', 'spritzer', 'credentials.json'), 'utf8'),
    ) as { default: string };
    assert.equal(file.default, emulator.fixtures.screenName);
  });
});

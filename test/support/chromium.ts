/**
 * Headless Chromium for the browser tests: Debian's `chromium`, driven by playwright-core. The
 * tests that use it skip (or fail under CI=true) when the package is not installed.
 */
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';
import { makeTempDir } from './cli.js';
import { skipUnlessInstalled } from './system-package.js';

/** Where Debian's `chromium` package installs the browser. */
const chromiumPath = '/usr/bin/chromium';

/** The `skip` option of a browser test: false when Chromium is installed. */
export const skipWithoutChromium = skipUnlessInstalled('chromium', existsSync(chromiumPath));

/**
 * Launches headless Chromium with a fresh profile in a temp dir, without the background
 * traffic (updates, sync, QUIC) a test machine with no network would stall on.
 */
export function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(makeTempDir('spritzer-chromium-'), {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

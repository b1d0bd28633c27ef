/**
 * Regression: `selfsigned` (certificate generation) was imported eagerly, so every emulator
 * start paid 200–500 ms to load it even without `--tls`. It must load only when TLS is asked for.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startEmulator } from '../../../src/emulator/index.js';

const require = createRequire(import.meta.url);

/** Whether any module of the `selfsigned` package is in the CommonJS cache. */
function selfsignedLoaded(): boolean {
  return Object.keys(require.cache).some((path) => path.includes('/node_modules/selfsigned/'));
}

describe('the TLS certificate generator loads on demand', () => {
  it('an emulator without tls never loads selfsigned; one with tls does', async () => {
    assert.equal(selfsignedLoaded(), false, 'selfsigned loaded by importing the emulator');
    const plain = await startEmulator();
    await plain.close();
    assert.equal(selfsignedLoaded(), false, 'selfsigned loaded by a plain emulator');
    const directory = await mkdtemp(join(tmpdir(), 'spritzer-tls-lazy-'));
    try {
      const secure = await startEmulator({ tls: true, certificateDirectory: directory });
      assert.match(secure.url, /^https:\/\/127\.0\.0\.1:\d+$/u);
      await secure.close();
      assert.equal(selfsignedLoaded(), true, 'selfsigned was not loaded for tls');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

/**
 * The certificate of `tls: true` lives in a temporary directory of the emulator's own making
 * unless `certificateDirectory` names one: the emulator removes its own on close (and when it
 * cannot listen), and leaves a named one alone.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { startEmulator } from '../../../src/emulator/index.js';

describe('the TLS certificate directory', () => {
  it('is removed on close when the emulator made it', async () => {
    const emulator = await startEmulator({ tls: true });
    const certPath = emulator.caCertPath;
    assert.ok(certPath !== undefined && existsSync(certPath));
    await emulator.close();
    assert.equal(existsSync(dirname(certPath)), false);
  });

  it('is left in place when the caller named it', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'spritzer-cert-test-'));
    try {
      const emulator = await startEmulator({ tls: true, certificateDirectory: directory });
      await emulator.close();
      assert.equal(existsSync(join(directory, 'emulator-cert.pem')), true);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('is removed when the emulator cannot listen', async () => {
    // A private temporary directory (os.tmpdir() reads TMPDIR), so other test files' emulators
    // cannot show up in it.
    const privateTmp = mkdtempSync(join(tmpdir(), 'spritzer-tmp-test-'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      await assert.rejects(startEmulator({ tls: true, port }), {
        code: 'ERR_EMULATOR_LISTEN_FAILED',
      });
      assert.deepEqual(readdirSync(privateTmp), []);
    } finally {
      blocker.close();
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      rmSync(privateTmp, { recursive: true, force: true });
    }
  });
});

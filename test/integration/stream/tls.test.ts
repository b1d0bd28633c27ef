/**
 * TLS verification stays on: the emulator's self-signed certificate is refused until its CA is
 * passed, and then trusted in addition to Node's bundled roots (twurl turned verification off).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { openStream } from '../../../src/stream/open-stream.js';
import type { StreamOptions } from '../../../src/stream/types.js';
import { ManualClock } from '../../unit/stream/manual-clock.js';
import { nextEvent, take } from '../../unit/stream/loopback-server.js';
import { sampleStream } from './sample-stream.js';

describe('TLS against the emulator', () => {
  let emulator: RunningEmulator | undefined;
  let stream: Pick<StreamOptions, 'url' | 'auth'> | undefined;

  before(async () => {
    emulator = await startEmulator({ tls: true, rate: 'max', connectionRateLimit: false });
    stream = sampleStream(emulator);
  });
  after(() => emulator?.close());

  it('refuses a certificate it was not told to trust, and backs off as for a network error', async () => {
    assert.ok(stream);
    const client = openStream({ ...stream, timers: new ManualClock(), random: () => 0 });
    void client.next();
    const backoff = await nextEvent(client, 'backoff');
    client.stop();
    assert.match(stream.url.toString(), /^https:/);
    assert.equal(backoff.error.code, 'ERR_STREAM_NETWORK');
    assert.match(
      backoff.reason,
      /\((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN): self[- ]signed certificate\): the server's certificate is not trusted; for a private CA or a self-signed certificate \(spritzer emulate --tls\), pass its PEM as options\.ca \(CLI: NODE_EXTRA_CA_CERTS=FILE\); reconnecting$/,
    );
    assert.equal(backoff.delayMs, 250);
  });

  it('trusts the emulator once its CA is added to the bundled roots', async () => {
    assert.ok(stream && emulator?.caCertPath !== undefined);
    const client = openStream({ ...stream, ca: readFileSync(emulator.caCertPath) });
    const messages = await take(client, 5);
    client.stop();
    assert.equal(messages.length, 5);
    assert.equal(client.stats.responses['2xx'], 1);
  });
});

/**
 * TLS verification stays on: the emulator's self-signed certificate is refused (the client stops
 * if nothing has answered yet, as no retry can help) until its CA is passed, and then trusted in
 * addition to Node's bundled roots (twurl turned verification off).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { createTlsCertificate } from '../../../src/emulator/tls-certificate.js';
import type { SpritzerError } from '../../../src/errors.js';
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

  it('stops on a certificate it was not told to trust before anything answered', async () => {
    assert.ok(stream);
    const clock = new ManualClock();
    const client = openStream({ ...stream, timers: clock, random: () => 0 });
    const stopped = nextEvent(client, 'stopped');
    await assert.rejects(client.next(), (error: SpritzerError) => {
      assert.equal(error.code, 'ERR_STREAM_CERTIFICATE_UNTRUSTED');
      assert.match(
        error.message,
        /\((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN): self[- ]signed certificate\): the server's certificate is not trusted; for a private CA or a self-signed certificate \(spritzer emulate --tls\), pass its PEM as options\.ca \(CLI: NODE_EXTRA_CA_CERTS=FILE\); stopped: no attempt has been answered, so retrying cannot help$/,
      );
      return true;
    });
    assert.equal((await stopped).reason, 'failed');
    assert.equal(client.stats.connects, 1);
    assert.deepEqual(clock.pending(), []);
  });

  it('backs off as for a network error when a service that answered before presents an untrusted certificate', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'spritzer-tls-test-'));
    const trusted = await createTlsCertificate('127.0.0.1', join(directory));
    const other = await createTlsCertificate('127.0.0.1', mkdtempSync(join(directory, 'b-')));
    const server = createHttpsServer(
      { key: trusted.key, cert: trusted.cert },
      (_request, response) => {
        // Answered once: from now on the server presents a certificate the client does not trust.
        server.setSecureContext({ key: other.key, cert: other.cert });
        response.writeHead(503).end('busy');
      },
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const clock = new ManualClock();
    const client = openStream({
      url: `https://127.0.0.1:${port}/1.1/statuses/sample.json`,
      auth: { type: 'bearer', token: 't' },
      ca: trusted.cert,
      timers: clock,
      random: () => 0,
    });
    try {
      void client.next().catch(() => undefined);
      const first = await nextEvent(client, 'backoff');
      assert.equal(first.error.code, 'ERR_STREAM_HTTP_STATUS');
      const second = nextEvent(client, 'backoff');
      clock.advance(first.delayMs);
      const backoff = await second;
      assert.equal(backoff.error.code, 'ERR_STREAM_NETWORK');
      assert.match(backoff.reason, /the server's certificate is not trusted.*; reconnecting$/);
      assert.equal(backoff.delayMs, 250);
    } finally {
      client.stop();
      server.close();
      server.closeAllConnections();
      rmSync(directory, { recursive: true, force: true });
    }
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

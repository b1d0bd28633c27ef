import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { generate } from 'selfsigned';
import { openStream } from '../../../src/stream/open-stream.js';
import { ManualClock } from './manual-clock.js';
import { nextEvent, take } from './loopback-server.js';

describe('TLS', () => {
  let url = '';
  let cert = '';
  let close: () => Promise<void> = () => Promise.resolve();

  before(async () => {
    const pems = await generate([{ name: 'commonName', value: 'spritzer test' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
      ],
    });
    cert = pems.cert;
    const server = createServer({ key: pems.private, cert: pems.cert }, (_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"limit":{"track":1}}\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object');
    url = `https://127.0.0.1:${address.port}/1.1/statuses/sample.json`;
    close = () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      });
  });
  after(() => close());

  it('refuses a certificate it was not told to trust, and reconnects with backoff', async () => {
    const clock = new ManualClock();
    const stream = openStream({
      url,
      auth: { type: 'bearer', token: 'x' },
      timers: clock,
      random: () => 0,
    });
    void stream.next();
    const backoff = await nextEvent(stream, 'backoff');
    stream.stop();
    assert.equal(backoff.error.code, 'ERR_STREAM_NETWORK');
    assert.match(
      backoff.reason,
      /\((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN): self[- ]signed certificate/,
    );
    assert.equal(backoff.delayMs, 250);
  });

  it('trusts an extra CA added to the bundled roots', async () => {
    const stream = openStream({ url, auth: { type: 'bearer', token: 'x' }, ca: cert });
    const [message] = await take(stream, 1);
    stream.stop();
    assert.equal(message?.kind, 'limit');
  });
});

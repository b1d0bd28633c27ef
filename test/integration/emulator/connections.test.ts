/**
 * Connection management on real sockets: one stream per token (code 7), the connection rate
 * limit (420 with its body), a slow client (FALLING_BEHIND, then code 4, memory bounded by the
 * queue), and shutdown (code 1).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { signRequest } from '../../../src/oauth1/index.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { fixtureSigner, openStream, parseRawResponse, send } from './support/client.js';
import { ManualClock, waitFor } from './support/clock.js';

interface Disconnect {
  disconnect: { code: number; stream_name: string; reason: string };
}

function disconnects(messages: unknown[]): Disconnect['disconnect'][] {
  return messages
    .filter(
      (message): message is Disconnect =>
        typeof message === 'object' && message !== null && 'disconnect' in message,
    )
    .map((message) => message.disconnect);
}

describe('connections', () => {
  it('a second stream with the same token disconnects the first with code 7', async (t) => {
    // A generous grace period: the client reads the whole backlog before the socket is torn down.
    const emulator = await startEmulator({ rate: 'max', closeGraceMs: 30_000 });
    t.after(() => emulator.close());
    const signer = fixtureSigner(emulator);
    const first = await openStream(`${emulator.url}/1.1/statuses/sample.json`, { signer });
    await first.until(() => first.lineCount > 5, 10_000, 'the first stream to flow');
    const second = await openStream(`${emulator.url}/1.1/statuses/sample.json`, { signer });
    assert.equal(second.response.statusCode, 200);
    await first.closed();
    const [notice] = disconnects(first.messages());
    assert.equal(notice?.code, 7);
    assert.equal(notice.reason, 'Admin logout');
    assert.equal(notice.stream_name, 'spritzer_dev-statuses1');
    const lines = first.lines();
    assert.deepEqual(
      disconnects([JSON.parse(lines[lines.length - 1] ?? '{}') as unknown]),
      [notice],
      'the last message',
    );
    second.destroy();
    const stats = emulator.stats();
    assert.equal(stats.connections[0]?.closeReason, 'disconnect:7');
    assert.equal(stats.connections[0].messagesByKind.disconnect, 1);
  });

  it('too many connection attempts in the window get 420 with the plain-text body', async (t) => {
    const emulator = await startEmulator({
      rate: 1,
      connectionRateLimit: { maxAttempts: 3, windowMs: 60_000 },
    });
    t.after(() => emulator.close());
    const url = `${emulator.url}/1.1/statuses/sample.json`;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const reply = await send(url, { signer: { ...fixtureSigner(emulator), tokenSecret: 'bad' } });
      statuses.push(reply.status);
      if (reply.status === 420) {
        assert.equal(reply.statusMessage, 'Enhance Your Calm');
        assert.equal(
          reply.body,
          'Easy there, Turbo. Too many requests recently. Enhance your calm.\r\n',
        );
      }
    }
    assert.deepEqual(statuses, [401, 401, 401, 420, 420]);
    const attempts = emulator.stats().attempts;
    assert.deepEqual(
      attempts.map((attempt) => attempt.status),
      statuses,
    );
    assert.ok(attempts.every((attempt, i) => i === 0 || attempt.at >= (attempts[i - 1]?.at ?? 0)));
  });

  it('a slow reader gets FALLING_BEHIND, then disconnect code 4; the queue never exceeds its bound', async (t) => {
    const maxBytes = 16 * 1024 * 1024;
    const warnPercent = 25;
    // The emulator's clock only moves when the test says: each second of it brings one burst
    // of the paced sample (snowflake milliseconds 657–666), ~8 MB at 200,000 events/s.
    const clock = new ManualClock();
    const emulator = await startEmulator({
      rate: 200_000,
      now: clock.read,
      queue: { maxBytes, warnPercent },
      closeGraceMs: 30_000,
    });
    t.after(() => emulator.close());
    const url = `${emulator.url}/1.1/statuses/sample.json?stall_warnings=true`;
    const { authorization } = signRequest({ method: 'GET', url }, fixtureSigner(emulator), {
      now: clock.read,
    });
    const { host, pathname, search } = new URL(url);
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    const received: Buffer[] = [];
    const text = (): string => parseRawResponse(Buffer.concat(received)).body.toString('latin1');
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.pause();
    socket.write(
      `GET ${pathname}${search} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${authorization}\r\n\r\n`,
    );
    const connection = () => emulator.stats().connections[0];
    await waitFor(() => connection() !== undefined, 10_000, 'the stream to open');
    const advanceOneSecond = (): Promise<void> => clock.advance(emulator, 1000);
    // 1. Not reading: the kernel's buffers fill, then the queue; past 25 % a warning is queued.
    while ((connection()?.queueDepth.bytes ?? 0) < (maxBytes * warnPercent) / 100) {
      await advanceOneSecond();
    }
    // 2. Reading again: the backlog drains, the warning with it.
    socket.resume();
    await waitFor(() => text().includes('FALLING_BEHIND'), 30_000, 'the warning');
    await waitFor(() => connection()?.queueDepth.messages === 0, 30_000, 'the queue to drain');
    // 3. Not reading again: the queue overflows and the connection is closed with code 4.
    socket.pause();
    for (let second = 0; second < 20 && connection()?.closeReason !== 'disconnect:4'; second += 1) {
      await advanceOneSecond();
    }
    assert.equal(connection()?.closeReason, 'disconnect:4');
    socket.resume();
    await new Promise((resolve) => socket.on('close', resolve));
    const response = parseRawResponse(Buffer.concat(received));
    assert.ok(response.complete, 'the chunked body ended properly');
    const all = response.body.toString('latin1');
    const warning =
      /\{"warning":\{"code":"FALLING_BEHIND","message":"Your connection is falling behind and messages are being queued for delivery to you\. Your queue is now over (\d+)% full\. You will be disconnected when the queue is full\.","percent_full":(\d+)\}\}\r\n/u.exec(
        all,
      );
    assert.ok(warning, 'a FALLING_BEHIND warning');
    assert.equal(warning[1], warning[2]);
    assert.ok(Number(warning[2]) >= warnPercent && Number(warning[2]) < 100);
    const last =
      '{"disconnect":{"code":4,"stream_name":"spritzer_dev-statuses1","reason":"Stall"}}\r\n';
    assert.ok(all.endsWith(last), 'the last message is disconnect code 4');
    const stats = connection();
    assert.ok(stats);
    assert.equal(stats.messagesByKind.warning, 1, 'at most one warning per interval');
    assert.ok(stats.drops.queue > 0, 'the backlog was dropped');
    assert.ok(stats.peakQueueBytes <= maxBytes, `peak ${stats.peakQueueBytes} within ${maxBytes}`);
  });

  it('at a high rate a client that reads keeps its stream: the default queue holds a second of the sample', async (t) => {
    // Broke: the paced sample arrives in one burst a second (snowflake milliseconds 657–666),
    // ~44 MB at 1,000,000 events/s, so the default 8 MiB queue overflowed within the burst and
    // every sample stream got disconnect code 4 (Stall), however fast its client read.
    const clock = new ManualClock();
    const emulator = await startEmulator({
      rate: 1_000_000,
      now: clock.read,
      closeGraceMs: 30_000,
    });
    t.after(() => emulator.close());
    const reader = await openStream(`${emulator.url}/1.1/statuses/sample.json`, {
      signer: fixtureSigner(emulator),
      sign: { now: clock.read },
    });
    const connection = () => emulator.stats().connections[0];
    await waitFor(() => connection() !== undefined, 10_000, 'the stream to open');
    for (let second = 0; second < 2; second += 1) {
      await clock.advance(emulator, 1000);
      await waitFor(() => connection()?.queueDepth.messages === 0, 30_000, 'the queue to drain');
    }
    assert.equal(connection()?.closeReason, null, 'still open');
    assert.ok(
      (connection()?.bytes ?? 0) > 8 * 1024 * 1024,
      `more than 8 MiB went out: ${connection()?.bytes}`,
    );
    reader.destroy();
  });

  it('the paced firehose counts as caught up with the clock once the last stream has gone', async () => {
    // Broke: the ticker stops with the last stream, so producedThroughMs froze where the last
    // tick left it, and a test advancing the clock after a disconnect waited for ever.
    let now = Date.now();
    const emulator = await startEmulator({ rate: 5700, now: () => now });
    try {
      const reader = await openStream(`${emulator.url}/1.1/statuses/sample.json`, {
        signer: fixtureSigner(emulator),
      });
      await waitFor(() => emulator.stats().connections.length === 1, 10_000, 'the stream');
      reader.destroy();
      await waitFor(
        () => typeof emulator.stats().connections[0]?.closeReason === 'string',
        10_000,
        'the stream to close',
      );
      now += 60_000;
      assert.equal(emulator.stats().firehose.producedThroughMs, now);
    } finally {
      await emulator.close();
    }
  });

  it('close() sends disconnect code 1 to open streams and ends them', async () => {
    const emulator: RunningEmulator = await startEmulator({ rate: 'max', closeGraceMs: 30_000 });
    const reader = await openStream(`${emulator.url}/1.1/statuses/sample.json`, {
      signer: fixtureSigner(emulator),
    });
    await reader.until(() => reader.lineCount > 3, 10_000, 'the stream to flow');
    await emulator.close();
    await reader.closed();
    const notices = disconnects(reader.messages());
    assert.deepEqual(notices, [
      { code: 1, stream_name: 'spritzer_dev-statuses1', reason: 'Shutdown' },
    ]);
  });
});

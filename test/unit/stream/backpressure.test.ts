import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStream } from '../../../src/stream/open-stream.js';
import { beginStream, loopbackServers } from './loopback-server.js';

const bearer = { type: 'bearer', token: 'AAAA' } as const;
const serve = loopbackServers();

/** A realistic-sized tweet (about 3 KB) with a given id. */
function tweetLine(id: number): Buffer {
  const user = {
    id: 6253282,
    id_str: '6253282',
    name: 'Twitter API',
    screen_name: 'TwitterAPI',
    description: 'd'.repeat(160),
  };
  const text = `message ${id} ${'lorem ipsum dolor sit amet '.repeat(5)}`;
  const body = {
    created_at: 'Thu Jan 01 00:00:00 +0000 2026',
    id,
    id_str: String(id),
    text,
    user,
    entities: { hashtags: [], urls: [], padding: 'p'.repeat(2400) },
    timestamp_ms: '1767225600000',
  };
  return Buffer.from(`${JSON.stringify(body)}\r\n`);
}

/** Writes numbered tweets as fast as the socket takes them, honouring backpressure. */
function endlessWriter(
  response: ServerResponse,
  counters: { written: number; bytes: number },
): void {
  beginStream(response);
  const write = (): void => {
    for (;;) {
      const line = tweetLine(counters.written);
      counters.written += 1;
      counters.bytes += line.length;
      if (!response.write(line)) {
        response.once('drain', write);
        return;
      }
    }
  };
  response.on('close', () => response.removeAllListeners('drain'));
  write();
}

describe('backpressure', () => {
  it('pauses the socket when the queue is full, and loses nothing when the consumer catches up', async () => {
    const counters = { written: 0, bytes: 0 };
    const server = await serve((_, response) => {
      endlessWriter(response, counters);
    });
    const stream = openStream({
      url: server.url(),
      auth: bearer,
      compression: false,
      maxQueuedMessages: 50,
    });
    const first = await stream.next();
    assert.equal(first.done, false);
    // Take nothing for a while: the server must be held back by TCP, not buffered in the client.
    await sleep(300);
    const { queued, pauses } = stream.stats;
    const writtenWhilePaused = counters.written;
    await sleep(300);
    assert.ok(pauses >= 1, 'the socket was paused');
    assert.ok(queued <= 50 + 30, `${queued} messages queued`);
    assert.equal(
      counters.written,
      writtenWhilePaused,
      'the server could not write while the client was paused',
    );
    let expected = 1;
    for await (const message of stream) {
      assert.equal(message.kind === 'tweet' && message.data.id_str, String(expected));
      expected += 1;
      if (expected > writtenWhilePaused + 500) break;
    }
    assert.equal(stream.state, 'stopped');
  });

  it('delivers every message of a connection that closed while the consumer held it paused', async () => {
    const server = await serve((_, response) => {
      beginStream(response);
      const body = Buffer.concat(Array.from({ length: 2000 }, (_, index) => tweetLine(index)));
      // FIN without the terminating chunk, long before the client reads it all.
      response.socket?.end(
        `${body.length.toString(16)}\r\n${body.toString('latin1')}\r\n`,
        'latin1',
      );
    });
    const stream = openStream({
      url: server.url(),
      auth: bearer,
      compression: false,
      maxQueuedMessages: 50,
      maxRetries: 0,
    });
    const first = await stream.next();
    assert.equal(first.done, false);
    await sleep(300);
    let delivered = 1;
    await assert.rejects(
      (async () => {
        for await (const message of stream) {
          assert.equal(message.kind === 'tweet' && message.data.id_str, String(delivered));
          delivered += 1;
        }
      })(),
      { code: 'ERR_STREAM_RETRIES_EXHAUSTED' },
    );
    assert.equal(delivered, 2000);
    assert.ok(stream.stats.pauses >= 1);
    assert.equal(stream.stats.truncated, 0);
  });

  it('keeps memory flat however slow the consumer (bounded: 3 s of a fast stream)', async () => {
    const counters = { written: 0, bytes: 0 };
    const server = await serve((_, response) => {
      endlessWriter(response, counters);
    });
    const stream = openStream({ url: server.url(), auth: bearer, compression: false });
    const rssSamples: number[] = [];
    let consumed = 0;
    let consumedBytes = 0;
    const started = Date.now();
    let lastSample = started;
    for await (const message of stream) {
      consumed += 1;
      consumedBytes += message.raw.length + 2;
      // A deliberately slow consumer: about 1,000 messages a second.
      if (consumed % 10 === 0) await sleep(10);
      if (Date.now() - lastSample >= 250) {
        lastSample = Date.now();
        rssSamples.push(process.memoryUsage().rss);
      }
      if (Date.now() - started >= 3000) break;
    }
    const settled = rssSamples.slice(2);
    const growth = Math.max(...settled) - Math.min(...settled);
    const unread = counters.bytes - consumedBytes;
    if (process.env.SPRITZER_TEST_VERBOSE !== undefined) {
      console.log({
        consumed,
        unread,
        growth,
        pauses: stream.stats.pauses,
        samples: rssSamples.length,
      });
    }
    assert.ok(consumed > 500, `${consumed} consumed`);
    assert.ok(
      unread < 24 * 1024 * 1024,
      `${(unread / 1048576).toFixed(1)} MiB written but not consumed`,
    );
    assert.ok(
      growth < 32 * 1024 * 1024,
      `RSS grew ${(growth / 1048576).toFixed(1)} MiB while consuming ${consumed} messages`,
    );
  });
});

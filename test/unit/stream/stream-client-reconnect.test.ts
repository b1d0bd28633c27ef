import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { constants, createGzip, gzipSync } from 'node:zlib';
import { describeDisconnectCode } from '../../../src/messages/disconnect-codes.js';
import { openStream } from '../../../src/stream/open-stream.js';
import type { StreamClient, StreamEvent, StreamOptions } from '../../../src/stream/types.js';
import { ManualClock } from './manual-clock.js';
import {
  beginStream,
  type LoopbackServer,
  nextEvent,
  recordEvents,
  loopbackServers,
  take,
} from './loopback-server.js';

const bearer = { type: 'bearer', token: 'AAAA' } as const;
const tweet = (id: number): string =>
  `{"created_at":"Thu Jan 01 00:00:00 +0000 2026","id":${id},"id_str":"${id}","text":"t","user":{"id":1},"timestamp_ms":"1767225600000"}`;

const serve = loopbackServers();

function refuse(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'text/plain', ...headers });
  response.end(body);
}

/** A client on a manual clock without jitter, so delays are exactly the documented ones. */
function open(
  server: LoopbackServer,
  options: Partial<StreamOptions> & { raw?: false } = {},
): { stream: StreamClient; clock: ManualClock } {
  const clock = new ManualClock();
  const stream = openStream({
    url: server.url(),
    auth: bearer,
    timers: clock,
    random: () => 0,
    ...options,
  });
  return { stream, clock };
}

type Backoff = Extract<StreamEvent, { type: 'backoff' }>;

/** Waits for each backoff in turn, checks its delay, and lets the manual clock run it out. */
async function expectBackoffs(
  stream: ReturnType<typeof open>['stream'],
  clock: ManualClock,
  delays: readonly number[],
): Promise<Backoff[]> {
  const seen: Backoff[] = [];
  for (const delay of delays) {
    const event = await nextEvent(stream, 'backoff');
    seen.push(event);
    assert.equal(event.delayMs, delay, `backoff ${seen.length}: ${event.reason}`);
    assert.equal(stream.stats.backoffMs, delay);
    clock.advance(delay);
  }
  return seen;
}

describe('reconnecting after refusals and errors (documented schedules, manual clock)', () => {
  it('backs off 5 s, 10 s for 503s, then streams', async () => {
    const server = await serve((_, response, index) => {
      if (index < 2) refuse(response, 503, 'Over capacity');
      else {
        beginStream(response);
        response.write(`${tweet(1)}\r\n`);
      }
    });
    const { stream, clock } = open(server);
    const first = take(stream, 1);
    const backoffs = await expectBackoffs(stream, clock, [5000, 10_000]);
    assert.equal((await first)[0]?.kind, 'tweet');
    stream.stop();
    const [backoff] = backoffs;
    assert.ok(backoff);
    assert.equal(backoff.schedule, 'exponential');
    assert.equal(backoff.error.code, 'ERR_STREAM_HTTP_STATUS');
    assert.equal(
      backoff.reason,
      `HTTP 503 Service Unavailable from ${server.url()}: Over capacity; backing off before the next attempt`,
    );
    assert.deepEqual(stream.stats.responses, { '1xx': 0, '2xx': 1, '3xx': 0, '4xx': 0, '5xx': 2 });
    assert.equal(stream.stats.connects, 3);
    assert.equal(stream.stats.reconnects, 2);
  });

  it('waits 60 s then 120 s after 420s, reading their plain-text bodies without parsing them', async () => {
    // ttezel/twit#119: a JSON parser choked on this body; twitter/hbc#170: 420 retried too fast.
    const server = await serve((_, response, index) => {
      if (index < 2)
        refuse(
          response,
          420,
          'Easy there, Turbo. Too many requests recently. Enhance your calm.\r\n',
        );
      else if (index === 2)
        refuse(
          response,
          429,
          '{"title":"ConnectionException","detail":"This stream is currently at the maximum allowed connection limit."}',
        );
      else if (index === 3) refuse(response, 500, '');
      else beginStream(response);
    });
    const { stream, clock } = open(server);
    void stream.next();
    const backoffs = await expectBackoffs(stream, clock, [60_000, 120_000, 240_000, 5000]);
    await nextEvent(stream, 'connected');
    stream.stop();
    assert.deepEqual(
      backoffs.map((event) => event.schedule),
      ['rate-limit', 'rate-limit', 'rate-limit', 'exponential'],
    );
    const reasons = backoffs.map((event) => event.reason);
    assert.equal(backoffs[0]?.error.code, 'ERR_STREAM_RATE_LIMITED');
    assert.match(
      reasons[0] ?? '',
      /^HTTP 420 Enhance Your Calm from .*: Easy there, Turbo\. Too many requests recently\. Enhance your calm\.; connecting too often/,
    );
    assert.match(
      reasons[2] ?? '',
      /HTTP 429 Too Many Requests .*: ConnectionException: This stream is currently at the maximum allowed connection limit\./,
    );
  });

  it('backs off linearly from 250 ms on network errors and gives up after maxRetries', async () => {
    const server = await serve(() => undefined);
    const url = server.url();
    await server.close();
    const clock = new ManualClock();
    const stream = openStream({ url, auth: bearer, timers: clock, random: () => 0, maxRetries: 3 });
    const failed = stream.next();
    const backoffs = await expectBackoffs(stream, clock, [250, 500, 750]);
    const stopped = await nextEvent(stream, 'stopped');
    const reasons = backoffs.map((event) => event.reason);
    assert.equal(backoffs[0]?.error.code, 'ERR_STREAM_NETWORK');
    assert.match(
      reasons[0] ?? '',
      /^the connection to http:\/\/127\.0\.0\.1:\d+\/1\.1\/statuses\/sample\.json failed \(ECONNREFUSED: /,
    );
    assert.equal(stopped.reason, 'failed');
    await assert.rejects(failed, {
      code: 'ERR_STREAM_RETRIES_EXHAUSTED',
      message:
        /^gave up after 4 failed connection attempts in a row \(maxRetries 3\); last: the connection to .* failed \(ECONNREFUSED: [^;]*\); check that the service is reachable and answers, or raise maxRetries$/,
    });
    assert.deepEqual(clock.pending(), []);
  });

  it('gives up on an HTTP failure without saying it is still backing off', async () => {
    const server = await serve((_, response) => {
      refuse(response, 503, 'Over capacity');
    });
    const { stream } = open(server, { maxRetries: 0 });
    await assert.rejects(stream.next(), {
      code: 'ERR_STREAM_RETRIES_EXHAUSTED',
      message: `gave up after 1 failed connection attempt in a row (maxRetries 0); last: HTTP 503 Service Unavailable from ${server.url()}: Over capacity; check that the service is reachable and answers, or raise maxRetries`,
    });
  });

  it('never hot-loops against a server that accepts and drops at once (node-twitter-api-v2#92)', async () => {
    const server = await serve((_, response) => {
      beginStream(response);
      response.end();
    });
    const { stream, clock } = open(server);
    void stream.next();
    const backoffs = await expectBackoffs(stream, clock, [250, 500, 750, 1000]);
    stream.stop();
    assert.ok(
      backoffs.every(
        (event) => event.schedule === 'linear' && event.error.code === 'ERR_STREAM_ENDED',
      ),
    );
  });

  it('reconnects at once after a healthy connection drops, at most once per stable interval', async () => {
    const server = await serve((_, response, index) => {
      beginStream(response);
      response.write(`${tweet(index)}\r\n`, () => {
        setTimeout(() => response.socket?.resetAndDestroy(), 20);
      });
    });
    const { stream, clock } = open(server);
    const taken = take(stream, 5);
    const backoffs = await expectBackoffs(stream, clock, [0, 250, 500]);
    clock.advance(30_000);
    backoffs.push(...(await expectBackoffs(stream, clock, [0])));
    const messages = await taken;
    stream.stop();
    assert.deepEqual(
      messages.map((message) => message.kind === 'tweet' && message.data.id_str),
      ['0', '1', '2', '3', '4'],
    );
    assert.deepEqual(
      backoffs.map((event) => event.schedule),
      ['immediate', 'linear', 'linear', 'immediate'],
    );
    assert.equal(backoffs[0]?.error.code, 'ERR_STREAM_NETWORK');
  });
});

describe('refusals that stop the client', () => {
  it('stops on 401, blaming clock skew when the server Date differs by minutes', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    const serverDate = new Date(clock.now() + 412_000).toUTCString();
    const server = await serve((_, response, index) => {
      refuse(
        response,
        401,
        index === 0
          ? "<html><title>Error 401 Unauthorized</title><body><h2>HTTP ERROR: 401</h2><p>Problem accessing '/1.1/statuses/sample.json'. Reason: <pre>    Unauthorized</pre></p></body></html>"
          : 'Unauthorized',
        {
          date: index === 0 ? serverDate : new Date(clock.now()).toUTCString(),
          'content-type': 'text/html',
        },
      );
    });
    for (const [index, advice] of [
      [
        0,
        "the server's clock is 412 s ahead of this machine's, so clock skew is the likely cause (OAuth timestamps must be close to the server's time): correct the system clock",
      ],
      [
        1,
        'the credentials were refused: check the consumer key and secret and the access token and secret, or authorize again',
      ],
    ] as const) {
      const stream = openStream({ url: server.url(), auth: bearer, timers: clock });
      const stopped = nextEvent(stream, 'stopped');
      await assert.rejects(
        stream.next(),
        (error: Error & { code?: string; status?: number; clockSkewMs?: number }) => {
          assert.equal(error.code, 'ERR_STREAM_UNAUTHORIZED');
          assert.equal(error.status, 401);
          assert.equal(error.clockSkewMs, index === 0 ? 412_000 : 0);
          const said =
            index === 0
              ? "HTTP ERROR: 401 Problem accessing '/1.1/statuses/sample.json'. Reason: Unauthorized"
              : 'Unauthorized';
          assert.equal(
            error.message,
            `HTTP 401 Unauthorized from ${server.url()}: ${said}; ${advice}`,
          );
          return true;
        },
      );
      assert.equal((await stopped).reason, 'failed');
      assert.deepEqual(await stream.next(), { value: undefined, done: true });
    }
    assert.equal(server.requests.length, 2, 'no reconnect after a 401');
  });

  for (const [status, code, body, advice] of [
    [403, 'ERR_STREAM_FORBIDDEN', 'Forbidden', /not permitted to access this endpoint/],
    [404, 'ERR_STREAM_NOT_FOUND', '', /there is no stream at this URL/],
    [
      406,
      'ERR_STREAM_PARAMETERS_REJECTED',
      'Parameter track item index 69 too long: The Longest Ride Clouds o\r\n',
      /Parameter track item index 69 too long: The Longest Ride Clouds o; a parameter was rejected/,
    ],
    [
      413,
      'ERR_STREAM_PARAMETERS_REJECTED',
      'Parameter track has 401 items',
      /too many track phrases, follow ids or location boxes/,
    ],
    [
      416,
      'ERR_STREAM_PARAMETERS_REJECTED',
      'Parameter count not allowed in role',
      /count is not allowed/,
    ],
  ] as const) {
    it(`stops on ${status} with ${code} and the body's words`, async () => {
      const server = await serve((_, response) => {
        refuse(response, status, body);
      });
      const { stream, clock } = open(server);
      await assert.rejects(stream.next(), (error: Error & { code?: string }) => {
        assert.equal(error.code, code);
        assert.match(error.message, advice);
        return true;
      });
      assert.equal(server.requests.length, 1);
      assert.deepEqual(clock.pending(), []);
    });
  }
  it('reports a refusal whose body never ends once the stall timeout passes', async () => {
    const server = await serve((_, response) => {
      response.writeHead(401, { 'content-type': 'text/plain' });
      response.write('Unauthorized: ');
    });
    const { stream, clock } = open(server);
    const failed = stream.next();
    while (stream.stats.responses['4xx'] === 0)
      await new Promise((resolve) => setImmediate(resolve));
    clock.advance(90_000);
    await assert.rejects(failed, {
      code: 'ERR_STREAM_UNAUTHORIZED',
      message: /^HTTP 401 Unauthorized from .*: Unauthorized:; /,
    });
    assert.equal(server.requests.length, 1);
  });
});

describe('disconnect messages', () => {
  const disconnect = (code: number): string =>
    `{"disconnect":{"code":${code},"stream_name":"TwitterAPI-sample","reason":"r"}}\r\n`;

  for (const [code, errorCode] of [
    [2, 'ERR_STREAM_DISCONNECTED'],
    [7, 'ERR_STREAM_DISCONNECTED'],
    [6, 'ERR_STREAM_TOKEN_REVOKED'],
  ] as const) {
    it(`stops on code ${code} instead of fighting, after delivering what came before`, async () => {
      const server = await serve((_, response) => {
        beginStream(response);
        response.write(`${tweet(1)}\r\n${disconnect(code)}`);
      });
      const { stream } = open(server);
      const notices = recordEvents(stream, ['disconnect-message']);
      const messages = await take(stream, 2);
      await assert.rejects(stream.next(), (error: Error & { code?: string }) => {
        assert.equal(error.code, errorCode);
        assert.match(error.message, new RegExp(`^the service sent disconnect code ${code} `));
        return true;
      });
      assert.deepEqual(
        messages.map((message) => message.kind),
        ['tweet', 'disconnect'],
      );
      assert.equal(server.requests.length, 1);
      assert.deepEqual(stream.stats.disconnects, { [code]: 1 });
      assert.deepEqual(notices, [
        {
          type: 'disconnect-message',
          code,
          name: code === 2 ? 'Duplicate stream' : code === 6 ? 'Token revoked' : 'Admin logout',
          meaning: describeDisconnectCode(code).meaning,
          reason: 'r',
          streamName: 'TwitterAPI-sample',
          action: code === 6 ? 'stop-authorization' : 'stop',
        },
      ]);
    });
  }

  it('finishes quietly on code 9 (backfill delivered)', async () => {
    const server = await serve((_, response) => {
      beginStream(response);
      response.write(disconnect(9));
    });
    const { stream } = open(server);
    const stopped = nextEvent(stream, 'stopped');
    const kinds: string[] = [];
    for await (const message of stream) kinds.push(message.kind);
    assert.deepEqual(kinds, ['disconnect']);
    assert.equal((await stopped).reason, 'finished');
  });

  it('reconnects at once on code 12 (shed load) and code 4 (stall), closing the socket itself', async () => {
    const server = await serve((_, response, index) => {
      beginStream(response);
      if (index < 2) response.write(disconnect(index === 0 ? 12 : 4));
      else response.write(`${tweet(3)}\r\n`);
    });
    const { stream, clock } = open(server);
    const taken = take(stream, 3);
    const backoffs = await expectBackoffs(stream, clock, [0, 250]);
    const messages = await taken;
    stream.stop();
    assert.deepEqual(
      messages.map((message) => message.kind),
      ['disconnect', 'disconnect', 'tweet'],
    );
    assert.equal(backoffs[0]?.error.code, 'ERR_STREAM_DISCONNECTED');
    assert.deepEqual(stream.stats.disconnects, { 4: 1, 12: 1 });
  });
});

describe('stalls', () => {
  it('closes a connection silent for 90 s after its headers, and reconnects at once', async () => {
    // "If 90 seconds pass with no data received, including newlines, disconnect and reconnect
    // immediately" ("Connecting to a streaming endpoint", Stalls).
    const server = await serve((_, response) => {
      beginStream(response);
    });
    const { stream, clock } = open(server);
    void stream.next();
    await nextEvent(stream, 'connected');
    const stalled = nextEvent(stream, 'stalled');
    const backoff = nextEvent(stream, 'backoff');
    clock.advance(89_999);
    assert.equal(stream.state, 'streaming');
    clock.advance(1);
    assert.deepEqual(await stalled, { type: 'stalled', reason: 'no-data', silentMs: 90_000 });
    const { delayMs, error, reason } = await backoff;
    await nextEvent(stream, 'connected');
    stream.stop();
    assert.equal(delayMs, 0);
    assert.equal(error.code, 'ERR_STREAM_STALLED');
    assert.equal(
      reason,
      'the stream stalled (no data for 90 s, over the 90 s stall timeout); reconnecting',
    );
    assert.equal(stream.stats.stalls, 1);
    assert.equal(server.requests.length, 2);
  });

  it('covers the wait for the headers too', async () => {
    const server = await serve(() => undefined);
    const { stream, clock } = open(server, { stallTimeoutMs: 20_000 });
    void stream.next();
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const stalled = nextEvent(stream, 'stalled');
    const backoff = nextEvent(stream, 'backoff');
    clock.advance(20_000);
    assert.equal((await stalled).reason, 'no-data');
    assert.equal((await backoff).delayMs, 250);
    stream.stop();
  });

  it('treats a drip that never completes a message as a stall, and counts the partial message', async () => {
    let drip: ((text: string) => void) | undefined;
    const server = await serve((_, response) => {
      beginStream(response);
      drip = (text) => response.write(text);
      drip('{"created_at":');
    });
    const { stream, clock } = open(server);
    void stream.next();
    await nextEvent(stream, 'connected');
    await until(() => stream.stats.bytesRaw === 14);
    clock.advance(50_000);
    drip?.('"Thu');
    await until(() => stream.stats.bytesRaw === 18);
    const stalled = nextEvent(stream, 'stalled');
    const errors = recordEvents(stream, ['error']);
    clock.advance(40_000);
    assert.deepEqual(await stalled, {
      type: 'stalled',
      reason: 'incomplete-message',
      silentMs: 90_000,
    });
    stream.stop();
    assert.equal(stream.stats.truncated, 1);
    assert.deepEqual(
      errors.map((event) => event.type === 'error' && event.error.code),
      ['ERR_STREAM_ENDED', 'ERR_STREAM_STALLED'],
    );
  });

  it('reports a keep-alive-only connection without closing it', async () => {
    let keepAlive: (() => void) | undefined;
    const server = await serve((_, response) => {
      beginStream(response);
      response.write(`${tweet(1)}\r\n`);
      keepAlive = () => response.write('\r\n');
    });
    const { stream, clock } = open(server);
    await take(stream, 1);
    const stalled = nextEvent(stream, 'stalled');
    for (let index = 0; index < 2; index += 1) {
      clock.advance(30_000);
      const received = nextEvent(stream, 'keep-alive');
      keepAlive?.();
      await received;
    }
    clock.advance(30_000);
    assert.deepEqual(await stalled, {
      type: 'stalled',
      reason: 'keep-alive-only',
      silentMs: 90_000,
    });
    assert.equal(stream.state, 'streaming');
    assert.equal(stream.stats.stalls, 0);
    assert.equal(stream.stats.keepAlives, 2);
    stream.stop();
  });
});

describe('stopping', () => {
  it('stops at once during a backoff, cancelling its timer', async () => {
    const server = await serve((_, response) => {
      refuse(response, 503, '');
    });
    const { stream, clock } = open(server);
    const pending = stream.next();
    await nextEvent(stream, 'backoff');
    assert.deepEqual(clock.pending(), [5000]);
    stream.stop();
    assert.deepEqual(await pending, { value: undefined, done: true });
    assert.deepEqual(clock.pending(), []);
    assert.equal(stream.stats.backoffMs, 0);
    clock.advance(10_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(server.requests.length, 1, 'no reconnect after stop() (ttezel/twit#241)');
  });

  it('stops at once on a silent stream and closes the socket (tweepy#773)', async () => {
    let closed: Promise<void> | undefined;
    const server = await serve((_, response) => {
      beginStream(response);
      closed = new Promise((resolve) => response.on('close', resolve));
    });
    const { stream, clock } = open(server);
    const pending = stream.next();
    await nextEvent(stream, 'connected');
    stream.stop();
    assert.deepEqual(await pending, { value: undefined, done: true });
    await closed;
    assert.deepEqual(clock.pending(), []);
  });

  it('stops when the signal aborts, and never connects with an aborted signal', async () => {
    const server = await serve((_, response) => {
      beginStream(response);
    });
    const controller = new AbortController();
    const { stream } = open(server, { signal: controller.signal });
    const stopped = nextEvent(stream, 'stopped');
    const pending = stream.next();
    await nextEvent(stream, 'connected');
    controller.abort();
    assert.deepEqual(await pending, { value: undefined, done: true });
    assert.equal((await stopped).reason, 'aborted');
    const { stream: never } = open(server, { signal: AbortSignal.abort() });
    assert.deepEqual(await never.next(), { value: undefined, done: true });
    assert.equal(server.requests.length, 1);
  });

  it('stops when the consumer leaves its loop', async () => {
    const server = await serve((_, response) => {
      beginStream(response);
      response.write(`${tweet(1)}\r\n${tweet(2)}\r\n`);
    });
    const { stream } = open(server);
    for await (const message of stream) {
      assert.equal(message.kind, 'tweet');
      break;
    }
    assert.equal(stream.state, 'stopped');
    assert.equal(stream.stats.queued, 0);
  });

  it('delivers the messages already queued before ending', async () => {
    const server = await serve((_, response) => {
      beginStream(response);
      response.write(`${tweet(1)}\r\n${tweet(2)}\r\n${tweet(3)}\r\n`);
    });
    const { stream } = open(server);
    await take(stream, 1);
    await until(() => stream.stats.queued === 2);
    stream.stop();
    const rest: string[] = [];
    for await (const message of stream)
      rest.push(message.kind === 'tweet' ? message.data.id_str : '');
    assert.deepEqual(rest, ['2', '3']);
  });
});

describe('compressed streams', () => {
  it('reconnects after corrupt gzip, having delivered every message before the damage', async () => {
    const server = await serve((_, response, index) => {
      beginStream(response, { 'content-encoding': 'gzip' });
      if (index > 0) return;
      const good = gzipSync(`${tweet(1)}\r\n${tweet(2)}\r\n`, { flush: constants.Z_SYNC_FLUSH });
      // Keep the header and the flushed blocks, then send bytes that are no deflate block.
      response.write(good.subarray(0, good.length - 8));
      response.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    });
    const { stream, clock } = open(server);
    const messages = await take(stream, 2);
    const [backoff] = await expectBackoffs(stream, clock, [0]);
    stream.stop();
    assert.deepEqual(
      messages.map((message) => message.kind),
      ['tweet', 'tweet'],
    );
    assert.equal(backoff?.error.code, 'ERR_STREAM_GZIP');
    assert.match(backoff.reason, /^the compressed stream is corrupt \(.+\); reconnecting$/);
  });

  it('delivers what was inflated before a reset in the middle of a gzip stream', async () => {
    const server = await serve((_, response, index) => {
      beginStream(response, { 'content-encoding': 'gzip' });
      if (index > 0) return;
      const gzip = createGzip();
      gzip.pipe(response);
      gzip.write(`${tweet(1)}\r\n${tweet(2)}\r\n{"created_at":"cut here`);
      gzip.flush(constants.Z_SYNC_FLUSH, () => {
        setTimeout(() => response.socket?.resetAndDestroy(), 20);
      });
    });
    const { stream, clock } = open(server);
    const messages = await take(stream, 2);
    const [backoff] = await expectBackoffs(stream, clock, [0]);
    stream.stop();
    assert.equal(messages.length, 2);
    assert.equal(backoff?.error.code, 'ERR_STREAM_NETWORK');
    assert.equal(stream.stats.truncated, 1);
  });
});

/** Polls a condition on the event loop (bounded: 2 s of real time). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

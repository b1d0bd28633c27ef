import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { constants, createGzip, gzipSync } from 'node:zlib';
import { createMemoryNonceStore, verifyRequest } from '../../../src/oauth1/index.js';
import { openStream } from '../../../src/stream/open-stream.js';
import { ManualClock } from './manual-clock.js';
import { beginStream, nextEvent, recordEvents, loopbackServers, take } from './loopback-server.js';

const credentials = {
  consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
} as const;
const bearer = { type: 'bearer', token: 'AAAA' } as const;

const tweet = (id: string, text = 'hello'): string =>
  JSON.stringify({
    created_at: 'Wed Oct 10 20:19:24 +0000 2018',
    id: Number(id),
    id_str: id,
    text,
    user: { id: 6253282, id_str: '6253282', screen_name: 'TwitterAPI' },
    timestamp_ms: '1767225600000',
  });

const serve = loopbackServers();

describe('openStream: connecting', () => {
  it('signs a GET with OAuth 1.0a, the parameters in the query, and a versioned User-Agent', async () => {
    const server = await serve((_, response) => {
      beginStream(response);
      response.end(`${tweet('1')}\r\n`);
    });
    const stream = openStream({
      url: server.url(),
      auth: { type: 'oauth1', credentials },
      parameters: { stall_warnings: true, delimited: 'length', language: ['en'] },
      compression: false,
      maxRetries: 0,
    });
    await take(stream, 1);
    stream.stop();
    const [request] = server.requests;
    assert.ok(request);
    assert.equal(request.method, 'GET');
    assert.equal(
      request.url,
      '/1.1/statuses/sample.json?delimited=length&stall_warnings=true&language=en',
    );
    assert.match(request.headers['user-agent'] ?? '', /^spritzer\/\d+\.\d+\.\d+ node\/20\./);
    assert.equal(request.headers['accept-encoding'], 'identity');
    const verified = await verifyRequest(
      {
        method: request.method,
        url: server.url(request.url),
        authorization: request.headers.authorization,
      },
      {
        lookupConsumer: () => ({ secret: credentials.consumerSecret }),
        lookupToken: () => ({
          secret: credentials.tokenSecret,
          consumerKey: credentials.consumerKey,
        }),
        nonceStore: createMemoryNonceStore(),
      },
    );
    assert.equal(verified.token, credentials.token);
  });

  it('POSTs a long filter as a signed form body', async () => {
    const server = await serve((_, response) => {
      beginStream(response);
    });
    const track = Array.from({ length: 400 }, (_, index) => `phrase number ${index}`);
    const stream = openStream({
      url: server.url('/1.1/statuses/filter.json'),
      auth: { type: 'oauth1', credentials },
      parameters: { track, follow: ['6253282'], locations: [[-122.75, 36.8, -121.75, 37.8]] },
    });
    void stream.next();
    await nextEvent(stream, 'connected');
    stream.stop();
    const [request] = server.requests;
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
    const form = new URLSearchParams(request.body);
    assert.equal(form.get('track'), track.join(','));
    assert.equal(form.get('follow'), '6253282');
    assert.equal(form.get('locations'), '-122.75,36.8,-121.75,37.8');
    await verifyRequest(
      {
        method: 'POST',
        url: server.url(request.url),
        authorization: request.headers.authorization,
        form: request.body,
      },
      {
        lookupConsumer: () => ({ secret: credentials.consumerSecret }),
        lookupToken: () => ({
          secret: credentials.tokenSecret,
          consumerKey: credentials.consumerKey,
        }),
        nonceStore: createMemoryNonceStore(),
      },
    );
  });

  it('sends HTTP Basic and bearer credentials', async () => {
    const server = await serve((_, response) => {
      beginStream(response);
      response.end();
    });
    for (const auth of [
      { type: 'basic', username: 'ü@example.com', password: 'p:w' },
      bearer,
    ] as const) {
      const stream = openStream({ url: server.url(), auth, maxRetries: 0 });
      void stream.next().catch(() => undefined);
      await nextEvent(stream, 'stopped');
    }
    assert.equal(
      server.requests[0]?.headers.authorization,
      `Basic ${Buffer.from('ü@example.com:p:w').toString('base64')}`,
    );
    assert.equal(server.requests[1]?.headers.authorization, 'Bearer AAAA');
  });

  it('checks filter parameters before connecting', () => {
    assert.throws(
      () =>
        openStream({
          url: 'https://stream.twitter.com/1.1/statuses/filter.json',
          auth: bearer,
          parameters: { track: ['x'.repeat(61)] },
        }),
      {
        code: 'ERR_STREAM_FILTER_INVALID',
        message: /track phrase 1 .* is 61 bytes; each phrase must be 1–60 bytes/,
      },
    );
  });

  it('rejects malformed options at the boundary', () => {
    const cases: [unknown, RegExp][] = [
      [{ url: 'ftp://x/', auth: bearer }, /"options.url" argument must be an http: or https: URL/],
      [{ url: 'not a url', auth: bearer }, /"options.url" argument must be an absolute URL/],
      [{ url: 'https://u:p@x/', auth: bearer }, /must not carry credentials/],
      [{ url: 'https://x/', auth: { type: 'digest' } }, /"options.auth.type" argument must be/],
      [
        { url: 'https://x/', auth: { type: 'OAuth1' } },
        /"options.auth.type" argument must be 'oauth1', 'basic' or 'bearer'; received "OAuth1"$/,
      ],
      [
        { url: 'https://x/', auth: { type: 'AAAAAAAAAAAAAAAAAAAAAMLheAAAA' } },
        /"options.auth.type" argument must be 'oauth1', 'basic' or 'bearer'; received type string$/,
      ],
      [
        { url: 'https://x/', auth: { type: 'bearer', token: '' } },
        /"options.auth.token" argument must not be empty/,
      ],
      [
        { url: 'https://x/', auth: { type: 'basic', username: 'u' } },
        /"options.auth.password" argument must be a string/,
      ],
      [
        { url: 'https://x/', auth: bearer, stallTimeoutMs: 0 },
        /"options.stallTimeoutMs" argument must be a positive integer/,
      ],
      [
        { url: 'https://x/', auth: bearer, maxRetries: -1 },
        /"options.maxRetries" argument must be a non-negative integer/,
      ],
      [
        { url: 'https://x/', auth: bearer, method: 'PUT' },
        /"options.method" argument must be 'GET' or 'POST'/,
      ],
      [
        {
          url: 'https://x/',
          auth: { type: 'oauth1', credentials: { consumerKey: '', consumerSecret: 's' } },
        },
        /"options.auth.credentials.consumerKey" argument must not be empty/,
      ],
      [
        { url: 'https://x/', auth: { type: 'oauth1', consumerKey: 'k', consumerSecret: 's' } },
        /"options.auth.credentials" argument must be an object \{ consumerKey, consumerSecret, token, tokenSecret \} \(the keys go inside it: auth: \{ type: 'oauth1', credentials: \{ consumerKey, … \} \}\); received type undefined/,
      ],
      [
        { url: 'https://x/', auth: { type: 'oauth1', credentials: 'k:s' } },
        /"options.auth.credentials" argument must be an object \{ consumerKey, consumerSecret, token, tokenSecret \}; received type string/,
      ],
      [
        {
          url: 'https://x/',
          auth: { type: 'oauth1', credentials: { consumerKey: 'k', consumerSecret: 7 } },
        },
        /"options.auth.credentials.consumerSecret" argument must be a string; received type number/,
      ],
      [
        { url: 'https://x/1.1/statuses/filter.json', auth: bearer, parameters: 'track=cats' },
        /"options.parameters" argument must be an object such as \{ track: \['cats'\] \}/,
      ],
    ];
    for (const [options, message] of cases) {
      assert.throws(
        () => openStream(options as Parameters<typeof openStream>[0]),
        (error: Error & { code?: string }) => {
          assert.match(error.message, message);
          assert.ok(
            error.code === 'ERR_INVALID_ARG_VALUE' || error.code === 'ERR_INVALID_ARG_TYPE',
            error.code,
          );
          return true;
        },
      );
    }
  });
});

describe('openStream: messages', () => {
  it('delivers typed messages split anywhere across chunks, with keep-alives and stats', async () => {
    const lines = [
      tweet('10', 'Café ☕ 😀'),
      '{"limit":{"track":7}}',
      '',
      tweet('11'),
      '{"delete":{"status":{"id":10,"id_str":"10","user_id":3,"user_id_str":"3"}}}',
    ];
    const body = Buffer.from(lines.map((line) => `${line}\r\n`).join(''));
    const server = await serve((_, response) => {
      beginStream(response);
      // One byte at a time for the first message, then the rest in uneven slices.
      let at = 0;
      const write = (): void => {
        if (at >= body.length) return;
        const size = at < 120 ? 1 : 37;
        response.write(body.subarray(at, at + size));
        at += size;
        setImmediate(write);
      };
      write();
    });
    const clock = new ManualClock(1767225601000);
    const stream = openStream({
      url: server.url(),
      auth: bearer,
      compression: false,
      timers: clock,
    });
    const messages = await take(stream, 4);
    stream.stop();
    assert.deepEqual(
      messages.map((message) => message.kind),
      ['tweet', 'limit', 'tweet', 'delete'],
    );
    const [first] = messages;
    assert.equal(first?.kind === 'tweet' && first.data.text, 'Café ☕ 😀');
    assert.deepEqual(first?.raw, Buffer.from(lines[0] ?? ''));
    const stats = stream.stats;
    assert.equal(stats.messages.tweet, 2);
    assert.equal(stats.messages.limit, 1);
    assert.equal(stats.messagesTotal, 4);
    assert.equal(stats.keepAlives, 1);
    assert.equal(stats.bytesRaw, body.length);
    assert.equal(stats.bytesInflated, body.length);
    assert.equal(stats.limitTrack, 7);
    assert.equal(stats.lagMs, 1000);
    assert.deepEqual(stats.responses, { '1xx': 0, '2xx': 1, '3xx': 0, '4xx': 0, '5xx': 0 });
  });

  it('delivers raw messages with their ids, never parsing tweets', async () => {
    const server = await serve((_, response) => {
      beginStream(response);
      response.write(
        `${tweet('1050118621198921728')}\r\n{"delete":{"status":{"id":1,"id_str":"99","user_id":3,"user_id_str":"3"}}}\r\n{"warning":{"code":"FALLING_BEHIND","message":"m","percent_full":60}}\r\n{"text":broken\r\n`,
      );
    });
    const clock = new ManualClock(1767225600500);
    const stream = openStream({ url: server.url(), auth: bearer, raw: true, timers: clock });
    const messages = await take(stream, 4);
    stream.stop();
    assert.deepEqual(
      messages.map(({ kind, id }) => ({ kind, id })),
      [
        { kind: 'tweet', id: '1050118621198921728' },
        { kind: 'delete', id: '99' },
        { kind: 'warning', id: undefined },
        { kind: 'malformed', id: undefined },
      ],
    );
    assert.equal('data' in (messages[0] ?? {}), false);
    assert.equal(stream.stats.percentFull, 60);
    assert.equal(stream.stats.malformed, 1);
    assert.equal(stream.stats.lagMs, 500);
  });

  it('inflates gzip with a flush per chunk: each message arrives before the next is sent', async () => {
    let sendNext: (() => void) | undefined;
    const server = await serve((request, response) => {
      assert.equal(request.headers['accept-encoding'], 'deflate, gzip');
      beginStream(response, { 'content-encoding': 'gzip' });
      const gzip = createGzip();
      gzip.pipe(response);
      let index = 0;
      sendNext = () => {
        index += 1;
        gzip.write(`${tweet(String(index))}\r\n`);
        gzip.flush(constants.Z_SYNC_FLUSH);
      };
      sendNext();
    });
    const stream = openStream({ url: server.url(), auth: bearer });
    const connected = nextEvent(stream, 'connected');
    for (let index = 1; index <= 3; index += 1) {
      const [message] = await take(stream, 1);
      assert.equal(message?.kind === 'tweet' && message.data.id_str, String(index));
      sendNext?.();
    }
    assert.equal((await connected).encoding, 'gzip');
    const { bytesRaw, bytesInflated } = stream.stats;
    stream.stop();
    assert.ok(bytesInflated > bytesRaw, `${bytesInflated} inflated from ${bytesRaw}`);
  });

  it('skips an oversized message, reports it, and keeps going', async () => {
    const server = await serve((_, response) => {
      beginStream(response);
      response.write(`{"text":"${'x'.repeat(300)}"}\r\n${tweet('2')}\r\n`);
    });
    const stream = openStream({ url: server.url(), auth: bearer, maxMessageBytes: 256 });
    const errors = recordEvents(stream, ['error']);
    const [message] = await take(stream, 1);
    stream.stop();
    assert.equal(message?.kind, 'tweet');
    assert.equal(stream.stats.oversized, 1);
    const [event] = errors;
    assert.equal(event?.type === 'error' && event.error.code, 'ERR_STREAM_MESSAGE_TOO_LARGE');
    assert.match(
      event?.type === 'error' ? event.error.message : '',
      /skipped a message of 311 bytes, over the 256-byte limit/,
    );
  });

  it('reports a wrong delimited=length count and still delivers the message', async () => {
    const server = await serve((_, response) => {
      beginStream(response);
      const body = tweet('3', 'ü');
      response.write(
        `\r\n${body.length + 2}\r\n${body}\r\n${Buffer.byteLength(body) + 2}\r\n${body}\r\n`,
      );
    });
    const stream = openStream({
      url: server.url(),
      auth: bearer,
      parameters: { delimited: 'length' },
    });
    const errors = recordEvents(stream, ['error']);
    const messages = await take(stream, 2);
    stream.stop();
    assert.deepEqual(
      messages.map((message) => message.kind),
      ['tweet', 'tweet'],
    );
    assert.equal(stream.stats.framingErrors, 1);
    assert.equal(errors[0]?.type === 'error' && errors[0].error.code, 'ERR_STREAM_FRAMING');
  });

  it('emits lifecycle events in order', async () => {
    const server = await serve((_, response) => {
      beginStream(response);
      response.write(`\r\n${tweet('5')}\r\n`);
    });
    const events: string[] = [];
    const stream = openStream({
      url: server.url(),
      auth: bearer,
      onEvent: (event) => events.push(event.type),
    });
    await take(stream, 1);
    stream.stop();
    stream.stop();
    assert.deepEqual(events, ['connecting', 'connected', 'keep-alive', 'message', 'stopped']);
    assert.equal(stream.state, 'stopped');
    assert.deepEqual(await stream.next(), { value: undefined, done: true });
  });

  it('decodes a gzip error body too', async () => {
    const server = await serve((_, response) => {
      response.writeHead(404, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
      response.end(
        gzipSync('{"errors":[{"message":"Sorry, that page does not exist","code":34}]}'),
      );
    });
    const stream = openStream({ url: server.url('/1.1/statuses/gone.json'), auth: bearer });
    await assert.rejects(stream.next(), {
      code: 'ERR_STREAM_NOT_FOUND',
      message: `HTTP 404 Not Found from ${server.url('/1.1/statuses/gone.json')}: Sorry, that page does not exist (code 34); there is no stream at this URL: check the stream URL`,
    });
  });
});

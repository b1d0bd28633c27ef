import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type FramerHandler,
  type FramerOptions,
  type FramingProblem,
  MessageFramer,
} from '../../../src/stream/message-framer.js';

type FramerEvent =
  | { readonly type: 'message'; readonly text: string; readonly bytes: number }
  | { readonly type: 'keep-alive' }
  | { readonly type: 'oversized'; readonly bytes: number }
  | { readonly type: 'problem'; readonly problem: FramingProblem };

function recorder(): { handler: FramerHandler; events: FramerEvent[] } {
  const events: FramerEvent[] = [];
  const handler: FramerHandler = {
    message: (raw) =>
      events.push({ type: 'message', text: raw.toString('utf8'), bytes: raw.length }),
    keepAlive: () => events.push({ type: 'keep-alive' }),
    oversized: (bytes) => events.push({ type: 'oversized', bytes }),
    framingProblem: (problem) => events.push({ type: 'problem', problem }),
  };
  return { handler, events };
}

function frame(chunks: readonly Buffer[], options?: FramerOptions): FramerEvent[] {
  const { handler, events } = recorder();
  const framer = new MessageFramer(handler, options);
  for (const chunk of chunks) framer.push(chunk);
  return events;
}

function message(text: string): FramerEvent {
  return { type: 'message', text, bytes: Buffer.byteLength(text) };
}

const keepAlive: FramerEvent = { type: 'keep-alive' };

/** Every way of cutting `input` in two, then every fixed chunk size. */
function* everySplit(input: Buffer): Generator<{ label: string; chunks: Buffer[] }> {
  for (let at = 0; at <= input.length; at += 1) {
    yield { label: `cut at ${at}`, chunks: [input.subarray(0, at), input.subarray(at)] };
  }
  for (let size = 1; size <= input.length; size += 1) {
    const chunks: Buffer[] = [];
    for (let at = 0; at < input.length; at += size) chunks.push(input.subarray(at, at + size));
    yield { label: `chunks of ${size}`, chunks };
  }
}

function assertEverySplit(input: Buffer, expected: FramerEvent[], options?: FramerOptions): void {
  for (const { label, chunks } of everySplit(input)) {
    assert.deepEqual(frame(chunks, options), expected, label);
  }
}

// Real-shaped messages: a tweet with multibyte text (2-, 3- and 4-byte UTF-8), a bare `\n`
// inside a message (legal: only `\r\n` terminates), and compliance messages from the docs.
const tweet =
  '{"created_at":"Wed Oct 10 20:19:24 +0000 2018","id":1050118621198921728,' +
  '"id_str":"1050118621198921728","text":"Café ☕ 東京 😀 ok","user":{"id":6253282,' +
  '"id_str":"6253282","screen_name":"TwitterAPI"},"timestamp_ms":"1539202764000"}';
const withBareNewline = '{"unknown":"line one\nline two"}';
const deletion = '{"delete":{"status":{"id":1234,"id_str":"1234","user_id":3,"user_id_str":"3"}}}';
const limit = '{"limit":{"track":1234}}';

describe('MessageFramer, \\r\\n framing', () => {
  it('frames messages and keep-alives across every split and chunk size', () => {
    const input = Buffer.from(
      `\r\n${tweet}\r\n${withBareNewline}\r\n\r\n${deletion}\r\n${limit}\r\n`,
    );
    assertEverySplit(input, [
      keepAlive,
      message(tweet),
      message(withBareNewline),
      keepAlive,
      message(deletion),
      message(limit),
    ]);
  });

  it('keeps multibyte characters whole whatever byte they are split at', () => {
    const text = '{"text":"ü€😀ü€😀"}';
    const input = Buffer.from(`${text}\r\n${text}\r\n`);
    assertEverySplit(input, [message(text), message(text)]);
  });

  it('treats a bare \\r and a bare \\n as message content', () => {
    const odd = 'a\rb\nc\n\rd';
    assertEverySplit(Buffer.from(`${odd}\r\n`), [message(odd)]);
  });

  it('keeps an unterminated tail pending and reports its size on reset', () => {
    const { handler, events } = recorder();
    const framer = new MessageFramer(handler);
    framer.push(Buffer.from(`${limit}\r\n{"trunc`));
    assert.deepEqual(events, [message(limit)]);
    assert.equal(framer.pendingBytes, 7);
    assert.equal(framer.reset(), 7);
    assert.equal(framer.pendingBytes, 0);
    framer.push(Buffer.from(`${limit}\r\n`));
    assert.deepEqual(events, [message(limit), message(limit)]);
  });

  it('does not mistake a \\r left over from a dropped connection for half a terminator', () => {
    const { handler, events } = recorder();
    const framer = new MessageFramer(handler);
    framer.push(Buffer.from('{"partial":1}\r'));
    framer.reset();
    framer.push(Buffer.from(`\n${limit}\r\n`));
    assert.deepEqual(events, [message(`\n${limit}`)]);
  });

  it('copies the start of a message that spans chunks, so later chunks cannot change it', () => {
    const { handler } = recorder();
    const received: Buffer[] = [];
    const framer = new MessageFramer({ ...handler, message: (raw) => received.push(raw) });
    const chunk = Buffer.from(`${limit}\r\n{"a":`);
    framer.push(chunk);
    chunk.fill(0x20);
    framer.push(Buffer.from('1}\r\n'));
    assert.equal(received[1]?.toString(), '{"a":1}');
  });

  it('agrees with a naive split on \\r\\n for arbitrary bytes and chunkings', () => {
    const alphabet = fc.constantFrom(0x0d, 0x0a, 0x7b, 0x61, 0xc3, 0xa9, 0xf0, 0x9f);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
        fc.array(alphabet, { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
        (noise, structured, sizes) => {
          const input = Buffer.concat([noise, Buffer.from(structured)]);
          const chunks: Buffer[] = [];
          for (let at = 0, index = 0; at < input.length; index += 1) {
            const size = sizes[index % sizes.length] ?? 1;
            chunks.push(input.subarray(at, at + size));
            at += size;
          }
          const expected = splitOnCrLf(input)
            .slice(0, -1)
            .map((piece) => piece.toString('hex'));
          const received: string[] = [];
          const framer = new MessageFramer({
            message: (raw) => received.push(raw.toString('hex')),
            keepAlive: () => received.push(''),
            oversized: () => assert.fail('no message is over the default limit'),
            framingProblem: () => assert.fail('no problem without delimited=length'),
          });
          for (const chunk of chunks) framer.push(chunk);
          assert.deepEqual(received, expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('MessageFramer, maximum message size', () => {
  const big = `{"text":"${'x'.repeat(90)}"}`;
  const small = '{"a":1}';

  it('skips a message over the limit, reports its size and frames the next one', () => {
    const input = Buffer.from(`${small}\r\n${big}\r\n${small}\r\n`);
    assertEverySplit(
      input,
      [message(small), { type: 'oversized', bytes: big.length }, message(small)],
      {
        maxMessageBytes: 64,
      },
    );
  });

  it('accepts a message of exactly the limit', () => {
    const exact = 'y'.repeat(64);
    assertEverySplit(Buffer.from(`${exact}\r\n`), [message(exact)], { maxMessageBytes: 64 });
    assertEverySplit(Buffer.from(`${exact}z\r\n`), [{ type: 'oversized', bytes: 65 }], {
      maxMessageBytes: 64,
    });
  });

  it('never holds more than the limit while skipping a huge unterminated message', () => {
    const { handler, events } = recorder();
    const framer = new MessageFramer(handler, { maxMessageBytes: 1024 });
    const chunk = Buffer.alloc(100, 0x61);
    let mostBuffered = 0;
    for (let index = 0; index < 1000; index += 1) {
      framer.push(chunk);
      mostBuffered = Math.max(mostBuffered, framer.bufferedBytes);
    }
    assert.equal(framer.pendingBytes, 100_000, 'counts the skipped bytes');
    assert.equal(framer.bufferedBytes, 0, 'holds none of them');
    assert.ok(mostBuffered <= 1025, `held ${mostBuffered} bytes`);
    framer.push(Buffer.from(`\r\n${small}\r\n`));
    assert.deepEqual(events, [{ type: 'oversized', bytes: 100_000 }, message(small)]);
  });

  it('rejects a size bound that is not a positive integer', () => {
    const { handler } = recorder();
    for (const maxMessageBytes of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => new MessageFramer(handler, { maxMessageBytes }), {
        code: 'ERR_INVALID_ARG_VALUE',
        message: /"maxMessageBytes" argument must be a positive integer/,
      });
    }
  });
});

describe('MessageFramer, delimited=length', () => {
  const delimited = { delimited: true } as const;
  const count = (text: string): string => String(Buffer.byteLength(text) + 2);

  it('reads counts in bytes (\\r\\n included) with keep-alives before a count and after it', () => {
    const input = Buffer.from(
      `\r\n${count(tweet)}\r\n${tweet}\r\n\r\n\r\n${count(limit)}\r\n\r\n${limit}\r\n` +
        `${count(withBareNewline)}\r\n${withBareNewline}\r\n`,
    );
    assertEverySplit(
      input,
      [
        keepAlive,
        message(tweet),
        keepAlive,
        keepAlive,
        keepAlive,
        message(limit),
        message(withBareNewline),
      ],
      delimited,
    );
  });

  it('reports a count made in characters, not bytes, and still delivers the message whole', () => {
    // twitter/hbc#35: a reader that counted characters lost sync on multibyte text.
    const characters = String(tweet.length + 2);
    const input = Buffer.from(`${characters}\r\n${tweet}\r\n${count(limit)}\r\n${limit}\r\n`);
    assertEverySplit(
      input,
      [
        {
          type: 'problem',
          problem: {
            kind: 'length-mismatch',
            expectedBytes: tweet.length + 2,
            actualBytes: Buffer.byteLength(tweet) + 2,
          },
        },
        message(tweet),
        message(limit),
      ],
      delimited,
    );
  });

  it('reports a count too large instead of swallowing the next message', () => {
    const wrong =
      Buffer.byteLength(limit) +
      2 +
      `${count(deletion)}\r\n`.length +
      Buffer.byteLength(deletion) +
      2;
    const input = Buffer.from(`${wrong}\r\n${limit}\r\n${count(deletion)}\r\n${deletion}\r\n`);
    assertEverySplit(
      input,
      [
        {
          type: 'problem',
          problem: {
            kind: 'length-mismatch',
            expectedBytes: wrong,
            actualBytes: Buffer.byteLength(limit) + 2,
          },
        },
        message(limit),
        message(deletion),
      ],
      delimited,
    );
  });

  it('reports a message where a count was expected and delivers it', () => {
    // tweepy/tweepy#892: "Expecting length, unexpected value found" was fatal there.
    const input = Buffer.from(`${limit}\r\n${count(deletion)}\r\n${deletion}\r\n`);
    assertEverySplit(
      input,
      [
        {
          type: 'problem',
          problem: { kind: 'length-missing', lineBytes: Buffer.byteLength(limit) + 2 },
        },
        message(limit),
        message(deletion),
      ],
      delimited,
    );
  });

  it('treats an over-long digit run as a message, not a count', () => {
    const digits = '12345678901';
    assertEverySplit(
      Buffer.from(`${digits}\r\n`),
      [{ type: 'problem', problem: { kind: 'length-missing', lineBytes: 13 } }, message(digits)],
      delimited,
    );
  });
});

function splitOnCrLf(input: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  for (let at = 0; at + 1 < input.length; at += 1) {
    if (input[at] === 0x0d && input[at + 1] === 0x0a) {
      pieces.push(input.subarray(start, at));
      start = at + 2;
      at += 1;
    }
  }
  pieces.push(input.subarray(start));
  return pieces;
}

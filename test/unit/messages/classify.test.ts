import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { classifyRawMessage } from '../../../src/messages/classify-raw.js';
import { classifyMessage } from '../../../src/messages/classify.js';
import { EXCERPT_CHARS, firstInvalidUtf8Offset } from '../../../src/messages/malformed-reason.js';
import type { MessageKind } from '../../../src/messages/types.js';

const noticeNames = [
  'delete',
  'scrub_geo',
  'limit',
  'status_withheld',
  'user_withheld',
  'disconnect',
  'warning',
] as const;

const tweet = {
  created_at: 'Wed Oct 10 20:19:24 +0000 2018',
  id: 1050118621198921728,
  id_str: '1050118621198921728',
  text: 'To make room for more expression, we will now count all emojis as equal—including those with gender‍‍ and skin t… https://t.co/MkGjXf9aXm',
  source: '<a href="http://twitter.com" rel="nofollow">Twitter Web Client</a>',
  truncated: true,
  user: { id: 6253282, id_str: '6253282', name: 'Twitter API', screen_name: 'TwitterAPI' },
  entities: { hashtags: [], urls: [], user_mentions: [], symbols: [] },
  timestamp_ms: '1539202764000',
};

// The docs' own examples ("Streaming message types").
const examples: readonly (readonly [MessageKind, string])[] = [
  ['tweet', JSON.stringify(tweet)],
  ['delete', '{"delete":{"status":{"id":1234,"id_str":"1234","user_id":3,"user_id_str":"3"}}}'],
  [
    'scrub_geo',
    '{"scrub_geo":{"user_id":14090452,"user_id_str":"14090452","up_to_status_id":23260136625,"up_to_status_id_str":"23260136625"}}',
  ],
  ['limit', '{"limit":{"track":1234}}'],
  ['limit', '{"limit":{"track":22,"timestamp_ms":"1477757470194"}}'],
  [
    'status_withheld',
    '{"status_withheld":{"id":1234567890,"user_id":123456,"withheld_in_countries":["DE","AR"]}}',
  ],
  ['user_withheld', '{"user_withheld":{"id":123456,"withheld_in_countries":["DE","AR"]}}'],
  ['disconnect', '{"disconnect":{"code":4,"stream_name":"","reason":""}}'],
  [
    'warning',
    '{"warning":{"code":"FALLING_BEHIND","message":"Your connection is falling behind and messages are being queued for delivery to you. Your queue is now over 60% full. You will be disconnected when the queue is full.","percent_full":60}}',
  ],
  [
    'unknown',
    '{"event":"user_update","created_at":"Wed Oct 10 20:19:24 +0000 2018","source":{},"target":{}}',
  ],
];

describe('classifyMessage', () => {
  for (const [kind, json] of examples) {
    it(`types the docs' ${kind} example and keeps its exact bytes`, () => {
      const raw = Buffer.from(json);
      const message = classifyMessage(raw);
      assert.equal(message.kind, kind);
      assert.equal(message.raw, raw);
      if (message.kind === 'malformed') return;
      const parsed = JSON.parse(json) as Record<string, unknown>;
      const expected = kind === 'tweet' || kind === 'unknown' ? parsed : parsed[kind];
      assert.deepEqual(message.data, expected);
    });
  }

  it('types the delete with timestamp_ms beside status (later streams)', () => {
    const message = classifyMessage(
      Buffer.from(
        '{"delete":{"timestamp_ms":"1477757470194","status":{"id_str":"9","id":9,"user_id":3,"user_id_str":"3"}}}',
      ),
    );
    assert.equal(message.kind, 'delete');
    assert.equal(message.data.status.id_str, '9');
  });

  it('types a tweet whatever the order of its fields', () => {
    const reordered = { user: tweet.user, full_text: 'long', id_str: '5', extra: [1, { a: 2 }] };
    assert.equal(classifyMessage(Buffer.from(JSON.stringify(reordered))).kind, 'tweet');
  });

  it('decides by the first decisive key when a notice key comes with tweet fields', () => {
    const tweetFirst = '{"id_str":"1","text":"x","user":{},"delete":{"status":{"id_str":"2"}}}';
    assert.equal(classifyMessage(Buffer.from(tweetFirst)).kind, 'tweet');
    const noticeFirst = '{"delete":{"status":{"id_str":"2"}},"id_str":"1","text":"x","user":{}}';
    assert.equal(classifyMessage(Buffer.from(noticeFirst)).kind, 'delete');
    // A notice key whose value is not an object decides nothing.
    assert.equal(
      classifyMessage(Buffer.from('{"limit":3,"id_str":"1","text":"x","user":{}}')).kind,
      'tweet',
    );
  });

  it('decodes a message that is not pure ASCII as UTF-8', () => {
    const raw = Buffer.from('{"id_str":"1","text":"café 🐦 \\u00e9","user":{"name":"Zoë"}}');
    const message = classifyMessage(raw);
    assert.equal(message.kind, 'tweet');
    assert.equal(message.data.text, 'café 🐦 \u00e9');
    assert.equal(message.raw, raw);
  });

  it('passes through valid JSON of no known type, and notices lacking their fields', () => {
    for (const json of [
      '[1,2]',
      '"text"',
      '42',
      'null',
      '{}',
      '{"delete":{}}',
      '{"delete":{"status":{"id":1}}}',
      '{"limit":{"track":"many"}}',
      '{"disconnect":{"reason":"none"}}',
      '{"id_str":"1","text":"no user"}',
      '{"id_str":1,"text":"x","user":{}}',
      '{"limit":5}',
    ]) {
      const message = classifyMessage(Buffer.from(json));
      assert.equal(message.kind, 'unknown', json);
      assert.deepEqual(message.data, JSON.parse(json), json);
    }
  });

  it('reports invalid JSON as malformed with the parser error and a bounded excerpt', () => {
    // PLhery/node-twitter-api-v2#536: a parse error there did not expose the payload.
    const long = `{"text":"${'a'.repeat(500)}"`;
    const message = classifyMessage(Buffer.from(long));
    assert.equal(message.kind, 'malformed');
    assert.match(
      message.reason,
      /^invalid JSON: .+ \(510 bytes, starting "\{\\"text\\":\\"a+"…\)$/,
    );
    const reason = message.reason;
    const excerpt = reason.slice(reason.indexOf('starting ') + 9);
    assert.ok(excerpt.length <= EXCERPT_CHARS * 2 + 4, `excerpt of ${excerpt.length} characters`);
  });

  it('reports invalid UTF-8 as malformed with the offset of the first bad byte', () => {
    const raw = Buffer.concat([
      Buffer.from('{"text":"ok '),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const message = classifyMessage(raw);
    assert.equal(message.kind, 'malformed');
    assert.match(message.reason, /^invalid UTF-8 at byte 12 \(16 bytes, starting /);
  });

  it('keeps excerpts on one line', () => {
    const message = classifyMessage(Buffer.from('{"a":\n\r\t'));
    assert.equal(message.kind, 'malformed');
    assert.doesNotMatch(message.reason, /[\n\r\t]/);
  });
});

describe('classifyRawMessage', () => {
  for (const [kind, json] of examples) {
    it(`types the docs' ${kind} example without parsing it`, () => {
      const raw = Buffer.from(json);
      const message = classifyRawMessage(raw);
      assert.equal(message.kind, kind);
      assert.equal(message.raw, raw);
    });
  }

  it("reads the tweet's id_str and the deleted status's id_str exactly", () => {
    assert.equal(classifyRawMessage(Buffer.from(JSON.stringify(tweet))).id, '1050118621198921728');
    const deletion =
      '{"delete":{"timestamp_ms":"1","status":{"id":1,"user_id":3,"id_str":"987654321987654321"}}}';
    assert.equal(classifyRawMessage(Buffer.from(deletion)).id, '987654321987654321');
    assert.equal(classifyRawMessage(Buffer.from('{"limit":{"track":1}}')).id, undefined);
  });

  it('reads keys and ids written with escapes', () => {
    const message = classifyRawMessage(
      Buffer.from('{"id\\u005fstr":"7\\u0037","text":"a\\"b","user":{}}'),
    );
    assert.deepEqual({ kind: message.kind, id: message.id }, { kind: 'tweet', id: '77' });
  });

  it('reports a truncated message and a broken prefix as malformed', () => {
    for (const [json, reason] of [
      [
        '{"created_at":"x","id_str":"1","text":"hi","us',
        /^truncated: the message does not end with "}"/,
      ],
      ['{"created_at":"x","id_str":"1","text":"hi" "user":{}}', /^invalid JSON at byte 43 /],
      ['{"a":1}{"b":2}', /^invalid JSON at byte 7 /],
      ['{"a":}', /^invalid JSON at byte 5 /],
      ['<html>Error 401</html>', /^invalid JSON: /],
    ] as const) {
      const message = classifyRawMessage(Buffer.from(json));
      assert.equal(message.kind, 'malformed', json);
      assert.match(message.reason ?? '', reason, json);
    }
    const invalid = classifyRawMessage(Buffer.from([0x7b, 0xff, 0x7d]));
    assert.match(invalid.reason ?? '', /^invalid UTF-8 at byte 1 /);
  });

  it('agrees with the full classifier on the kind of any well-formed message', () => {
    const decisive = fc.constantFrom(
      ...noticeNames,
      'id_str',
      'text',
      'full_text',
      'user',
      'event',
      'id',
      'created_at',
      'ü',
    );
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constantFrom(true, false, null),
      fc.dictionary(decisive, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
      fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(decisive, value, { maxKeys: 8 }),
        fc.boolean(),
        (object, spaced) => {
          const json = spaced ? JSON.stringify(object, null, 1) : JSON.stringify(object);
          const raw = Buffer.from(json);
          const full = classifyMessage(raw);
          const expected =
            full.kind === 'unknown' && isNotice(object) ? noticeKindOf(object) : full.kind;
          assert.equal(classifyRawMessage(raw).kind, expected, json);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('firstInvalidUtf8Offset', () => {
  it('finds a bad byte exactly when isUtf8 rejects the buffer', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.string({ unit: 'binary' }),
        (bytes, text) => {
          for (const raw of [
            Buffer.from(bytes),
            Buffer.concat([Buffer.from(text), Buffer.from(bytes)]),
          ]) {
            const offset = firstInvalidUtf8Offset(raw);
            assert.equal(offset === -1, isUtf8(raw));
            if (offset !== -1) assert.ok(isUtf8(raw.subarray(0, offset)));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

// The raw classifier cannot see inside notices: a notice lacking its fields is still that notice.
function noticeKindOf(object: Record<string, unknown>): MessageKind {
  for (const key of Object.keys(object)) {
    if (noticeKeys.has(key) && isPlainObject(object[key])) return key as MessageKind;
    if (tweetDecided(object, key)) return 'unknown';
  }
  return 'unknown';
}

const noticeKeys = new Set<string>(noticeNames);

function isNotice(object: Record<string, unknown>): boolean {
  return noticeKindOf(object) !== 'unknown';
}

function tweetDecided(object: Record<string, unknown>, upTo: string): boolean {
  const keys = Object.keys(object);
  const seen = keys.slice(0, keys.indexOf(upTo) + 1);
  return (
    seen.some((key) => key === 'id_str' && typeof object[key] === 'string') &&
    seen.some(
      (key) => (key === 'text' || key === 'full_text') && typeof object[key] === 'string',
    ) &&
    seen.some((key) => key === 'user' && isPlainObject(object[key]))
  );
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

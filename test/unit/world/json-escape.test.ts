import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serialize } from '../../../src/world/index.js';

describe('serialize (the service JSON)', () => {
  it('escapes / as \\/, < and > as \\u003c/\\u003e, non-ASCII as lowercase \\uXXXX', () => {
    const value = {
      source: '<a href="http://twitter.com" rel="nofollow">Twitter Web Client</a>',
      text: 'What were the chances?! 😂 café …',
    };
    const json = serialize(value);
    assert.equal(
      json,
      '{"source":"\\u003ca href=\\"http:\\/\\/twitter.com\\" rel=\\"nofollow\\"\\u003eTwitter Web Client\\u003c\\/a\\u003e",' +
        '"text":"What were the chances?! \\ud83d\\ude02 caf\\u00e9 \\u2026"}',
    );
    assert.deepEqual(JSON.parse(json), value);
  });

  it('writes 64-bit ids rounded by JSON.parse with the exact digits of their *_str twins', () => {
    const parsed = JSON.parse(
      '{"id":1400000000000000001,"id_str":"1400000000000000001","text":"\\"id\\":1,\\"id_str\\":\\"2\\"",' +
        '"in_reply_to_status_id":null,"in_reply_to_status_id_str":null,"user":{"id":12,"id_str":"12"}}',
    ) as unknown;
    assert.equal(
      serialize(parsed),
      '{"id":1400000000000000001,"id_str":"1400000000000000001","text":"\\"id\\":1,\\"id_str\\":\\"2\\"",' +
        '"in_reply_to_status_id":null,"in_reply_to_status_id_str":null,"user":{"id":12,"id_str":"12"}}',
    );
  });

  it('is pure ASCII and round-trips every BMP and astral character class', () => {
    const samples = [
      '\u0000\u001f',
      '\n\t"\\',
      'ë ß ı',
      'ﾊﾞﾙｽ バルス',
      'عربي',
      '🏳️‍🌈 👩‍💻 🇯🇵',
      '\u2028\u2029',
    ];
    for (const text of samples) {
      const json = serialize({ text });
      assert.match(json, /^[\x20-\x7e]*$/);
      assert.deepEqual(JSON.parse(json), { text });
    }
  });

  it('keeps key order and writes compact JSON', () => {
    assert.equal(serialize({ b: 1, a: [1, { c: null }] }), '{"b":1,"a":[1,{"c":null}]}');
  });
});

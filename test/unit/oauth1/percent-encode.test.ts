import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  percentDecode,
  percentEncode,
  reencodeComponent,
} from '../../../src/oauth1/percent-encode.js';

describe('percentEncode (RFC 5849 §3.6)', () => {
  // oauth.net wiki TestCases "Parameter Encoding", plus the characters JS gets wrong.
  const cases: [string, string][] = [
    ['abcABC123', 'abcABC123'],
    ['-._~', '-._~'],
    ['%', '%25'],
    ['+', '%2B'],
    ['&=*', '%26%3D%2A'],
    ['\n', '%0A'],
    [' ', '%20'],
    ['\u007f', '%7F'],
    ['\u0080', '%C2%80'],
    ['\u3001', '%E3%80%81'],
    ["!*'()", '%21%2A%27%28%29'],
    ['café', 'caf%C3%A9'],
    ['\u{1F600}', '%F0%9F%98%80'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    it(`encodes ${JSON.stringify(input)} as ${expected}`, () => {
      assert.equal(percentEncode(input), expected);
    });
  }

  it('encodes a lone surrogate as U+FFFD, like every WHATWG encoder', () => {
    assert.equal(percentEncode('a\ud800b'), 'a%EF%BF%BDb');
    assert.equal(percentEncode('\udc00'), '%EF%BF%BD');
  });

  it('agrees with encodeURIComponent plus the five extra characters, for any well-formed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const reference = encodeURIComponent(value).replace(
          /[!'()*]/g,
          (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
        );
        assert.equal(percentEncode(value), reference);
        // A leading "!" sends the value through the byte-by-byte encoder instead.
        assert.equal(percentEncode(`!${value}`), `%21${reference}`);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a non-string with ERR_INVALID_ARG_TYPE', () => {
    assert.throws(() => percentEncode(42 as unknown as string), {
      name: 'TypeError',
      code: 'ERR_INVALID_ARG_TYPE',
    });
  });
});

describe('reencodeComponent', () => {
  it('decodes escapes to bytes and re-encodes them upper-case, unreserved ones raw', () => {
    assert.equal(reencodeComponent('%2b%2c%7e%41', 'space', true), '%2B%2C~A');
  });

  it('reads + as a space in form text and as a plus in header values', () => {
    assert.equal(reencodeComponent('2+q', 'space', true), '2%20q');
    assert.equal(reencodeComponent('2+q', 'plus', true), '2%2Bq');
  });

  it('keeps bytes that are not UTF-8 exactly', () => {
    assert.equal(reencodeComponent('%FF%fe', 'space', true), '%FF%FE');
  });

  it('encodes raw characters from their UTF-8 bytes', () => {
    assert.equal(
      reencodeComponent("ü!*'[]|😀", 'space', true),
      '%C3%BC%21%2A%27%5B%5D%7C%F0%9F%98%80',
    );
  });

  it('rejects a malformed escape when strict and keeps it literal otherwise', () => {
    for (const raw of ['%', '%2', '%zz', 'a%g0', '%%41']) {
      assert.equal(reencodeComponent(raw, 'space', true), undefined, raw);
    }
    assert.equal(reencodeComponent('%zz', 'space', false), '%25zz');
    assert.equal(reencodeComponent('100%', 'space', false), '100%25');
  });

  it('equals percentEncode of the decoded text for any text encoded any valid way', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const viaUriComponent = encodeURIComponent(value);
        const withPluses = viaUriComponent.replace(/%20/g, '+');
        const lowerHex = viaUriComponent.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
        assert.equal(reencodeComponent(viaUriComponent, 'space', true), percentEncode(value));
        assert.equal(reencodeComponent(withPluses, 'space', true), percentEncode(value));
        assert.equal(reencodeComponent(lowerHex, 'plus', true), percentEncode(value));
      }),
      { numRuns: 300 },
    );
  });
});

describe('percentDecode', () => {
  it('decodes UTF-8 escapes and + according to the source', () => {
    assert.equal(percentDecode('caf%C3%A9+x', 'space'), 'café x');
    assert.equal(percentDecode('a+b%2B', 'plus'), 'a+b+');
  });

  it('rejects malformed escapes and bytes that are not UTF-8', () => {
    assert.equal(percentDecode('%G0', 'plus'), undefined);
    assert.equal(percentDecode('%C3', 'plus'), undefined);
    assert.equal(percentDecode('%FF', 'plus'), undefined);
  });

  it('inverts percentEncode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        assert.equal(percentDecode(percentEncode(value), 'plus'), value);
      }),
      { numRuns: 300 },
    );
  });
});

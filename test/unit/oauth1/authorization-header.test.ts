import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  buildAuthorizationHeader,
  OAuthVerificationError,
  parseAuthorizationHeader,
} from '../../../src/oauth1/index.js';

describe('buildAuthorizationHeader (RFC 5849 §3.5.1)', () => {
  it('encodes names and values, quotes values, separates with ", ", puts realm first', () => {
    assert.equal(
      buildAuthorizationHeader(
        [
          ['oauth_consumer_key', '9djdj82h48djs9d2'],
          ['oauth_signature', 'r6/TJjbCOr97/+UU0NsvSne7s5g='],
          ['oauth_callback', 'http://printer.example.com/ready'],
        ],
        'Example',
      ),
      'OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D", oauth_callback="http%3A%2F%2Fprinter.example.com%2Fready"',
    );
  });

  it('builds a header without realm', () => {
    assert.equal(buildAuthorizationHeader([['oauth_nonce', 'a b']]), 'OAuth oauth_nonce="a%20b"');
  });

  it('escapes " and \\ in the realm as an RFC 2617 quoted-string, and rejects CR/LF', () => {
    assert.equal(buildAuthorizationHeader([], 'a "b" \\c'), 'OAuth realm="a \\"b\\" \\\\c"');
    assert.throws(() => buildAuthorizationHeader([], 'x\r\nSet-Cookie: a=b'), {
      code: 'ERR_INVALID_ARG_VALUE',
      message: /visible ASCII/,
    });
  });
});

describe('parseAuthorizationHeader (RFC 5849 §3.5.1)', () => {
  it('parses the RFC §3.5.1 example, decoding values', () => {
    const parsed = parseAuthorizationHeader(
      'OAuth realm="Example",\toauth_consumer_key="0685bd9184jfhq22",oauth_token="ad180jjd733klru7", oauth_signature_method="HMAC-SHA1", oauth_signature="wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D", oauth_timestamp="137131200", oauth_nonce="4572616e48616d6d65724c61686176", oauth_version="1.0"',
    );
    assert.equal(parsed.realm, 'Example');
    assert.deepEqual(parsed.parameters, [
      ['oauth_consumer_key', '0685bd9184jfhq22'],
      ['oauth_token', 'ad180jjd733klru7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_signature', 'wOJIO9A2W5mFwDgiDvZbTSMK/PY='],
      ['oauth_timestamp', '137131200'],
      ['oauth_nonce', '4572616e48616d6d65724c61686176'],
      ['oauth_version', '1.0'],
    ]);
  });

  it('accepts any case of the scheme, lower-case hex, a literal + and empty values', () => {
    const parsed = parseAuthorizationHeader('oauth oauth_signature="a+b%2f", oauth_token=""');
    assert.deepEqual(parsed.parameters, [
      ['oauth_signature', 'a+b/'],
      ['oauth_token', ''],
    ]);
    assert.equal(parsed.realm, undefined);
  });

  it('round-trips what buildAuthorizationHeader makes', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.tuple(fc.stringMatching(/^oauth_[a-z]{1,8}$/), fc.string({ unit: 'grapheme' })),
          {
            selector: ([name]) => name,
            maxLength: 8,
          },
        ),
        fc.option(fc.stringMatching(/^[\x20-\x7e]{0,20}$/), { nil: undefined }),
        (parameters, realm) => {
          fc.pre(parameters.length > 0);
          const parsed = parseAuthorizationHeader(buildAuthorizationHeader(parameters, realm));
          assert.deepEqual(parsed.parameters, parameters);
          assert.equal(parsed.realm, realm);
        },
      ),
      { numRuns: 300 },
    );
  });

  const malformed: [string, string, RegExp][] = [
    ['another scheme', 'Basic dXNlcjpwYXNz', /scheme is not OAuth/],
    ['no parameters', 'OAuth', /no parameters/],
    ['no parameters after spaces', 'OAuth   ', /no parameters/],
    ['no space after the scheme', 'OAuth,oauth_nonce="1"', /followed by a space/],
    ['an unquoted value', 'OAuth oauth_nonce=abc', /oauth_nonce is not quoted/],
    ['an unterminated value', 'OAuth oauth_nonce="abc', /no closing quote/],
    ['a space before "="', 'OAuth oauth_nonce ="abc"', /not followed by "="/],
    ['a missing name', 'OAuth ="abc"', /name is missing/],
    ['a trailing comma', 'OAuth oauth_nonce="abc",', /ends with a comma/],
    ['an empty list element', 'OAuth oauth_nonce="abc",,oauth_token="x"', /name is missing/],
    [
      'no comma between parameters',
      'OAuth oauth_nonce="abc" oauth_token="x"',
      /not followed by a comma/,
    ],
    ['a raw space in a value', 'OAuth oauth_nonce="a b"', /not percent-encoded/],
    ['a backslash in a value', 'OAuth oauth_nonce="a\\"b"', /not percent-encoded/],
    ['a malformed escape', 'OAuth oauth_nonce="a%zz"', /malformed percent-encoding/],
    ['bytes that are not UTF-8', 'OAuth oauth_nonce="%FF"', /malformed percent-encoding/],
    ['a non-ASCII character', 'OAuth oauth_nonce="é"', /non-ASCII/],
    ['a control character', 'OAuth oauth_nonce="a\u0000"', /control/],
  ];
  for (const [what, header, message] of malformed) {
    it(`rejects ${what} with ERR_OAUTH_HEADER_MALFORMED (400, Twitter 215)`, () => {
      assert.throws(
        () => parseAuthorizationHeader(header),
        (error: unknown) => {
          assert.ok(error instanceof OAuthVerificationError);
          assert.equal(error.code, 'ERR_OAUTH_HEADER_MALFORMED');
          assert.equal(error.status, 400);
          assert.equal(error.twitterCode, 215);
          assert.match(error.message, message);
          assert.match(error.message, /RFC 5849 §3\.5\.1/);
          return true;
        },
      );
    });
  }

  it('rejects a parameter given twice, realm included', () => {
    for (const header of [
      'OAuth oauth_nonce="a", oauth_nonce="a"',
      'OAuth realm="a", Realm="b", oauth_nonce="a"',
    ]) {
      assert.throws(() => parseAuthorizationHeader(header), {
        code: 'ERR_OAUTH_PARAMETER_DUPLICATED',
        message: /more than once \(RFC 5849 §3\.1\)/,
      });
    }
  });

  it('never quotes header content in its messages', () => {
    assert.throws(
      () => parseAuthorizationHeader('OAuth secretname=unquoted'),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.doesNotMatch(error.message, /secretname|unquoted/);
        return true;
      },
    );
  });

  it('throws only OAuthVerificationError, whatever the input', () => {
    const pieces = fc.constantFrom(
      'OAuth',
      ' ',
      '\t',
      ',',
      '=',
      '"',
      '\\',
      '%',
      '%4',
      '%41',
      'oauth_nonce',
      'realm',
      'é',
      'a',
      '\u0000',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join('')),
        ),
        (header) => {
          try {
            parseAuthorizationHeader(header);
          } catch (error) {
            assert.ok(error instanceof OAuthVerificationError, String(error));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects a non-string with ERR_INVALID_ARG_TYPE', () => {
    assert.throws(() => parseAuthorizationHeader(undefined as unknown as string), {
      code: 'ERR_INVALID_ARG_TYPE',
    });
  });
});

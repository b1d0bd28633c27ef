import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildBaseStringUri, buildSignatureBaseString } from '../../../src/oauth1/base-string.js';

describe('buildBaseStringUri (RFC 5849 §3.4.1.2)', () => {
  const cases: [string, string][] = [
    ['http://EXAMPLE.COM:80/r%20v/X?id=123', 'http://example.com/r%20v/X'],
    ['https://www.example.net:8080/?q=1', 'https://www.example.net:8080/'],
    ['https://www.example.com:443/', 'https://www.example.com/'],
    ['HTTP://www.example.com:443/', 'http://www.example.com:443/'],
    ['HTTPS://www.example.com:80/', 'https://www.example.com:80/'],
    ['http://www.example.com', 'http://www.example.com/'],
    ['https://www.example.com/path#fragment', 'https://www.example.com/path'],
    [
      'http://127.0.0.1:41234/1.1/statuses/sample.json?delimited=length',
      'http://127.0.0.1:41234/1.1/statuses/sample.json',
    ],
    ['http://[::1]:8080/x', 'http://[::1]:8080/x'],
    ['http://user:pass@example.com/x', 'http://example.com/x'],
    // The path as Node's URL parser sends it: non-ASCII and {} encoded, |[] kept.
    ['https://example.com/ü/{a}|[b]', 'https://example.com/%C3%BC/%7Ba%7D|[b]'],
  ];
  for (const [url, expected] of cases) {
    it(`${url} → ${expected}`, () => {
      assert.equal(buildBaseStringUri(url), expected);
      assert.equal(buildBaseStringUri(new URL(url)), expected);
    });
  }

  it('rejects relative URLs and other schemes', () => {
    assert.throws(() => buildBaseStringUri('/relative'), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => buildBaseStringUri('ftp://example.com/'), {
      code: 'ERR_INVALID_ARG_VALUE',
      message: /http: or https:/,
    });
    assert.throws(() => buildBaseStringUri(7 as unknown as string), {
      code: 'ERR_INVALID_ARG_TYPE',
    });
  });
});

describe('buildSignatureBaseString (RFC 5849 §3.4.1.1)', () => {
  // oauth.net wiki TestCases "Concatenate Request Elements".
  it('joins the upper-case method, the encoded URI and the encoded parameters', () => {
    assert.equal(
      buildSignatureBaseString('get', 'http://example.com/', 'n=v'),
      'GET&http%3A%2F%2Fexample.com%2F&n%3Dv',
    );
  });

  it('encodes a custom method', () => {
    assert.equal(
      buildSignatureBaseString('M-SEARCH', 'http://x/', ''),
      'M-SEARCH&http%3A%2F%2Fx%2F&',
    );
  });

  it('rejects a method that is not an HTTP token', () => {
    assert.throws(() => buildSignatureBaseString('GET /', 'http://x/', ''), {
      code: 'ERR_INVALID_ARG_VALUE',
      message: /HTTP method/,
    });
  });
});

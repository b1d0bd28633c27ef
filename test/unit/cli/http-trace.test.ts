import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { traceRequest, traceResponse, type TraceOutput } from '../../../src/cli/http-trace.js';
import { createTerminalStyle } from '../../../src/cli/terminal-style.js';

function output(showSecrets: boolean): { trace: TraceOutput; text: () => string } {
  let text = '';
  return {
    trace: { write: (chunk) => (text += chunk), style: createTerminalStyle(false), showSecrets },
    text: () => text,
  };
}

const request = {
  method: 'POST',
  url: 'https://api.twitter.com/oauth/access_token',
  headers: {
    authorization:
      'OAuth oauth_consumer_key="ck", oauth_nonce="n", oauth_signature="SIG%3D", oauth_token="t", oauth_verifier="1234567"',
    cookie: 'session=abc',
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: 'status=hi',
  baseString:
    'POST&https%3A%2F%2Fapi.twitter.com%2Foauth%2Faccess_token&oauth_consumer_key%3Dck%26oauth_verifier%3D1234567',
};

describe('traceRequest and traceResponse', () => {
  it('print the exchange with every secret redacted', () => {
    const { trace, text } = output(false);
    traceRequest(trace, request);
    traceResponse(trace, {
      status: 200,
      statusText: 'OK',
      headers: [['set-cookie', 'a=b']],
      body: 'oauth_token=6253282-x&oauth_token_secret=SECRET&screen_name=alice\n',
    });
    assert.equal(
      text(),
      [
        'signature base string (RFC 5849 §3.4.1.1):',
        '  POST&https%3A%2F%2Fapi.twitter.com%2Foauth%2Faccess_token&oauth_consumer_key%3Dck%26oauth_verifier%3D[redacted]',
        '→ POST https://api.twitter.com/oauth/access_token',
        '  authorization: OAuth oauth_consumer_key="ck", oauth_nonce="n", oauth_signature="[redacted]", oauth_token="t", oauth_verifier="[redacted]"',
        '  cookie: [redacted]',
        '  content-type: application/x-www-form-urlencoded',
        '  status=hi',
        '← 200 OK',
        '  set-cookie: [redacted]',
        '  oauth_token=6253282-x&oauth_token_secret=[redacted]&screen_name=alice',
        '',
      ].join('\n'),
    );
    assert.doesNotMatch(text(), /SECRET|SIG|1234567|session/);
  });

  it('redact a Basic or Bearer Authorization header whole', () => {
    const { trace, text } = output(false);
    traceRequest(trace, {
      method: 'GET',
      url: 'https://x/',
      headers: { Authorization: 'Bearer AAAA' },
    });
    assert.equal(text(), '→ GET https://x/\n  Authorization: [redacted]\n');
  });

  it('show everything with --show-secrets', () => {
    const { trace, text } = output(true);
    traceRequest(trace, request);
    assert.match(text(), /oauth_signature="SIG%3D"/);
    assert.match(text(), /oauth_verifier%3D1234567/);
    assert.match(text(), /cookie: session=abc/);
  });
});

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { clockSkewMs, describeClockSkew } from '../../../src/http/clock-skew.js';
import {
  ERROR_BODY_CHARS,
  HttpStatusError,
  summarizeErrorBody,
} from '../../../src/http/http-status-error.js';
import { MAX_ERROR_BODY_BYTES, readErrorBody } from '../../../src/http/response-body.js';
import { authorizationFor } from '../../../src/http/stream-auth.js';

describe('summarizeErrorBody', () => {
  it('reads the service error shapes as one line', () => {
    const cases: [string, string | undefined, string][] = [
      [
        '{"errors":[{"message":"Sorry, that page does not exist","code":34}]}',
        'application/json',
        'Sorry, that page does not exist (code 34)',
      ],
      [
        '{"errors":[{"message":"Rate limit exceeded","code":88},{"message":"Other"}]}',
        'application/json',
        'Rate limit exceeded (code 88)',
      ],
      [
        '{"title":"ConnectionException","detail":"This stream is currently at the maximum allowed connection limit.","connection_issue":"TooManyConnections"}',
        'application/problem+json',
        'ConnectionException: This stream is currently at the maximum allowed connection limit.',
      ],
      [
        'Exceeded connection limit for user\r\n',
        'text/plain',
        'Exceeded connection limit for user',
      ],
      ['{not json at all', 'text/plain', '{not json at all'],
      [
        '<html>\n<head><title>Error 401 Unauthorized</title></head>\n<body><h2>HTTP ERROR: 401</h2>\n<p>Problem accessing &apos;/1.1/statuses/filter.json&apos;. Reason:\n<pre>    Unauthorized</pre></p></body></html>',
        'text/html; charset=utf-8',
        "HTTP ERROR: 401 Problem accessing '/1.1/statuses/filter.json'. Reason: Unauthorized",
      ],
      ['Over capacity &amp; <b>shedding</b> load', 'text/html', 'Over capacity & shedding load'],
      ['oauth_problem=timestamp_refused', 'text/plain', 'timestamp_refused'],
      ['', undefined, ''],
    ];
    for (const [body, contentType, expected] of cases) {
      assert.equal(summarizeErrorBody(Buffer.from(body), contentType), expected, body);
    }
  });

  it('bounds the summary', () => {
    const summary = summarizeErrorBody(Buffer.from('ü'.repeat(1000)), 'text/plain');
    assert.equal(Array.from(summary).length, ERROR_BODY_CHARS + 1);
    assert.ok(summary.endsWith('…'));
  });
});

describe('HttpStatusError', () => {
  it('carries the status, the skew and one line of advice', () => {
    const error = new HttpStatusError({
      status: 503,
      body: '',
      url: 'https://stream.twitter.com/1.1/statuses/sample.json',
    });
    assert.equal(error.code, 'ERR_STREAM_HTTP_STATUS');
    assert.equal(error.status, 503);
    assert.equal(error.name, 'HttpStatusError');
    assert.equal(
      error.message,
      'HTTP 503 Service Unavailable from https://stream.twitter.com/1.1/statuses/sample.json; backing off before the next attempt',
    );
    const skewed = new HttpStatusError({
      status: 401,
      body: 'Unauthorized',
      url: 'u',
      clockSkewMs: -600_000,
    });
    assert.match(
      skewed.message,
      /the server's clock is 600 s behind this machine's, so clock skew is the likely cause/,
    );
    assert.equal(skewed.clockSkewMs, -600_000);
  });
});

describe('clock skew', () => {
  it("reads the server's Date header against our clock", () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    assert.equal(clockSkewMs('Thu, 01 Jan 2026 12:06:52 GMT', now), 412_000);
    assert.equal(clockSkewMs('not a date', now), undefined);
    assert.equal(clockSkewMs(undefined, now), undefined);
    assert.equal(describeClockSkew(29_999), undefined);
    assert.equal(describeClockSkew(30_000), "the server's clock is 30 s ahead of this machine's");
  });
});

describe('authorizationFor', () => {
  it('builds Basic (RFC 7617, UTF-8) and bearer headers', () => {
    const request = { method: 'GET', url: 'https://stream.twitter.com/1.1/statuses/sample.json' };
    assert.equal(
      authorizationFor({ type: 'basic', username: 'Aladdin', password: 'open sesame' }, request),
      'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
    );
    assert.equal(
      authorizationFor({ type: 'bearer', token: 'AAAA%2FAAA' }, request),
      'Bearer AAAA%2FAAA',
    );
  });

  it('signs OAuth 1.0a requests freshly every time', () => {
    const auth = {
      type: 'oauth1',
      credentials: { consumerKey: 'k', consumerSecret: 's', token: 't', tokenSecret: 'ts' },
    } as const;
    const request = { method: 'GET', url: 'https://stream.twitter.com/1.1/statuses/sample.json' };
    const first = authorizationFor(auth, request);
    assert.match(first, /^OAuth .*oauth_signature="/);
    assert.notEqual(authorizationFor(auth, request), first);
  });
});

describe('readErrorBody', () => {
  it('reads at most the bound of an endless body, then closes it', async () => {
    let markClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => {
      markClosed = resolve;
    });
    const server = createServer((_, response) => {
      response.writeHead(503);
      const chunk = Buffer.alloc(1024, 0x61);
      const write = (): void => {
        while (response.write(chunk)) {
          /* fill the socket */
        }
        response.once('drain', write);
      };
      response.on('close', markClosed);
      write();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object');
    const { get } = await import('node:http');
    const body = await new Promise<Buffer>((resolve) => {
      get(`http://127.0.0.1:${address.port}/`, (response) => {
        void readErrorBody(response).then(resolve);
      });
    });
    assert.ok(body.length >= 1024 && body.length <= MAX_ERROR_BODY_BYTES, `${body.length} bytes`);
    await closed;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  });
});

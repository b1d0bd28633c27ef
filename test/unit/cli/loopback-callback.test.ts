import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { startLoopbackCallback } from '../../../src/cli/loopback-callback.js';

/** GETs a URL with an optional Host header; resolves with the status and body. */
function get(url: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const outgoing = request(
      {
        hostname: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        headers: host === undefined ? {} : { host },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('startLoopbackCallback', () => {
  it('listens on 127.0.0.1 and an ephemeral port, and returns the verifier of the right token', async () => {
    const loopback = await startLoopbackCallback();
    try {
      assert.match(loopback.callbackUrl, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      const verifier = loopback.waitForVerifier('temp-token');
      const stale = await get(`${loopback.callbackUrl}?oauth_token=old&oauth_verifier=x`);
      assert.equal(stale.status, 400);
      assert.match(stale.body, /another authorization request/);
      const done = await get(
        `${loopback.callbackUrl}?oauth_token=temp-token&oauth_verifier=v3r1f13r`,
      );
      assert.equal(done.status, 200);
      assert.match(done.body, /<h1>spritzer is authorized<\/h1>/);
      assert.equal(await verifier, 'v3r1f13r');
    } finally {
      await loopback.close();
    }
  });

  it('rejects with ERR_OAUTH_AUTHORIZATION_DENIED when the user denies', async () => {
    const loopback = await startLoopbackCallback();
    try {
      const outcome = assert.rejects(loopback.waitForVerifier('temp-token'), {
        code: 'ERR_OAUTH_AUTHORIZATION_DENIED',
      });
      const denied = await get(`${loopback.callbackUrl}?denied=temp-token`);
      assert.equal(denied.status, 200);
      assert.match(denied.body, /Authorization denied/);
      await outcome;
    } finally {
      await loopback.close();
    }
  });

  it('answers other paths, other hosts and early callbacks without settling', async () => {
    const loopback = await startLoopbackCallback();
    try {
      const early = await get(`${loopback.callbackUrl}?oauth_token=t&oauth_verifier=v`);
      assert.equal(early.status, 409);
      const outcome = assert.rejects(loopback.waitForVerifier('t'), {
        code: 'ERR_OAUTH_VERIFIER_INVALID',
      });
      assert.equal(
        (await get(loopback.callbackUrl.replace('/callback', '/favicon.ico'))).status,
        404,
      );
      const rebound = await get(
        `${loopback.callbackUrl}?oauth_token=t&oauth_verifier=v`,
        'evil.example:80',
      );
      assert.equal(rebound.status, 421);
      const missing = await get(`${loopback.callbackUrl}?oauth_token=t`);
      assert.equal(missing.status, 400);
      await outcome;
    } finally {
      await loopback.close();
      await loopback.close();
    }
  });

  it('stops waiting when aborted or timed out', async () => {
    const controller = new AbortController();
    const loopback = await startLoopbackCallback({ signal: controller.signal });
    const aborted = loopback.waitForVerifier('t');
    controller.abort();
    await assert.rejects(aborted, { message: 'authorization interrupted; nothing was saved' });
    await loopback.close();
    const quick = await startLoopbackCallback({ timeoutMs: 1 });
    await assert.rejects(quick.waitForVerifier('t'), {
      code: 'ERR_AUTHORIZATION_TIMEOUT',
      message: /^no authorization callback within 0 s; run `spritzer authorize --loopback` again/,
    });
    await quick.close();
  });
});

/**
 * The OAuth 1.0a provider on real loopback sockets: the 3-legged flow with a PIN and with a
 * callback, denial, single-use verifiers, the authenticate shortcut, invalidate_token, and every
 * rejection in Twitter's shapes (bad signature, replayed nonce, skewed clock, revoked token).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { signRequest } from '../../../src/oauth1/index.js';
import { fixtureSigner, openStream, send, type Signer } from './support/client.js';
import {
  appSigner,
  decide,
  requestTemporaryCredentials,
  requestTokenCredentials,
} from './support/oauth-dance.js';

describe('OAuth provider', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ rate: 1 });
  });
  after(() => emulator.close());

  it('PIN flow: oob → consent page → 7-digit PIN → access token that works', async () => {
    const temporary = await requestTemporaryCredentials(emulator, 'oob');
    const page = await send(`${emulator.url}/oauth/authorize?oauth_token=${temporary.token}`);
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'] ?? '', /^text\/html/u);
    assert.match(page.body, /<span id="app-name">Spritzer Demo<\/span>/u);
    assert.match(page.body, /<span id="screen-name">@spritzer_dev<\/span>/u);
    assert.match(page.body, /id="allow"[^>]*>Authorize app</u);
    assert.match(page.body, /id="deny"[^>]*>Deny</u);

    const pinPage = await decide(emulator, temporary.token, 'allow');
    assert.equal(pinPage.status, 200);
    const pin = /<code id="oauth_pin">(\d+)<\/code>/u.exec(pinPage.body)?.[1];
    assert.ok(pin, 'a PIN on the page');
    assert.match(pin, /^\d{7}$/u);

    const reply = await requestTokenCredentials(emulator, temporary, pin);
    assert.equal(reply.status, 200, reply.body);
    const token = new URLSearchParams(reply.body);
    assert.deepEqual(
      [...token.keys()],
      ['oauth_token', 'oauth_token_secret', 'user_id', 'screen_name'],
    );
    assert.equal(token.get('user_id'), emulator.fixtures.userId);
    assert.equal(token.get('screen_name'), 'spritzer_dev');
    assert.match(token.get('oauth_token') ?? '', new RegExp(`^${emulator.fixtures.userId}-`, 'u'));

    const signer: Signer = {
      ...appSigner(emulator),
      token: token.get('oauth_token') ?? '',
      tokenSecret: token.get('oauth_token_secret') ?? '',
    };
    const me = await send(`${emulator.url}/1.1/account/verify_credentials.json`, { signer });
    assert.equal(me.status, 200, me.body);
    const user = JSON.parse(me.body) as { id_str: string; screen_name: string };
    assert.equal(user.id_str, emulator.fixtures.userId);
    assert.equal(user.screen_name, 'spritzer_dev');

    // "PIN numbers are not reusable."
    const again = await requestTokenCredentials(emulator, temporary, pin);
    assert.equal(again.status, 401);
    assert.deepEqual(JSON.parse(again.body), {
      errors: [{ code: 89, message: 'Invalid or expired token.' }],
    });
  });

  it('callback flow: Authorize redirects with oauth_token and oauth_verifier', async () => {
    const callback = 'http://127.0.0.1:9/callback?state=xyz';
    const temporary = await requestTemporaryCredentials(emulator, callback);
    const redirect = await decide(emulator, temporary.token, 'allow');
    assert.equal(redirect.status, 302);
    const location = new URL(redirect.headers.location ?? '');
    assert.equal(location.origin + location.pathname, 'http://127.0.0.1:9/callback');
    assert.equal(location.searchParams.get('state'), 'xyz');
    assert.equal(location.searchParams.get('oauth_token'), temporary.token);
    const verifier = location.searchParams.get('oauth_verifier') ?? '';
    assert.match(verifier, /^[A-Za-z0-9]{32}$/u);

    const wrong = await requestTokenCredentials(emulator, temporary, 'not-the-verifier');
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers['content-type'] ?? '', /^text\/plain/u);
    assert.equal(
      wrong.body,
      'Error processing your OAuth request: Invalid oauth_verifier parameter',
    );

    const reply = await requestTokenCredentials(emulator, temporary, verifier);
    assert.equal(reply.status, 200, reply.body);
    assert.equal((await requestTokenCredentials(emulator, temporary, verifier)).status, 401);
  });

  it('Deny redirects with denied=<token>; oob shows a page; the token is then gone', async () => {
    const temporary = await requestTemporaryCredentials(emulator, 'http://localhost:9/cb');
    const redirect = await decide(emulator, temporary.token, 'deny');
    assert.equal(redirect.status, 302);
    const location = new URL(redirect.headers.location ?? '');
    assert.equal(location.searchParams.get('denied'), temporary.token);
    assert.equal(location.searchParams.get('oauth_verifier'), null);
    const page = await send(`${emulator.url}/oauth/authorize?oauth_token=${temporary.token}`);
    assert.equal(page.status, 401);
    assert.match(page.body, /The request token for this page is invalid/u);

    const oob = await requestTemporaryCredentials(emulator, 'oob');
    const denied = await decide(emulator, oob.token, 'deny');
    assert.equal(denied.status, 200);
    assert.match(denied.body, /id="denied"/u);
  });

  it('authenticate skips the page once the user has approved the app (unless force_login)', async (t) => {
    // A fresh emulator: no approval yet.
    const emulator = await startEmulator({ rate: 1 });
    t.after(() => emulator.close());
    const first = await requestTemporaryCredentials(emulator, 'http://127.0.0.1:9/cb');
    const redirect = await decide(emulator, first.token, 'allow', '/oauth/authenticate');
    const verifier = new URL(redirect.headers.location ?? '').searchParams.get('oauth_verifier');
    assert.equal((await requestTokenCredentials(emulator, first, verifier ?? '')).status, 200);

    const second = await requestTemporaryCredentials(emulator, 'http://127.0.0.1:9/cb');
    const direct = await send(`${emulator.url}/oauth/authenticate?oauth_token=${second.token}`);
    assert.equal(direct.status, 302);
    assert.ok(new URL(direct.headers.location ?? '').searchParams.get('oauth_verifier'));

    const third = await requestTemporaryCredentials(emulator, 'http://127.0.0.1:9/cb');
    const forced = await send(
      `${emulator.url}/oauth/authenticate?oauth_token=${third.token}&force_login=true`,
    );
    assert.equal(forced.status, 200);
  });

  it('a forged consent post (wrong authenticity token) is refused', async () => {
    const temporary = await requestTemporaryCredentials(emulator, 'oob');
    const forged = await send(`${emulator.url}/oauth/authorize`, {
      form: { oauth_token: temporary.token, authenticity_token: 'forged', decision: 'allow' },
    });
    assert.equal(forged.status, 403);
  });

  it('request_token: callback required (400, 215); unapproved callback 403 with XML code 415', async () => {
    const missing = await send(`${emulator.url}/oauth/request_token`, {
      method: 'POST',
      signer: appSigner(emulator),
    });
    assert.equal(missing.status, 400);
    assert.deepEqual(JSON.parse(missing.body), {
      errors: [{ code: 215, message: 'Bad Authentication data.' }],
    });
    const unapproved = await send(`${emulator.url}/oauth/request_token`, {
      method: 'POST',
      signer: appSigner(emulator),
      sign: { callback: 'https://example.com/callback' },
    });
    assert.equal(unapproved.status, 403);
    assert.equal(
      unapproved.body,
      "<?xml version='1.0' encoding='UTF-8'?><errors><error code=\"415\">Callback URL not approved for this client application. Approved callback URLs can be adjusted in your application settings</error></errors>",
    );
  });

  it('invalidate_token answers {"access_token":…}; the token then fails with code 89', async () => {
    const temporary = await requestTemporaryCredentials(emulator, 'oob');
    const pin = /<code id="oauth_pin">(\d+)</u.exec(
      (await decide(emulator, temporary.token, 'allow')).body,
    )?.[1];
    const issued = new URLSearchParams(
      (await requestTokenCredentials(emulator, temporary, pin ?? '')).body,
    );
    const signer: Signer = {
      ...appSigner(emulator),
      token: issued.get('oauth_token') ?? '',
      tokenSecret: issued.get('oauth_token_secret') ?? '',
    };
    const reply = await send(`${emulator.url}/1.1/oauth/invalidate_token`, {
      method: 'POST',
      signer,
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(JSON.parse(reply.body), { access_token: signer.token });
    const after = await send(`${emulator.url}/1.1/account/verify_credentials.json`, { signer });
    assert.equal(after.status, 401);
    assert.deepEqual(JSON.parse(after.body), {
      errors: [{ code: 89, message: 'Invalid or expired token.' }],
    });
    const stream = await openStream(`${emulator.url}/1.1/statuses/sample.json`, { signer });
    assert.equal(stream.response.statusCode, 401);
    stream.destroy();
  });
});

describe('OAuth rejections', () => {
  const skewedByMs = 3_600_000;
  let emulator: RunningEmulator;
  before(async () => {
    // The emulator's clock runs an hour ahead of the client's: a clock-skew setup.
    emulator = await startEmulator({ rate: 1, timestampWindowSec: 300 });
  });
  after(() => emulator.close());

  const verifyCredentials = (signer: Signer, sign = {}) =>
    send(`${emulator.url}/1.1/account/verify_credentials.json`, { signer, sign });

  it('a bad signature: 401 code 32, with the reason in a debugging header', async () => {
    const signer = { ...fixtureSigner(emulator), consumerSecret: 'wrong' };
    const reply = await verifyCredentials(signer);
    assert.equal(reply.status, 401);
    assert.deepEqual(JSON.parse(reply.body), {
      errors: [{ code: 32, message: 'Could not authenticate you.' }],
    });
    assert.match(
      String(reply.headers['x-spritzer-oauth-problem']),
      /^ERR_OAUTH_SIGNATURE_MISMATCH/u,
    );
    assert.ok(reply.headers.date);
  });

  it('a replayed nonce: the first request passes, the identical second gets 401 code 32', async () => {
    const sign = { nonce: 'replayed-nonce-1234', timestamp: Math.floor(Date.now() / 1000) };
    assert.equal((await verifyCredentials(fixtureSigner(emulator), sign)).status, 200);
    const replay = await verifyCredentials(fixtureSigner(emulator), sign);
    assert.equal(replay.status, 401);
    assert.equal(errorCode(replay.body), 32);
    assert.match(String(replay.headers['x-spritzer-oauth-problem']), /^ERR_OAUTH_NONCE_REPLAYED/u);
  });

  it('a skewed clock: 401 code 135 "Timestamp out of bounds."; the Date header shows the server clock', async () => {
    const timestamp = Math.floor((Date.now() - skewedByMs) / 1000);
    const reply = await verifyCredentials(fixtureSigner(emulator), { timestamp });
    assert.equal(reply.status, 401);
    assert.deepEqual(JSON.parse(reply.body), {
      errors: [{ code: 135, message: 'Timestamp out of bounds.' }],
    });
    const serverClock = Date.parse(String(reply.headers.date));
    assert.ok(Math.abs(serverClock - Date.now()) < 60_000, 'Date is the server clock');
    assert.ok(serverClock - timestamp * 1000 > 300_000, 'the skew is visible from the Date header');
  });

  it('on the stream host every failure is the Jetty 401 page', async () => {
    const signer = { ...fixtureSigner(emulator), tokenSecret: 'wrong' };
    const stream = await openStream(`${emulator.url}/1.1/statuses/filter.json?track=x`, { signer });
    assert.equal(stream.response.statusCode, 401);
    await stream.closed();
    assert.equal(
      stream.body().toString('utf8'),
      '<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>\n' +
        '<title>Error 401 Unauthorized</title>\n</head>\n<body>\n<h2>HTTP ERROR: 401</h2>\n' +
        "<p>Problem accessing '/1.1/statuses/filter.json'. Reason:\n<pre>    Unauthorized</pre>\n</body>\n</html>\n",
    );
  });

  it('accepts the protocol parameters in the query or the form body, not in two places', async () => {
    const url = `${emulator.url}/1.1/account/verify_credentials.json`;
    const signed = signRequest({ method: 'GET', url }, fixtureSigner(emulator));
    const pairs = (parameters: readonly (readonly [string, string])[]): [string, string][] =>
      parameters.map(([name, value]) => [name, value]);
    const query = new URLSearchParams(pairs(signed.oauthParameters));
    assert.equal((await send(`${url}?${query.toString()}`)).status, 200, 'query');

    const update = `${emulator.url}/1.1/statuses/update.json`;
    const form: [string, string][] = [['status', 'signed in the body']];
    const inBody = signRequest({ method: 'POST', url: update, form }, fixtureSigner(emulator));
    const body = new URLSearchParams([...form, ...pairs(inBody.oauthParameters)]).toString();
    const reply = await send(update, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    assert.equal(reply.status, 200, reply.body);

    const twice = signRequest({ method: 'GET', url }, fixtureSigner(emulator));
    const both = await send(`${url}?oauth_nonce=extra`, {
      headers: { authorization: twice.authorization },
    });
    assert.equal(both.status, 400);
    assert.equal(errorCode(both.body), 215);
  });

  it('no credentials at all: 400 code 215; an unknown path: 404 code 34', async () => {
    const bare = await send(`${emulator.url}/1.1/account/verify_credentials.json`);
    assert.equal(bare.status, 400);
    assert.equal(errorCode(bare.body), 215);
    const unknown = await send(`${emulator.url}/1.1/nothing/here.json`);
    assert.equal(unknown.status, 404);
    assert.equal(
      unknown.body,
      '{"errors":[{"message":"Sorry, that page does not exist","code":34}]}',
    );
    assert.ok(unknown.headers.date);
  });
});

function errorCode(body: string): number | undefined {
  return (JSON.parse(body) as { errors: { code: number }[] }).errors[0]?.code;
}

/**
 * The whole 3-legged flow against a small provider on a real loopback socket, built on our own
 * verifyRequest, through the global fetch.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  buildAuthorizationUrl,
  createMemoryNonceStore,
  OAuthProviderError,
  OAuthVerificationError,
  processAuthorizationCallback,
  processTemporaryCredentialsResponse,
  processTokenCredentialsResponse,
  requestTemporaryCredentials,
  requestTokenCredentials,
  verifyRequest,
  type TokenRecord,
} from '../../../../src/oauth1/index.js';
import type { ProviderResponse } from '../../../../src/oauth1/index.js';

const client = { consumerKey: 'dpf43f3p2l4k3l03', consumerSecret: 'kd94hf93k423kf44' };
const temporary = {
  token: 'hh5s93j4hdidpola',
  secret: 'hdhd0244k9j7ao03',
  verifier: 'hfdp7dh39dks9884',
};
const access = { token: '6253282-nnch734d00sl2jdk', secret: 'pfkkdhi9sl3r4s00' };

/** What the test provider answers to request_token, when the test overrides it. */
let requestTokenAnswer: { status: number; type: string; body: string } | undefined;
const seen: {
  callback?: string | undefined;
  accessType?: string | undefined;
  verifier?: string | undefined;
} = {};

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return body;
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  origin: string,
): Promise<void> {
  const tokens = new Map<string, TokenRecord>([
    [temporary.token, { secret: temporary.secret, consumerKey: client.consumerKey }],
  ]);
  const form =
    request.headers['content-type'] === 'application/x-www-form-urlencoded'
      ? await readBody(request)
      : undefined;
  const path = new URL(request.url ?? '/', origin).pathname;
  if (path === '/oauth/request_token' && requestTokenAnswer !== undefined) {
    response
      .writeHead(requestTokenAnswer.status, { 'content-type': requestTokenAnswer.type })
      .end(requestTokenAnswer.body);
    return;
  }
  if (path === '/redirect') {
    response.writeHead(302, { location: '/oauth/request_token' }).end();
    return;
  }
  try {
    const verified = await verifyRequest(
      {
        method: request.method ?? 'GET',
        url: `${origin}${request.url ?? '/'}`,
        authorization: request.headers.authorization,
        form,
      },
      {
        lookupConsumer: (key) =>
          key === client.consumerKey ? { secret: client.consumerSecret } : undefined,
        lookupToken: (token) => tokens.get(token),
        nonceStore: createMemoryNonceStore(),
        requireToken: path !== '/oauth/request_token',
      },
    );
    if (path === '/oauth/request_token') {
      seen.callback = verified.oauthParameters.get('oauth_callback');
      seen.accessType = new URLSearchParams(form).get('x_auth_access_type') ?? undefined;
      response
        .writeHead(200, { 'content-type': 'application/x-www-form-urlencoded' })
        .end(
          `oauth_token=${temporary.token}&oauth_token_secret=${temporary.secret}&oauth_callback_confirmed=true`,
        );
      return;
    }
    seen.verifier = verified.oauthParameters.get('oauth_verifier');
    if (seen.verifier !== temporary.verifier) {
      response
        .writeHead(401, { 'content-type': 'text/plain' })
        .end('Error processing your OAuth request: Invalid oauth_verifier parameter');
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        `oauth_token=${access.token}&oauth_token_secret=${access.secret}&user_id=6253282&screen_name=twitterapi`,
      );
  } catch (error) {
    if (!(error instanceof OAuthVerificationError)) throw error;
    response
      .writeHead(error.status, { 'content-type': 'application/json' })
      .end(JSON.stringify({ errors: [{ code: error.twitterCode, message: error.message }] }));
  }
}

let server: Server;
let origin = '';

before(async () => {
  server = createServer((request, response) => {
    handle(request, response, origin).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
});

describe('the 3-legged flow (RFC 5849 §2) against a loopback provider', () => {
  it('gets temporary credentials, builds the authorization URL, reads the callback, gets token credentials', async () => {
    requestTokenAnswer = undefined;
    const temporaryCredentials = await processTemporaryCredentialsResponse(
      await requestTemporaryCredentials(`${origin}/oauth/request_token`, client, {
        callback: 'http://127.0.0.1:9/callback',
        parameters: [['x_auth_access_type', 'read']],
      }),
    );
    assert.deepEqual(temporaryCredentials, {
      token: temporary.token,
      tokenSecret: temporary.secret,
      callbackConfirmed: true,
      extra: {},
    });
    assert.equal(seen.callback, 'http://127.0.0.1:9/callback');
    assert.equal(seen.accessType, 'read');

    const authorizationUrl = buildAuthorizationUrl(
      `${origin}/oauth/authorize?force_login=true`,
      temporaryCredentials.token,
      [['screen_name', 'twitter api']],
    );
    assert.equal(
      authorizationUrl,
      `${origin}/oauth/authorize?force_login=true&oauth_token=${temporary.token}&screen_name=twitter+api`,
    );

    const { verifier } = processAuthorizationCallback(
      `http://127.0.0.1:9/callback?oauth_token=${temporary.token}&oauth_verifier=${temporary.verifier}`,
      temporaryCredentials.token,
    );
    const tokenCredentials = await processTokenCredentialsResponse(
      await requestTokenCredentials(`${origin}/oauth/access_token`, client, temporaryCredentials, {
        verifier,
      }),
    );
    assert.equal(seen.verifier, temporary.verifier);
    assert.equal(tokenCredentials.token, access.token);
    assert.equal(tokenCredentials.tokenSecret, access.secret);
    assert.deepEqual(tokenCredentials.extra, { user_id: '6253282', screen_name: 'twitterapi' });
  });

  it('surfaces a wrong verifier as OAuthProviderError with the plain-text message', async () => {
    const response = await requestTokenCredentials(
      `${origin}/oauth/access_token`,
      client,
      {
        token: temporary.token,
        tokenSecret: temporary.secret,
      },
      { verifier: 'wrong' },
    );
    await assert.rejects(processTokenCredentialsResponse(response), (error: unknown) => {
      assert.ok(error instanceof OAuthProviderError);
      assert.equal(error.status, 401);
      assert.equal(error.providerCode, undefined);
      assert.equal(
        error.providerMessage,
        'Error processing your OAuth request: Invalid oauth_verifier parameter',
      );
      assert.match(
        error.message,
        /^the provider answered 401 to the token-credentials request: Error processing/,
      );
      assert.doesNotMatch(error.message, /wrong|hdhd0244/);
      return true;
    });
  });

  it('surfaces a bad signature as OAuthProviderError with the JSON code', async () => {
    requestTokenAnswer = undefined;
    const response = await requestTemporaryCredentials(
      `${origin}/oauth/request_token`,
      { ...client, consumerSecret: 'wrong' },
      { callback: 'oob' },
    );
    await assert.rejects(processTemporaryCredentialsResponse(response), {
      name: 'OAuthProviderError',
      code: 'ERR_OAUTH_PROVIDER_RESPONSE',
      status: 401,
      providerCode: 32,
    });
  });

  it('surfaces an XML refusal with its code', async () => {
    requestTokenAnswer = {
      status: 403,
      type: 'application/xml',
      body: '<?xml version="1.0" encoding="UTF-8"?><errors><error code="415">Callback URL not approved for this client application.</error></errors>',
    };
    const response = await requestTemporaryCredentials(`${origin}/oauth/request_token`, client, {
      callback: 'https://example.com/cb',
    });
    await assert.rejects(processTemporaryCredentialsResponse(response), {
      status: 403,
      providerCode: 415,
      providerMessage: 'Callback URL not approved for this client application.',
    });
  });

  it('refuses to go on without oauth_callback_confirmed=true (RFC 5849 §2.1)', async () => {
    requestTokenAnswer = {
      status: 200,
      type: 'text/html',
      body: 'oauth_token=a&oauth_token_secret=b',
    };
    const response = await requestTemporaryCredentials(`${origin}/oauth/request_token`, client, {
      callback: 'oob',
    });
    await assert.rejects(processTemporaryCredentialsResponse(response), {
      code: 'ERR_OAUTH_CALLBACK_NOT_CONFIRMED',
      message: /oauth_callback_confirmed=true \(RFC 5849 §2\.1\)/,
    });
  });

  for (const [what, body, message] of [
    [
      'no oauth_token',
      'oauth_token_secret=b&oauth_callback_confirmed=true',
      /has no oauth_token \(RFC 5849 §2\.1\)/,
    ],
    [
      'no oauth_token_secret',
      'oauth_token=a&oauth_callback_confirmed=true',
      /has no oauth_token_secret/,
    ],
    [
      'a repeated oauth_token',
      'oauth_token=a&oauth_token=c&oauth_token_secret=b&oauth_callback_confirmed=true',
      /gives oauth_token twice/,
    ],
    [
      'a malformed escape',
      'oauth_token=a&oauth_token_secret=SECRET%zz&oauth_callback_confirmed=true',
      /is not form-encoded/,
    ],
  ] as const) {
    it(`rejects a success answer with ${what}, never quoting the body`, async () => {
      requestTokenAnswer = { status: 200, type: 'application/x-www-form-urlencoded', body };
      const response = await requestTemporaryCredentials(`${origin}/oauth/request_token`, client, {
        callback: 'oob',
      });
      await assert.rejects(processTemporaryCredentialsResponse(response), (error: unknown) => {
        assert.ok(error instanceof OAuthProviderError);
        assert.equal(error.status, 200);
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, /SECRET|oauth_token_secret=/);
        return true;
      });
    });
  }

  it('does not follow a redirect (it would change the signed request)', async () => {
    const response = await requestTemporaryCredentials(`${origin}/redirect`, client, {
      callback: 'oob',
    });
    await assert.rejects(processTemporaryCredentialsResponse(response), { status: 302 });
  });

  it('sends through an injected fetch, with the signal', async () => {
    const controller = new AbortController();
    const calls: { url: string; init: unknown }[] = [];
    const fakeResponse: ProviderResponse = {
      status: 200,
      headers: new Headers(),
      text: () =>
        Promise.resolve('oauth_token=t&oauth_token_secret=s&oauth_callback_confirmed=true&extra=1'),
    };
    const response = await requestTemporaryCredentials(
      'https://api.twitter.com/oauth/request_token',
      client,
      {
        callback: 'oob',
        fetch: (url, init) => {
          calls.push({ url, init });
          return Promise.resolve(fakeResponse);
        },
        signal: controller.signal,
        nonce: 'n',
        timestamp: 1,
      },
    );
    assert.deepEqual((await processTemporaryCredentialsResponse(response)).extra, { extra: '1' });
    assert.equal(calls.length, 1);
    const init = calls[0]?.init as {
      method: string;
      headers: Record<string, string>;
      signal: AbortSignal;
      redirect: string;
      body?: string;
    };
    assert.equal(calls[0]?.url, 'https://api.twitter.com/oauth/request_token');
    assert.equal(init.method, 'POST');
    assert.equal(init.signal, controller.signal);
    assert.equal(init.redirect, 'manual');
    assert.equal(init.body, undefined);
    assert.match(
      init.headers.authorization ?? '',
      /^OAuth oauth_callback="oob", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_nonce="n"/,
    );
  });

  it('rejects a callback that is neither an absolute URL nor "oob", and an empty verifier', () => {
    assert.throws(
      () =>
        requestTemporaryCredentials(`${origin}/oauth/request_token`, client, { callback: 'OOB' }),
      {
        code: 'ERR_INVALID_ARG_VALUE',
        message: /absolute URL or "oob"/,
      },
    );
    assert.throws(
      () =>
        requestTokenCredentials(
          `${origin}/oauth/access_token`,
          client,
          { token: 't', tokenSecret: 's' },
          { verifier: '' },
        ),
      { code: 'ERR_INVALID_ARG_VALUE', message: /oauth_verifier/ },
    );
  });
});

describe('processAuthorizationCallback (RFC 5849 §2.2)', () => {
  it('returns the verifier of a callback for our token, any scheme', () => {
    assert.deepEqual(
      processAuthorizationCallback('myapp://done?oauth_token=t&oauth_verifier=v', 't'),
      { verifier: 'v' },
    );
  });

  it('reports a denial (Twitter: ?denied=<token>)', () => {
    assert.throws(() => processAuthorizationCallback('http://127.0.0.1:9/cb?denied=t', 't'), {
      code: 'ERR_OAUTH_AUTHORIZATION_DENIED',
      message: /denied/,
    });
  });

  it('rejects a callback for another token, or without a verifier', () => {
    assert.throws(
      () =>
        processAuthorizationCallback('http://127.0.0.1:9/cb?oauth_token=x&oauth_verifier=v', 't'),
      {
        code: 'ERR_OAUTH_TOKEN_INVALID',
      },
    );
    assert.throws(() => processAuthorizationCallback('http://127.0.0.1:9/cb?oauth_token=t', 't'), {
      code: 'ERR_OAUTH_VERIFIER_INVALID',
      message: /no oauth_verifier/,
    });
  });
});

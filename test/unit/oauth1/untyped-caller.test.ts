import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { SpritzerError } from '../../../src/errors.js';
import {
  processTemporaryCredentialsResponse,
  processTokenCredentialsResponse,
  requestTemporaryCredentials,
  requestTokenCredentials,
  createMemoryNonceStore,
  processAuthorizationCallback,
  signRequest,
  verifyRequest,
} from '../../../src/oauth1/index.js';

const client = { consumerKey: 'key', consumerSecret: 'secret' };
const endpoint = 'https://api.twitter.com/oauth/request_token';
/** Never called: every case fails before sending. */
const fetch = (): never => assert.fail('nothing should be sent');
const call = (fn: (...args: never[]) => unknown, ...args: unknown[]): unknown =>
  (fn as (...given: unknown[]) => unknown)(...args);

describe('signRequest: keys it does not know', () => {
  it('refuses request.body (it would go unsigned) and points to request.form', () => {
    assert.throws(
      () => call(signRequest, { method: 'POST', url: 'https://x/', body: 'status=hi' }, client),
      {
        code: 'ERR_INVALID_ARG_VALUE',
        message:
          /^The "request\.body" argument is not a field of the request; a form body to sign goes in request\.form \(a string or \[name, value\] pairs\), and a JSON body is not signed/,
      },
    );
  });

  it('refuses an unknown signing option, with the option a snake_case name meant', () => {
    assert.throws(
      () =>
        call(signRequest, { method: 'GET', url: 'https://x/' }, client, {
          signature_method: 'PLAINTEXT',
        }),
      {
        code: 'ERR_INVALID_ARG_VALUE',
        message:
          /^The "options\.signature_method" argument is not a signing option; did you mean signatureMethod\? they are signatureMethod, privateKey, realm, /,
      },
    );
    assert.throws(
      () => call(signRequest, { method: 'GET', url: 'https://x/' }, client, { tokenSecret: 's' }),
      {
        code: 'ERR_INVALID_ARG_VALUE',
        message: /"options\.tokenSecret" argument is not a signing option/,
      },
    );
  });
});

describe('the 3-legged flow: arguments of the wrong shape', () => {
  it('requestTemporaryCredentials names a missing options object and a fetch that is not a function', () => {
    assert.throws(() => call(requestTemporaryCredentials, endpoint, client), {
      code: 'ERR_INVALID_ARG_TYPE',
      message:
        /^The "options" argument must be an object \{ callback: 'oob' or an absolute URL, … \}; received type undefined$/,
    });
    assert.throws(
      () => call(requestTemporaryCredentials, endpoint, undefined, { callback: 'oob' }),
      {
        code: 'ERR_INVALID_ARG_TYPE',
        message: /^The "credentials" argument must be an object \{ consumerKey, consumerSecret \}/,
      },
    );
    assert.throws(
      () => call(requestTemporaryCredentials, endpoint, client, { callback: 'oob', fetch: 5 }),
      {
        code: 'ERR_INVALID_ARG_TYPE',
        message: /^The "options\.fetch" argument must be a fetch-shaped function/,
      },
    );
  });

  it('requestTokenCredentials names the temporary credentials and the options', () => {
    const temporary = { token: 't', tokenSecret: 's' };
    assert.throws(() => call(requestTokenCredentials, endpoint, client, temporary), {
      code: 'ERR_INVALID_ARG_TYPE',
      message:
        /^The "options" argument must be an object \{ verifier, … \}; received type undefined$/,
    });
    assert.throws(
      () => call(requestTokenCredentials, endpoint, client, 't', { verifier: '1', fetch }),
      {
        code: 'ERR_INVALID_ARG_TYPE',
        message: /^The "temporary" argument must be an object \{ token, tokenSecret \}/,
      },
    );
    assert.throws(
      () =>
        call(
          requestTokenCredentials,
          endpoint,
          client,
          { oauth_token: 't' },
          { verifier: '1', fetch },
        ),
      {
        code: 'ERR_INVALID_ARG_TYPE',
        message: /^The "temporary\.token" argument must be a non-empty string/,
      },
    );
  });

  it('process…Response refuses what is not a Response, and says to await a Promise', async () => {
    const pending = Promise.resolve(new Response('oauth_token=a&oauth_token_secret=b'));
    await assert.rejects(
      () => call(processTemporaryCredentialsResponse, pending) as Promise<unknown>,
      {
        code: 'ERR_INVALID_ARG_TYPE',
        message:
          /^The "response" argument must be the Response requestTemporaryCredentials resolved with, not the Promise \(await it/,
      },
    );
    await assert.rejects(
      () =>
        call(
          processTokenCredentialsResponse,
          'oauth_token=a&oauth_token_secret=b',
        ) as Promise<unknown>,
      {
        code: 'ERR_INVALID_ARG_TYPE',
        message:
          /^The "response" argument must be the Response requestTokenCredentials resolved with; received type string$/,
      },
    );
  });
});

describe('verifyRequest: keys it does not know', () => {
  const options = {
    lookupConsumer: () => undefined,
    lookupToken: () => undefined,
    nonceStore: createMemoryNonceStore(),
  };
  const signed = signRequest({ method: 'GET', url: 'https://x/' }, client);

  it('refuses request.headers (answered "no OAuth parameters" before) and says where the header goes', async () => {
    await assert.rejects(
      () =>
        call(
          verifyRequest,
          { method: 'GET', url: signed.url, headers: { authorization: signed.authorization } },
          options,
        ) as Promise<unknown>,
      {
        code: 'ERR_INVALID_ARG_VALUE',
        message:
          /^The "request\.headers" argument is not a field of the request; pass the Authorization header as request\.authorization/,
      },
    );
  });

  it("says how to make a server's req.url (a path) absolute", async () => {
    await assert.rejects(
      verifyRequest(
        {
          method: 'GET',
          url: '/1.1/statuses/sample.json?x=1',
          authorization: signed.authorization,
        },
        options,
      ),
      {
        code: 'ERR_INVALID_ARG_VALUE',
        message:
          /^The "request\.url" argument must be an absolute http: or https: URL, not a path \(a server's req\.url\): add the scheme and Host the client used, e\.g\. new URL\(req\.url, `https:\/\/\$\{req\.headers\.host\}`\)$/,
      },
    );
  });

  it('refuses an unknown option instead of verifying with the default', async () => {
    await assert.rejects(
      () =>
        call(
          verifyRequest,
          { method: 'GET', url: signed.url, authorization: signed.authorization },
          { ...options, timestamp_window_sec: 5 },
        ) as Promise<unknown>,
      {
        code: 'ERR_INVALID_ARG_VALUE',
        message:
          /^The "options\.timestamp_window_sec" argument is not a verification option; did you mean timestampWindowSec\? they are lookupConsumer, /,
      },
    );
  });
});

describe('processAuthorizationCallback: what a server hands it', () => {
  it('says how to make a path and query (req.url) absolute, without quoting the verifier', () => {
    assert.throws(
      () => processAuthorizationCallback('/callback?oauth_token=t&oauth_verifier=secret', 't'),
      {
        code: 'ERR_INVALID_ARG_VALUE',
        message:
          /^The "callbackUrl" argument must be an absolute URL, not a path and query \(a server's req\.url\): pass new URL\(req\.url, 'http:\/\/localhost'\)$/,
      },
    );
    assert.throws(
      () => call(processAuthorizationCallback, { oauth_token: 't', oauth_verifier: 'v' }, 't'),
      {
        code: 'ERR_INVALID_ARG_TYPE',
        message:
          /^The "callbackUrl" argument must be the callback request's absolute URL \(a string or a URL\); received type object$/,
      },
    );
    assert.deepEqual(
      processAuthorizationCallback(
        new URL('/callback?oauth_token=t&oauth_verifier=v', 'http://localhost'),
        't',
      ),
      { verifier: 'v' },
    );
  });
});

describe('createMemoryNonceStore: options it does not know', () => {
  it('refuses them instead of keeping the default bound', () => {
    assert.throws(() => call(createMemoryNonceStore, { max: 5 }), {
      code: 'ERR_INVALID_ARG_VALUE',
      message: /^The "options\.max" argument is not a nonce store option; they are maxEntries$/,
    });
    assert.throws(() => call(createMemoryNonceStore, 5), {
      code: 'ERR_INVALID_ARG_TYPE',
      message:
        /^The "options" argument must be an object \{ maxEntries\? \}; received type number$/,
    });
  });
});

describe('the 3-legged flow: a provider that does not answer', () => {
  it('rejects with ERR_OAUTH_PROVIDER_UNREACHABLE naming the endpoint and the cause, not "fetch failed"', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    const url = `http://127.0.0.1:${port}/oauth/request_token`;
    const rejection = requestTemporaryCredentials(url, client, { callback: 'oob' });
    await assert.rejects(rejection, {
      name: 'ProviderUnreachableError',
      code: 'ERR_OAUTH_PROVIDER_UNREACHABLE',
      message: `POST http://127.0.0.1:${port}/oauth/request_token got no answer (ECONNREFUSED); check the endpoint URL and that the provider is reachable`,
      method: 'POST',
      endpoint: `http://127.0.0.1:${port}/oauth/request_token`,
      reason: 'ECONNREFUSED',
    });
    await assert.rejects(rejection, (error: unknown) => error instanceof SpritzerError);
  });

  it('lets an abort through unchanged', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      requestTemporaryCredentials('http://127.0.0.1:9/oauth/request_token', client, {
        callback: 'oob',
        signal: controller.signal,
      }),
      { name: 'AbortError' },
    );
  });
});

import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  createMemoryNonceStore,
  OAuthVerificationError,
  parseAuthorizationHeader,
  percentEncode,
  signRequest,
  verifyRequest,
  type NonceStore,
  type OAuthVerificationErrorCode,
  type ReceivedRequest,
  type SignatureMethod,
  type SignOptions,
  type VerifyRequestOptions,
} from '../../../src/oauth1/index.js';
import { twitterCredentials, twitterNonce, twitterRequest, twitterTimestamp } from './fixtures.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const privateKeyPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKeyPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const nowMs = twitterTimestamp * 1000;

/** A provider knowing the Twitter example's consumer and token, and one other consumer. */
function providerOptions(overrides: Partial<VerifyRequestOptions> = {}): VerifyRequestOptions {
  return {
    lookupConsumer: (key) =>
      key === twitterCredentials.consumerKey
        ? { secret: twitterCredentials.consumerSecret, publicKey: publicKeyPem }
        : key === 'other-consumer'
          ? { secret: 'other-secret' }
          : undefined,
    lookupToken: (token) =>
      token === twitterCredentials.token
        ? {
            secret: twitterCredentials.tokenSecret ?? '',
            consumerKey: twitterCredentials.consumerKey,
          }
        : token === 'token-of-other'
          ? { secret: 'x', consumerKey: 'other-consumer' }
          : undefined,
    nonceStore: createMemoryNonceStore(),
    now: () => nowMs,
    signatureMethods: ['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1', 'PLAINTEXT'],
    ...overrides,
  };
}

/** The Twitter example, signed by our client, as the provider receives it. */
function signedTwitterRequest(options: SignOptions = {}): ReceivedRequest {
  const signed = signRequest(twitterRequest, twitterCredentials, {
    nonce: twitterNonce,
    timestamp: twitterTimestamp,
    ...options,
  });
  return {
    method: 'POST',
    url: twitterRequest.url,
    authorization: signed.authorization,
    form: twitterRequest.form,
  };
}

/** Moves the header's protocol parameters into the query or the form body. */
function moveProtocolParameters(request: ReceivedRequest, to: 'query' | 'form'): ReceivedRequest {
  const { parameters } = parseAuthorizationHeader(request.authorization ?? '');
  const encoded = parameters.map(([name, value]) => `${name}=${percentEncode(value)}`).join('&');
  if (to === 'form') {
    return { method: request.method, url: request.url, form: `${request.form ?? ''}&${encoded}` };
  }
  return { method: request.method, url: `${String(request.url)}&${encoded}`, form: request.form };
}

/** Replaces one protocol parameter in the header (or removes it with `undefined`). */
function withHeaderParameter(
  request: ReceivedRequest,
  name: string,
  value: string | undefined,
): ReceivedRequest {
  const { realm, parameters } = parseAuthorizationHeader(request.authorization ?? '');
  const kept = parameters.filter(([key]) => key !== name);
  if (value !== undefined) kept.push([name, value]);
  const pairs = kept.map(([key, text]) => `${key}="${percentEncode(text)}"`);
  if (realm !== undefined) pairs.unshift(`realm="${realm}"`);
  return { ...request, authorization: `OAuth ${pairs.join(', ')}` };
}

async function assertRejected(
  request: ReceivedRequest,
  options: VerifyRequestOptions,
  expected: {
    code: OAuthVerificationErrorCode;
    status: number;
    twitterCode: number;
    message: RegExp;
  },
): Promise<OAuthVerificationError> {
  let caught: unknown;
  try {
    await verifyRequest(request, options);
  } catch (error) {
    caught = error;
  }
  assert.ok(
    caught instanceof OAuthVerificationError,
    `expected a rejection, got ${String(caught)}`,
  );
  assert.equal(caught.code, expected.code);
  assert.equal(caught.status, expected.status);
  assert.equal(caught.twitterCode, expected.twitterCode);
  assert.match(caught.message, expected.message);
  assert.doesNotMatch(caught.message, /kAcSOq|LswwdoU/, 'a secret reached the message');
  return caught;
}

describe('verifyRequest: round trips (our client signs, our provider accepts)', () => {
  const methods: SignatureMethod[] = ['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1', 'PLAINTEXT'];
  for (const signatureMethod of methods) {
    for (const transmission of ['header', 'form', 'query'] as const) {
      it(`accepts ${signatureMethod} with the parameters in the ${transmission}`, async () => {
        const signed = signedTwitterRequest({ signatureMethod, privateKey: privateKeyPem });
        const request =
          transmission === 'header' ? signed : moveProtocolParameters(signed, transmission);
        const verified = await verifyRequest(request, providerOptions());
        assert.equal(verified.consumerKey, twitterCredentials.consumerKey);
        assert.equal(verified.token, twitterCredentials.token);
        assert.equal(verified.signatureMethod, signatureMethod);
        assert.equal(verified.transmission, transmission);
        assert.equal(verified.oauthParameters.get('oauth_nonce'), twitterNonce);
        assert.equal(verified.oauthParameters.get('oauth_version'), '1.0');
      });
    }
  }

  it('accepts the temporary-credentials request without a token, and returns oauth_callback and realm', async () => {
    const signed = signRequest(
      { method: 'POST', url: 'https://api.twitter.com/oauth/request_token' },
      {
        consumerKey: twitterCredentials.consumerKey,
        consumerSecret: twitterCredentials.consumerSecret,
      },
      { nonce: 'n1', timestamp: twitterTimestamp, callback: 'oob', realm: 'Photos' },
    );
    const verified = await verifyRequest(
      {
        method: 'POST',
        url: 'https://api.twitter.com/oauth/request_token',
        authorization: signed.authorization,
      },
      providerOptions({ requireToken: false }),
    );
    assert.equal(verified.token, undefined);
    assert.equal(verified.realm, 'Photos');
    assert.equal(verified.oauthParameters.get('oauth_callback'), 'oob');
  });

  it('accepts the token-credentials request with oauth_verifier', async () => {
    const signed = signRequest(
      { method: 'POST', url: 'https://api.twitter.com/oauth/access_token' },
      twitterCredentials,
      { nonce: 'n2', timestamp: twitterTimestamp, verifier: '1234567' },
    );
    const verified = await verifyRequest(
      {
        method: 'POST',
        url: 'https://api.twitter.com/oauth/access_token',
        authorization: signed.authorization,
      },
      providerOptions(),
    );
    assert.equal(verified.oauthParameters.get('oauth_verifier'), '1234567');
  });

  it('accepts async lookups, an upper-case Host, a default port and lower-case hex on the wire', async () => {
    const signed = signedTwitterRequest();
    const verified = await verifyRequest(
      {
        ...signed,
        url: 'https://API.Twitter.com:443/1.1/statuses/update.json?include_entities=true',
      },
      providerOptions({
        lookupConsumer: () => Promise.resolve({ secret: twitterCredentials.consumerSecret }),
        lookupToken: () =>
          Promise.resolve({
            secret: twitterCredentials.tokenSecret ?? '',
            consumerKey: twitterCredentials.consumerKey,
          }),
      }),
    );
    assert.equal(verified.transmission, 'header');
  });

  it('accepts PLAINTEXT without nonce and timestamp (RFC 5849 §3.1), with no replay check', async () => {
    const request = withHeaderParameter(
      withHeaderParameter(
        signedTwitterRequest({ signatureMethod: 'PLAINTEXT' }),
        'oauth_nonce',
        undefined,
      ),
      'oauth_timestamp',
      undefined,
    );
    const options = providerOptions();
    await verifyRequest(request, options);
    await verifyRequest(request, options);
  });

  it('accepts a timestamp exactly at the edge of the window, either way', async () => {
    for (const skewSec of [300, -300]) {
      const request = signedTwitterRequest({ timestamp: twitterTimestamp + skewSec });
      await verifyRequest(request, providerOptions());
    }
  });

  it('treats an empty oauth_token as absent when no token is required', async () => {
    const signed = signRequest(
      { method: 'GET', url: 'https://example.com/x' },
      {
        consumerKey: twitterCredentials.consumerKey,
        consumerSecret: twitterCredentials.consumerSecret,
        token: '',
      },
      { nonce: 'n3', timestamp: twitterTimestamp },
    );
    const verified = await verifyRequest(
      { method: 'GET', url: 'https://example.com/x', authorization: signed.authorization },
      providerOptions({ requireToken: false }),
    );
    assert.equal(verified.token, undefined);
  });
});

describe('verifyRequest: one rejection per reason', () => {
  it('ERR_OAUTH_HEADER_MALFORMED for an unquoted header value', async () => {
    await assertRejected(
      { method: 'GET', url: 'https://example.com/', authorization: 'OAuth oauth_consumer_key=abc' },
      providerOptions(),
      { code: 'ERR_OAUTH_HEADER_MALFORMED', status: 400, twitterCode: 215, message: /not quoted/ },
    );
  });

  it('ERR_OAUTH_REQUEST_MALFORMED for a malformed escape in the query or the form body', async () => {
    const signed = signedTwitterRequest();
    await assertRejected({ ...signed, url: `${twitterRequest.url}&x=%zz` }, providerOptions(), {
      code: 'ERR_OAUTH_REQUEST_MALFORMED',
      status: 400,
      twitterCode: 215,
      message: /query has a malformed percent-encoding/,
    });
    await assertRejected({ ...signed, form: 'status=100%' }, providerOptions(), {
      code: 'ERR_OAUTH_REQUEST_MALFORMED',
      status: 400,
      twitterCode: 215,
      message: /form body/,
    });
  });

  it('ERR_OAUTH_REQUEST_MALFORMED for a protocol parameter that is not UTF-8', async () => {
    const request = moveProtocolParameters(signedTwitterRequest(), 'query');
    await assertRejected(
      { ...request, url: String(request.url).replace('oauth_nonce=', 'oauth_nonce=%FF') },
      providerOptions(),
      {
        code: 'ERR_OAUTH_REQUEST_MALFORMED',
        status: 400,
        twitterCode: 215,
        message: /oauth_nonce is not UTF-8/,
      },
    );
  });

  it('ERR_OAUTH_PARAMETER_MISSING when there are no protocol parameters at all', async () => {
    await assertRejected(
      { method: 'GET', url: 'https://example.com/', authorization: 'Basic dXNlcjpwYXNz' },
      providerOptions(),
      {
        code: 'ERR_OAUTH_PARAMETER_MISSING',
        status: 400,
        twitterCode: 215,
        message: /no OAuth protocol parameters \(RFC 5849 §3\.5\)/,
      },
    );
  });

  for (const name of [
    'oauth_consumer_key',
    'oauth_signature_method',
    'oauth_signature',
    'oauth_timestamp',
    'oauth_nonce',
    'oauth_token',
  ]) {
    it(`ERR_OAUTH_PARAMETER_MISSING without ${name}`, async () => {
      const error = await assertRejected(
        withHeaderParameter(signedTwitterRequest(), name, undefined),
        providerOptions(),
        {
          code: 'ERR_OAUTH_PARAMETER_MISSING',
          status: 400,
          twitterCode: 215,
          message: new RegExp(`^${name} is missing \\(RFC 5849 §3\\.1\\)`),
        },
      );
      assert.equal(error.parameter, name);
    });
  }

  it('ERR_OAUTH_PARAMETERS_IN_SEVERAL_PLACES for the header and the query', async () => {
    const signed = signedTwitterRequest();
    await assertRejected(
      { ...signed, url: `${twitterRequest.url}&oauth_nonce=${twitterNonce}` },
      providerOptions(),
      {
        code: 'ERR_OAUTH_PARAMETERS_IN_SEVERAL_PLACES',
        status: 400,
        twitterCode: 215,
        message: /appear in the header and the query \(RFC 5849 §3\.5\)/,
      },
    );
  });

  it('ERR_OAUTH_PARAMETER_DUPLICATED for a parameter given twice in the header or the query', async () => {
    const signed = signedTwitterRequest();
    await assertRejected(
      { ...signed, authorization: `${signed.authorization ?? ''}, oauth_nonce="again"` },
      providerOptions(),
      {
        code: 'ERR_OAUTH_PARAMETER_DUPLICATED',
        status: 400,
        twitterCode: 215,
        message: /oauth_nonce more than once/,
      },
    );
    const inQuery = moveProtocolParameters(signed, 'query');
    await assertRejected(
      { ...inQuery, url: `${String(inQuery.url)}&oauth_nonce=again` },
      providerOptions(),
      {
        code: 'ERR_OAUTH_PARAMETER_DUPLICATED',
        status: 400,
        twitterCode: 215,
        message: /^oauth_nonce is given more than once/,
      },
    );
  });

  /** Rejections caused by one protocol parameter of an otherwise good request. */
  const badParameters: readonly (readonly [
    name: string,
    value: string,
    code: OAuthVerificationErrorCode,
    status: number,
    twitterCode: number,
    message: RegExp,
  ])[] = [
    [
      'oauth_flavour',
      'x',
      'ERR_OAUTH_PARAMETER_UNSUPPORTED',
      400,
      215,
      /"oauth_flavour" is not an OAuth 1\.0a protocol parameter/,
    ],
    [
      'oauth_version',
      '2.0',
      'ERR_OAUTH_VERSION_UNSUPPORTED',
      400,
      215,
      /oauth_version is "2\.0", not "1\.0"/,
    ],
    ...['abc', '-5', '0', '+1318622958', '1.5', '12345678901234567'].map(
      (timestamp) =>
        [
          'oauth_timestamp',
          timestamp,
          'ERR_OAUTH_TIMESTAMP_INVALID',
          400,
          215,
          /not a positive integer number of seconds/,
        ] as const,
    ),
    ...['nonce-é', 'n'.repeat(256), ''].map(
      (nonce) =>
        [
          'oauth_nonce',
          nonce,
          'ERR_OAUTH_NONCE_INVALID',
          400,
          215,
          /oauth_nonce must be 1 to 255 ASCII characters/,
        ] as const,
    ),
    [
      'oauth_consumer_key',
      'nobody',
      'ERR_OAUTH_CONSUMER_UNKNOWN',
      401,
      32,
      /does not name a known client/,
    ],
    ...['revoked-token', 'token-of-other'].map(
      (token) =>
        [
          'oauth_token',
          token,
          'ERR_OAUTH_TOKEN_INVALID',
          401,
          89,
          /invalid, expired or was issued to another client/,
        ] as const,
    ),
  ];
  for (const [name, value, code, status, twitterCode, message] of badParameters) {
    it(`${code} (${status}, Twitter ${twitterCode}) for ${name}=${JSON.stringify(value.slice(0, 20))}`, async () => {
      await assertRejected(
        withHeaderParameter(signedTwitterRequest(), name, value),
        providerOptions(),
        {
          code,
          status,
          twitterCode,
          message,
        },
      );
    });
  }

  it('ERR_OAUTH_SIGNATURE_METHOD_UNSUPPORTED for an unknown or disallowed method', async () => {
    await assertRejected(
      withHeaderParameter(signedTwitterRequest(), 'oauth_signature_method', 'HMAC-MD5'),
      providerOptions(),
      {
        code: 'ERR_OAUTH_SIGNATURE_METHOD_UNSUPPORTED',
        status: 400,
        twitterCode: 215,
        message: /"HMAC-MD5" is not accepted/,
      },
    );
    // PLAINTEXT is off by default (it sends the secrets; RFC 5849 §3.4.4).
    await assertRejected(
      signedTwitterRequest({ signatureMethod: 'PLAINTEXT' }),
      providerOptions({ signatureMethods: undefined as never }),
      {
        code: 'ERR_OAUTH_SIGNATURE_METHOD_UNSUPPORTED',
        status: 400,
        twitterCode: 215,
        message: /use one of HMAC-SHA1, HMAC-SHA256, RSA-SHA1$/,
      },
    );
  });

  it('ERR_OAUTH_SIGNATURE_METHOD_UNSUPPORTED for RSA-SHA1 from a consumer without a public key', async () => {
    await assertRejected(
      signedTwitterRequest({ signatureMethod: 'RSA-SHA1', privateKey: privateKeyPem }),
      providerOptions({ lookupConsumer: () => ({ secret: twitterCredentials.consumerSecret }) }),
      {
        code: 'ERR_OAUTH_SIGNATURE_METHOD_UNSUPPORTED',
        status: 400,
        twitterCode: 215,
        message: /registered no RSA public key/,
      },
    );
  });

  it('ERR_OAUTH_TIMESTAMP_OUT_OF_WINDOW (Twitter 135) saying how far off the clock is', async () => {
    const ahead = await assertRejected(
      signedTwitterRequest({ timestamp: twitterTimestamp + 412 }),
      providerOptions(),
      {
        code: 'ERR_OAUTH_TIMESTAMP_OUT_OF_WINDOW',
        status: 401,
        twitterCode: 135,
        message:
          /^oauth_timestamp is 412 s ahead of the provider's clock \(RFC 5849 §3\.3; allowed: 300 s\); check the system clock$/,
      },
    );
    assert.equal(ahead.clockSkewSec, 412);
    const behind = await assertRejected(
      signedTwitterRequest({ timestamp: twitterTimestamp - 61 }),
      providerOptions({ timestampWindowSec: 60 }),
      {
        code: 'ERR_OAUTH_TIMESTAMP_OUT_OF_WINDOW',
        status: 401,
        twitterCode: 135,
        message: /61 s behind .*allowed: 60 s/,
      },
    );
    assert.equal(behind.clockSkewSec, -61);
  });

  it('ERR_OAUTH_SIGNATURE_MISMATCH (Twitter 32) for a tampered body, with the base string as evidence', async () => {
    const signed = signedTwitterRequest();
    const error = await assertRejected(
      { ...signed, form: 'status=Hello%20Ladies' },
      providerOptions(),
      {
        code: 'ERR_OAUTH_SIGNATURE_MISMATCH',
        status: 401,
        twitterCode: 32,
        message: /oauth_signature does not match the request \(RFC 5849 §3\.4\)/,
      },
    );
    assert.match(error.baseString ?? '', /^POST&https%3A%2F%2Fapi\.twitter\.com/);
    assert.equal(Object.keys(error).includes('baseString'), false);
  });

  const mismatches: [string, (request: ReceivedRequest) => ReceivedRequest][] = [
    [
      'another scheme (RFC §1.2 negative control)',
      (request) => ({ ...request, url: String(request.url).replace('https:', 'http:') }),
    ],
    [
      'another path (/1/ instead of /1.1/)',
      (request) => ({ ...request, url: String(request.url).replace('/1.1/', '/1/') }),
    ],
    [
      'another host (api.x.com)',
      (request) => ({
        ...request,
        url: String(request.url).replace('api.twitter.com', 'api.x.com'),
      }),
    ],
    ['another method', (request) => ({ ...request, method: 'PUT' })],
    [
      'a + read as a space',
      (request) => ({ ...request, form: (request.form ?? '').replace('%2b', '+') }),
    ],
    [
      'a query parameter dropped',
      (request) => ({ ...request, url: String(request.url).split('?')[0] ?? '' }),
    ],
    [
      'a wrong signature',
      (request) => withHeaderParameter(request, 'oauth_signature', 'hCtSmYh+iHYCEqBWrE7C7hYmtUk'),
    ],
  ];
  for (const [what, tamper] of mismatches) {
    it(`ERR_OAUTH_SIGNATURE_MISMATCH for ${what}`, async () => {
      await assertRejected(tamper(signedTwitterRequest()), providerOptions(), {
        code: 'ERR_OAUTH_SIGNATURE_MISMATCH',
        status: 401,
        twitterCode: 32,
        message: /does not match/,
      });
    });
  }

  it('ERR_OAUTH_SIGNATURE_MISMATCH when the secret is wrong, for every method', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    for (const signatureMethod of ['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT', 'RSA-SHA1'] as const) {
      await assertRejected(
        signedTwitterRequest({ signatureMethod, privateKey: privateKeyPem }),
        providerOptions({ lookupConsumer: () => ({ secret: 'wrong', publicKey: other }) }),
        {
          code: 'ERR_OAUTH_SIGNATURE_MISMATCH',
          status: 401,
          twitterCode: 32,
          message: /does not match/,
        },
      );
    }
  });

  it('ERR_OAUTH_NONCE_REPLAYED (Twitter 32) for the same request twice', async () => {
    const options = providerOptions();
    await verifyRequest(signedTwitterRequest(), options);
    await assertRejected(signedTwitterRequest(), options, {
      code: 'ERR_OAUTH_NONCE_REPLAYED',
      status: 401,
      twitterCode: 32,
      message: /oauth_nonce was already used/,
    });
  });

  it('does not remember the nonce of a request whose signature failed', async () => {
    const options = providerOptions();
    const signed = signedTwitterRequest();
    await assertRejected({ ...signed, form: 'status=x' }, options, {
      code: 'ERR_OAUTH_SIGNATURE_MISMATCH',
      status: 401,
      twitterCode: 32,
      message: /does not match/,
    });
    await verifyRequest(signed, options);
  });

  it('ERR_OAUTH_NONCE_STORE_FULL (503, Twitter 130) when the store cannot remember more', async () => {
    const fullStore: NonceStore = { checkAndRemember: () => 'full' };
    await assertRejected(signedTwitterRequest(), providerOptions({ nonceStore: fullStore }), {
      code: 'ERR_OAUTH_NONCE_STORE_FULL',
      status: 503,
      twitterCode: 130,
      message: /retry in a few seconds/,
    });
  });

  it('passes the store a key per (consumer, token, timestamp, nonce) expiring with the window', async () => {
    const calls: [string, number, number][] = [];
    const recording: NonceStore = {
      checkAndRemember: (key, expiresAtSec, nowSec) => {
        calls.push([key, expiresAtSec, nowSec]);
        return 'fresh';
      },
    };
    await verifyRequest(
      signedTwitterRequest(),
      providerOptions({ nonceStore: recording, timestampWindowSec: 60 }),
    );
    assert.deepEqual(calls, [
      [
        JSON.stringify([
          twitterCredentials.consumerKey,
          twitterCredentials.token,
          twitterTimestamp,
          twitterNonce,
        ]),
        twitterTimestamp + 60,
        twitterTimestamp,
      ],
    ]);
  });

  it('rejects misuse of its options with ERR_INVALID_ARG_*', async () => {
    const request = signedTwitterRequest();
    await assert.rejects(
      verifyRequest(request, providerOptions({ lookupConsumer: undefined as never })),
      {
        code: 'ERR_INVALID_ARG_TYPE',
        message: /options\.lookupConsumer/,
      },
    );
    await assert.rejects(verifyRequest(request, providerOptions({ timestampWindowSec: -1 })), {
      code: 'ERR_INVALID_ARG_VALUE',
    });
    await assert.rejects(
      verifyRequest(request, providerOptions({ signatureMethods: ['MD5' as never] })),
      {
        code: 'ERR_INVALID_ARG_VALUE',
      },
    );
    await assert.rejects(verifyRequest({ ...request, url: '/relative' }, providerOptions()), {
      code: 'ERR_INVALID_ARG_VALUE',
    });
  });
});

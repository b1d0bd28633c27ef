import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseAuthorizationHeader, signRequest } from '../../../src/oauth1/index.js';
import { twitterCredentials, twitterNonce, twitterRequest, twitterTimestamp } from './fixtures.js';

const fixed = { nonce: twitterNonce, timestamp: twitterTimestamp } as const;

describe('signRequest', () => {
  it('reproduces X/Twitter\'s "Creating a signature" example end to end', () => {
    const signed = signRequest(twitterRequest, twitterCredentials, fixed);
    assert.equal(
      signed.normalizedParameters,
      'include_entities=true&oauth_consumer_key=xvz1evFS4wEEPTGEFPHBog&oauth_nonce=kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1318622958&oauth_token=370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb&oauth_version=1.0&status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21',
    );
    assert.equal(signed.baseStringUri, 'https://api.twitter.com/1.1/statuses/update.json');
    assert.equal(signed.signature, 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
    assert.equal(
      signed.authorization,
      'OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"',
    );
    assert.equal(signed.method, 'POST');
    assert.equal(signed.signatureMethod, 'HMAC-SHA1');
    assert.equal(signed.body, twitterRequest.form);
    assert.equal(signed.url, twitterRequest.url);
  });

  it('lists every protocol parameter sent, decoded, in header order', () => {
    const signed = signRequest(twitterRequest, twitterCredentials, fixed);
    assert.deepEqual(
      signed.oauthParameters,
      parseAuthorizationHeader(signed.authorization).parameters,
    );
    assert.deepEqual(
      signed.oauthParameters.map(([name]) => name),
      [
        'oauth_consumer_key',
        'oauth_nonce',
        'oauth_signature',
        'oauth_signature_method',
        'oauth_timestamp',
        'oauth_token',
        'oauth_version',
      ],
    );
  });

  it('signs form pairs as text and returns them encoded as the body to send', () => {
    const signed = signRequest(
      {
        method: 'POST',
        url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
        form: [['status', 'Hello Ladies + Gentlemen, a signed OAuth request!']],
      },
      twitterCredentials,
      fixed,
    );
    assert.equal(signed.signature, 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
    assert.equal(
      signed.body,
      'status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21',
    );
  });

  it('reproduces RFC 5849 §3.4.1 (the corrected signature; the RFC prints bYT5…, erratum)', () => {
    const signed = signRequest(
      {
        method: 'POST',
        url: 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b',
        form: 'c2&a3=2+q',
      },
      {
        consumerKey: '9djdj82h48djs9d2',
        consumerSecret: 'j49sk3j29djd',
        token: 'kkk9d7dh3k39sjv7',
        tokenSecret: 'dh893hdasih9',
      },
      { nonce: '7d8f3e4a', timestamp: 137131201, includeVersion: false, realm: 'Example' },
    );
    assert.equal(signed.signature, 'r6/TJjbCOr97/+UU0NsvSne7s5g=');
    assert.match(signed.authorization, /^OAuth realm="Example", oauth_consumer_key=/);
    assert.doesNotMatch(signed.authorization, /oauth_version/);
  });

  it('adds oauth_callback and oauth_verifier (RFC 5849 §1.2 temporary and token credentials)', () => {
    const initiate = signRequest(
      { method: 'POST', url: 'https://photos.example.net/initiate' },
      { consumerKey: 'dpf43f3p2l4k3l03', consumerSecret: 'kd94hf93k423kf44' },
      {
        nonce: 'wIjqoS',
        timestamp: 137131200,
        includeVersion: false,
        callback: 'http://printer.example.com/ready',
      },
    );
    assert.equal(initiate.signature, '74KNZJeDHnMBp0EMJ9ZHt/XKycU=');
    assert.match(
      initiate.authorization,
      /oauth_callback="http%3A%2F%2Fprinter\.example\.com%2Fready"/,
    );
    const token = signRequest(
      { method: 'POST', url: 'https://photos.example.net/token' },
      {
        consumerKey: 'dpf43f3p2l4k3l03',
        consumerSecret: 'kd94hf93k423kf44',
        token: 'hh5s93j4hdidpola',
        tokenSecret: 'hdhd0244k9j7ao03',
      },
      {
        nonce: 'walatlh',
        timestamp: 137131201,
        includeVersion: false,
        verifier: 'hfdp7dh39dks9884',
      },
    );
    assert.equal(token.signature, 'gKgrFCywp7rO0OXSjdot/IHF7IU=');
    assert.equal(initiate.body, undefined);
  });

  it('signs the URL as Node sends it: non-ASCII and {} encoded, default port dropped', () => {
    const signed = signRequest(
      { method: 'get', url: 'HTTPS://Example.COM:443/ü/{x}?q=a b&é=|' },
      { consumerKey: 'k', consumerSecret: 's' },
      { nonce: 'n', timestamp: 1 },
    );
    assert.equal(signed.url, 'https://example.com/%C3%BC/%7Bx%7D?q=a%20b&%C3%A9=|');
    assert.equal(signed.baseStringUri, 'https://example.com/%C3%BC/%7Bx%7D');
    assert.equal(
      signed.normalizedParameters,
      '%C3%A9=%7C&oauth_consumer_key=k&oauth_nonce=n&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1&oauth_version=1.0&q=a%20b',
    );
    assert.match(signed.baseString, /^GET&https%3A%2F%2Fexample\.com%2F%25C3%25BC%2F%257Bx%257D&/);
  });

  it('takes the timestamp from the injected clock and the nonce from the injected source', () => {
    const signed = signRequest(
      { method: 'GET', url: 'http://example.com/' },
      { consumerKey: 'k', consumerSecret: 's' },
      { now: () => 1_318_622_958_999, nonce: () => 'fixed-nonce' },
    );
    const parameters = new Map(signed.oauthParameters);
    assert.equal(parameters.get('oauth_timestamp'), '1318622958');
    assert.equal(parameters.get('oauth_nonce'), 'fixed-nonce');
  });

  it('makes a fresh 32-character alphanumeric nonce for every request by default', () => {
    const nonces = new Set<string>();
    for (let index = 0; index < 50; index += 1) {
      const signed = signRequest(
        { method: 'GET', url: 'http://example.com/' },
        { consumerKey: 'k', consumerSecret: 's' },
      );
      const nonce = new Map(signed.oauthParameters).get('oauth_nonce') ?? '';
      assert.match(nonce, /^[0-9a-z]{32}$/);
      nonces.add(nonce);
    }
    assert.equal(nonces.size, 50);
  });

  it('signs with HMAC-SHA256, PLAINTEXT and RSA-SHA1', () => {
    const credentials = {
      consumerKey: 'k',
      consumerSecret: 'a&b c',
      token: 't',
      tokenSecret: 'd%e',
    };
    const request = { method: 'GET', url: 'http://example.com/' };
    const plaintext = signRequest(request, credentials, { ...fixed, signatureMethod: 'PLAINTEXT' });
    assert.equal(plaintext.signature, 'a%26b%20c&d%25e');
    assert.match(plaintext.authorization, /oauth_signature="a%2526b%2520c%26d%2525e"/);
    const sha256 = signRequest(request, credentials, { ...fixed, signatureMethod: 'HMAC-SHA256' });
    assert.match(sha256.signature, /^[A-Za-z0-9+/]{43}=$/);
    assert.match(sha256.baseString, /oauth_signature_method%3DHMAC-SHA256/);
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const rsa = signRequest(request, credentials, {
      ...fixed,
      signatureMethod: 'RSA-SHA1',
      privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    });
    assert.ok(
      verify('sha1', Buffer.from(rsa.baseString), publicKey, Buffer.from(rsa.signature, 'base64')),
    );
  });

  it('sends oauth_token even when empty, and no token secret without a token', () => {
    const signed = signRequest(
      { method: 'GET', url: 'http://example.com/' },
      { consumerKey: 'k', consumerSecret: 's', token: '' },
      fixed,
    );
    assert.match(signed.authorization, /oauth_token=""/);
    assert.throws(
      () =>
        signRequest(
          { method: 'GET', url: 'http://example.com/' },
          { consumerKey: 'k', consumerSecret: 's', tokenSecret: 'x' },
        ),
      { code: 'ERR_INVALID_ARG_VALUE', message: /credentials\.tokenSecret/ },
    );
  });

  const get = { method: 'GET', url: 'http://x/' };
  const client = { consumerKey: 'k', consumerSecret: 's' };
  const misuse: [what: string, call: () => unknown, code: string, message: RegExp][] = [
    [
      'a relative URL',
      () => signRequest({ ...get, url: '/x' }, client),
      'ERR_INVALID_ARG_VALUE',
      /request\.url/,
    ],
    [
      'an ftp URL',
      () => signRequest({ ...get, url: 'ftp://x/' }, client),
      'ERR_INVALID_ARG_VALUE',
      /http: or https:/,
    ],
    [
      'a method with a space',
      () => signRequest({ ...get, method: 'G T' }, client),
      'ERR_INVALID_ARG_VALUE',
      /request\.method/,
    ],
    [
      'an empty consumer key',
      () => signRequest(get, { ...client, consumerKey: '' }),
      'ERR_INVALID_ARG_VALUE',
      /consumerKey/,
    ],
    [
      'a missing consumer secret',
      () => signRequest(get, { consumerKey: 'k' } as never),
      'ERR_INVALID_ARG_TYPE',
      /consumerSecret/,
    ],
    [
      'an unknown signature method',
      () => signRequest(get, client, { signatureMethod: 'HMAC-MD5' as never }),
      'ERR_INVALID_ARG_VALUE',
      /signatureMethod/,
    ],
    [
      'RSA-SHA1 without a key',
      () => signRequest(get, client, { signatureMethod: 'RSA-SHA1' }),
      'ERR_INVALID_ARG_VALUE',
      /privateKey/,
    ],
    [
      'RSA-SHA1 with a bad PEM',
      () =>
        signRequest(get, client, {
          signatureMethod: 'RSA-SHA1',
          privateKey: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----',
        }),
      'ERR_OAUTH_KEY_INVALID',
      /PEM/,
    ],
    [
      'a negative timestamp',
      () => signRequest(get, client, { timestamp: -1 }),
      'ERR_INVALID_ARG_VALUE',
      /timestamp/,
    ],
    [
      'an empty nonce',
      () => signRequest(get, client, { nonce: '' }),
      'ERR_INVALID_ARG_VALUE',
      /nonce/,
    ],
    [
      'a realm with CR/LF',
      () => signRequest(get, client, { realm: 'a\r\nb' }),
      'ERR_INVALID_ARG_VALUE',
      /realm/,
    ],
    [
      'oauth_* in the query',
      () => signRequest({ ...get, url: 'http://x/?oauth_token=t' }, client),
      'ERR_INVALID_ARG_VALUE',
      /oauth_token in its URL or form/,
    ],
    [
      'oauth_* in the form',
      () =>
        signRequest(
          { method: 'POST', url: 'http://x/', form: [['oauth_callback', 'oob']] },
          client,
        ),
      'ERR_INVALID_ARG_VALUE',
      /oauth_callback/,
    ],
    [
      'form pairs that are not pairs',
      () => signRequest({ method: 'POST', url: 'http://x/', form: [['a']] as never }, client),
      'ERR_INVALID_ARG_TYPE',
      /request\.form/,
    ],
  ];
  for (const [what, call, code, message] of misuse) {
    it(`rejects ${what} with ${code}`, () => {
      assert.throws(call, (error: unknown) => {
        assert.equal((error as { code?: unknown }).code, code);
        assert.match((error as Error).message, message);
        return true;
      });
    });
  }

  it('never puts a secret in an error message', () => {
    const secret = 'TOP-SECRET-VALUE';
    assert.throws(
      () =>
        signRequest(
          { method: 'GET', url: 'http://x/' },
          { consumerKey: 'k', consumerSecret: secret },
          { signatureMethod: 'RSA-SHA1', privateKey: secret },
        ),
      (error: unknown) => {
        assert.doesNotMatch((error as Error).message, /TOP-SECRET/);
        assert.equal((error as Error).cause, undefined);
        return true;
      },
    );
  });
});

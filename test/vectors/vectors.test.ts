/**
 * Known-answer vectors (the JSON files next to this one, each naming its source): our client
 * must reproduce every published value, and our provider must accept every signed request.
 */
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  buildBaseStringUri,
  buildSignatureBaseString,
  createMemoryNonceStore,
  normalizeParameters,
  percentEncode,
  signRequest,
  verifyRequest,
  type Credentials,
  type SignatureMethod,
  type SignOptions,
} from '../../src/oauth1/index.js';
import { signHmac } from '../../src/oauth1/signature/hmac.js';
import { signPlaintext } from '../../src/oauth1/signature/plaintext.js';
import { buildSigningKey } from '../../src/oauth1/signature/signing-key.js';

function load(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8'));
}

interface RequestVector {
  readonly id: string;
  readonly source: string;
  readonly publishedSignature?: string;
  readonly request: { method: string; url: string; form?: string };
  readonly credentials: Credentials;
  readonly options: Omit<SignOptions, 'privateKey'> & {
    privateKeyFile?: string;
    timestamp: number;
  };
  readonly expected: {
    normalizedParameters?: string;
    baseString?: string;
    signingKey?: string;
    signature: string;
    authorization?: string;
    authorizationContains?: string;
  };
}

const encoding = load('percent-encoding.json') as { cases: { input: string; encoded: string }[] };
const normalization = load('normalization.json') as {
  cases: { parameters: [string, string][]; normalized: string }[];
};
const uris = load('base-string-uri.json') as { cases: { url: string; baseStringUri: string }[] };
const primitives = load('signature-primitives.json') as {
  concatenation: {
    method: string;
    baseStringUri: string;
    normalizedParameters: string;
    baseString: string;
  }[];
  hmac: {
    digest: 'sha1' | 'sha256';
    consumerSecret: string;
    tokenSecret: string;
    baseString: string;
    signature: string;
  }[];
  plaintext: { consumerSecret: string; tokenSecret: string; signature: string }[];
};
const { vectors } = load('requests.json') as { vectors: RequestVector[] };

function privateKeyOf(vector: RequestVector): string | undefined {
  const file = vector.options.privateKeyFile;
  return file === undefined ? undefined : readFileSync(new URL(file, import.meta.url), 'utf8');
}

function signVector(vector: RequestVector) {
  const options: SignOptions & { privateKeyFile?: string } = { ...vector.options };
  delete options.privateKeyFile;
  const privateKey = privateKeyOf(vector);
  return signRequest(vector.request, vector.credentials, {
    ...options,
    ...(privateKey === undefined ? {} : { privateKey }),
  });
}

describe('known-answer vectors', () => {
  it('percent-encoding.json', () => {
    for (const { input, encoded } of encoding.cases)
      assert.equal(percentEncode(input), encoded, input);
  });

  it('normalization.json', () => {
    for (const { parameters, normalized } of normalization.cases) {
      assert.equal(normalizeParameters(parameters), normalized);
    }
  });

  it('base-string-uri.json', () => {
    for (const { url, baseStringUri } of uris.cases)
      assert.equal(buildBaseStringUri(url), baseStringUri, url);
  });

  it('signature-primitives.json', () => {
    for (const row of primitives.concatenation) {
      assert.equal(
        buildSignatureBaseString(row.method, row.baseStringUri, row.normalizedParameters),
        row.baseString,
      );
    }
    for (const row of primitives.hmac) {
      const key = buildSigningKey(row.consumerSecret, row.tokenSecret);
      assert.equal(signHmac(row.digest, row.baseString, key), row.signature);
    }
    for (const row of primitives.plaintext) {
      assert.equal(signPlaintext(row.consumerSecret, row.tokenSecret), row.signature);
    }
  });

  for (const vector of vectors) {
    it(`requests.json: ${vector.id}`, async () => {
      assert.ok(vector.source.length > 0);
      const signed = signVector(vector);
      const { expected } = vector;
      if (expected.normalizedParameters !== undefined) {
        assert.equal(signed.normalizedParameters, expected.normalizedParameters);
      }
      if (expected.baseString !== undefined) assert.equal(signed.baseString, expected.baseString);
      if (expected.signingKey !== undefined) {
        assert.equal(
          buildSigningKey(vector.credentials.consumerSecret, vector.credentials.tokenSecret ?? ''),
          expected.signingKey,
        );
      }
      assert.equal(signed.signature, expected.signature);
      if (vector.publishedSignature !== undefined)
        assert.notEqual(signed.signature, vector.publishedSignature);
      if (expected.authorization !== undefined)
        assert.equal(signed.authorization, expected.authorization);
      if (expected.authorizationContains !== undefined) {
        assert.ok(
          signed.authorization.includes(expected.authorizationContains),
          signed.authorization,
        );
      }

      // Our provider accepts it, with the vector's clock.
      const privateKey = privateKeyOf(vector);
      const verified = await verifyRequest(
        {
          method: vector.request.method,
          url: vector.request.url,
          authorization: signed.authorization,
          form: vector.request.form,
        },
        {
          lookupConsumer: () => ({
            secret: vector.credentials.consumerSecret,
            ...(privateKey === undefined
              ? {}
              : {
                  publicKey: createPublicKey(privateKey)
                    .export({ type: 'spki', format: 'pem' })
                    .toString(),
                }),
          }),
          lookupToken: () => ({
            secret: vector.credentials.tokenSecret ?? '',
            consumerKey: vector.credentials.consumerKey,
          }),
          nonceStore: createMemoryNonceStore(),
          now: () => vector.options.timestamp * 1000,
          signatureMethods: [
            'HMAC-SHA1',
            'HMAC-SHA256',
            'RSA-SHA1',
            'PLAINTEXT',
          ] satisfies SignatureMethod[],
          requireToken: vector.credentials.token !== undefined,
        },
      );
      assert.equal(verified.consumerKey, vector.credentials.consumerKey);
    });
  }
});

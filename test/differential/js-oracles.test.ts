/**
 * Differential test against two npm signers (oauth-sign 0.9, oauth-1.0a 2.2): generated requests
 * full of interoperability traps must get the same base string and signature from all three.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generatedRequest, signGeneratedRequest } from './generated-request.js';
import { signWithOAuth10a, signWithOAuthSign } from './oracles.js';

const runs = { numRuns: 400, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false };
const wikiKey = readFileSync(
  new URL('../vectors/oauth-wiki-rsa-test-key.pem', import.meta.url),
  'utf8',
);

describe('differential: npm oauth-sign and oauth-1.0a', () => {
  it('agree with us on every generated HMAC-SHA1, HMAC-SHA256 and PLAINTEXT request', () => {
    fc.assert(
      fc.property(generatedRequest, (request) => {
        const signed = signGeneratedRequest(request);
        const tokenSecret = request.tokenSecret ?? '';
        const bySign = signWithOAuthSign(signed, request.consumerSecret, tokenSecret);
        assert.equal(bySign.baseString, signed.baseString, 'oauth-sign base string');
        assert.equal(bySign.signature, signed.signature, 'oauth-sign signature');
        const by10a = signWithOAuth10a(
          signed,
          request.consumerKey,
          request.consumerSecret,
          tokenSecret,
        );
        assert.equal(by10a.baseString, signed.baseString, 'oauth-1.0a base string');
        assert.equal(by10a.signature, signed.signature, 'oauth-1.0a signature');
      }),
      runs,
    );
  });

  it('agree with us on RSA-SHA1 (oauth-sign rsasign, the oauth.net wiki test key)', () => {
    fc.assert(
      fc.property(generatedRequest, (generated) => {
        const request = { ...generated, signatureMethod: 'RSA-SHA1' as const };
        const signed = signGeneratedRequest(request, wikiKey);
        const bySign = signWithOAuthSign(signed, wikiKey, '');
        assert.equal(bySign.baseString, signed.baseString);
        assert.equal(bySign.signature, signed.signature);
      }),
      { ...runs, numRuns: 40 },
    );
  });
});

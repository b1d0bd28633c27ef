import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactParameters, redactSecret } from '../../../src/credentials/redact.js';

describe('redactSecret', () => {
  it('hides a value unless secrets are shown', () => {
    assert.equal(redactSecret('s3cr3t', false), '[redacted]');
    assert.equal(redactSecret('s3cr3t', true), 's3cr3t');
  });
});

describe('redactParameters', () => {
  it('redacts the signature and verifier of an Authorization header (RFC 5849 §3.5.1)', () => {
    const header =
      'OAuth oauth_consumer_key="ck", oauth_nonce="n", oauth_signature="tnnArxj06cWHq44gCs1OSKk%2FjLY%3D", oauth_signature_method="HMAC-SHA1", oauth_token="t", oauth_verifier="1234567"';
    assert.equal(
      redactParameters(header, false),
      'OAuth oauth_consumer_key="ck", oauth_nonce="n", oauth_signature="[redacted]", oauth_signature_method="HMAC-SHA1", oauth_token="t", oauth_verifier="[redacted]"',
    );
    assert.equal(redactParameters(header, true), header);
  });

  it('redacts secrets in a form body but keeps the token identifier', () => {
    assert.equal(
      redactParameters(
        'oauth_token=abc&oauth_token_secret=SECRET&oauth_callback_confirmed=true',
        false,
      ),
      'oauth_token=abc&oauth_token_secret=[redacted]&oauth_callback_confirmed=true',
    );
  });

  it('redacts the verifier inside a signature base string (§3.4.1.1), where "=" is %3D', () => {
    const base =
      'POST&https%3A%2F%2Fapi.twitter.com%2Foauth%2Faccess_token&oauth_consumer_key%3Dck%26oauth_verifier%3D12%252B34%26oauth_version%3D1.0';
    assert.equal(
      redactParameters(base, false),
      'POST&https%3A%2F%2Fapi.twitter.com%2Foauth%2Faccess_token&oauth_consumer_key%3Dck%26oauth_verifier%3D[redacted]%26oauth_version%3D1.0',
    );
    assert.equal(
      redactParameters('GET&u&oauth_verifier%3D99', false),
      'GET&u&oauth_verifier%3D[redacted]',
    );
  });

  it('leaves text without secret parameters alone', () => {
    const text = 'oauth_token="abc" oauth_nonce=xyz status=hello%20oauth_verifier';
    assert.equal(redactParameters(text, false), text);
  });
});

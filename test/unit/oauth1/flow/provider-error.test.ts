import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OAuthProviderError, readProviderErrorBody } from '../../../../src/oauth1/index.js';
import { providerRefusal } from '../../../../src/oauth1/flow/provider-error.js';

describe('readProviderErrorBody', () => {
  it("reads Twitter's JSON errors", () => {
    assert.deepEqual(
      readProviderErrorBody('{"errors":[{"code":32,"message":"Could not authenticate you."}]}'),
      {
        providerCode: 32,
        providerMessage: 'Could not authenticate you.',
      },
    );
    // Pre-2015 key order and no full stop.
    assert.deepEqual(
      readProviderErrorBody('{"errors":[{"message":"Timestamp out of bounds","code":135}]}'),
      {
        providerCode: 135,
        providerMessage: 'Timestamp out of bounds',
      },
    );
    assert.deepEqual(readProviderErrorBody('{"error":"Invalid request token."}'), {
      providerMessage: 'Invalid request token.',
    });
  });

  it("reads Twitter's XML errors, current and old", () => {
    assert.deepEqual(
      readProviderErrorBody(
        "<?xml version='1.0' encoding='UTF-8'?><errors><error code=\"415\">Callback URL not approved for this client application. Approved callback URLs can be adjusted in your application settings</error></errors>",
      ),
      {
        providerCode: 415,
        providerMessage:
          'Callback URL not approved for this client application. Approved callback URLs can be adjusted in your application settings',
      },
    );
    assert.deepEqual(
      readProviderErrorBody(
        "<hash><error>Desktop applications only support the oauth_callback value 'oob'</error><request>/oauth/request_token</request></hash>",
      ),
      { providerMessage: "Desktop applications only support the oauth_callback value 'oob'" },
    );
    assert.deepEqual(
      readProviderErrorBody('<errors><error code="417">a &amp; b &#39;c&#x27;</error></errors>'),
      {
        providerCode: 417,
        providerMessage: "a & b 'c'",
      },
    );
  });

  it('reads plain text, HTML and OAuth problem reports as one line', () => {
    assert.deepEqual(
      readProviderErrorBody(
        'Error processing your OAuth request: Invalid oauth_verifier parameter\n',
      ),
      {
        providerMessage: 'Error processing your OAuth request: Invalid oauth_verifier parameter',
      },
    );
    assert.deepEqual(
      readProviderErrorBody(
        '<html><body><h1>Failed to validate\noauth signature and token</h1></body></html>',
      ),
      {
        providerMessage: 'Failed to validate oauth signature and token',
      },
    );
    assert.deepEqual(
      readProviderErrorBody(
        'oauth_problem=signature_invalid&oauth_problem_advice=check%20the%20clock',
      ),
      {
        providerMessage: 'signature_invalid: check the clock',
      },
    );
    assert.deepEqual(readProviderErrorBody('   '), {});
  });

  it('bounds the message and keeps it on one line', () => {
    const { providerMessage } = readProviderErrorBody(`${'x'.repeat(1000)}\r\nInjected: header`);
    assert.ok(providerMessage !== undefined);
    assert.equal(providerMessage.length, 300);
    assert.doesNotMatch(providerMessage, /[\r\n]/);
  });

  it('falls back to the text of malformed JSON or XML', () => {
    assert.deepEqual(readProviderErrorBody('{"errors": ['), { providerMessage: '{"errors": [' });
    assert.deepEqual(readProviderErrorBody('<p>Rate limited</p>'), {
      providerMessage: 'Rate limited',
    });
  });
});

describe('providerRefusal', () => {
  it("says the status, the step, the provider's message and code, and what to check", async () => {
    const error = await providerRefusal(
      new Response('{"errors":[{"code":32,"message":"Could not authenticate you."}]}', {
        status: 401,
      }),
      'temporary-credentials request',
    );
    assert.ok(error instanceof OAuthProviderError);
    assert.equal(error.code, 'ERR_OAUTH_PROVIDER_RESPONSE');
    assert.equal(error.status, 401);
    assert.equal(error.providerCode, 32);
    assert.equal(error.providerMessage, 'Could not authenticate you.');
    assert.equal(
      error.message,
      'the provider answered 401 to the temporary-credentials request: Could not authenticate you. (code 32); check the consumer key and secret, the token, and the system clock',
    );
  });
});

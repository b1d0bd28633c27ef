import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { makeTempDir, runCli } from '../support/cli.js';

const rfcKeys = [
  '--consumer-key',
  '9djdj82h48djs9d2',
  '--consumer-secret',
  'j49sk3j29djd',
  '--token',
  'kkk9d7dh3k39sjv7',
  '--token-secret',
  'dh893hdasih9',
];
const twitterEnv = {
  SPRITZER_CONSUMER_KEY: 'xvz1evFS4wEEPTGEFPHBog',
  SPRITZER_CONSUMER_SECRET: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  SPRITZER_ACCESS_TOKEN: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  SPRITZER_ACCESS_TOKEN_SECRET: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};
const twitterFixed = [
  '--nonce',
  'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
  '--timestamp',
  '1318622958',
];
const wikiKeyPath = fileURLToPath(
  new URL('../vectors/oauth-wiki-rsa-test-key.pem', import.meta.url),
);

interface SignJson {
  method: string;
  url: string;
  baseStringUri: string;
  normalizedParameters: string;
  baseString: string;
  signatureMethod: string;
  signature: string | null;
  authorization: string | null;
  oauthParameters: Record<string, string | null>;
  body: string | null;
  signingKey?: string;
  secretsHidden: boolean;
}

function parseJson(stdout: string): SignJson {
  const lines = stdout.trimEnd().split('\n');
  assert.equal(lines.length, 1, 'exactly one JSON object');
  return JSON.parse(lines[0] ?? '') as SignJson;
}

/** `spritzer oauth sign METHOD URL …args`. */
function sign(
  method: string,
  url: string,
  args: readonly string[] = [],
  env?: Record<string, string>,
) {
  return runCli(['oauth', 'sign', method, url, ...args], env === undefined ? {} : { env });
}

/** `spritzer oauth sign … --json`, which must succeed with one JSON object. */
async function signJson(
  method: string,
  url: string,
  args: readonly string[] = [],
  env?: Record<string, string>,
): Promise<SignJson> {
  const result = await sign(method, url, [...args, '--json'], env);
  assert.equal(result.code, 0, result.stderr);
  return parseJson(result.stdout);
}

const keys = ['--consumer-key', 'k', '--consumer-secret', 's'];
const signInWithTwitter = [
  '--consumer-key',
  'GDdmIQH6jhtmLUypg82g',
  '--consumer-secret',
  'MCD8BKwGdgPHvAuvgvz4EQpqDAtx89grbuNMRd7Eh98',
];

describe('spritzer oauth sign', { concurrency: 4 }, () => {
  it('prints every step of RFC 5849 §3.4.1 (the corrected signature), secrets hidden', async () => {
    const result = await sign(
      'post',
      'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b',
      [
        ...['--data', 'c2=', '--data', 'a3=2 q', ...rfcKeys],
        ...[
          '--nonce',
          '7d8f3e4a',
          '--timestamp',
          '137131201',
          '--no-version',
          '--realm',
          'Example',
        ],
      ],
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.equal(
      result.stdout,
      [
        'Method: POST',
        'URL: http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b',
        'Base string URI: http://example.com/request',
        'Normalized parameters: a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7',
        'Signature base string: POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
        'Signing key: (hidden: pass --show-secrets to print it)',
        'Signature method: HMAC-SHA1',
        'Signature: r6/TJjbCOr97/+UU0NsvSne7s5g=',
        'Authorization: OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_nonce="7d8f3e4a", oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_token="kkk9d7dh3k39sjv7"',
        'Content-Type: application/x-www-form-urlencoded',
        'Body: c2=&a3=2%20q',
        '',
      ].join('\n'),
    );
    assert.doesNotMatch(result.stdout, /j49sk3j29djd|dh893hdasih9/);
  });

  it("reproduces X/Twitter's example with keys from the environment, --data taken literally, as JSON", async () => {
    const result = await sign(
      'POST',
      'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
      [
        '--data',
        'status=Hello Ladies + Gentlemen, a signed OAuth request!',
        ...twitterFixed,
        '--json',
      ],
      twitterEnv,
    );
    assert.equal(result.code, 0, result.stderr);
    const json = parseJson(result.stdout);
    assert.equal(json.signature, 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
    assert.match(json.baseString, /%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen/);
    assert.equal(
      json.authorization,
      'OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"',
    );
    assert.equal(
      json.body,
      'status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21',
    );
    assert.equal(json.oauthParameters.oauth_version, '1.0');
    assert.equal(json.signingKey, undefined);
    assert.equal(json.secretsHidden, true);
    assert.doesNotMatch(
      result.stdout,
      /kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw|LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE/,
    );
  });

  it('lets flags win over the environment, and prints the signing key with --show-secrets', async () => {
    const json = await signJson(
      'GET',
      'https://example.com/',
      ['--consumer-secret', 'flag secret', '--show-secrets'],
      twitterEnv,
    );
    assert.equal(json.signingKey, 'flag%20secret&LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE');
    assert.equal(json.secretsHidden, false);
    assert.match(json.oauthParameters.oauth_nonce ?? '', /^[0-9a-f]{32}$/);
    assert.match(json.oauthParameters.oauth_timestamp ?? '', /^\d{10}$/);
  });

  it('hides a PLAINTEXT signature (it is the signing key) unless --show-secrets', async () => {
    const url = 'https://photos.example.net/request_token';
    const args = [
      '--consumer-key',
      'dpf43f3p2l4k3l03',
      '--consumer-secret',
      'kd94hf93k423kf44',
      '--signature-method',
      'PLAINTEXT',
    ];
    const hidden = await sign('POST', url, [...args, '--json']);
    assert.equal(hidden.code, 0, hidden.stderr);
    const hiddenJson = parseJson(hidden.stdout);
    assert.equal(hiddenJson.signature, null);
    assert.equal(hiddenJson.authorization, null);
    assert.equal(hiddenJson.oauthParameters.oauth_signature, null);
    assert.doesNotMatch(hidden.stdout, /kd94hf93k423kf44/);
    const text = await sign('POST', url, args);
    assert.match(
      text.stdout,
      /^Signature: \(hidden: pass --show-secrets to print it\): a PLAINTEXT signature is the signing key$/m,
    );
    assert.doesNotMatch(text.stdout, /kd94hf93k423kf44/);
    const shown = await sign('POST', url, [...args, '--show-secrets']);
    assert.match(shown.stdout, /^Signature: kd94hf93k423kf44&$/m);
    assert.match(shown.stdout, /oauth_signature="kd94hf93k423kf44%26"/);
  });

  it('signs RSA-SHA1 with a PEM file (the oauth.net wiki test key vector)', async () => {
    const json = await signJson(
      'GET',
      'http://photos.example.net/photos?file=vacaction.jpg&size=original',
      [
        ...[
          '--consumer-key',
          'dpf43f3p2l4k3l03',
          '--signature-method',
          'RSA-SHA1',
          '--private-key',
          wikiKeyPath,
        ],
        ...['--nonce', '13917289812797014437', '--timestamp', '1196666512'],
      ],
    );
    assert.equal(
      json.signature,
      'jvTp/wX1TYtByB1m+Pbyo0lnCOLIsyGCH7wke8AUs3BpnwZJtAuEJkvQL2/9n4s5wUmUl4aCI4BwpraNx4RtEXMe5qg5T1LVTGliMRpKasKsW//e+RinhejgCuzoH26dyF8iY2ZZ/5D1ilgeijhV/vBka5twt399mXwaYdCwFYE=',
    );
    assert.doesNotMatch(JSON.stringify(json), /PRIVATE KEY/);
  });

  it('adds --callback and --verifier to reproduce each step of the 3-legged flow', async () => {
    const requestToken = await signJson('POST', 'https://api.twitter.com/oauth/request_token', [
      ...signInWithTwitter,
      ...['--callback', 'http://localhost:3005/the_dance/process_callback?service_provider_id=11'],
      ...['--nonce', 'QP70eNmVz8jvdPevU3oJD2AfF7R7odC2XJcn4XlZJqk', '--timestamp', '1272323042'],
    ]);
    assert.equal(requestToken.signature, '8wUi7m5HFQy76nowoCThusfgB+Q=');
    const accessToken = await signJson('POST', 'https://api.twitter.com/oauth/access_token', [
      ...signInWithTwitter,
      ...[
        '--token',
        '8ldIZyxQeVrFZXFOZH5tAwj6vzJYuLQpl0WUEYtWc',
        '--token-secret',
        'x6qpRnlEmW9JbQn4PQVVeVG8ZLPEx6A0TOebgwcuA',
      ],
      ...['--verifier', 'pDNg57prOHapMbhv25RNf75lVRd6JDsni1AJJIDYoTY'],
      ...['--nonce', '9zWH6qe0qG7Lc1telCn7FhUbLyVdjEaL3MO5uHxn8', '--timestamp', '1272323047'],
    ]);
    assert.equal(accessToken.signature, 'PUw/dHA4fnlJYM6RhXk5IU/0fCc=');
  });

  it("signs the URL as Node's URL parser sends it (raw non-ASCII, [] | {})", async () => {
    const json = await signJson(
      'GET',
      'HTTPS://Example.COM:443/café/{x}?q=[a]|b c&ü=1',
      twitterFixed,
      twitterEnv,
    );
    assert.equal(json.url, 'https://example.com/caf%C3%A9/%7Bx%7D?q=[a]|b%20c&%C3%BC=1');
    assert.equal(json.baseStringUri, 'https://example.com/caf%C3%A9/%7Bx%7D');
    assert.match(json.normalizedParameters, /&q=%5Ba%5D%7Cb%20c$/);
    assert.match(json.normalizedParameters, /^%C3%BC=1&/);
  });

  const example = 'https://example.com/';
  const badInput: [what: string, method: string, url: string, args: string[], message: RegExp][] = [
    ['an unknown method', 'FETCH', example, keys, /unknown HTTP method "FETCH"/],
    ['a malformed URL', 'GET', 'example.com/x', keys, /the URL is malformed/],
    ['an ftp URL', 'GET', 'ftp://example.com/', keys, /scheme is ftp:/],
    [
      'a missing consumer key',
      'GET',
      example,
      ['--consumer-secret', 's'],
      /missing the consumer key: pass --consumer-key or set SPRITZER_CONSUMER_KEY/,
    ],
    [
      'a missing consumer secret',
      'GET',
      example,
      ['--consumer-key', 'k'],
      /missing the consumer secret/,
    ],
    [
      'a token without its secret',
      'GET',
      example,
      [...keys, '--token', 't'],
      /missing the token secret/,
    ],
    [
      'RSA-SHA1 without a key file',
      'GET',
      example,
      ['--consumer-key', 'k', '--signature-method', 'RSA-SHA1'],
      /RSA-SHA1 needs --private-key FILE/,
    ],
    [
      'an unreadable PEM',
      'GET',
      example,
      [
        '--consumer-key',
        'k',
        '--signature-method',
        'RSA-SHA1',
        '--private-key',
        '/nonexistent/key.pem',
      ],
      /cannot read --private-key \/nonexistent\/key\.pem \(ENOENT\)/,
    ],
    [
      '--data without "="',
      'POST',
      example,
      [...keys, '--data', 'novalue'],
      /--data expects name=value/,
    ],
    ['--data on a GET', 'GET', example, [...keys, '--data', 'a=b'], /GET requests do not have/],
    [
      'an oauth_ parameter in --data',
      'POST',
      example,
      [...keys, '--data', 'oauth_callback=oob'],
      /use --callback/,
    ],
    [
      'an oauth_ parameter in the query',
      'GET',
      `${example}?oauth_token=t`,
      keys,
      /query carries oauth_token/,
    ],
    [
      'a non-numeric timestamp',
      'GET',
      example,
      [...keys, '--timestamp', 'soon'],
      /--timestamp must be a whole number/,
    ],
    [
      'a relative callback',
      'POST',
      example,
      [...keys, '--callback', '/cb'],
      /--callback must be an absolute URL or oob/,
    ],
    [
      'an unknown signature method',
      'GET',
      example,
      [...keys, '--signature-method', 'HMAC-MD5'],
      /^spritzer: invalid value 'HMAC-MD5' for option '--signature-method <method>' of spritzer oauth sign: allowed choices are HMAC-SHA1, HMAC-SHA256, PLAINTEXT, RSA-SHA1; see spritzer oauth sign --help$/m,
    ],
  ];
  for (const [what, method, url, args, message] of badInput) {
    it(`exits 2 with one line on ${what}`, async () => {
      const result = await sign(method, url, args);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, message);
    });
  }

  it('exits 2 on a file that is not a PEM private key', async () => {
    const path = join(makeTempDir(), 'not-a-key.pem');
    writeFileSync(path, '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n');
    const result = await sign('GET', example, [
      '--consumer-key',
      'k',
      '--signature-method',
      'RSA-SHA1',
      '--private-key',
      path,
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /is not a PEM RSA private key \(PKCS#1 or PKCS#8\)/);
    assert.doesNotMatch(result.stderr, /bm90IGEga2V5/);
  });

  it('documents itself with examples', async () => {
    const result = await runCli(['oauth', 'sign', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Usage: spritzer oauth sign \[options\] <method> <url>/);
    assert.match(result.stdout, /Examples:\n {2}\$ spritzer oauth sign POST/);
    assert.match(result.stdout, /SPRITZER_ACCESS_TOKEN_SECRET/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../support/cli.js';
import { freshToken, homeWithProfile } from './emulator-account.js';

let emulator: RunningEmulator;
let home: string;
before(async () => {
  emulator = await startEmulator({ seed: 9, rate: 100 });
  home = await homeWithProfile(emulator);
});
after(async () => {
  await emulator.close();
});

describe('spritzer request', { concurrency: 3 }, () => {
  it('GETs a path under the API URL as the saved account; the body goes to stdout', async () => {
    const result = await runCli(['request', '/1.1/account/verify_credentials.json'], { home });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const user = JSON.parse(result.stdout) as { screen_name: string; id_str: string };
    assert.equal(user.screen_name, emulator.fixtures.screenName);
    assert.equal(user.id_str, emulator.fixtures.userId);
  });

  it('--include prints the status line and headers first', async () => {
    const result = await runCli(['request', '-i', '1.1/account/verify_credentials.json'], { home });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^HTTP\/1\.1 200 OK\n(?:[\w-]+: .*\n)+\n\{"id"/);
    assert.match(result.stdout, /^content-type: application\/json/im);
  });

  it('POSTs -d parameters as a signed form body', async () => {
    const status = 'hello & welcome: 100% "OAuth" ☕';
    const result = await runCli(
      ['request', '-X', 'POST', '/1.1/statuses/update.json', '-d', `status=${status}`],
      { home },
    );
    assert.equal(result.code, 0, result.stderr);
    const tweet = JSON.parse(result.stdout) as { text: string; id_str: string };
    assert.equal(tweet.text, 'hello &amp; welcome: 100% "OAuth" ☕');
    const shown = await runCli(
      ['request', '/1.1/statuses/show.json', '-X', 'GET', '-d', `id=${tweet.id_str}`],
      {
        home,
      },
    );
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal((JSON.parse(shown.stdout) as { id_str: string }).id_str, tweet.id_str);
  });

  it('--trace shows the base string and the exchange, and no secret', async () => {
    const result = await runCli(['request', '--trace', '/1.1/account/verify_credentials.json'], {
      home,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /^signature base string \(RFC 5849 §3\.4\.1\.1\):\n {2}GET&http%3A%2F%2F127\.0\.0\.1%3A\d+%2F1\.1%2Faccount%2Fverify_credentials\.json&oauth_consumer_key%3D/,
    );
    assert.match(
      result.stderr,
      /\n→ GET http:\/\/127\.0\.0\.1:\d+\/1\.1\/account\/verify_credentials\.json\n/,
    );
    assert.match(result.stderr, /\n {2}authorization: OAuth .*oauth_signature="\[redacted\]"/);
    assert.match(result.stderr, /\n← 200 OK\n/);
    for (const secret of [emulator.fixtures.consumerSecret, emulator.fixtures.accessTokenSecret]) {
      assert.ok(!result.stderr.includes(secret) && !result.stdout.includes(secret));
    }
    const signature = /oauth_signature="([^"]*)"/.exec(
      (
        await runCli(
          ['request', '--trace', '--show-secrets', '/1.1/account/verify_credentials.json'],
          { home },
        )
      ).stderr,
    )?.[1];
    assert.ok(signature !== undefined && signature !== '[redacted]' && signature.length > 20);
  });

  it("exits 3 on a revoked token, with the provider's message", async () => {
    const revokedHome = await homeWithProfile(emulator, await freshToken(emulator));
    const revoke = await runCli(['request', '-X', 'POST', '/1.1/oauth/invalidate_token.json'], {
      home: revokedHome,
    });
    assert.equal(revoke.code, 0, revoke.stderr);
    const result = await runCli(['request', '/1.1/account/verify_credentials.json'], {
      home: revokedHome,
    });
    assert.equal(result.code, 3);
    assert.equal(result.stdout, '{"errors":[{"code":89,"message":"Invalid or expired token."}]}');
    assert.match(
      result.stderr,
      /^spritzer: HTTP 401 Unauthorized from .*: Invalid or expired token\. \(code 89\); the credentials were refused .*`spritzer authorize`\n$/,
    );
  });

  it('exits 1 on another error status, printing the body', async () => {
    const result = await runCli(['request', '/1.1/nothing/here.json'], { home });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /"code":34/);
    assert.match(result.stderr, /^spritzer: HTTP 404 Not Found from .*; see the response above\n$/);
  });

  it('exits 2 on bad input', async () => {
    const [header, data, missing] = await Promise.all([
      runCli(['request', '-H', 'Authorization: x', '/x'], { home }),
      runCli(['request', '-d', 'novalue', '/x'], { home }),
      runCli(['request']),
    ]);
    assert.equal(header.code, 2);
    assert.match(header.stderr, /spritzer signs the request itself/);
    assert.equal(data.code, 2);
    assert.match(data.stderr, /-d "novalue": give a parameter as name=value/);
    assert.equal(missing.code, 2);
    assert.equal(
      missing.stderr,
      'spritzer: missing argument <path-or-url> for spritzer request (usage: spritzer request [options] <path-or-url>); see spritzer request --help\n',
    );
  });

  it('--help shows no "(default: [])" after the repeatable -d and -H', async () => {
    // Broke: commander printed the empty arrays the options started from as their defaults.
    const help = await runCli(['request', '--help']);
    assert.equal(help.code, 0);
    assert.match(
      help.stdout,
      /-d, --data <name=value> +a form or query parameter \(repeatable\)\n/,
    );
    assert.match(
      help.stdout,
      /-H, --header <header> +an extra header, "Name: value" \(repeatable\)\n/,
    );
    assert.doesNotMatch(help.stdout, /default: \[\]/);
  });

  it('an untrusted certificate exits 1 and says how to trust it', async () => {
    // Broke: "failed (DEPTH_ZERO_SELF_SIGNED_CERT); check the URL and that the provider is
    // reachable", with no word of NODE_EXTRA_CA_CERTS.
    const tls = await startEmulator({ tls: true, seed: 9 });
    try {
      const result = await runCli(['request', '/1.1/account/verify_credentials.json'], {
        home: await homeWithProfile(tls),
      });
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /^spritzer: GET https:\/\/127\.0\.0\.1:\d+\/1\.1\/account\/verify_credentials\.json failed \(DEPTH_ZERO_SELF_SIGNED_CERT\); .*set NODE_EXTRA_CA_CERTS to its file\n$/,
      );
    } finally {
      await tls.close();
    }
  });

  it('exits 2 for a URL that is not http(s) and for a method that is not a token', async () => {
    // Broke: ftp://x/y was sent as <api-url>/ftp://x/y (a 404, exit 1), and -X "BAD METHOD"
    // was reported as a bad "request.method" argument, which is not a flag.
    const [ftp, method] = await Promise.all([
      runCli(['request', 'ftp://example.com/x.json'], { home }),
      runCli(['request', '-X', 'BAD METHOD', '/x'], { home }),
    ]);
    assert.equal(ftp.code, 2);
    assert.equal(ftp.stdout, '');
    assert.equal(
      ftp.stderr,
      'spritzer: request takes a path under the API URL (/1.1/…) or an http: or https: URL, not a ftp: URL ("ftp://example.com/x.json")\n',
    );
    assert.equal(method.code, 2);
    assert.equal(
      method.stderr,
      'spritzer: -X "BAD METHOD" is not an HTTP method; use a method name such as GET, POST or DELETE\n',
    );
  });
});

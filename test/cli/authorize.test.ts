import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { submitAuthorizePage } from '../../src/cli/authorize-page-form.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { makeTempDir, runCli } from '../support/cli.js';
import { startCli, type CliSession } from './cli-session.js';

let emulator: RunningEmulator;
before(async () => {
  emulator = await startEmulator({ seed: 6 });
});
after(async () => {
  await emulator.close();
});

function keys(): Record<string, string> {
  return {
    SPRITZER_CONSUMER_KEY: emulator.fixtures.consumerKey,
    SPRITZER_CONSUMER_SECRET: emulator.fixtures.consumerSecret,
  };
}

function emulatorFlags(): string[] {
  return ['--provider', 'emulator', '--api-url', emulator.url];
}

const authorizationUrlPattern = /(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?oauth_token=\S+)/;

/** Waits for the authorization URL, approves it through the page, and returns the PIN. */
async function approveWithPin(session: CliSession): Promise<string> {
  const [url = ''] = (await session.waitForStderr(authorizationUrlPattern)).slice(1);
  const outcome = await submitAuthorizePage(url, { decision: 'allow' });
  assert.equal(outcome.kind, 'pin');
  return outcome.pin;
}

/** Asserts that none of the secrets appear in a run's output. */
function assertNoSecrets(text: string, ...secrets: string[]): void {
  for (const secret of secrets) assert.ok(!text.includes(secret), `a secret leaked:\n${text}`);
}

describe('spritzer authorize', { concurrency: 3 }, () => {
  it('PIN flow: reads the PIN from stdin and saves a 0600 profile that becomes the default', async () => {
    const home = makeTempDir('spritzer-home-');
    const session = startCli(['authorize', ...emulatorFlags()], { home, env: keys() });
    const pin = await approveWithPin(session);
    session.child.stdin.end(`${pin}\n`);
    const result = await session.result();
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /Enter the PIN the provider shows: /);
    assert.match(
      result.stderr,
      /✔ Authorized @spritzer_dev \(user \d+\); saved as profile "spritzer_dev" \(the default\) in .*credentials\.json/,
    );
    assert.match(result.stderr, /Next: spritzer stream sample\n$/);

    const path = join(home, '.config', 'spritzer', 'credentials.json');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(path, '..')).mode & 0o777, 0o700);
    const file = JSON.parse(readFileSync(path, 'utf8')) as {
      version: number;
      default: string;
      profiles: Record<string, Record<string, unknown>>;
    };
    assert.equal(file.version, 1);
    assert.equal(file.default, 'spritzer_dev');
    const profile = file.profiles.spritzer_dev ?? {};
    assert.equal(profile.consumerKey, emulator.fixtures.consumerKey);
    assert.equal(profile.consumerSecret, emulator.fixtures.consumerSecret);
    assert.equal(profile.screenName, 'spritzer_dev');
    assert.equal(profile.userId, emulator.fixtures.userId);
    assert.match(String(profile.accessToken), new RegExp(`^${emulator.fixtures.userId}-`));
    assert.equal(typeof profile.accessTokenSecret, 'string');
    assert.deepEqual(profile.provider, {
      name: 'emulator',
      apiUrl: emulator.url,
      streamUrl: emulator.url,
      requestTokenUrl: `${emulator.url}/oauth/request_token`,
      authorizeUrl: `${emulator.url}/oauth/authorize`,
      accessTokenUrl: `${emulator.url}/oauth/access_token`,
    });
    assertNoSecrets(
      result.stdout + result.stderr,
      emulator.fixtures.consumerSecret,
      String(profile.accessTokenSecret),
      pin,
    );

    // The saved profile is used with no further flags.
    const accounts = await runCli(['accounts'], { home });
    assert.match(accounts.stdout, /^\* {2}spritzer_dev +@spritzer_dev +emulator /m);
  });

  it('loopback flow: the browser is redirected to a one-shot server on 127.0.0.1', async () => {
    const home = makeTempDir('spritzer-home-');
    const session = startCli(['authorize', '--loopback', '--profile', 'work', ...emulatorFlags()], {
      home,
      env: keys(),
    });
    const [url = ''] = (await session.waitForStderr(authorizationUrlPattern)).slice(1);
    await session.waitForStderr(
      /Waiting for the provider to redirect to http:\/\/127\.0\.0\.1:\d+\/callback/,
    );
    const outcome = await submitAuthorizePage(url, { decision: 'allow' });
    assert.equal(outcome.kind, 'redirect');
    const { location } = outcome;
    assert.match(
      location,
      /^http:\/\/127\.0\.0\.1:\d+\/callback\?oauth_token=[^&]+&oauth_verifier=/,
    );
    // The browser's request to the loopback server, as a real HTTP request.
    const page = await fetch(location);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /spritzer is authorized/);
    const result = await session.result();
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /saved as profile "work" \(the default\)/);
    const file = JSON.parse(
      readFileSync(join(home, '.config', 'spritzer', 'credentials.json'), 'utf8'),
    ) as { profiles: Record<string, { screenName: string }> };
    assert.equal(file.profiles.work?.screenName, 'spritzer_dev');
  });

  it('--explain shows each step of the dance with every secret redacted', async () => {
    const session = startCli(['authorize', '--explain', ...emulatorFlags()], { env: keys() });
    const pin = await approveWithPin(session);
    session.child.stdin.end(`${pin}\n`);
    const result = await session.result();
    assert.equal(result.code, 0, result.stderr);
    const steps = [...result.stderr.matchAll(/^Step (\d)\/4 · (.*)$/gm)].map((m) => m[2]);
    assert.deepEqual(steps, [
      'Temporary credentials (RFC 5849 §2.1; Twitter: "request token")',
      'Resource owner authorization (§2.2)',
      'Verifier (§2.2)',
      'Token credentials (§2.3; Twitter: "access token")',
    ]);
    assert.match(
      result.stderr,
      /signature base string \(RFC 5849 §3\.4\.1\.1\):\n {4}POST&http%3A%2F%2F127\.0\.0\.1/,
    );
    assert.match(result.stderr, /oauth_callback%3Doob/);
    assert.match(result.stderr, /oauth_verifier%3D\[redacted\]/);
    assert.match(result.stderr, /oauth_signature="\[redacted\]"/);
    assert.match(result.stderr, /oauth_token_secret=\[redacted\]/);
    assert.match(result.stderr, /← 200/);
    const token = /oauth_token=([^&\s]+)&oauth_token_secret=\[redacted\]&user_id/.exec(
      result.stderr,
    );
    assert.ok(token, result.stderr);
    assertNoSecrets(result.stdout + result.stderr, emulator.fixtures.consumerSecret, pin);
  });

  it('a wrong PIN exits 3 with a short message and saves nothing', async () => {
    const home = makeTempDir('spritzer-home-');
    const session = startCli(['authorize', ...emulatorFlags()], { home, env: keys() });
    await session.waitForStderr(authorizationUrlPattern);
    session.child.stdin.end('0000000\n');
    const result = await session.result();
    assert.equal(result.code, 3, result.stderr);
    assert.match(
      result.stderr,
      /spritzer: the provider refused the verifier \(Error processing your OAuth request: Invalid oauth_verifier parameter\): the PIN is wrong or expired, and each PIN works once; run `spritzer authorize` again\n$/,
    );
    assert.doesNotMatch(result.stderr, /\n\s+at /);
    const accounts = await runCli(['accounts'], { home });
    assert.equal(accounts.stdout, '');
  });

  it('a denied authorization exits 3', async () => {
    const session = startCli(['authorize', '--loopback', ...emulatorFlags()], { env: keys() });
    const [url = ''] = (await session.waitForStderr(authorizationUrlPattern)).slice(1);
    await session.waitForStderr(/Waiting for the provider/);
    const outcome = await submitAuthorizePage(url, { decision: 'deny' });
    assert.equal(outcome.kind, 'redirect');
    const page = await fetch(outcome.location);
    assert.match(await page.text(), /Authorization denied/);
    const result = await session.result();
    assert.equal(result.code, 3);
    assert.match(result.stderr, /spritzer: the user denied the authorization request/);
  });

  it('no PIN on stdin exits 2 and says how to give one', async () => {
    const result = await runCli(['authorize', ...emulatorFlags()], { env: keys(), input: '' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /spritzer: no PIN was entered; run `spritzer authorize` again/);
  });

  it('missing consumer keys exit 2 before any request', async () => {
    const result = await runCli(['authorize', ...emulatorFlags()]);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'spritzer: the consumer key is missing: pass --consumer-key, set SPRITZER_CONSUMER_KEY, or add "consumerKey" to config.json (your app\'s keys, from the provider\'s developer portal)\n',
    );
  });

  it("wrong consumer keys exit 1 with the provider's error", async () => {
    const result = await runCli(['authorize', ...emulatorFlags()], {
      env: { SPRITZER_CONSUMER_KEY: 'nope', SPRITZER_CONSUMER_SECRET: 'SECRET-nope' },
    });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /spritzer: the provider answered 401 to the temporary-credentials request: .*; check the consumer key and secret/,
    );
    assertNoSecrets(result.stderr, 'SECRET-nope');
  });

  it('an unreachable provider exits 1 naming the endpoint and the cause', async () => {
    // Broke: the message was the bare "spritzer: fetch failed", with nothing to act on.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      closed.close(() => {
        resolve();
      });
    });
    const result = await runCli(
      ['authorize', '--provider', 'emulator', '--api-url', `http://127.0.0.1:${port}`],
      { env: keys() },
    );
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(
        `\\nspritzer: POST http://127\\.0\\.0\\.1:${port}/oauth/request_token failed \\(ECONNREFUSED\\); check the provider's URL \\(--api-url, .*\\) and that it is reachable\\n$`,
      ),
    );
    assert.doesNotMatch(result.stderr, /fetch failed/);
    // A port fetch refuses to use says so too.
    const blocked = await runCli(
      ['authorize', '--provider', 'emulator', '--api-url', 'http://127.0.0.1:1'],
      { env: keys() },
    );
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /\/oauth\/request_token failed \(bad port\); check/);
  });

  it('a credentials file it cannot save to exits 2 before the dance, not after the PIN', async () => {
    // Broke: the user approved and typed the PIN, then the broken file refused the token.
    const home = makeTempDir('spritzer-home-');
    mkdirSync(join(home, '.config', 'spritzer'), { recursive: true, mode: 0o700 });
    writeFileSync(join(home, '.config', 'spritzer', 'credentials.json'), '{"version":', {
      mode: 0o600,
    });
    const result = await runCli(['authorize', ...emulatorFlags()], {
      home,
      env: keys(),
      input: '1234567\n',
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /spritzer: the credentials file .*credentials\.json is broken/);
    assert.doesNotMatch(result.stderr, /Open this URL|Enter the PIN/);
  });

  it('the emulator provider without its URL exits 2', async () => {
    const result = await runCli(['authorize', '--provider', 'emulator'], { env: keys() });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /the emulator provider needs the URL `spritzer emulate` printed/);
  });

  it('Ctrl-C while waiting for the PIN exits 130 and saves nothing', async () => {
    const session = startCli(['authorize', ...emulatorFlags()], { env: keys() });
    await session.waitForStderr(/Enter the PIN/);
    session.child.kill('SIGINT');
    const result = await session.result();
    assert.equal(result.code, 130);
    assert.match(result.stderr, /authorization interrupted; nothing was saved\n$/);
  });

  it('--help shows examples', async () => {
    const result = await runCli(['authorize', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: spritzer authorize \[options\]/);
    assert.match(result.stdout, /--loopback/);
    assert.match(result.stdout, /Examples:\n {2}\$ export SPRITZER_CONSUMER_KEY/);
  });
});

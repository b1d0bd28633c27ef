import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir, runCli } from '../support/cli.js';
import { startCli } from './cli-session.js';

describe('spritzer demo', () => {
  it('--limit 20: authorizes against the embedded emulator step by step, then shows 20 messages', async () => {
    const home = makeTempDir('spritzer-home-');
    const result = await runCli(['demo', '--limit', '20'], { home, timeoutMs: 60_000 });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 20);
    const tweets = lines.filter((line) => /^\d\d:\d\d:\d\d {2}@\w+/.test(line));
    assert.ok(tweets.length >= 10, result.stdout);

    const { stderr } = result;
    assert.match(stderr, /^spritzer demo · /);
    assert.match(
      stderr,
      /▶ Emulator listening on http:\/\/127\.0\.0\.1:\d+ \(seed 1\); its signed-in user is @(\w+)/,
    );
    assert.deepEqual(
      [...stderr.matchAll(/^Step (\d)\/4/gm)].map((match) => match[1]),
      ['1', '2', '3', '4'],
    );
    assert.match(
      stderr,
      /The demo plays @\w+: it opens http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?oauth_token=\S+ and presses "Authorize app"\./,
    );
    assert.match(stderr, /The page shows a 7-digit PIN: \[redacted\]\./);
    assert.match(stderr, /oauth_verifier%3D\[redacted\]/);
    assert.doesNotMatch(stderr, /oauth_token_secret=(?!\[redacted\])/);
    assert.match(
      stderr,
      /✔ Authorized @\w+ \(user \d+\); token saved as profile "demo" in .*credentials\.json \(mode 0600\)/,
    );
    assert.match(stderr, /▶ Streaming GET http:\/\/127\.0\.0\.1:\d+\/1\.1\/statuses\/sample\.json/);
    assert.match(stderr, /■ stopped: 20 messages in \d+\.\d s/);
    const firstMessage = /first message (\d+\.\d\d) s after spritzer started/.exec(stderr);
    assert.ok(firstMessage, stderr);

    const path = join(home, '.config', 'spritzer', 'credentials.json');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const file = JSON.parse(readFileSync(path, 'utf8')) as {
      default: string | null;
      profiles: Record<string, { provider: { name: string }; accessTokenSecret: string }>;
    };
    assert.equal(file.default, null, 'the demo profile never becomes the default');
    assert.equal(file.profiles.demo?.provider.name, 'emulator');
    assert.ok(!stderr.includes(file.profiles.demo.accessTokenSecret));
  });

  it('--quiet prints only the messages; --theme matrix paints them', async () => {
    const result = await runCli(['demo', '-n', '3', '--quiet', '--theme', 'matrix'], {
      env: { FORCE_COLOR: '1', NO_COLOR: '' },
      timeoutMs: 60_000,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.ok(
      result.stdout.startsWith('\u001b[32;40m'),
      JSON.stringify(result.stdout.slice(0, 40)),
    );
  });

  it('--seed takes any integer, as emulate and generate do', async () => {
    // Broke: demo --seed 0 (or -3) was refused as "must be a positive integer".
    const result = await runCli(['demo', '-n', '1', '--quiet', '--seed', '0'], {
      timeoutMs: 60_000,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.split('\n').filter(Boolean).length, 1);
  });

  it('Ctrl-C stops the stream and the emulator, and exits 130', async () => {
    const session = startCli(['demo']);
    await session.waitForStdout(/\n/);
    session.child.kill('SIGINT');
    const result = await session.result();
    assert.equal(result.code, 130);
    assert.match(result.stderr, /■ interrupted: \d+ messages?/);
  });
});

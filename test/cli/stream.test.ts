import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../support/cli.js';
import { startCli } from './cli-session.js';
import { freshToken, homeWithProfile } from './emulator-account.js';

let emulator: RunningEmulator;
let home: string;
before(async () => {
  emulator = await startEmulator({ seed: 7 });
  home = await homeWithProfile(emulator);
});
after(async () => {
  await emulator.close();
});

const timeLine = /^\d\d:\d\d:\d\d {2}/;

/** Polls a condition every 10 ms, for at most 10 s. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 1000; tries += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail('condition not met within 10 s');
}

describe('spritzer stream', () => {
  it('sample --format text: one readable line per message, with no flags but the profile', async () => {
    const result = await runCli(['stream', 'sample', '--limit', '5'], { home });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 5);
    for (const line of lines) {
      assert.match(line, timeLine);
      assert.match(line, /^\d\d:\d\d:\d\d {2}(@\w+|[✕⌖⊘⋯⚠⏏?✗] )/u, line);
    }
    assert.ok(!result.stdout.includes('\u001b['), 'no color with NO_COLOR');
    assert.match(result.stderr, /^■ stopped: 5 messages in \d+\.\d s \(.*\) · 0 reconnects\n$/);
    assert.doesNotMatch(result.stderr, /\r/);
  });

  it('sample --format json: one {"kind","message"} object per line', async () => {
    const result = await runCli(['stream', 'sample', '-n', '8', '--format', 'json', '-q'], {
      home,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const objects = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; message: Record<string, unknown> });
    assert.equal(objects.length, 8);
    for (const object of objects) {
      assert.ok(
        [
          'tweet',
          'delete',
          'scrub_geo',
          'limit',
          'status_withheld',
          'user_withheld',
          'warning',
        ].includes(object.kind),
        object.kind,
      );
      if (object.kind === 'tweet') assert.equal(typeof object.message.id_str, 'string');
      else assert.ok(object.kind in object.message);
    }
  });

  it('sample --format raw: each message as the service sent it, one per line', async () => {
    const result = await runCli(
      ['stream', 'sample', '-n', '6', '--format', 'raw', '--quiet', '--delimited'],
      {
        home,
      },
    );
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 6);
    for (const line of lines) {
      assert.ok(!line.startsWith('{"kind"'), line);
      assert.ok(!line.includes('\r'));
      const parsed = JSON.parse(line) as Record<string, unknown>;
      assert.ok('id_str' in parsed || Object.keys(parsed).length === 1, line);
    }
  });

  it('filter --follow: a tweet the followed user posts arrives on the stream', async () => {
    // A quiet world of its own, so the only activity of note is the post below.
    const quiet = await startEmulator({ seed: 8, rate: 100 });
    try {
      const quietHome = await homeWithProfile(quiet);
      const { userId } = quiet.fixtures;
      const session = startCli(
        ['stream', 'filter', '--follow', userId, '--limit', '1', '-f', 'json', '-q'],
        {
          home: quietHome,
        },
      );
      await waitFor(() =>
        quiet.stats().connections.some((c) => c.endpoint === 'filter' && c.closedAt === null),
      );
      const post = await runCli(
        ['request', '-X', 'POST', '/1.1/statuses/update.json', '-d', 'status=hello, filter stream'],
        { home: quietHome },
      );
      assert.equal(post.code, 0, post.stderr);
      const result = await session.result();
      assert.equal(result.code, 0, result.stderr);
      const object = JSON.parse(result.stdout) as {
        kind: string;
        message: { text: string; user: { id_str: string } };
      };
      assert.equal(object.kind, 'tweet');
      assert.equal(object.message.text, 'hello, filter stream');
      assert.equal(object.message.user.id_str, userId);
    } finally {
      await quiet.close();
    }
  });

  it('rejects an invalid filter before connecting (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--track', 'x'.repeat(61)],
        /track phrase 1 \("x+"…\) is 61 bytes; each phrase must be 1–60 bytes/,
      ],
      [['--follow', 'jack'], /follow takes numeric ids, not screen names/],
      [
        ['--locations', '-122.75,36.8,-121.75'],
        /--locations takes 4 numbers per box \(swLon,swLat,neLon,neLat\); got 3/,
      ],
      [['--locations', '-121.75,37.8,-122.75,36.8'], /locations box 1/],
      [[], /statuses\/filter needs at least one of track, follow or locations/],
    ];
    const results = await Promise.all(
      cases.map(([flags]) => runCli(['stream', 'filter', ...flags], { home })),
    );
    for (const [index, [flags, message]] of cases.entries()) {
      const result = results[index] ?? assert.fail('no result');
      assert.equal(result.code, 2, `${flags.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    }
  });

  it('exits 3 when the token is revoked, saying to authorize again', async () => {
    const token = await freshToken(emulator);
    const revokedHome = await homeWithProfile(emulator, token);
    const revoke = await runCli(['request', '-X', 'POST', '/1.1/oauth/invalidate_token.json'], {
      home: revokedHome,
    });
    assert.equal(revoke.code, 0, revoke.stderr);
    const result = await runCli(['stream', 'sample', '--limit', '1'], { home: revokedHome });
    assert.equal(result.code, 3, result.stderr);
    assert.match(
      result.stderr,
      /spritzer: HTTP 401 Unauthorized from http:\/\/127\.0\.0\.1:\d+\/1\.1\/statuses\/sample\.json: .*; the credentials were refused: .*or authorize again\n$/,
    );
  });

  it('--api-url over a saved profile of the same provider streams from that URL', async () => {
    // Broke: the flag's API URL was paired with the profile's stream URL, so the stream went to
    // the profile's emulator (here: a 401 there for the other emulator's token).
    const other = await startEmulator({ seed: 8 });
    try {
      const result = await runCli(
        ['stream', 'sample', '--provider', 'emulator', '--api-url', other.url, '--limit', '1'],
        {
          home,
          env: {
            SPRITZER_CONSUMER_KEY: other.fixtures.consumerKey,
            SPRITZER_CONSUMER_SECRET: other.fixtures.consumerSecret,
            SPRITZER_ACCESS_TOKEN: other.fixtures.accessToken,
            SPRITZER_ACCESS_TOKEN_SECRET: other.fixtures.accessTokenSecret,
          },
        },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /■ stopped: 1 message in/);
    } finally {
      await other.close();
    }
  });

  it('exits 2 with no saved account, and for bad flags', async () => {
    const [none, unknown, format, theme, limit] = await Promise.all([
      runCli(['stream', 'sample']),
      runCli(['stream', 'sample', '--frobnicate'], { home }),
      runCli(['stream', 'sample', '--format', 'xml'], { home }),
      runCli(['stream', 'sample', '--format', 'json', '--theme', 'matrix'], { home }),
      runCli(['stream', 'sample', '--limit', '0'], { home }),
    ]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^spritzer: no authorized account: run `spritzer authorize` first/);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^spritzer: unknown option '--frobnicate' for spritzer stream/);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /allowed choices are text, json, raw/);
    assert.equal(theme.code, 2);
    assert.match(theme.stderr, /--theme applies to --format text only/);
    assert.equal(limit.code, 2);
    assert.match(limit.stderr, /must be a positive integer/);
  });

  it('exits 2 for a stall timeout under 1 s or a duration that rounds to nothing', async () => {
    // Broke: --stall-timeout 90ms (meant: 90s) was taken and reconnected every few ms for ever;
    // --duration 0.0001 was a 0 ms duration.
    const [stall, duration] = await Promise.all([
      runCli(['stream', 'sample', '--stall-timeout', '90ms'], { home }),
      runCli(['stream', 'sample', '--duration', '0.0001'], { home }),
    ]);
    assert.equal(stall.code, 2);
    assert.match(
      stall.stderr,
      /^spritzer: invalid value '90ms' for option '--stall-timeout <duration>' of spritzer stream sample: must be at least 1s: /,
    );
    assert.equal(duration.code, 2);
    assert.match(duration.stderr, /invalid value '0\.0001' for .*: must be a positive duration/);
  });

  it('Ctrl-C stops at once, prints the summary and exits 130', async () => {
    const session = startCli(['stream', 'sample'], { home });
    await session.waitForStdout(/\n/);
    session.child.kill('SIGINT');
    const result = await session.result();
    assert.equal(result.code, 130);
    assert.match(result.stderr, /■ interrupted: \d+ messages? in/);
  });

  it('--duration stops after the given time', async () => {
    const result = await runCli(['stream', 'sample', '--duration', '300ms', '-f', 'json'], {
      home,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /■ stopped: \d+ messages? in 0\.\d s/);
  });

  it('says once that the emulator of an emulator profile is not running, when nothing listens', async () => {
    const gone = await startEmulator({ seed: 13, rate: 100 });
    const goneHome = await homeWithProfile(gone);
    await gone.close();
    const result = await runCli(['stream', 'sample', '--duration', '1500ms'], { home: goneHome });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /reconnecting in .*ECONNREFUSED/);
    const hints = result.stderr.match(
      /nothing listens at http:\/\/127\.0\.0\.1:\d+: the emulator this profile was authorized with has stopped .* Run `spritzer demo` again/g,
    );
    assert.equal(hints?.length, 1, result.stderr);
  });

  it('--help shows examples for sample and filter', async () => {
    const sample = await runCli(['stream', 'sample', '--help']);
    assert.match(sample.stdout, /Examples:\n {2}\$ spritzer stream sample/);
    const filter = await runCli(['stream', 'filter', '--help']);
    assert.match(filter.stdout, /--track <phrases>/);
    assert.match(filter.stdout, /Limits \(checked before connecting\)/);
  });
});

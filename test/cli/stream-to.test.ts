/**
 * `spritzer stream sample --to …` against the emulator: what the stores hold after Ctrl-C is
 * exactly what was received (the console's raw output is the witness), a store restarted mid-run
 * loses nothing, and a bad `--to` is a usage error.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { spillJournalPath } from '../../src/sinks/open-sink.js';
import type { Sink } from '../../src/sinks/sink.js';
import { makeTempDir, runCli } from '../support/cli.js';
import { hasNatsServer, startNatsServer } from '../support/nats.js';
import { hasPostgres, startPostgres, storedTweetIds } from '../support/postgres.js';
import { skipUnlessInstalled } from '../support/system-package.js';
import { startCli } from './cli-session.js';
import { homeWithProfile } from './emulator-account.js';

let emulator: RunningEmulator;
let home: string;
before(async () => {
  emulator = await startEmulator({ rate: 'max', seed: 5 });
  home = await homeWithProfile(emulator);
});
after(async () => {
  await emulator.close();
});

/** The tweets a store must hold after the messages printed raw: distinct ids, less the deleted. */
function expectedTweetIds(rawLines: readonly string[]): string[] {
  const ids = new Set<string>();
  const deleted = new Set<string>();
  for (const line of rawLines) {
    const object = JSON.parse(line) as {
      id_str?: string;
      user?: unknown;
      delete?: { status: { id_str: string } };
    };
    if (object.delete !== undefined) deleted.add(object.delete.status.id_str);
    else if (object.id_str !== undefined && object.user !== undefined) ids.add(object.id_str);
  }
  return [...ids].filter((id) => !deleted.has(id)).sort();
}

const lineCount = (text: string): number => text.split('\n').length - 1;

describe('spritzer stream --to', () => {
  it('after Ctrl-C the file and the database hold exactly what was received, and the summary says so', async () => {
    const directory = makeTempDir();
    const file = join(directory, 'tweets.jsonl');
    const db = join(directory, 'tweets.db');
    const session = startCli(
      ['stream', 'sample', '--format', 'raw', '--to', `file:${file}`, '--to', `sqlite:${db}`],
      { home },
    );
    await session.waitForStdout(/^(?:[^\n]*\n){300}/);
    session.child.kill('SIGINT');
    const result = await session.result();
    assert.equal(result.code, 130, result.stderr);
    const received = result.stdout.split('\n').filter(Boolean);
    assert.ok(received.length >= 300);
    assert.equal(
      readFileSync(file, 'utf8'),
      result.stdout,
      'the file is the raw stream, line for line',
    );
    const sqlite = new Database(db, { readonly: true });
    const ids = (
      sqlite.prepare('SELECT CAST(id AS TEXT) AS id FROM tweets ORDER BY 1').all() as {
        id: string;
      }[]
    ).map((row) => row.id);
    sqlite.close();
    assert.deepEqual(ids, expectedTweetIds(received));
    assert.match(
      result.stderr,
      new RegExp(`^file:${file}: [\\d,]+ tweets stored, [\\d,]+ compliance notices applied`, 'm'),
    );
    assert.match(result.stderr, new RegExp(`^sqlite:${db}: [\\d,]+ tweets stored`, 'm'));
  });

  it('with --to and no --format prints no messages on stdout; --format text shows them too', async () => {
    const directory = makeTempDir();
    const quiet = join(directory, 'quiet.jsonl');
    const quietRun = await runCli(['stream', 'sample', '--limit', '40', '--to', `file:${quiet}`], {
      home,
    });
    assert.equal(quietRun.code, 0, quietRun.stderr);
    assert.equal(quietRun.stdout, '');
    assert.equal(lineCount(readFileSync(quiet, 'utf8')), 40);
    assert.match(quietRun.stderr, /■ stopped: 40 messages/);

    const shown = join(directory, 'shown.jsonl');
    const shownRun = await runCli(
      ['stream', 'sample', '--limit', '40', '--format', 'raw', '--to', `file:${shown}`],
      { home },
    );
    assert.equal(shownRun.code, 0, shownRun.stderr);
    assert.equal(shownRun.stdout, readFileSync(shown, 'utf8'));
  });

  it('refuses --theme without a text format (exit code 2)', async () => {
    const result = await runCli(
      ['stream', 'sample', '--theme', 'matrix', '--to', `file:${join(makeTempDir(), 'x')}`],
      { home },
    );
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--theme applies to --format text only/);
  });

  it('refuses a --to it cannot use before streaming (exit code 2)', async () => {
    const result = await runCli(['stream', 'sample', '--to', 'mysql://h/db'], { home });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /"--to" argument "mysql:\/\/h\/db" names no known sink/);
    assert.equal(result.stdout, '');
  });

  it('refuses a --spill-dir that cannot be a directory before streaming (exit code 2)', async () => {
    // Broke: it was found only when a sink went down, and the messages meant for the journal
    // were lost while the stream went on.
    const notADirectory = join(makeTempDir(), 'a-file');
    writeFileSync(notADirectory, '');
    const store = join(makeTempDir(), 'tweets.jsonl');
    const result = await runCli(
      ['stream', 'sample', '--to', `file:${store}`, '--spill-dir', notADirectory, '--limit', '1'],
      { home },
    );
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      `spritzer: --spill-dir ${notADirectory} cannot be used as a directory (EEXIST); pass a directory spritzer may create and write to\n`,
    );
  });

  it(
    'Ctrl-C while a sink is down says why it waits, and a second Ctrl-C leaves the rest spilled',
    { skip: skipUnlessInstalled('nats-server', hasNatsServer) },
    async () => {
      // Broke: after Ctrl-C the command sat silent for ~13 s (the spill replay's drain timeout
      // against a sink still down), which looks like a hang.
      const server = await startNatsServer();
      const spillDir = makeTempDir('spritzer-spill-');
      try {
        const session = startCli(
          [
            'stream',
            'sample',
            '--format',
            'raw',
            '--to',
            `${server.url}/TWEETS`,
            '--spill-dir',
            spillDir,
          ],
          { home, timeoutMs: 60_000 },
        );
        await session.waitForStdout(/^(?:[^\n]*\n){50}/);
        await server.stop();
        await session.waitForStderr(
          /unavailable \(.+\); spilling to .+spill, nothing is lost/,
          20_000,
        );
        await session.waitForStdout(
          new RegExp(`^(?:[^\\n]*\\n){${lineCount(session.stdout()) + 50}}`),
        );
        session.child.kill('SIGINT');
        await session.waitForStderr(
          /nats:\/\/127\.0\.0\.1:\d+\/TWEETS still unavailable: replaying the spill journal for up to 10 s before exiting; Ctrl-C again leaves the rest in the journal for the next run\n/,
        );
        session.child.kill('SIGINT');
        const result = await session.result();
        assert.equal(result.code, 130, result.stderr);
        const journals = readdirSync(spillDir).filter((name) => name.endsWith('.spill'));
        assert.equal(journals.length, 1);
        assert.ok(
          statSync(join(spillDir, journals[0] ?? '')).size > 0,
          'the spilled messages are kept',
        );
      } finally {
        await server.destroy();
      }
    },
  );

  it(
    'a database restarted mid-stream: the messages spill, are replayed when it is back, and none is lost',
    { skip: skipUnlessInstalled('postgresql', hasPostgres) },
    async () => {
      // A steadier stream than 'max' (about 300 messages/s), so the replay catches up while the
      // stream goes on.
      const steady = await startEmulator({ rate: 30_000, seed: 6 });
      const server = await startPostgres();
      try {
        const url = await server.createDatabase('stream');
        const session = startCli(['stream', 'sample', '--format', 'raw', '--to', url], {
          home: await homeWithProfile(steady),
          env: { XDG_STATE_HOME: join(makeTempDir(), 'state') },
          timeoutMs: 60_000,
        });
        await session.waitForStdout(/^(?:[^\n]*\n){200}/);
        await server.stop();
        await session.waitForStderr(
          /unavailable \(.+\); spilling to .+spill, nothing is lost/,
          20_000,
        );
        const duringOutage = lineCount(session.stdout());
        await session.waitForStdout(new RegExp(`^(?:[^\\n]*\\n){${duringOutage + 200}}`), 20_000);
        await server.start();
        await session.waitForStderr(/is back: [\d,]+ spilled messages replayed in order/, 20_000);
        session.child.kill('SIGINT');
        const result = await session.result();
        assert.equal(result.code, 130, result.stderr);
        assert.deepEqual(
          await storedTweetIds(url),
          expectedTweetIds(result.stdout.split('\n').filter(Boolean)),
        );
        assert.match(result.stderr, /[\d,]+ replayed from the spill journal/);
      } finally {
        await server.destroy();
        await steady.close();
      }
    },
  );

  it('a store that fails while its spill journal cannot be written (ENOSPC) stops the stream at once and counts every message it lost (exit code 1)', async () => {
    // Broke: the stream went on printing (518 messages) while 227 were stored, and nothing said
    // the other 291 were neither stored nor spilled.
    const steady = await startEmulator({ rate: 30_000, seed: 8 });
    try {
      const directory = makeTempDir();
      const db = join(directory, 'tweets.db');
      const spillDir = join(directory, 'spill');
      const session = startCli(
        [
          'stream',
          'sample',
          '--format',
          'raw',
          '--to',
          `sqlite:${db}?busy-timeout=1ms`,
          '--spill-dir',
          spillDir,
        ],
        { home: await homeWithProfile(steady), timeoutMs: 60_000 },
      );
      // More than a batch (500), so some is stored first.
      await session.waitForStdout(/^(?:[^\n]*\n){700}/, 20_000);
      // The journal's writes fail with ENOSPC (for root too), and the database is locked.
      symlinkSync('/dev/full', spillJournalPath(spillDir, { name: `sqlite:${db}` } as Sink));
      const locker = new Database(db);
      locker.exec('BEGIN EXCLUSIVE');
      const result = await session.result();
      locker.exec('COMMIT');
      const storedRows = (locker.prepare('SELECT count(*) AS n FROM tweets').get() as { n: number })
        .n;
      locker.close();

      assert.equal(result.code, 1, result.stderr);
      assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
      const printed = lineCount(result.stdout);
      assert.match(
        result.stderr,
        new RegExp(`■ stopped: ${printed.toLocaleString('en-US')} messages`),
      );
      assert.match(
        result.stderr,
        /^sqlite:.+ failed and its spill journal .+\.spill failed too \(database is locked; the journal: ENOSPC\): the stream stops/m,
      );
      const summary = new RegExp(
        `^sqlite:${db}: ([\\d,]+) tweets stored, ([\\d,]+) compliance notices applied(?:, ([\\d,]+) duplicates dropped)?(?:, skipped ([^\\n]+))?\\n  ([\\d,]+) messages were lost \\(tweets (\\d+) to (\\d+)\\): neither stored nor spilled, as the spill journal .+ failed too$`,
        'm',
      ).exec(result.stderr);
      assert.ok(summary, result.stderr);
      const count = (text: string | undefined): number => Number((text ?? '0').replace(/,/g, ''));
      const skipped = [...(summary[4] ?? '').matchAll(/([\d,]+) [a-z-]+/g)].reduce(
        (sum, match) => sum + count(match[1]),
        0,
      );
      const lost = count(summary[5]);
      // A delete may have removed a stored tweet since.
      assert.ok(storedRows > 0, 'a batch was stored before the failure');
      assert.ok(storedRows <= count(summary[1]));
      assert.equal(
        count(summary[1]) + count(summary[2]) + count(summary[3]) + skipped + lost,
        printed,
        'every message printed was stored, applied, skipped or counted lost',
      );
      assert.ok(lost > 0 && lost <= 1000, `${lost} lost: at most two batches`);
      const lastLine = result.stderr.trimEnd().split('\n').at(-1) ?? '';
      assert.match(
        lastLine,
        new RegExp(
          `^spritzer: sqlite:${db} failed \\(.+\\) and its spill journal .+ failed too \\(ENOSPC\\): ${lost.toLocaleString('en-US')} messages \\(tweets ${summary[6] ?? ''} to ${summary[7] ?? ''}\\) were neither stored nor spilled, and the sink takes no more; make room for the spill journal`,
        ),
      );
      const lostIds = new Set(
        result.stdout
          .split('\n')
          .filter(Boolean)
          .slice(-lost)
          .map((line) => (JSON.parse(line) as { id_str?: string }).id_str),
      );
      assert.ok(
        lostIds.has(summary[6]) && lostIds.has(summary[7]),
        'the lost are the last printed',
      );
    } finally {
      await steady.close();
    }
  });
});

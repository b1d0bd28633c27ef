/**
 * Each store goes away mid-run for real (a file on a full disk, an SQLite database locked by
 * another process, a PostgreSQL server restarted) while batches keep coming: the spill journal
 * holds them, replays them in order when the store is back, and the store ends up with every
 * tweet it was sent. (NATS outages are in nats-sink.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { StreamMessage } from '../../../src/messages/types.js';
import { openJsonlFileSink } from '../../../src/sinks/jsonl-file.js';
import { openPostgresSink } from '../../../src/sinks/postgres.js';
import type { Sink } from '../../../src/sinks/sink.js';
import { SpillingSink } from '../../../src/sinks/spilling-sink.js';
import { openSqliteSink } from '../../../src/sinks/sqlite.js';
import { makeTempDir } from '../../support/cli.js';
import {
  hasPostgres,
  startPostgres,
  storedTweetIds,
  type PostgresServer,
} from '../../support/postgres.js';
import { skipUnlessInstalled } from '../../support/system-package.js';
import { deleteMessage, tweetRun } from '../../unit/sinks/fixtures.js';
import { ManualTimers } from '../../unit/sinks/manual-timers.js';

/** Writes `run` in batches of 50, taking the store down a third of the way and back up at two thirds. */
async function writeThroughOutage(
  inner: Sink,
  run: readonly StreamMessage[],
  outage: { down: () => Promise<void> | void; up: () => Promise<void> | void },
): Promise<SpillingSink> {
  const timers = new ManualTimers();
  const sink = new SpillingSink(inner, {
    journalPath: join(makeTempDir(), 'sink.spill'),
    timers,
    replayBatch: 40,
  });
  const batches = Math.ceil(run.length / 50);
  for (let index = 0; index < batches; index += 1) {
    if (index === Math.floor(batches / 3)) await outage.down();
    if (index === Math.floor((2 * batches) / 3)) {
      assert.equal(sink.status().state, 'spilling', 'the outage was noticed');
      assert.ok(sink.status().pendingMessages > 0);
      await outage.up();
    }
    await sink.write(run.slice(index * 50, (index + 1) * 50));
  }
  for (let round = 0; round < 100 && sink.status().pendingMessages > 0; round += 1) {
    timers.advance(5000);
    await sink.flush();
  }
  const status = sink.status();
  assert.equal(status.pendingMessages, 0);
  assert.equal(status.state, 'direct');
  assert.ok(status.replayedMessages > 0);
  await sink.close();
  return sink;
}

const tweetIds = (messages: readonly StreamMessage[]): string[] =>
  messages.flatMap((message) => (message.kind === 'tweet' ? [message.data.id_str] : []));

/** 600 tweets, with a delete of one of them (in order: the tweet first) and a delete before its tweet. */
function runWithCompliance(): { run: StreamMessage[]; expected: string[] } {
  const tweets = tweetRun(600);
  const run = [
    ...tweets.slice(0, 100),
    deleteMessage('1000000000000010'),
    deleteMessage('1000000000000500'),
    ...tweets.slice(100),
  ];
  const expected = tweetIds(tweets).filter(
    (id) => id !== '1000000000000010' && id !== '1000000000000500',
  );
  return { run, expected };
}

describe('outage and recovery through the spill journal', () => {
  it('file: a full disk, then space again', async () => {
    // The path leads to /dev/full, where every write fails with ENOSPC, until the link goes.
    const path = join(makeTempDir(), 'tweets.jsonl');
    symlinkSync('/dev/full', path);
    const sink = await openJsonlFileSink({ path });
    const run = tweetRun(600);
    await writeThroughOutage(sink, run, {
      down: () => undefined,
      up: () => {
        unlinkSync(path);
      },
    });
    const ids = readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id_str: string }).id_str);
    assert.deepEqual(ids, tweetIds(run));
  });

  it('sqlite: the database locked by another connection, then released', async () => {
    const path = join(makeTempDir(), 'tweets.db');
    const sink = openSqliteSink({ path, busyTimeoutMs: 1 });
    const locker = new Database(path);
    const { run, expected } = runWithCompliance();
    await writeThroughOutage(sink, run, {
      down: () => {
        locker.exec('BEGIN EXCLUSIVE');
      },
      up: () => {
        locker.exec('COMMIT');
      },
    });
    const ids = (
      locker.prepare('SELECT CAST(id AS TEXT) AS id FROM tweets ORDER BY id').all() as {
        id: string;
      }[]
    ).map((row) => row.id);
    locker.close();
    assert.deepEqual(ids, expected);
  });

  describe('postgres', { skip: skipUnlessInstalled('postgresql', hasPostgres) }, () => {
    let server: PostgresServer;
    before(async () => {
      server = await startPostgres();
    });
    after(async () => {
      await server.destroy();
    });

    it('postgres: the server stopped mid-run and started again', async () => {
      const connectionString = await server.createDatabase('outage');
      const sink = await openPostgresSink({ connectionString, connectTimeoutMs: 1000 });
      const { run, expected } = runWithCompliance();
      await writeThroughOutage(sink, run, { down: () => server.stop(), up: () => server.start() });
      assert.deepEqual(await storedTweetIds(connectionString), expected);
    });
  });
});

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { toStreamMessage } from '../../../src/cli/load-runner.js';
import type { StreamMessage } from '../../../src/messages/types.js';
import { classifyMessage } from '../../../src/messages/classify.js';
import { openPostgresSink } from '../../../src/sinks/postgres.js';
import { SpillingSink } from '../../../src/sinks/spilling-sink.js';
import type { Sink } from '../../../src/sinks/sink.js';
import { openSqliteSink } from '../../../src/sinks/sqlite.js';
import { createWorld } from '../../../src/world/index.js';
import { makeTempDir } from '../../support/cli.js';
import {
  hasPostgres,
  startPostgres,
  storedTweetIds,
  type PostgresServer,
} from '../../support/postgres.js';
import { skipUnlessInstalled } from '../../support/system-package.js';
import { deleteMessage, tweetMessage, tweetRun } from '../../unit/sinks/fixtures.js';
import { poisonMessageSuite } from './poison-message-suite.js';
import { tableSinkSuite, type TableStore } from './table-sink-suite.js';

describe('SQLite sink', () => {
  const makeStore = (): Promise<TableStore> => {
    const path = join(makeTempDir(), 'tweets.db');
    const store: TableStore = {
      open: (options = {}) => Promise.resolve(openSqliteSink({ path, ...options })),
      query: (sql) => {
        const db = new Database(path, { readonly: true });
        try {
          return Promise.resolve(db.prepare(sql).all() as Record<string, unknown>[]);
        } finally {
          db.close();
        }
      },
      rawField: (field) => `(raw -> '$.${field}')`,
    };
    return Promise.resolve(store);
  };
  tableSinkSuite(makeStore);
  describe('messages it can never take', () => {
    poisonMessageSuite(makeStore);
  });

  it('leaves out a tweet a trigger of its own refuses (counted refused, reported), the rest of the batch stored', async () => {
    const path = join(makeTempDir(), 'trigger.db');
    openSqliteSink({ path }).close();
    const db = new Database(path);
    db.exec(`CREATE TRIGGER short_text BEFORE INSERT ON tweets WHEN length(NEW.text) > 25
      BEGIN SELECT RAISE(ABORT, 'text too long'); END`);
    db.close();
    const rejections: string[] = [];
    const sink = openSqliteSink({ path, onRejected: (error) => rejections.push(error.message) });
    const long = 'x'.repeat(30);
    await sink.write([...tweetRun(5), tweetMessage({ id: '9', text: long }), ...tweetRun(3, 2n)]);
    await sink.close();
    const stored = new Database(path, { readonly: true });
    const count = stored.prepare('SELECT count(*) AS n FROM tweets').get() as { n: number };
    stored.close();
    assert.equal(count.n, 8);
    assert.equal(sink.counters().stored, 8);
    assert.deepEqual(sink.counters().skipped, { refused: 1 });
    assert.deepEqual(rejections, [
      `sqlite:${path} rejected tweet "9": the store refused it (SQLITE_CONSTRAINT_TRIGGER: text too long); it is skipped and the rest of its batch is stored`,
    ]);
  });

  it('writes not awaited one by one stay in call order while one is written again in halves around a refused tweet', async () => {
    // Broke: the halves of a batch the store refused went in after the next batch, so its
    // delete came first and the tweet before it was skipped as deleted instead of stored.
    const path = join(makeTempDir(), 'trigger-order.db');
    openSqliteSink({ path }).close();
    const db = new Database(path);
    db.exec(`CREATE TRIGGER short_text BEFORE INSERT ON tweets WHEN length(NEW.text) > 25
      BEGIN SELECT RAISE(ABORT, 'text too long'); END`);
    db.close();
    const sink = openSqliteSink({ path });
    await assertRefusedHalfLandsBeforeNextBatch(sink);
  });
});

describe('PostgreSQL sink', { skip: skipUnlessInstalled('postgresql', hasPostgres) }, () => {
  let server: PostgresServer;
  let databases = 0;
  before(async () => {
    server = await startPostgres();
  });
  after(async () => {
    await server.destroy();
  });

  it('skips a tweet holding JSON \\u0000 (PostgreSQL text and jsonb cannot hold NUL), counted as unsupported', async () => {
    const connectionString = await server.createDatabase('nul');
    const sink = await openPostgresSink({ connectionString });
    // The second text is a backslash followed by "u0000" (escaped as \\u0000): that one is fine.
    await sink.write([
      tweetMessage({ id: '1', text: 'a\u0000b' }),
      tweetMessage({ id: '2', text: 'a\\u0000b' }),
    ]);
    await sink.close();
    assert.deepEqual(await storedTweetIds(connectionString), ['2']);
    assert.deepEqual(sink.counters().skipped, { unsupported: 1 });
  });

  it('skips a tweet holding an unpaired surrogate escape (jsonb refuses it), counted as unsupported and reported', async () => {
    const connectionString = await server.createDatabase('surrogate');
    const rejections: string[] = [];
    const sink = await openPostgresSink({
      connectionString,
      onRejected: (error) => rejections.push(`${error.code} ${error.message}`),
    });
    // A tweet cut in the middle of an emoji keeps its high surrogate alone (JSON.stringify
    // escapes a lone one); the pair, escaped as the service sends it, is fine.
    const pair = tweetMessage({ id: '2', text: 'whole EMOJI' }).raw.toString('latin1');
    await sink.write([
      tweetMessage({ id: '1', text: 'cut \ud83d' }),
      classifyMessage(Buffer.from(pair.replace('EMOJI', '\\ud83d\\ude00'))),
      tweetMessage({ id: '3', text: 'alone \ude00 low' }),
    ]);
    await sink.close();
    assert.deepEqual(await storedTweetIds(connectionString), ['2']);
    assert.deepEqual(sink.counters().skipped, { unsupported: 2 });
    assert.equal(rejections.length, 2);
    assert.match(
      rejections[0] ?? '',
      /^ERR_SINK_MESSAGE_REJECTED .* rejected tweet "1": JSON escape \\ud83d is an unpaired surrogate/,
    );
  });

  it('leaves out a tweet a CHECK of its own refuses (counted refused, reported), the rest of the batch stored', async () => {
    const connectionString = await server.createDatabase('check');
    await (await openPostgresSink({ connectionString })).close();
    const client = new pg.Client({ connectionString });
    await client.connect();
    await client.query('ALTER TABLE tweets ADD CONSTRAINT short_text CHECK (length(text) <= 25)');
    await client.end();
    const rejections: string[] = [];
    const sink = await openPostgresSink({
      connectionString,
      onRejected: (error) => rejections.push(error.message),
    });
    const long = 'x'.repeat(30);
    await sink.write([...tweetRun(5), tweetMessage({ id: '9', text: long }), ...tweetRun(3, 2n)]);
    await sink.close();
    assert.equal((await storedTweetIds(connectionString)).length, 8);
    assert.equal(sink.counters().stored, 8);
    assert.deepEqual(sink.counters().skipped, { refused: 1 });
    assert.equal(rejections.length, 1);
    assert.match(
      rejections[0] ?? '',
      /rejected tweet "9": the store refused it \(23514 new row for relation "tweets" violates check constraint "short_text"\); it is skipped/,
    );
  });

  it('writes not awaited one by one stay in call order while one is written again in halves around a refused tweet', async () => {
    // Broke: the halves of a batch the store refused went in after the next batch, so its
    // delete came first and the tweet before it was skipped as deleted instead of stored.
    const connectionString = await server.createDatabase('check_order');
    await (await openPostgresSink({ connectionString })).close();
    const client = new pg.Client({ connectionString });
    await client.connect();
    await client.query('ALTER TABLE tweets ADD CONSTRAINT short_text CHECK (length(text) <= 25)');
    await client.end();
    const sink = await openPostgresSink({ connectionString });
    await assertRefusedHalfLandsBeforeNextBatch(sink);
  });

  it('never spills a batch for a message it rejects: the journal stays empty and the sink direct', async () => {
    const connectionString = await server.createDatabase('nospill');
    const inner = await openPostgresSink({ connectionString });
    const sink = new SpillingSink(inner, { journalPath: join(makeTempDir(), 'pg.spill') });
    await sink.write([
      tweetMessage({ id: '5' }),
      classifyMessage(Buffer.from('{"delete":{"status":{"id":5,"id_str":"5"},"x":"\\u0000"}}')),
      classifyMessage(Buffer.from('{"delete":{"status":{"id":6,"id_str":"6x"}}}')),
      tweetMessage({ id: '7' }),
    ]);
    assert.equal(sink.status().state, 'direct');
    assert.equal(sink.status().spilledMessages, 0);
    await sink.close();
    assert.deepEqual(await storedTweetIds(connectionString), ['7']);
    assert.deepEqual(sink.counters().skipped, { invalid: 1 });
  });

  it('stores what SQLite stores for the same world messages: rows, counts, notices and geo, copies included', async () => {
    // The PostgreSQL sink decides a whole batch before it writes (one COPY, the notices after);
    // SQLite applies each message in turn. A world rich in deletes before their tweets,
    // scrub_geo notices, geo and retweets of few users must leave the same tables in both.
    const world = createWorld({
      seed: 7,
      users: 100,
      shares: { scrubGeo: 0.02, deleteBeforeTweet: 0.3, coordinates: 0.3, place: 0.4 },
    });
    const messages: StreamMessage[] = [];
    for (const event of world.events(0)) {
      if (messages.length === 3000) break;
      messages.push(toStreamMessage(event));
    }
    const connectionString = await server.createDatabase('world');
    const path = join(makeTempDir(), 'world.db');
    const postgres = await openPostgresSink({ connectionString });
    const sqlite = openSqliteSink({ path });
    for (let index = 0; index < messages.length; index += 250) {
      const batch = messages.slice(index, index + 250);
      await postgres.write(batch);
      await sqlite.write(batch);
    }
    await postgres.close();
    await sqlite.close();
    assert.deepEqual(postgres.counters(), sqlite.counters());
    const geoPaths = ['coordinates', 'retweeted_status.place', 'quoted_status.place'];
    const tweetsSql = (rawField: (path: string) => string): string =>
      `SELECT CAST(id AS TEXT) AS id, longitude, place_id,
        ${geoPaths.map((field, index) => `${rawField(field)} AS g${index}`).join(', ')}
        FROM tweets ORDER BY id`;
    const geoOf = (rows: Record<string, unknown>[]): string[] =>
      rows.map((row) =>
        [row.id, row.longitude, row.place_id]
          .concat(
            geoPaths.map(
              (_, index) => ((row[`g${index}`] as string | null) ?? 'absent') !== 'null',
            ),
          )
          .join(' '),
      );
    const client = new pg.Client({ connectionString });
    await client.connect();
    const db = new Database(path, { readonly: true });
    try {
      const pgRows = (
        await client.query<Record<string, unknown>>(
          tweetsSql((field) => `(raw #> '{${field.split('.').join(',')}}')::text`),
        )
      ).rows;
      const sqliteRows = db.prepare(tweetsSql((field) => `(raw -> '$.${field}')`)).all() as Record<
        string,
        unknown
      >[];
      assert.deepEqual(geoOf(pgRows), geoOf(sqliteRows));
      const scrubs = db.prepare(`SELECT count(*) AS n FROM compliance WHERE kind = 'scrub_geo'`);
      assert.ok((scrubs.get() as { n: number }).n > 0, 'the world sent scrub_geo notices');
      const keys = (await client.query<{ key: string }>('SELECT key FROM compliance ORDER BY key'))
        .rows;
      assert.deepEqual(
        keys.map((row) => row.key),
        (db.prepare('SELECT key FROM compliance ORDER BY key').all() as { key: string }[]).map(
          (row) => row.key,
        ),
      );
    } finally {
      db.close();
      await client.end();
    }
  });

  const makeStore = async (): Promise<TableStore> => {
    databases += 1;
    const connectionString = await server.createDatabase(`suite${databases}`);
    const store: TableStore = {
      open: (options = {}) => openPostgresSink({ connectionString, ...options }),
      query: async (sql) => {
        const client = new pg.Client({ connectionString });
        await client.connect();
        try {
          return (await client.query<Record<string, unknown>>(sql)).rows;
        } finally {
          await client.end();
        }
      },
      rawField: (field) => `(raw #> '{${field.split('.').join(',')}}')::text`,
    };
    return store;
  };
  tableSinkSuite(makeStore);
  describe('messages it can never take', () => {
    poisonMessageSuite(makeStore);
  });
});

/**
 * Two unawaited writes: a batch with one message the store refuses (its text is over 25
 * characters), then a delete of the batch's last tweet. The refused batch's halves must land
 * before the delete, so the tweet is stored and then deleted, not skipped as already deleted.
 */
async function assertRefusedHalfLandsBeforeNextBatch(sink: Sink): Promise<void> {
  const run = tweetRun(4, 5n);
  const tweet = run[3];
  assert.equal(tweet?.kind, 'tweet');
  const results = await Promise.allSettled([
    sink.write([
      ...run.slice(0, 1),
      tweetMessage({ id: '4', text: 'x'.repeat(30) }),
      ...run.slice(1),
    ]),
    sink.write([deleteMessage(tweet.data.id_str, tweet.data.user.id_str)]),
  ]);
  await sink.close();
  assert.deepEqual(
    results.map((result) => result.status),
    ['fulfilled', 'fulfilled'],
  );
  assert.deepEqual(
    [sink.counters().stored, sink.counters().compliance, sink.counters().skipped],
    [4, 1, { refused: 1 }],
  );
}

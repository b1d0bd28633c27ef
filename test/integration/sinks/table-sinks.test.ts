import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { toStreamMessage } from '../../../src/cli/load-runner.js';
import type { StreamMessage } from '../../../src/messages/types.js';
import { openPostgresSink } from '../../../src/sinks/postgres.js';
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
import { tweetMessage } from '../../unit/sinks/fixtures.js';
import { tableSinkSuite, type TableStore } from './table-sink-suite.js';

describe('SQLite sink', () => {
  tableSinkSuite(() => {
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

  tableSinkSuite(async () => {
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
  });
});

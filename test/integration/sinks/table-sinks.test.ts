import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgresSink } from '../../../src/sinks/postgres.js';
import { openSqliteSink } from '../../../src/sinks/sqlite.js';
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

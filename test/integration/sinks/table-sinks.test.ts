import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgresSink } from '../../../src/sinks/postgres.js';
import { openSqliteSink } from '../../../src/sinks/sqlite.js';
import { makeTempDir } from '../../support/cli.js';
import { hasPostgres, startPostgres, type PostgresServer } from '../../support/postgres.js';
import { skipUnlessInstalled } from '../../support/system-package.js';
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
      rawField: (field) => `(raw -> '${field}')::text`,
    };
    return store;
  });
});

/**
 * A throwaway PostgreSQL cluster for tests, from Debian's `postgresql` package: `initdb` in a temp
 * dir, `postgres` on 127.0.0.1 and a free port, trust authentication, no Unix socket. PostgreSQL
 * refuses to run as root, so under root (CI) both run as the unprivileged `postgres` user.
 *
 * Usage:
 *   const server = await startPostgres();
 *   const url = await server.createDatabase('t1');   // postgres://spritzer@127.0.0.1:PORT/t1
 *   await server.stop(); await server.start();        // an outage, same port and data
 *   await server.destroy();
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The server binaries of the newest installed major version, if any. */
export const postgresBinDir: string | undefined = (() => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
})();

/** Whether the tests can start a PostgreSQL server here. */
export const hasPostgres = postgresBinDir !== undefined && existsSync('/usr/bin/psql');

/** A running throwaway cluster. */
export interface PostgresServer {
  readonly port: number;
  /** `postgres://spritzer@127.0.0.1:PORT/postgres` */
  readonly url: string;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Runs SQL through `psql` against a database; returns stdout (unaligned, tuples only). */
  psql(database: string, sql: string): string;
  /** Stops the server (fast shutdown): clients see their connections end. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops the server and removes its files. */
  destroy(): Promise<void>;
}

/** Extra server settings; tests turn durability off for speed, the benchmark keeps it on. */
export interface StartPostgresOptions {
  /** @default false */
  readonly durable?: boolean;
}

const superuser = 'spritzer';

/** Starts a new cluster. Resolves once it accepts connections (bounded: 30 s). */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  if (postgresBinDir === undefined) throw new Error('PostgreSQL server binaries are not installed');
  const bin = postgresBinDir;
  const owner = unprivilegedOwner();
  const root = mkdtempSync(join(tmpdir(), 'spritzer-pg-'));
  const dataDir = join(root, 'data');
  if (owner !== undefined) chownSync(root, owner.uid, owner.gid);
  const initdb = spawnSync(
    join(bin, 'initdb'),
    ['-D', dataDir, '-U', superuser, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    { ...(owner ?? {}), encoding: 'utf8' },
  );
  if (initdb.status !== 0) throw new Error(`initdb failed: ${initdb.stderr}`);
  const port = await freePort();
  const settings = [
    'listen_addresses=127.0.0.1',
    `port=${port}`,
    'unix_socket_directories=',
    'max_connections=50',
    ...(options.durable === true
      ? []
      : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
  ];
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const process_ = spawn(
      join(bin, 'postgres'),
      ['-D', dataDir, ...settings.flatMap((s) => ['-c', s])],
      { ...(owner ?? {}), stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = process_;
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => {
        reject(new Error(`postgres did not start within 30 s:\n${log}`));
      }, 30_000);
      process_.stderr.setEncoding('utf8').on('data', (text: string) => {
        log += text;
        if (log.includes('database system is ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      process_.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`postgres exited with ${code}:\n${log}`));
      });
    });
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) =>
      running.once('exit', () => {
        resolve();
      }),
    );
    running.kill('SIGINT'); // fast shutdown: roll back open transactions, end sessions
    await exited;
  };

  const psql = (database: string, sql: string): string => {
    const result = spawnSync(
      '/usr/bin/psql',
      [
        '-X',
        '-q',
        '-A',
        '-t',
        '-v',
        'ON_ERROR_STOP=1',
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        superuser,
        '-d',
        database,
        '-c',
        sql,
      ],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
    return result.stdout;
  };

  await start();
  return {
    port,
    url: `postgres://${superuser}@127.0.0.1:${port}/postgres`,
    createDatabase: (name) => {
      psql('postgres', `CREATE DATABASE "${name}"`);
      return Promise.resolve(`postgres://${superuser}@127.0.0.1:${port}/${name}`);
    },
    psql,
    stop,
    start,
    destroy: async () => {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The ids in a sink's `tweets` table, as decimal strings, sorted as numbers. */
export async function storedTweetIds(connectionString: string): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const result = await client.query<{ id: string }>(
      'SELECT id::text AS id FROM tweets ORDER BY id',
    );
    return result.rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}

/** Under root, the `postgres` user (PostgreSQL will not run as root); else the current user. */
function unprivilegedOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

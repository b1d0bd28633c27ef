/**
 * `spritzer load` against each store, next to the store's own bulk path on the same data in the
 * same run, as a ratio (target ≥ 0.7×):
 *
 * - file: the JSONL sink (plain and gzip) vs one `writeFile` of the same bytes (+ gzip) and
 *   fsync, and vs appending the same batches;
 * - sqlite: the SQLite sink vs a single-transaction insert loop in better-sqlite3 (tweets alone,
 *   and tweets and their authors, as the sink stores them), and vs `sqlite3 .import` of the same
 *   rows as CSV;
 * - postgres: the PostgreSQL sink vs `psql \copy` of the same rows as CSV, tweets alone and
 *   tweets then their authors; the server durable (fsync and synchronous_commit on);
 * - nats: the JetStream sink vs a raw publish loop with the same client (same subjects, message
 *   ids and window of acks in flight).
 *
 * Every contender gets the same tweets, made in advance by the world (seed 1), so the figures are
 * the store's time, measured by the same loop `spritzer load` runs (runLoad). After an uncounted
 * warm-up round, rounds alternate between a sink and its baselines; each ratio is the median of
 * the per-round ratios, with their range (for the stores in this process, file and SQLite, the
 * CPU-time ratio as well). Then memory: `spritzer load` end to end (the world generating as it
 * goes) with the heap sampled along the way, to show it stays flat. The machine is shared:
 * compare ratios, not absolute figures.
 *
 *   npm run bench -- sinks     (SPRITZER_BENCH_TWEETS=50000, SPRITZER_BENCH_ROUNDS=9 for longer;
 *                               SPRITZER_BENCH_STORES=postgres,nats for some stores only)
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import Database from 'better-sqlite3';
import { runLoad, worldMessages } from '../src/cli/load-runner.js';
import type { StreamMessage } from '../src/messages/types.js';
import { subjectToken } from '../src/sinks/nats.js';
import { openSinkUrl } from '../src/sinks/open-sink.js';
import type { Sink } from '../src/sinks/sink.js';
import { sqliteSchema } from '../src/sinks/sqlite.js';
import {
  idAtMost,
  toTweetRow,
  toUserRow,
  tweetColumns,
  tweetRowValues,
  userColumns,
  userRowValues,
  type UserRow,
} from '../src/sinks/tweet-row.js';
import { makeTempDir } from '../test/support/cli.js';
import { hasNatsServer, startNatsServer } from '../test/support/nats.js';
import { hasPostgres, startPostgres } from '../test/support/postgres.js';

const tweetCount = Number(process.env.SPRITZER_BENCH_TWEETS ?? 20_000);
const rounds = Number(process.env.SPRITZER_BENCH_ROUNDS ?? 5);
const batchSize = 1000;
const stores = new Set(
  (process.env.SPRITZER_BENCH_STORES ?? 'file,sqlite,postgres,nats,memory').split(','),
);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const directory = makeTempDir('spritzer-bench-sinks-');

// The same data for everyone: the world's first `tweetCount` tweets with the notices among them.
const messages: StreamMessage[] = [];
{
  const source = worldMessages(1);
  let tweets = 0;
  while (tweets < tweetCount) {
    const message = source.next().value as StreamMessage;
    messages.push(message);
    if (message.kind === 'tweet') {
      tweets += 1;
      // The world parses lazily: touch the object now, so no contender pays for the parse.
      if (message.data.id_str === '') throw new Error('a tweet without id_str');
    }
  }
}
const tweetMessages = messages.filter(
  (message): message is Extract<StreamMessage, { kind: 'tweet' }> => message.kind === 'tweet',
);
const rawBytes = messages.reduce((sum, message) => sum + message.raw.length, 0);
const tweetRows = tweetMessages.map((message) => [
  ...tweetRowValues(toTweetRow(message.data)),
  message.raw.toString('latin1'),
]);
const tweetColumnList = [...tweetColumns, 'raw'].join(', ');
const csvPath = join(directory, 'tweets.csv');
writeFileSync(csvPath, tweetRows.map(toCsvLine).join(''));
// sqlite3 .import fills every column of an existing table: add the empty deleted_at.
const sqliteCsvPath = join(directory, 'tweets-sqlite.csv');
writeFileSync(sqliteCsvPath, tweetRows.map((row) => toCsvLine([...row, null])).join(''));
// The same authors the sinks keep in `users`: each once, as of their newest tweet.
const authors = new Map<string, UserRow>();
for (const message of tweetMessages) {
  const user = toUserRow(message.data);
  const known = authors.get(user.id);
  if (known === undefined || idAtMost(known.lastStatusId, user.lastStatusId)) {
    authors.set(user.id, user);
  }
}
const usersCsvPath = join(directory, 'users.csv');
writeFileSync(
  usersCsvPath,
  [...authors.values()].map((user) => toCsvLine(userRowValues(user))).join(''),
);
const userColumnList = userColumns.join(', ');

/** RFC 4180: quote every text field, double its quotes; an empty field is NULL to \copy. */
function toCsvLine(row: readonly unknown[]): string {
  return `${row
    .map((value) =>
      value === null
        ? ''
        : typeof value === 'string'
          ? `"${value.replaceAll('"', '""')}"`
          : String(value as number | boolean),
    )
    .join(',')}\n`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** One timed run: tweets/s over wall-clock time and over this process's CPU time. */
interface Run {
  readonly wallTps: number;
  readonly cpuTps: number;
  readonly p50?: number | undefined;
  readonly p99?: number | undefined;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** `spritzer load`'s loop over the prepared messages, into a freshly opened sink. */
async function loadInto(openFresh: () => Promise<Sink>): Promise<Run> {
  const sink = await openFresh();
  gc();
  const cpuBefore = cpuMs();
  const result = await runLoad({
    sink,
    source: messages[Symbol.iterator](),
    count: tweetCount,
    batchSize,
  });
  const cpu = cpuMs() - cpuBefore;
  await sink.close();
  return {
    wallTps: (result.tweets * 1000) / result.sinkMs,
    cpuTps: (result.tweets * 1000) / cpu,
    p50: result.latencyP50Ms,
    p99: result.latencyP99Ms,
  };
}

/** Times a baseline run. */
async function timeBaseline(run: () => Promise<void> | void): Promise<Run> {
  gc();
  const cpuBefore = cpuMs();
  const started = performance.now();
  await run();
  return {
    wallTps: (tweetCount * 1000) / (performance.now() - started),
    cpuTps: (tweetCount * 1000) / (cpuMs() - cpuBefore),
  };
}

interface Baseline {
  readonly label: string;
  /** Runs in another process (sqlite3, psql): its CPU time is not this process's. */
  readonly external?: boolean;
  readonly prepare?: () => Promise<void> | void;
  readonly run: () => Promise<void> | void;
}

/**
 * Alternates rounds of the sink and each baseline after a warm-up round, then prints the median
 * rates and, per baseline, the median of the per-round ratios (each round's sink and baseline
 * ran back to back, under the same load) with their range. For a store inside this process
 * (`inProcess`: file, SQLite) the ratio of CPU time is printed too, which other processes on the
 * machine disturb far less.
 */
async function compare(
  store: string,
  sink: { label: string; openFresh: () => Promise<Sink> },
  baselines: readonly Baseline[],
  inProcess = false,
): Promise<void> {
  const sinkRuns: Run[] = [];
  const baselineRuns = baselines.map(() => [] as Run[]);
  for (let round = 0; round <= rounds; round += 1) {
    const sinkRun = await loadInto(sink.openFresh);
    if (round > 0) sinkRuns.push(sinkRun);
    for (const [index, baseline] of baselines.entries()) {
      await baseline.prepare?.();
      const run = await timeBaseline(baseline.run);
      if (round > 0) baselineRuns[index]?.push(run);
    }
  }
  const megabytesPerTweet = rawBytes / 1e6 / tweetCount;
  const rate = (tps: number): string =>
    `${Math.round(tps).toLocaleString('en-US').padStart(9)} tweets/s ${(tps * megabytesPerTweet).toFixed(1).padStart(6)} MB/s`;
  const ratios = (pick: (run: Run) => number, runs: readonly Run[]): string => {
    const perRound = runs.map((run, index) => pick(sinkRuns[index] ?? run) / pick(run));
    return `${median(perRound).toFixed(2)}× (${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)})`;
  };
  console.log(`\n${store}`);
  console.log(
    `  ${sink.label.padEnd(46)} ${rate(median(sinkRuns.map((run) => run.wallTps)))}` +
      `  batch p50 ${median(sinkRuns.map((run) => run.p50 ?? 0)).toFixed(1)} ms, p99 ${median(sinkRuns.map((run) => run.p99 ?? 0)).toFixed(1)} ms`,
  );
  for (const [index, baseline] of baselines.entries()) {
    const runs = baselineRuns[index] ?? [];
    console.log(
      `  ${baseline.label.padEnd(46)} ${rate(median(runs.map((run) => run.wallTps)))}` +
        `  ratio ${ratios((run) => run.wallTps, runs)}` +
        (inProcess && baseline.external !== true
          ? `, CPU-time ratio ${ratios((run) => run.cpuTps, runs)}`
          : ''),
    );
  }
}

let fresh = 0;
const freshPath = (name: string): string => {
  fresh += 1;
  return join(directory, `${fresh}-${name}`);
};

console.log(
  `${tweetCount.toLocaleString('en-US')} tweets (${messages.length.toLocaleString('en-US')} messages, ${(rawBytes / 1e6).toFixed(1)} MB), batches of ${batchSize}, median of ${rounds} rounds`,
);

// file
const newline = Buffer.from('\n');
const allBytes = Buffer.concat(messages.flatMap((message) => [message.raw, Buffer.from('\n')]));
async function writeAndSync(path: string, bytes: Buffer): Promise<void> {
  const handle = await open(path, 'w');
  await handle.writeFile(bytes);
  await handle.sync();
  await handle.close();
}
if (stores.has('file')) {
  await compare(
    'file',
    {
      label: 'spritzer load --to file:…jsonl',
      openFresh: () => openSinkUrl(`file:${freshPath('t.jsonl')}`),
    },
    [
      {
        label: 'baseline: one writeFile + fsync',
        run: () => writeAndSync(freshPath('b.jsonl'), allBytes),
      },
      {
        label: 'baseline: the same batches appended + fsync',
        run: async () => {
          const handle = await open(freshPath('c.jsonl'), 'a');
          for (let index = 0; index < messages.length; index += batchSize) {
            const batch = messages.slice(index, index + batchSize);
            await handle.write(Buffer.concat(batch.flatMap((message) => [message.raw, newline])));
          }
          await handle.sync();
          await handle.close();
        },
      },
    ],
    true,
  );
  await compare(
    'file (gzip)',
    {
      label: 'spritzer load --to file:…jsonl.gz',
      openFresh: () => openSinkUrl(`file:${freshPath('t.jsonl.gz')}`),
    },
    [
      {
        label: 'baseline: gzipSync + writeFile + fsync',
        run: () => writeAndSync(freshPath('b.jsonl.gz'), gzipSync(allBytes)),
      },
    ],
    true,
  );
}

// sqlite
const userRows = [...authors.values()].map(userRowValues);
/** better-sqlite3's bulk path: one transaction, one prepared INSERT per table. */
function insertLoop(withUsers: boolean): void {
  const db = new Database(freshPath('b.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(sqliteSchema);
  const tweets = db.prepare(
    `INSERT INTO tweets (${tweetColumnList}) VALUES (${tweetRows[0]?.map(() => '?').join(', ') ?? ''})`,
  );
  const users = db.prepare(
    `INSERT INTO users (${userColumnList}) VALUES (${userRows[0]?.map(() => '?').join(', ') ?? ''})`,
  );
  db.transaction(() => {
    for (const row of tweetRows) tweets.run(...row);
    if (withUsers) for (const row of userRows) users.run(...row);
  })();
  db.close();
}
if (stores.has('sqlite')) {
  await compare(
    'sqlite',
    {
      label: 'spritzer load --to sqlite:…',
      openFresh: () => openSinkUrl(`sqlite:${freshPath('t.db')}`),
    },
    [
      {
        label: 'baseline: one-transaction insert loop',
        run: () => {
          insertLoop(false);
        },
      },
      {
        label: 'baseline: the same, tweets and users',
        run: () => {
          insertLoop(true);
        },
      },
      ...(spawnSync('sqlite3', ['-version']).status === 0
        ? [
            {
              label: 'baseline: sqlite3 .import (CSV)',
              external: true,
              run: () => {
                const path = freshPath('i.db');
                const db = new Database(path);
                db.pragma('journal_mode = WAL');
                db.exec(sqliteSchema);
                db.close();
                const result = spawnSync('sqlite3', [
                  path,
                  '.mode csv',
                  `.import ${sqliteCsvPath} tweets`,
                ]);
                if (result.status !== 0)
                  throw new Error(`sqlite3 .import failed: ${result.stderr.toString()}`);
              },
            },
          ]
        : []),
    ],
    true,
  );
}

// postgres
if (!stores.has('postgres')) console.log('\npostgres: not selected');
else if (hasPostgres) {
  const server = await startPostgres({ durable: true });
  try {
    let databases = 0;
    let copyTarget = '';
    /** A fresh database with the sinks' schema for a \copy baseline. */
    const prepareCopyTarget = async (): Promise<void> => {
      databases += 1;
      copyTarget = `copy${databases}`;
      const sink = await openSinkUrl(await server.createDatabase(copyTarget));
      await sink.close(); // creates the schema
    };
    await compare(
      'postgres (fsync on)',
      {
        label: 'spritzer load --to postgres://…',
        openFresh: async () => {
          databases += 1;
          return openSinkUrl(await server.createDatabase(`sink${databases}`));
        },
      },
      [
        {
          label: 'baseline: psql \\copy (CSV)',
          prepare: prepareCopyTarget,
          run: () => {
            server.psql(
              copyTarget,
              `\\copy tweets (${tweetColumnList}) FROM '${csvPath}' WITH (FORMAT csv)`,
            );
          },
        },
        {
          label: 'baseline: psql \\copy tweets, then users (CSV)',
          prepare: prepareCopyTarget,
          run: () => {
            server.psql(
              copyTarget,
              `\\copy tweets (${tweetColumnList}) FROM '${csvPath}' WITH (FORMAT csv)`,
            );
            server.psql(
              copyTarget,
              `\\copy users (${userColumnList}) FROM '${usersCsvPath}' WITH (FORMAT csv)`,
            );
          },
        },
      ],
    );
  } finally {
    await server.destroy();
  }
} else console.log('\npostgres: skipped (Debian package postgresql not installed)');

// nats
if (!stores.has('nats')) console.log('\nnats: not selected');
else if (hasNatsServer) {
  const server = await startNatsServer();
  const servers = [`127.0.0.1:${server.port}`];
  const connection = await connect({ servers });
  const manager = await jetstreamManager(connection);
  const client = jetstream(connection);
  let streams = 0;
  let baselinePrefix = '';
  try {
    await compare(
      'nats (JetStream, one node, file storage)',
      {
        label: 'spritzer load --to nats://…',
        openFresh: () => {
          streams += 1;
          return openSinkUrl(`nats://${servers[0] ?? ''}/S${streams}?subject-prefix=s${streams}`);
        },
      },
      [
        {
          label: 'baseline: raw js.publish loop, 256 in flight',
          prepare: async () => {
            streams += 1;
            baselinePrefix = `s${streams}`;
            await manager.streams.add({ name: `S${streams}`, subjects: [`${baselinePrefix}.>`] });
          },
          run: async () => {
            const inFlight: Promise<unknown>[] = [];
            for (const [index, message] of tweetMessages.entries()) {
              if (index >= 256) await inFlight[index - 256];
              inFlight.push(
                client.publish(
                  `${baselinePrefix}.tweet.${subjectToken(message.data.lang)}`,
                  message.raw,
                  {
                    msgID: message.data.id_str,
                  },
                ),
              );
            }
            await Promise.all(inFlight);
          },
        },
      ],
    );
  } finally {
    await connection.close();
    await server.destroy();
  }
} else console.log('\nnats: skipped (Debian package nats-server not installed)');

// memory: spritzer load end to end, generating as it goes
if (stores.has('memory')) {
  const longCount = tweetCount * 5;
  const sink = await openSinkUrl(`sqlite:${freshPath('m.db')}`);
  const samples: number[] = [];
  let next = longCount / 10;
  gc();
  const before = process.memoryUsage().heapUsed;
  const result = await runLoad({
    sink,
    source: worldMessages(2),
    count: longCount,
    batchSize,
    onProgress: (progress) => {
      if (progress.tweets >= next) {
        next += longCount / 10;
        gc();
        samples.push(process.memoryUsage().heapUsed);
      }
    },
  });
  await sink.close();
  const seconds = result.elapsedMs / 1000;
  console.log(
    `\nmemory: spritzer load --to sqlite: end to end, ${longCount.toLocaleString('en-US')} tweets generated as they go, ` +
      `${Math.round(result.tweets / seconds).toLocaleString('en-US')} tweets/s (world included)`,
  );
  console.log(
    `  heap after gc: start ${(before / 1e6).toFixed(0)} MB; at each tenth ${samples.map((sample) => (sample / 1e6).toFixed(0)).join(', ')} MB`,
  );
}

rmSync(directory, { recursive: true, force: true });

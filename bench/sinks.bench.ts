/**
 * `spritzer load` against each store, next to the store's own bulk path on the same data in the
 * same run, as a ratio (target ≥ 0.7×):
 *
 * - file: the JSONL sink (plain and gzip) vs one `writeFile` of the same bytes (+ gzip) and
 *   fsync, and vs appending the same batches;
 * - sqlite: the SQLite sink vs a single-transaction insert loop in better-sqlite3, and vs
 *   `sqlite3 .import` of the same rows as CSV;
 * - postgres: the PostgreSQL sink vs `psql \copy` of the same rows as CSV, tweets alone and
 *   tweets then their authors (what the sink stores); the server durable (fsync and
 *   synchronous_commit on);
 * - nats: the JetStream sink vs a raw publish loop with the same client (same subjects, message
 *   ids and window of acks in flight).
 *
 * Every contender gets the same tweets, made in advance by the world (seed 1), so the figures are
 * the store's time, measured by the same loop `spritzer load` runs (runLoad). Rounds alternate
 * between a sink and its baselines after an uncounted warm-up round; the median of each is
 * reported. Then memory: `spritzer load`
 * end to end (the world generating as it goes) with the heap sampled along the way, to show it
 * stays flat. The machine is shared: compare ratios, not absolute figures.
 *
 *   npm run bench -- sinks           (SPRITZER_BENCH_TWEETS=50000 for a longer run)
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
  type UserRow,
} from '../src/sinks/tweet-row.js';
import { makeTempDir } from '../test/support/cli.js';
import { hasNatsServer, startNatsServer } from '../test/support/nats.js';
import { hasPostgres, startPostgres } from '../test/support/postgres.js';

const tweetCount = Number(process.env.SPRITZER_BENCH_TWEETS ?? 20_000);
const rounds = 3;
const batchSize = 1000;
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
  [...authors.values()]
    .map((user) =>
      toCsvLine([
        user.id,
        user.screenName,
        user.name,
        user.location,
        user.description,
        user.followersCount,
        user.friendsCount,
        user.statusesCount,
        user.verified,
        user.createdAt,
        user.lastStatusId,
      ]),
    )
    .join(''),
);
const userColumns =
  'id, screen_name, name, location, description, followers_count, friends_count, ' +
  'statuses_count, verified, created_at, last_status_id';

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

interface Figure {
  readonly label: string;
  readonly tweetsPerSecond: number;
  readonly p50Ms?: number | undefined;
  readonly p99Ms?: number | undefined;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

interface SinkRun {
  readonly tps: number;
  readonly p50: number | undefined;
  readonly p99: number | undefined;
}

/** `spritzer load`'s loop over the prepared messages, into a freshly opened sink. */
async function loadInto(openFresh: () => Promise<Sink>): Promise<SinkRun> {
  const sink = await openFresh();
  gc();
  const result = await runLoad({
    sink,
    source: messages[Symbol.iterator](),
    count: tweetCount,
    batchSize,
  });
  await sink.close();
  return {
    tps: (result.tweets * 1000) / result.sinkMs,
    p50: result.latencyP50Ms,
    p99: result.latencyP99Ms,
  };
}

/** Times a baseline run (ms → tweets/s). */
async function timeBaseline(run: () => Promise<void> | void): Promise<number> {
  gc();
  const started = performance.now();
  await run();
  return (tweetCount * 1000) / (performance.now() - started);
}

/** Alternates rounds of the sink and each baseline; prints medians and ratios. */
async function compare(
  store: string,
  sink: { label: string; openFresh: () => Promise<Sink> },
  baselines: readonly {
    label: string;
    prepare?: () => Promise<void> | void;
    run: () => Promise<void> | void;
  }[],
): Promise<void> {
  const sinkRuns: SinkRun[] = [];
  const baselineRuns = baselines.map(() => [] as number[]);
  // Round 0 warms the JIT and the store's caches; it is not counted.
  for (let round = 0; round <= rounds; round += 1) {
    const sinkRun = await loadInto(sink.openFresh);
    if (round > 0) sinkRuns.push(sinkRun);
    for (const [index, baseline] of baselines.entries()) {
      await baseline.prepare?.();
      const rate = await timeBaseline(baseline.run);
      if (round > 0) baselineRuns[index]?.push(rate);
    }
  }
  const best = sinkRuns.sort((a, b) => a.tps - b.tps)[Math.floor(sinkRuns.length / 2)];
  const figures: Figure[] = [
    { label: sink.label, tweetsPerSecond: best?.tps ?? 0, p50Ms: best?.p50, p99Ms: best?.p99 },
    ...baselines.map((baseline, index) => ({
      label: baseline.label,
      tweetsPerSecond: median(baselineRuns[index] ?? []),
    })),
  ];
  const ours = figures[0]?.tweetsPerSecond ?? 0;
  const megabytes = rawBytes / 1e6 / tweetCount;
  console.log(`\n${store}`);
  for (const [index, figure] of figures.entries()) {
    const rate = `${Math.round(figure.tweetsPerSecond).toLocaleString('en-US').padStart(9)} tweets/s ${(figure.tweetsPerSecond * megabytes).toFixed(1).padStart(6)} MB/s`;
    const extra =
      index === 0
        ? `  batch p50 ${figure.p50Ms?.toFixed(1) ?? '–'} ms, p99 ${figure.p99Ms?.toFixed(1) ?? '–'} ms`
        : `  ratio spritzer/baseline ${(ours / figure.tweetsPerSecond).toFixed(2)}×`;
    console.log(`  ${figure.label.padEnd(46)} ${rate}${extra}`);
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
);

// sqlite
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
        const db = new Database(freshPath('b.db'));
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.exec(sqliteSchema);
        const insert = db.prepare(
          `INSERT INTO tweets (${tweetColumnList}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        db.transaction(() => {
          for (const row of tweetRows) insert.run(...row);
        })();
        db.close();
      },
    },
    ...(spawnSync('sqlite3', ['-version']).status === 0
      ? [
          {
            label: 'baseline: sqlite3 .import (CSV)',
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
);

// postgres
if (hasPostgres) {
  const server = await startPostgres({ durable: true });
  try {
    let databases = 0;
    let copyTarget = '';
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
          prepare: async () => {
            databases += 1;
            copyTarget = `copy${databases}`;
            await server.createDatabase(copyTarget);
            const sink = await openSinkUrl(
              `postgres://spritzer@127.0.0.1:${server.port}/${copyTarget}`,
            );
            await sink.close(); // creates the schema
          },
          run: () => {
            server.psql(
              copyTarget,
              `\\copy tweets (${tweetColumnList}) FROM '${csvPath}' WITH (FORMAT csv)`,
            );
          },
        },
        {
          label: 'baseline: psql \\copy tweets, then users (CSV)',
          prepare: async () => {
            databases += 1;
            copyTarget = `copy${databases}`;
            await server.createDatabase(copyTarget);
            const sink = await openSinkUrl(
              `postgres://spritzer@127.0.0.1:${server.port}/${copyTarget}`,
            );
            await sink.close();
          },
          run: () => {
            server.psql(
              copyTarget,
              `\\copy tweets (${tweetColumnList}) FROM '${csvPath}' WITH (FORMAT csv)`,
            );
            server.psql(
              copyTarget,
              `\\copy users (${userColumns}) FROM '${usersCsvPath}' WITH (FORMAT csv)`,
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
if (hasNatsServer) {
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
{
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

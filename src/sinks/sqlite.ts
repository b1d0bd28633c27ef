/**
 * The SQLite sink (`sqlite:PATH`), on better-sqlite3: WAL journal, one immediate transaction per
 * batch, the schema in {@link sqliteSchema} (documented in docs/sinks.md).
 *
 * - Idempotent by tweet id (`INSERT … ON CONFLICT (id) DO NOTHING`).
 * - A delete removes the tweet (or tombstones it) and is remembered in `deleted_tweets`, so the
 *   tweet is not stored if it arrives later; a scrub_geo clears the user's geo up to the id, in
 *   their tweets and in the copies of them inside other tweets (`embedded_geo`), and is
 *   remembered in `geo_scrubs`, so later arrivals up to that id are stored without geo;
 *   every compliance notice is logged once in `compliance`.
 *
 * @see https://www.sqlite.org/wal.html
 * @see https://www.sqlite.org/lang_upsert.html
 */
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { invalidArgValue, SpritzerError } from '../errors.js';
import type { Tweet } from '../messages/tweet.js';
import type { StreamMessage } from '../messages/types.js';
import { noticeTime, type ComplianceRecord } from './compliance-record.js';
import type { DeletePolicy, Sink, SinkCounters, TableSinkOptions } from './sink.js';
import { SinkCounterSet } from './sink-counters.js';
import { closedError, describeIoError, type MessageRejection } from './sink-errors.js';
import { embeddedGeoCopies, GeoScrubs } from './geo-scrubs.js';
import { writeIsolatingRefused } from './refused-message-isolation.js';
import { SerialQueue } from './serial-queue.js';
import { admitMessage, storeRefusal, type Admission } from './table-message-check.js';
import {
  snowflakeTime,
  toTweetRow,
  toUserRow,
  tweetRowValues,
  userRowValues,
} from './tweet-row.js';
import { messageBatchProblem } from './message-check.js';

/** Options of {@link openSqliteSink}. */
export interface SqliteSinkOptions extends TableSinkOptions {
  /** The database file; created with the schema when missing. */
  readonly path: string;
  /** How long a write waits for a lock held by another connection before it fails. @default 5000 ms */
  readonly busyTimeoutMs?: number;
}

/** The SQLite schema (idempotent: `IF NOT EXISTS`). Ids are 64-bit INTEGERs; times ISO 8601 UTC text. */
export const sqliteSchema = `
CREATE TABLE IF NOT EXISTS tweets (
  id INTEGER PRIMARY KEY,
  created_at TEXT,
  user_id INTEGER NOT NULL,
  screen_name TEXT,
  lang TEXT,
  text TEXT,
  retweeted_status_id INTEGER,
  quoted_status_id INTEGER,
  in_reply_to_status_id INTEGER,
  in_reply_to_user_id INTEGER,
  longitude REAL,
  latitude REAL,
  place_id TEXT,
  raw TEXT,
  deleted_at TEXT
);
CREATE INDEX IF NOT EXISTS tweets_user_id ON tweets (user_id, id);
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY,
  screen_name TEXT NOT NULL,
  name TEXT NOT NULL,
  location TEXT,
  description TEXT,
  followers_count INTEGER NOT NULL,
  friends_count INTEGER NOT NULL,
  statuses_count INTEGER NOT NULL,
  verified INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  last_status_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS deleted_tweets (
  id INTEGER PRIMARY KEY,
  user_id INTEGER,
  deleted_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS geo_scrubs (
  user_id INTEGER PRIMARY KEY,
  up_to_status_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS embedded_geo (
  user_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  tweet_id INTEGER NOT NULL,
  path TEXT NOT NULL,
  PRIMARY KEY (user_id, id, tweet_id, path)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS compliance (
  key TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  status_id INTEGER,
  user_id INTEGER,
  up_to_status_id INTEGER,
  withheld_in_countries TEXT,
  notice_at TEXT,
  received_at TEXT NOT NULL,
  raw TEXT NOT NULL
);
`;

// json_set with an SQL NULL value stores JSON null (https://www.sqlite.org/json1.html#jset).
const scrubbedRaw = `json_set(?, '$.geo', NULL, '$.coordinates', NULL, '$.place', NULL)`;

const statements = {
  insertTweet: `INSERT INTO tweets (id, created_at, user_id, screen_name, lang, text,
      retweeted_status_id, quoted_status_id, in_reply_to_status_id, in_reply_to_user_id,
      longitude, latitude, place_id, raw)
    SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
    WHERE NOT EXISTS (SELECT 1 FROM deleted_tweets WHERE id = ?)
    ON CONFLICT (id) DO NOTHING`,
  insertScrubbedTweet: `INSERT INTO tweets (id, created_at, user_id, screen_name, lang, text,
      retweeted_status_id, quoted_status_id, in_reply_to_status_id, in_reply_to_user_id,
      longitude, latitude, place_id, raw)
    SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${scrubbedRaw}
    WHERE NOT EXISTS (SELECT 1 FROM deleted_tweets WHERE id = ?)
    ON CONFLICT (id) DO NOTHING`,
  isDeleted: `SELECT 1 FROM deleted_tweets WHERE id = ?`,
  upsertUser: `INSERT INTO users (id, screen_name, name, location, description, followers_count,
      friends_count, statuses_count, verified, created_at, last_status_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET screen_name = excluded.screen_name, name = excluded.name,
      location = excluded.location, description = excluded.description,
      followers_count = excluded.followers_count, friends_count = excluded.friends_count,
      statuses_count = excluded.statuses_count, verified = excluded.verified,
      last_status_id = excluded.last_status_id
    WHERE excluded.last_status_id > users.last_status_id`,
  logCompliance: `INSERT INTO compliance (key, kind, status_id, user_id, up_to_status_id,
      withheld_in_countries, notice_at, received_at, raw)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
  recordDeletion: `INSERT INTO deleted_tweets (id, user_id, deleted_at) VALUES (?, ?, ?)
    ON CONFLICT (id) DO NOTHING`,
  removeTweet: `DELETE FROM tweets WHERE id = ?`,
  tombstoneTweet: `INSERT INTO tweets (id, created_at, user_id, deleted_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET deleted_at = excluded.deleted_at, text = NULL, raw = NULL,
      longitude = NULL, latitude = NULL, place_id = NULL
    WHERE tweets.deleted_at IS NULL`,
  // A delete without a user id: only a tweet already stored can become a tombstone.
  tombstoneStoredTweet: `UPDATE tweets SET deleted_at = ?, text = NULL, raw = NULL,
      longitude = NULL, latitude = NULL, place_id = NULL
    WHERE id = ? AND deleted_at IS NULL`,
  recordGeoScrub: `INSERT INTO geo_scrubs (user_id, up_to_status_id) VALUES (?, ?)
    ON CONFLICT (user_id) DO UPDATE SET up_to_status_id = excluded.up_to_status_id
    WHERE excluded.up_to_status_id > geo_scrubs.up_to_status_id`,
  scrubGeo: `UPDATE tweets SET longitude = NULL, latitude = NULL, place_id = NULL,
      raw = json_set(raw, '$.geo', NULL, '$.coordinates', NULL, '$.place', NULL)
    WHERE user_id = ? AND id <= ? AND raw IS NOT NULL`,
  recordEmbeddedGeo: `INSERT INTO embedded_geo (user_id, id, tweet_id, path) VALUES (?, ?, ?, ?)
    ON CONFLICT DO NOTHING`,
  findEmbeddedGeo: `SELECT CAST(tweet_id AS TEXT) AS tweet_id, path FROM embedded_geo
    WHERE user_id = ? AND id <= ?`,
  forgetEmbeddedGeo: `DELETE FROM embedded_geo WHERE user_id = ? AND id <= ?`,
  clearEmbeddedGeo: `UPDATE tweets SET raw = json_set(raw, '$.' || @path || '.geo', NULL,
      '$.' || @path || '.coordinates', NULL, '$.' || @path || '.place', NULL)
    WHERE id = @tweetId AND raw IS NOT NULL`,
} as const;

type Statements = { readonly [K in keyof typeof statements]: Database.Statement };

/**
 * Opens (and if needed creates) the SQLite sink.
 *
 * @throws RangeError `ERR_INVALID_ARG_VALUE` for a bad option
 * @throws SpritzerError `ERR_SINK_UNAVAILABLE` when the database cannot be opened
 */
export function openSqliteSink(options: SqliteSinkOptions): Sink {
  return new SqliteSink(options);
}

class SqliteSink implements Sink {
  readonly name: string;
  readonly #db: Database.Database;
  readonly #statements: Statements;
  readonly #deletes: DeletePolicy;
  readonly #now: () => number;
  readonly #counters = new SinkCounterSet();
  /** The scrub_geo notices applied (loaded from `geo_scrubs`). */
  readonly #geoScrubs = new GeoScrubs();
  readonly #writeBatch: (batch: readonly StreamMessage[], admission: Admission) => void;
  readonly #onRejected: ((error: MessageRejection) => void) | undefined;
  #closed = false;
  /**
   * Writes, flushes and close, one at a time in call order: a batch written again in halves
   * (around a message the store refuses) finishes before the next batch starts.
   */
  readonly #queue = new SerialQueue();

  constructor(options: SqliteSinkOptions) {
    this.name = `sqlite:${resolve(options.path)}`;
    this.#deletes = options.deletes ?? 'remove';
    this.#now = options.now ?? Date.now;
    this.#onRejected = options.onRejected;
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
      throw invalidArgValue('busyTimeoutMs', `must be an integer ≥ 0; received ${busyTimeoutMs}`);
    }
    try {
      this.#db = new Database(options.path, { timeout: busyTimeoutMs });
      this.#db.pragma('journal_mode = WAL');
      // WAL with synchronous=NORMAL: commits survive a process crash; flush() checkpoints
      // (which syncs) for power loss. https://www.sqlite.org/pragma.html#pragma_synchronous
      this.#db.pragma('synchronous = NORMAL');
      // Checkpoint the WAL every 64 MiB (16,384 pages of 4 KiB) rather than SQLite's 4 MiB: a
      // batch of tweets is about that size, and checkpointing after every commit costs a quarter
      // of the CPU. https://www.sqlite.org/pragma.html#pragma_wal_autocheckpoint
      this.#db.pragma('wal_autocheckpoint = 16384');
      this.#db.exec(sqliteSchema);
      const prepared: Partial<Record<keyof typeof statements, Database.Statement>> = {};
      for (const [key, sql] of Object.entries(statements)) {
        prepared[key as keyof typeof statements] = this.#db.prepare(sql);
      }
      this.#statements = prepared as Statements;
      const scrubs = this.#db
        .prepare(
          'SELECT CAST(user_id AS TEXT) AS user_id, CAST(up_to_status_id AS TEXT) AS up_to FROM geo_scrubs',
        )
        .all() as { user_id: string; up_to: string }[];
      for (const scrub of scrubs) this.#geoScrubs.load(scrub.user_id, scrub.up_to);
    } catch (error) {
      throw new SpritzerError(
        'ERR_SINK_UNAVAILABLE',
        `cannot open ${this.name} (${describeIoError(error)}); check the path, its permissions and that it is an SQLite database`,
        { cause: error },
      );
    }
    // BEGIN IMMEDIATE takes the write lock up front, so a busy database fails before any work.
    const transaction = this.#db.transaction(
      (batch: readonly StreamMessage[], admission: Admission) => {
        this.#apply(batch, admission);
      },
    );
    this.#writeBatch = (batch, admission) => {
      transaction.immediate(batch, admission);
    };
  }

  write(batch: readonly StreamMessage[]): Promise<void> {
    const problem = messageBatchProblem(batch);
    if (problem !== undefined) return Promise.reject(problem);
    if (this.#closed) return Promise.reject(closedError(this.name));
    return this.#queue.run(() =>
      writeIsolatingRefused(batch, {
        writeOnce: (part) => this.#writeOnce(part),
        refusesData: refusesData,
        reject: (message, error) => {
          this.#counters.skip('refused');
          const cause = error instanceof SpritzerError ? error.cause : error;
          this.#onRejected?.(storeRefusal(this.name, message, describeStoreError(cause)));
        },
      }),
    );
  }

  /** Writes a batch in one transaction. */
  #writeOnce(batch: readonly StreamMessage[]): Promise<void> {
    const admission: Admission = {
      sinkName: this.name,
      counts: new SinkCounterSet(),
      rejected: [],
    };
    try {
      this.#writeBatch(batch, admission);
    } catch (error) {
      this.#geoScrubs.discard();
      return Promise.reject(this.#failure('write to', error));
    }
    this.#counters.add(admission.counts);
    this.#geoScrubs.commit();
    for (const rejection of admission.rejected) this.#onRejected?.(rejection);
    return Promise.resolve();
  }

  flush(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return this.#queue.run(() => {
      try {
        this.#db.pragma('wal_checkpoint(PASSIVE)');
      } catch (error) {
        throw this.#failure('checkpoint', error);
      }
    });
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    // After the writes already called.
    return this.#queue.run(() => {
      try {
        this.#db.close();
      } catch (error) {
        throw this.#failure('close', error);
      }
    });
  }

  counters(): SinkCounters {
    return this.#counters.snapshot();
  }

  /** Applies a batch inside the transaction; returns its counts (kept only if it commits). */
  #apply(batch: readonly StreamMessage[], admission: Admission): void {
    for (const message of batch) {
      const taken = admitMessage(message, admission);
      if (taken?.kind === 'tweet') this.#storeTweet(taken.tweet, taken.raw, admission.counts);
      else if (taken !== undefined)
        this.#applyCompliance(taken.record, taken.raw, admission.counts);
    }
  }

  #storeTweet(tweet: Tweet, raw: Buffer, counts: SinkCounterSet): void {
    const row = toTweetRow(tweet);
    const scrub = this.#geoScrubs.covers(row.userId, row.id);
    const insert = scrub ? this.#statements.insertScrubbedTweet : this.#statements.insertTweet;
    const result = insert.run(...tweetRowValues(row, scrub), raw.toString('utf8'), row.id);
    if (result.changes === 0) {
      if (this.#statements.isDeleted.get(row.id) === undefined) counts.duplicates += 1;
      else counts.skip('deleted');
      return;
    }
    counts.stored += 1;
    this.#statements.upsertUser.run(...userRowValues(toUserRow(tweet)));
    // Copies of other tweets it embeds: cleared now if a scrub_geo already covers them, else
    // remembered for the notice that may come.
    for (const copy of embeddedGeoCopies(tweet)) {
      if (this.#geoScrubs.covers(copy.userId, copy.id)) {
        this.#statements.clearEmbeddedGeo.run({ path: copy.path, tweetId: row.id });
      } else this.#statements.recordEmbeddedGeo.run(copy.userId, copy.id, row.id, copy.path);
    }
  }

  #applyCompliance(record: ComplianceRecord, raw: Buffer, counts: SinkCounterSet): void {
    const receivedAt = new Date(this.#now()).toISOString();
    const noticeAt = noticeTime(record);
    const logged = this.#statements.logCompliance.run(
      record.key,
      record.kind,
      record.statusId,
      record.userId,
      record.upToStatusId,
      record.countries === null ? null : JSON.stringify(record.countries),
      noticeAt,
      receivedAt,
      raw.toString('utf8'),
    );
    if (logged.changes === 0) {
      counts.skip('duplicate-notice');
      return;
    }
    counts.compliance += 1;
    if (record.kind === 'delete' && record.statusId !== null) {
      const deletedAt = noticeAt ?? receivedAt;
      this.#statements.recordDeletion.run(record.statusId, record.userId, deletedAt);
      if (this.#deletes === 'remove') this.#statements.removeTweet.run(record.statusId);
      else if (record.userId === null) {
        this.#statements.tombstoneStoredTweet.run(deletedAt, record.statusId);
      } else {
        this.#statements.tombstoneTweet.run(
          record.statusId,
          snowflakeTime(record.statusId),
          record.userId,
          deletedAt,
        );
      }
    } else if (
      record.kind === 'scrub_geo' &&
      record.userId !== null &&
      record.upToStatusId !== null
    ) {
      const scrubbed = [record.userId, record.upToStatusId] as const;
      this.#statements.recordGeoScrub.run(...scrubbed);
      this.#statements.scrubGeo.run(...scrubbed);
      // The user's tweets are also copied inside other stored tweets (retweets, quotes).
      const copies = this.#statements.findEmbeddedGeo.all(...scrubbed) as {
        tweet_id: string;
        path: string;
      }[];
      for (const copy of copies) {
        this.#statements.clearEmbeddedGeo.run({ path: copy.path, tweetId: copy.tweet_id });
      }
      this.#statements.forgetEmbeddedGeo.run(...scrubbed);
      this.#geoScrubs.add(record.userId, record.upToStatusId);
    }
  }

  #failure(action: string, error: unknown): SpritzerError {
    const code = (error as { code?: unknown } | null)?.code;
    const unavailable =
      typeof code === 'string' &&
      /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY|PROTOCOL)/.test(code);
    return new SpritzerError(
      unavailable ? 'ERR_SINK_UNAVAILABLE' : 'ERR_SINK_WRITE_FAILED',
      `cannot ${action} ${this.name} (${describeIoError(error)})${unavailable ? '; another process may hold its lock, or the disk is full' : ''}`,
      { cause: error },
    );
  }
}

/**
 * Whether a failed write is SQLite refusing the data: a constraint (CHECK, NOT NULL, a trigger's
 * RAISE), a datatype mismatch, a value too big. Not a unique violation: the sink's inserts skip
 * those (`ON CONFLICT DO NOTHING`). https://www.sqlite.org/rescode.html
 */
function refusesData(error: unknown): boolean {
  const cause = error instanceof SpritzerError ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code) &&
    !/^SQLITE_CONSTRAINT_(PRIMARYKEY|UNIQUE)$/.test(code)
  );
}

/** The driver's code and words, e.g. `SQLITE_CONSTRAINT_CHECK: CHECK constraint failed: …`. */
function describeStoreError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const words = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${words}` : words;
}

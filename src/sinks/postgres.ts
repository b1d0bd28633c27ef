/**
 * The PostgreSQL sink (`postgres://…`), on `pg`: the same schema as SQLite in PostgreSQL types
 * ({@link postgresSchema}, documented in docs/sinks.md), raw tweets as JSONB.
 *
 * Each batch is one transaction of a few statements. The tweet ids that may be stored or deleted
 * already are looked up (idempotent by tweet id; a delete that came first wins), and the batch
 * is walked in order to decide what each message does. The new tweets then go in with one binary
 * `COPY` (pg-copy-streams; the raw JSON travels as the exact bytes received), their authors are
 * upserted once each, from their newest tweet, and the batch's compliance notices follow as
 * set-based statements (a notice acts only on tweets before it, so this leaves the same rows as
 * applying each message in turn). A message the tables can never take is rejected before
 * anything is sent (table-message-check.ts), and one the server refuses for its data is left out
 * by writing the batch in halves (refused-message-isolation.ts): neither fails its batch for
 * ever. The sink assumes it is the only writer of `tweets`: a
 * concurrent writer's tweet makes a batch fail on the primary key, and the spill journal's retry
 * then skips it. After a lost connection (server restart) the pool connects again at the next
 * write.
 *
 * @see https://www.postgresql.org/docs/current/sql-copy.html
 * @see https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { invalidArgValue, SpritzerError } from '../errors.js';
import type { Tweet } from '../messages/tweet.js';
import type { StreamMessage } from '../messages/types.js';
import { noticeTime, type ComplianceRecord } from './compliance-record.js';
import { refusedJsonEscape, withoutRefusedEscapes } from './jsonb-escapes.js';
import type { DeletePolicy, Sink, SinkCounters, TableSinkOptions } from './sink.js';
import { SinkCounterSet } from './sink-counters.js';
import { closedError, describeIoError, type MessageRejection } from './sink-errors.js';
import { encodeBinaryCopy, type CopyField } from './pg-binary-copy.js';
import { embeddedGeoCopies, GeoScrubs, type EmbeddedGeoCopy } from './geo-scrubs.js';
import { writeIsolatingRefused } from './refused-message-isolation.js';
import { SerialQueue } from './serial-queue.js';
import {
  admitMessage,
  storeRefusal,
  type Admission,
  type AdmittedMessage,
} from './table-message-check.js';
import {
  idAtMost,
  snowflakeTime,
  toTweetRow,
  toUserRow,
  type TweetRow,
  type UserRow,
} from './tweet-row.js';
import { assertMessageBatch } from './message-check.js';

/** Options of {@link openPostgresSink}. */
export interface PostgresSinkOptions extends TableSinkOptions {
  /** `postgres://user:password@host:port/database`, as `pg` and `psql` take it. */
  readonly connectionString: string;
  /** How long to wait for a connection. @default 5000 ms */
  readonly connectTimeoutMs?: number;
}

/** The PostgreSQL schema (idempotent: `IF NOT EXISTS`). */
export const postgresSchema = `
CREATE TABLE IF NOT EXISTS tweets (
  id bigint PRIMARY KEY,
  created_at timestamptz,
  user_id bigint NOT NULL,
  screen_name text,
  lang text,
  text text,
  retweeted_status_id bigint,
  quoted_status_id bigint,
  in_reply_to_status_id bigint,
  in_reply_to_user_id bigint,
  longitude double precision,
  latitude double precision,
  place_id text,
  raw jsonb,
  deleted_at timestamptz
);
CREATE INDEX IF NOT EXISTS tweets_user_id ON tweets (user_id, id);
CREATE TABLE IF NOT EXISTS users (
  id bigint PRIMARY KEY,
  screen_name text NOT NULL,
  name text NOT NULL,
  location text,
  description text,
  followers_count integer NOT NULL,
  friends_count integer NOT NULL,
  statuses_count integer NOT NULL,
  verified boolean NOT NULL,
  created_at timestamptz NOT NULL,
  last_status_id bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS deleted_tweets (
  id bigint PRIMARY KEY,
  user_id bigint,
  deleted_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS geo_scrubs (
  user_id bigint PRIMARY KEY,
  up_to_status_id bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS embedded_geo (
  user_id bigint NOT NULL,
  id bigint NOT NULL,
  tweet_id bigint NOT NULL,
  path text NOT NULL,
  PRIMARY KEY (user_id, id, tweet_id, path)
);
CREATE TABLE IF NOT EXISTS compliance (
  key text PRIMARY KEY,
  kind text NOT NULL,
  status_id bigint,
  user_id bigint,
  up_to_status_id bigint,
  withheld_in_countries text[],
  notice_at timestamptz,
  received_at timestamptz NOT NULL,
  raw jsonb NOT NULL
);
`;

const clearedGeo = `'{"geo":null,"coordinates":null,"place":null}'::jsonb`;

// A run of tweets: the tweet ids already stored or deleted are looked up first (only ids at or
// below the highest stored can have been stored), new tweets go in with binary COPY (the raw JSON
// as the exact bytes received), and their authors are upserted. All in the batch's transaction.
const knownSql = `SELECT id::text AS id, true AS deleted FROM deleted_tweets WHERE id = ANY ($1::bigint[])
  UNION ALL SELECT id::text AS id, false AS deleted FROM tweets WHERE id = ANY ($1::bigint[])`;

const copyTweetsSql = `COPY tweets (id, created_at, user_id, screen_name, lang, text,
  retweeted_status_id, quoted_status_id, in_reply_to_status_id, in_reply_to_user_id, longitude,
  latitude, place_id, raw) FROM STDIN (FORMAT binary)`;

const upsertUsersSql = `INSERT INTO users (id, screen_name, name, location, description,
    followers_count, friends_count, statuses_count, verified, created_at, last_status_id)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[],
    $6::integer[], $7::integer[], $8::integer[], $9::boolean[], $10::timestamptz[], $11::bigint[])
  ON CONFLICT (id) DO UPDATE SET screen_name = EXCLUDED.screen_name, name = EXCLUDED.name,
    location = EXCLUDED.location, description = EXCLUDED.description,
    followers_count = EXCLUDED.followers_count, friends_count = EXCLUDED.friends_count,
    statuses_count = EXCLUDED.statuses_count, verified = EXCLUDED.verified,
    last_status_id = EXCLUDED.last_status_id
  WHERE EXCLUDED.last_status_id > users.last_status_id`;

const clearRawGeoSql = `UPDATE tweets SET raw = raw || ${clearedGeo} WHERE id = ANY ($1::bigint[])`;

// A batch's notices, each key once (withheld countries joined by commas: ISO codes hold none).
const logComplianceSql = `INSERT INTO compliance (key, kind, status_id, user_id, up_to_status_id,
    withheld_in_countries, notice_at, received_at, raw)
  SELECT key, kind, status_id, user_id, up_to, string_to_array(countries, ','), notice_at, $8,
    raw::jsonb
  FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[],
    $7::timestamptz[], $9::text[]) AS n (key, kind, status_id, user_id, up_to, countries, notice_at, raw)
  ON CONFLICT (key) DO NOTHING RETURNING key`;

const recordDeletionsSql = `INSERT INTO deleted_tweets (id, user_id, deleted_at)
  SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[])
  ON CONFLICT (id) DO NOTHING`;

const removeTweetsSql = `DELETE FROM tweets WHERE id = ANY ($1::bigint[])`;

const tombstoneTweetsSql = `INSERT INTO tweets (id, created_at, user_id, deleted_at)
  SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::bigint[], $4::timestamptz[])
  ON CONFLICT (id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at, text = NULL, raw = NULL,
    longitude = NULL, latitude = NULL, place_id = NULL
  WHERE tweets.deleted_at IS NULL`;

// A delete without a user id: only a tweet already stored can become a tombstone.
const tombstoneStoredSql = `UPDATE tweets SET deleted_at = d.deleted_at, text = NULL, raw = NULL,
    longitude = NULL, latitude = NULL, place_id = NULL
  FROM unnest($1::bigint[], $2::timestamptz[]) AS d (id, deleted_at)
  WHERE tweets.id = d.id AND tweets.deleted_at IS NULL`;

const recordGeoScrubSql = `INSERT INTO geo_scrubs (user_id, up_to_status_id) VALUES ($1, $2)
  ON CONFLICT (user_id) DO UPDATE SET up_to_status_id = EXCLUDED.up_to_status_id
  WHERE EXCLUDED.up_to_status_id > geo_scrubs.up_to_status_id`;

const scrubGeoSql = `UPDATE tweets SET longitude = NULL, latitude = NULL, place_id = NULL,
    raw = raw || ${clearedGeo}
  WHERE user_id = $1 AND id <= $2 AND raw IS NOT NULL`;

// Copies of a user's tweets embedded in other stored tweets (retweets, quotes), with geo.
const recordEmbeddedGeoSql = `INSERT INTO embedded_geo (user_id, id, tweet_id, path)
  SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[])
  ON CONFLICT DO NOTHING`;

const takeEmbeddedGeoSql = `DELETE FROM embedded_geo WHERE user_id = $1 AND id <= $2
  RETURNING tweet_id::text AS tweet_id, path`;

// The copy at a dotted path ($1) of each tweet ($2) loses its geo.
const clearEmbeddedGeoSql = `UPDATE tweets
  SET raw = jsonb_set(raw, string_to_array($1, '.'), (raw #> string_to_array($1, '.')) || ${clearedGeo})
  WHERE id = ANY ($2::bigint[]) AND jsonb_typeof(raw #> string_to_array($1, '.')) = 'object'`;

/** Sends rows with `COPY … FROM STDIN (FORMAT binary)`. */
async function copyRows(client: Client, sql: string, rows: readonly CopyField[][]): Promise<void> {
  await pipeline(Readable.from(encodeBinaryCopy(rows)), client.query(copyFrom(sql)));
}

/** A tweet's columns for the binary COPY; geo left out when a scrub_geo already covers it. */
function tweetCopyRow(row: TweetRow, raw: Buffer, scrub: boolean): CopyField[] {
  return [
    { type: 'int8', value: row.id },
    { type: 'timestamptz', value: row.createdAt },
    { type: 'int8', value: row.userId },
    { type: 'text', value: row.screenName },
    { type: 'text', value: row.lang },
    { type: 'text', value: row.text },
    { type: 'int8', value: row.retweetedStatusId },
    { type: 'int8', value: row.quotedStatusId },
    { type: 'int8', value: row.inReplyToStatusId },
    { type: 'int8', value: row.inReplyToUserId },
    { type: 'float8', value: scrub ? null : row.longitude },
    { type: 'float8', value: scrub ? null : row.latitude },
    { type: 'text', value: scrub ? null : row.placeId },
    { type: 'jsonb', value: raw },
  ];
}

/**
 * Connects, creates the schema if missing, and returns the PostgreSQL sink.
 *
 * @throws SpritzerError `ERR_CONFIG_INVALID` when the server refuses the credentials or the
 *   database does not exist; `ERR_SINK_UNAVAILABLE` when the server cannot be reached
 */
export async function openPostgresSink(options: PostgresSinkOptions): Promise<Sink> {
  const sink = new PostgresSink(options);
  await sink.start();
  return sink;
}

type Client = pg.PoolClient;

/** What one batch's runs share until it commits. */
interface BatchState {
  /** The highest tweet id stored, this batch included. */
  maxStoredId: string;
  /** Tweets deleted in this batch before they arrived (ids above the highest stored). */
  readonly deletedAhead: Set<string>;
}

/** A compliance notice of the batch, to log and apply after its tweets are in. */
interface PlannedNotice {
  readonly record: ComplianceRecord;
  readonly raw: Buffer;
}

/** What a batch writes, decided in order before anything is sent. */
interface BatchPlan {
  /** The new tweets' COPY rows. */
  readonly rows: CopyField[][];
  /** New tweets a scrub_geo already covers: their raw JSON loses its geo after the COPY. */
  readonly scrubbed: string[];
  readonly embedded: EmbeddedGeoRows;
  /** Each author once, as of their newest tweet in the batch. */
  readonly authors: Map<string, UserRow>;
  readonly notices: PlannedNotice[];
}

class PostgresSink implements Sink {
  readonly name: string;
  readonly #pool: pg.Pool;
  readonly #deletes: DeletePolicy;
  readonly #now: () => number;
  readonly #onRejected: ((error: MessageRejection) => void) | undefined;
  readonly #counters = new SinkCounterSet();
  /** The scrub_geo notices applied (loaded from `geo_scrubs`). */
  readonly #geoScrubs = new GeoScrubs();
  /**
   * The highest tweet id stored. Tweet ids grow with time, so only a tweet at or below it can be
   * a re-send or have its delete in `deleted_tweets`; a run of newer tweets needs no lookup (the
   * sink is the only writer of `tweets`).
   */
  #maxStoredId = '0';
  /** Deleted ids above {@link PostgresSink.#maxStoredId}: deletes that came before their tweet. */
  readonly #deletedAhead = new Set<string>();
  readonly #listening = new WeakSet<Client>();
  #closed = false;
  /**
   * Writes and close, one at a time in call order: each batch plans against what the batches
   * before it stored, and one written again in halves (around a message the store refuses)
   * finishes before the next starts.
   */
  readonly #queue = new SerialQueue();

  constructor(options: PostgresSinkOptions) {
    this.name = redactConnectionString(options.connectionString);
    this.#deletes = options.deletes ?? 'remove';
    this.#now = options.now ?? Date.now;
    this.#onRejected = options.onRejected;
    const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    if (!Number.isSafeInteger(connectTimeoutMs) || connectTimeoutMs <= 0) {
      throw invalidArgValue(
        'connectTimeoutMs',
        `must be a positive integer; received ${connectTimeoutMs}`,
      );
    }
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: 1,
      connectionTimeoutMillis: connectTimeoutMs,
    });
    // An idle connection that the server ends (restart) is reported here; the pool drops it and
    // the next write connects again. Without a listener the error would crash the process.
    this.#pool.on('error', () => undefined);
  }

  async start(): Promise<void> {
    try {
      await this.#pool.query(postgresSchema);
      const scrubs = await this.#pool.query<{ user_id: string; up_to: string }>(
        'SELECT user_id::text AS user_id, up_to_status_id::text AS up_to FROM geo_scrubs',
      );
      for (const row of scrubs.rows) this.#geoScrubs.load(row.user_id, row.up_to);
      const max = await this.#pool.query<{ id: string }>(
        'SELECT COALESCE(max(id), 0)::text AS id FROM tweets',
      );
      this.#maxStoredId = max.rows[0]?.id ?? '0';
      const ahead = await this.#pool.query<{ id: string }>(
        'SELECT id::text AS id FROM deleted_tweets WHERE id > $1::bigint',
        [this.#maxStoredId],
      );
      for (const row of ahead.rows) this.#deletedAhead.add(row.id);
    } catch (error) {
      await this.#pool.end().catch(() => undefined);
      throw this.#failure('open', error);
    }
  }

  async write(batch: readonly StreamMessage[]): Promise<void> {
    assertMessageBatch(batch);
    if (this.#closed) throw closedError(this.name);
    await this.#queue.run(() =>
      writeIsolatingRefused(batch, {
        writeOnce: (part) => this.#writeOnce(part),
        refusesData: refusesData,
        reject: (message, error) => {
          this.#counters.skip('refused');
          this.#onRejected?.(storeRefusal(this.name, message, describePgError(causeOf(error))));
        },
      }),
    );
  }

  /** Writes a batch in one transaction. */
  async #writeOnce(batch: readonly StreamMessage[]): Promise<void> {
    let client: Client;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw this.#failure('connect to', error);
    }
    if (!this.#listening.has(client)) {
      // A server that goes away between two statements of a batch is reported as an 'error'
      // event on the checked-out client; the next statement then fails and the batch spills.
      // Without a listener the event would crash the process.
      client.on('error', () => undefined);
      this.#listening.add(client);
    }
    const counts = new SinkCounterSet();
    const admission: Admission = {
      sinkName: this.name,
      counts,
      rejected: [],
      refusedRaw: refusedJsonEscape,
    };
    const state: BatchState = {
      maxStoredId: this.#maxStoredId,
      deletedAhead: new Set(),
    };
    try {
      await client.query('BEGIN');
      const plan = await this.#planBatch(client, batch, state, admission);
      await this.#storeTweets(client, plan);
      await this.#applyNotices(client, plan.notices, counts);
      await client.query('COMMIT');
      client.release();
    } catch (error) {
      // A connection in an unknown state is destroyed, not returned to the pool.
      client.release(error instanceof Error ? error : true);
      this.#geoScrubs.discard();
      throw this.#failure('write to', error);
    }
    this.#counters.add(counts);
    this.#geoScrubs.commit();
    this.#maxStoredId = state.maxStoredId;
    for (const id of state.deletedAhead) this.#deletedAhead.add(id);
    // Ids the highest stored has passed are found by the lookup from now on.
    for (const id of this.#deletedAhead) {
      if (idAtMost(id, this.#maxStoredId)) this.#deletedAhead.delete(id);
    }
    for (const rejection of admission.rejected) this.#onRejected?.(rejection);
  }

  flush(): Promise<void> {
    // Every write commits before it resolves; a commit is durable (synchronous_commit=on).
    return Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // After the writes already called.
    await this.#queue.run(() => this.#pool.end());
  }

  counters(): SinkCounters {
    return this.#counters.snapshot();
  }

  /**
   * Walks the batch in order and decides what each message does, as if each were applied in
   * turn: a message the store can never take is rejected (counted, reported after the commit,
   * never retried), a tweet already stored is a duplicate, one whose delete came first (in an earlier
   * batch or earlier in this one) is skipped, one a scrub_geo already covers loses its geo.
   * Nothing is written yet: the new tweets then go in with one COPY and the notices follow,
   * which leaves the same rows (a notice only acts on tweets that came before it).
   */
  async #planBatch(
    client: Client,
    batch: readonly StreamMessage[],
    state: BatchState,
    admission: Admission,
  ): Promise<BatchPlan> {
    const counts = admission.counts;
    // Only ids at or below the highest stored can be stored or deleted already (ids grow).
    const admitted: AdmittedMessage[] = [];
    for (const message of batch) {
      const taken = admitMessage(message, admission);
      if (taken !== undefined) admitted.push(taken);
    }
    const older: string[] = [];
    for (const message of admitted) {
      if (message.kind === 'tweet' && idAtMost(message.tweet.id_str, state.maxStoredId)) {
        older.push(message.tweet.id_str);
      }
    }
    const known =
      older.length === 0
        ? []
        : (await client.query<{ id: string; deleted: boolean }>(knownSql, [older])).rows;
    const deleted = new Set(known.filter((row) => row.deleted).map((row) => row.id));
    const present = new Set(known.map((row) => row.id));
    const plan: BatchPlan = {
      rows: [],
      scrubbed: [],
      embedded: new EmbeddedGeoRows(),
      authors: new Map(),
      notices: [],
    };
    for (const message of admitted) {
      if (message.kind === 'tweet') {
        const id = message.tweet.id_str;
        if (deleted.has(id) || this.#deletedAhead.has(id)) counts.skip('deleted');
        else if (present.has(id)) counts.duplicates += 1;
        else {
          present.add(id);
          if (idAtMost(state.maxStoredId, id)) state.maxStoredId = id;
          this.#planTweet(message.tweet, message.raw, plan);
          counts.stored += 1;
        }
      } else {
        const record = message.record;
        plan.notices.push({ record, raw: message.raw });
        if (record.kind === 'delete' && record.statusId !== null) {
          // Later copies of the tweet in this batch are skipped; later batches look it up.
          deleted.add(record.statusId);
          if (!idAtMost(record.statusId, state.maxStoredId)) {
            state.deletedAhead.add(record.statusId);
          }
        } else if (record.kind === 'scrub_geo' && record.userId !== null) {
          if (record.upToStatusId !== null) this.#geoScrubs.add(record.userId, record.upToStatusId);
        }
      }
    }
    return plan;
  }

  /** A new tweet's row, its author and its embedded copies with geo. */
  #planTweet(data: Tweet, raw: Buffer, plan: BatchPlan): void {
    const row = toTweetRow(data);
    const scrub = this.#geoScrubs.covers(row.userId, row.id);
    if (scrub) plan.scrubbed.push(row.id);
    plan.rows.push(tweetCopyRow(row, raw, scrub));
    for (const copy of embeddedGeoCopies(data)) {
      plan.embedded.add(row.id, copy, this.#geoScrubs.covers(copy.userId, copy.id));
    }
    const author = plan.authors.get(row.userId);
    if (author === undefined || idAtMost(author.lastStatusId, row.id)) {
      plan.authors.set(row.userId, toUserRow(data));
    }
  }

  /** The batch's new tweets in one binary COPY, then their geo scrubs and their authors. */
  async #storeTweets(client: Client, plan: BatchPlan): Promise<void> {
    if (plan.rows.length === 0) return;
    await copyRows(client, copyTweetsSql, plan.rows);
    if (plan.scrubbed.length > 0) await client.query(clearRawGeoSql, [plan.scrubbed]);
    await plan.embedded.write(client);
    const users = [...plan.authors.values()];
    await client.query(upsertUsersSql, [
      users.map((user) => user.id),
      users.map((user) => user.screenName),
      users.map((user) => user.name),
      users.map((user) => user.location),
      users.map((user) => user.description),
      users.map((user) => user.followersCount),
      users.map((user) => user.friendsCount),
      users.map((user) => user.statusesCount),
      users.map((user) => user.verified),
      users.map((user) => user.createdAt),
      users.map((user) => user.lastStatusId),
    ]);
  }

  /**
   * Logs the batch's notices (each once: a key already in `compliance`, or seen earlier in the
   * batch, is a duplicate and does nothing), then applies the new ones: deletes in one statement
   * each for the log, the removal or the tombstones, scrub_geo notices one by one.
   */
  async #applyNotices(
    client: Client,
    notices: readonly PlannedNotice[],
    counts: SinkCounterSet,
  ): Promise<void> {
    if (notices.length === 0) return;
    const receivedAt = new Date(this.#now()).toISOString();
    const unique = new Map<string, PlannedNotice>();
    for (const notice of notices) {
      if (unique.has(notice.record.key)) counts.skip('duplicate-notice');
      else unique.set(notice.record.key, notice);
    }
    const records = [...unique.values()].map((notice) => notice.record);
    const logged = await client.query<{ key: string }>(logComplianceSql, [
      records.map((record) => record.key),
      records.map((record) => record.kind),
      records.map((record) => record.statusId),
      records.map((record) => record.userId),
      records.map((record) => record.upToStatusId),
      records.map((record) => record.countries?.join(',') ?? null),
      records.map(noticeTime),
      receivedAt,
      // A notice is applied even when its JSON holds what PostgreSQL refuses (a delete must be);
      // its logged raw has each such escape replaced by \ufffd.
      [...unique.values()].map((notice) => withoutRefusedEscapes(notice.raw)),
    ]);
    const fresh = new Set(logged.rows.map((row) => row.key));
    if (fresh.size < records.length) counts.skip('duplicate-notice', records.length - fresh.size);
    counts.compliance += fresh.size;
    const deletes = records.filter(
      (record): record is ComplianceRecord & { statusId: string } =>
        fresh.has(record.key) && record.kind === 'delete' && record.statusId !== null,
    );
    if (deletes.length > 0) {
      const ids = deletes.map((record) => record.statusId);
      const userIds = deletes.map((record) => record.userId);
      const deletedAt = deletes.map((record) => noticeTime(record) ?? receivedAt);
      await client.query(recordDeletionsSql, [ids, userIds, deletedAt]);
      if (this.#deletes === 'remove') await client.query(removeTweetsSql, [ids]);
      else await tombstone(client, ids, userIds, deletedAt);
    }
    for (const record of records) {
      if (!fresh.has(record.key) || record.kind !== 'scrub_geo') continue;
      if (record.userId === null || record.upToStatusId === null) continue;
      const scrubbed = [record.userId, record.upToStatusId];
      await client.query(recordGeoScrubSql, scrubbed);
      await client.query(scrubGeoSql, scrubbed);
      // The user's tweets are also copied inside other stored tweets (retweets, quotes).
      const copies = await client.query<{ tweet_id: string; path: string }>(
        takeEmbeddedGeoSql,
        scrubbed,
      );
      await clearEmbeddedGeo(client, copies.rows);
    }
  }

  #failure(action: string, error: unknown): SpritzerError {
    const sqlState = (error as { code?: unknown } | null)?.code;
    const state = typeof sqlState === 'string' ? sqlState : '';
    // SQLSTATE classes: 28 invalid authorization, 3D invalid catalog name (no such database).
    // https://www.postgresql.org/docs/current/errcodes-appendix.html
    if (/^(28|3D)/.test(state)) {
      return new SpritzerError(
        'ERR_CONFIG_INVALID',
        `cannot ${action} ${this.name} (${describePgError(error)}); check the user, password and database in the URL`,
        { cause: error },
      );
    }
    // 08 connection exception, 53 insufficient resources, 57P operator intervention (shutdown,
    // restart), and errors with no SQLSTATE (refused, reset, terminated): the server is away.
    const unavailable = !/^[0-9A-Z]{5}$/.test(state) || /^(08|53|57P)/.test(state);
    return new SpritzerError(
      unavailable ? 'ERR_SINK_UNAVAILABLE' : 'ERR_SINK_WRITE_FAILED',
      `cannot ${action} ${this.name} (${describePgError(error)})${unavailable ? '; is the server running and reachable?' : ''}`,
      { cause: error },
    );
  }
}

/** The embedded copies with geo in a run of new tweets: to record, or to clear at once. */
class EmbeddedGeoRows {
  readonly #record: { userIds: string[]; ids: string[]; tweetIds: string[]; paths: string[] } = {
    userIds: [],
    ids: [],
    tweetIds: [],
    paths: [],
  };
  readonly #clear: { tweet_id: string; path: string }[] = [];

  /** A copy in tweet `tweetId`; `scrubbed` when a scrub_geo notice already covers it. */
  add(tweetId: string, copy: EmbeddedGeoCopy, scrubbed: boolean): void {
    if (scrubbed) {
      this.#clear.push({ tweet_id: tweetId, path: copy.path });
      return;
    }
    this.#record.userIds.push(copy.userId);
    this.#record.ids.push(copy.id);
    this.#record.tweetIds.push(tweetId);
    this.#record.paths.push(copy.path);
  }

  /** Records the copies in `embedded_geo` and clears those already covered (after the COPY). */
  async write(client: Client): Promise<void> {
    const record = this.#record;
    if (record.ids.length > 0) {
      await client.query(recordEmbeddedGeoSql, [
        record.userIds,
        record.ids,
        record.tweetIds,
        record.paths,
      ]);
    }
    await clearEmbeddedGeo(client, this.#clear);
  }
}

/**
 * Tombstones deleted tweets. A tombstone row names its author (`user_id` is NOT NULL), so a delete
 * without a user id only tombstones a tweet already stored; its id in `deleted_tweets` still keeps
 * the tweet out if it arrives later.
 */
async function tombstone(
  client: Client,
  ids: readonly string[],
  userIds: readonly (string | null)[],
  deletedAt: readonly string[],
): Promise<void> {
  const known = { ids: [] as string[], userIds: [] as string[], deletedAt: [] as string[] };
  const unknown = { ids: [] as string[], deletedAt: [] as string[] };
  ids.forEach((id, index) => {
    const userId = userIds[index] ?? null;
    const at = deletedAt[index] as string;
    if (userId === null) {
      unknown.ids.push(id);
      unknown.deletedAt.push(at);
    } else {
      known.ids.push(id);
      known.userIds.push(userId);
      known.deletedAt.push(at);
    }
  });
  if (known.ids.length > 0) {
    await client.query(tombstoneTweetsSql, [
      known.ids,
      known.ids.map(snowflakeTime),
      known.userIds,
      known.deletedAt,
    ]);
  }
  if (unknown.ids.length > 0) {
    await client.query(tombstoneStoredSql, [unknown.ids, unknown.deletedAt]);
  }
}

/** Clears the geo of embedded copies: one UPDATE per path (a tweet may hold copies at two). */
async function clearEmbeddedGeo(
  client: Client,
  copies: readonly { tweet_id: string; path: string }[],
): Promise<void> {
  const byPath = new Map<string, string[]>();
  for (const copy of copies) {
    const tweetIds = byPath.get(copy.path) ?? [];
    tweetIds.push(copy.tweet_id);
    byPath.set(copy.path, tweetIds);
  }
  for (const [path, tweetIds] of byPath) {
    await client.query(clearEmbeddedGeoSql, [path, tweetIds]);
  }
}

/**
 * Whether a failed write is PostgreSQL refusing the data: SQLSTATE class 22 (data exception) or
 * 23 (integrity constraint violation), but not 23505, a unique violation, which a concurrent
 * writer's tweet causes (the retry then finds it stored).
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
function refusesData(error: unknown): boolean {
  const state = (causeOf(error) as { code?: unknown } | null)?.code;
  return typeof state === 'string' && /^(22|23)[0-9A-Z]{3}$/.test(state) && state !== '23505';
}

function causeOf(error: unknown): unknown {
  return error instanceof SpritzerError ? error.cause : error;
}

function describePgError(error: unknown): string {
  const state = (error as { code?: unknown } | null)?.code;
  if (typeof state === 'string' && /^[0-9A-Z]{5}$/.test(state) && error instanceof Error) {
    return `${state} ${error.message}`;
  }
  return describeIoError(error);
}

/** The connection string without its password, for names, messages and logs. */
export function redactConnectionString(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password !== '') url.password = '***';
    url.searchParams.delete('password');
    return url.toString();
  } catch {
    return connectionString.replace(/:[^:@/]*@/, ':***@');
  }
}

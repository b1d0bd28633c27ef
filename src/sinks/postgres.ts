/**
 * The PostgreSQL sink (`postgres://…`), on `pg`: the same schema as SQLite in PostgreSQL types
 * ({@link postgresSchema}, documented in docs/sinks.md), raw tweets as JSONB.
 *
 * A run of tweets is one statement: the rows travel as arrays, are expanded with `unnest`, inserted
 * with `ON CONFLICT (id) DO NOTHING` (idempotent by tweet id) unless `deleted_tweets` names them,
 * and their authors upserted in the same statement. A batch that holds compliance notices runs in
 * one transaction, in order. After a lost connection (server restart) the pool connects again at
 * the next write.
 *
 * @see https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT
 * @see https://www.postgresql.org/docs/current/functions-array.html (unnest)
 */
import pg from 'pg';
import { invalidArgValue, SpritzerError } from '../errors.js';
import type { StreamMessage } from '../messages/types.js';
import {
  isComplianceMessage,
  toComplianceRecord,
  type ComplianceRecord,
} from './compliance-record.js';
import type { DeletePolicy, Sink, SinkCounters } from './sink.js';
import { SinkCounterSet } from './sink-counters.js';
import { closedError, describeIoError } from './sink-errors.js';
import { idAtMost, snowflakeTime, toTweetRow, toUserRow } from './tweet-row.js';

/** Options of {@link openPostgresSink}. */
export interface PostgresSinkOptions {
  /** `postgres://user:password@host:port/database`, as `pg` and `psql` take it. */
  readonly connectionString: string;
  /** @default 'remove' */
  readonly deletes?: DeletePolicy;
  /** How long to wait for a connection. @default 5000 ms */
  readonly connectTimeoutMs?: number;
  /** The clock for `received_at` and `deleted_at`, ms since the epoch. @default Date.now */
  readonly now?: () => number;
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

// One statement per run of tweets: expand the arrays, insert the tweets nobody deleted, then
// upsert each author once (from their newest tweet stored by this statement).
const insertTweetsSql = `
WITH input AS (
  SELECT * FROM unnest(
    $1::bigint[], $2::timestamptz[], $3::bigint[], $4::text[], $5::text[], $6::text[],
    $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::float8[], $12::float8[],
    $13::text[], $14::text[], $15::boolean[],
    $16::text[], $17::text[], $18::text[], $19::integer[], $20::integer[], $21::integer[],
    $22::boolean[], $23::timestamptz[]
  ) AS t(id, created_at, user_id, screen_name, lang, text, retweeted_status_id,
         quoted_status_id, in_reply_to_status_id, in_reply_to_user_id, longitude, latitude,
         place_id, raw, scrub, name, location, description, followers_count, friends_count,
         statuses_count, verified, user_created_at)
),
inserted AS (
  INSERT INTO tweets (id, created_at, user_id, screen_name, lang, text, retweeted_status_id,
    quoted_status_id, in_reply_to_status_id, in_reply_to_user_id, longitude, latitude, place_id,
    raw)
  SELECT id, created_at, user_id, screen_name, lang, text, retweeted_status_id, quoted_status_id,
    in_reply_to_status_id, in_reply_to_user_id, longitude, latitude, place_id,
    CASE WHEN scrub THEN raw::jsonb || ${clearedGeo} ELSE raw::jsonb END
  FROM input
  WHERE NOT EXISTS (SELECT 1 FROM deleted_tweets d WHERE d.id = input.id)
  ON CONFLICT (id) DO NOTHING
  RETURNING id
),
authors AS (
  SELECT DISTINCT ON (input.user_id) input.*
  FROM input JOIN inserted ON inserted.id = input.id
  ORDER BY input.user_id, input.id DESC
),
upserted AS (
  INSERT INTO users (id, screen_name, name, location, description, followers_count,
    friends_count, statuses_count, verified, created_at, last_status_id)
  SELECT user_id, screen_name, name, location, description, followers_count, friends_count,
    statuses_count, verified, user_created_at, id
  FROM authors
  ON CONFLICT (id) DO UPDATE SET screen_name = EXCLUDED.screen_name, name = EXCLUDED.name,
    location = EXCLUDED.location, description = EXCLUDED.description,
    followers_count = EXCLUDED.followers_count, friends_count = EXCLUDED.friends_count,
    statuses_count = EXCLUDED.statuses_count, verified = EXCLUDED.verified,
    last_status_id = EXCLUDED.last_status_id
  WHERE EXCLUDED.last_status_id > users.last_status_id
)
SELECT id::text AS id FROM inserted`;

const deletedAmongSql = `SELECT id::text AS id FROM deleted_tweets WHERE id = ANY ($1::bigint[])`;

const logComplianceSql = `INSERT INTO compliance (key, kind, status_id, user_id, up_to_status_id,
    withheld_in_countries, notice_at, received_at, raw)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) ON CONFLICT (key) DO NOTHING RETURNING key`;

const recordDeletionSql = `INSERT INTO deleted_tweets (id, user_id, deleted_at) VALUES ($1, $2, $3)
  ON CONFLICT (id) DO NOTHING`;

const removeTweetSql = `DELETE FROM tweets WHERE id = $1`;

const tombstoneTweetSql = `INSERT INTO tweets (id, created_at, user_id, deleted_at)
  VALUES ($1, $2, $3, $4)
  ON CONFLICT (id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at, text = NULL, raw = NULL,
    longitude = NULL, latitude = NULL, place_id = NULL
  WHERE tweets.deleted_at IS NULL`;

const recordGeoScrubSql = `INSERT INTO geo_scrubs (user_id, up_to_status_id) VALUES ($1, $2)
  ON CONFLICT (user_id) DO UPDATE SET up_to_status_id = EXCLUDED.up_to_status_id
  WHERE EXCLUDED.up_to_status_id > geo_scrubs.up_to_status_id`;

const scrubGeoSql = `UPDATE tweets SET longitude = NULL, latitude = NULL, place_id = NULL,
    raw = raw || ${clearedGeo}
  WHERE user_id = $1 AND id <= $2 AND raw IS NOT NULL`;

// JSON `\u0000` (an odd number of backslashes before `u0000`): PostgreSQL's text and jsonb cannot
// hold NUL. https://www.postgresql.org/docs/current/datatype-json.html
const escapedNul = /(?<!\\)(?:\\\\)*\\u0000/;

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

class PostgresSink implements Sink {
  readonly name: string;
  readonly #pool: pg.Pool;
  readonly #deletes: DeletePolicy;
  readonly #now: () => number;
  readonly #counters = new SinkCounterSet();
  readonly #geoScrubs = new Map<string, string>();
  #closed = false;

  constructor(options: PostgresSinkOptions) {
    this.name = redactConnectionString(options.connectionString);
    this.#deletes = options.deletes ?? 'remove';
    this.#now = options.now ?? Date.now;
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
      for (const row of scrubs.rows) this.#geoScrubs.set(row.user_id, row.up_to);
    } catch (error) {
      await this.#pool.end().catch(() => undefined);
      throw this.#failure('open', error);
    }
  }

  async write(batch: readonly StreamMessage[]): Promise<void> {
    if (this.#closed) throw closedError(this.name);
    let client: Client;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw this.#failure('connect to', error);
    }
    const counts = new SinkCounterSet();
    const scrubs = new Map<string, string>();
    // One statement commits by itself; several (compliance, or tweets around a skipped notice) share one transaction.
    const transaction = batch.some((message) => message.kind !== 'tweet');
    try {
      if (transaction) await client.query('BEGIN');
      let run: StreamMessage[] = [];
      for (const message of batch) {
        if (message.kind === 'tweet') {
          run.push(message);
          continue;
        }
        if (run.length > 0) await this.#insertTweets(client, run, scrubs, counts);
        run = [];
        if (isComplianceMessage(message)) {
          await this.#applyCompliance(
            client,
            toComplianceRecord(message),
            message.raw,
            scrubs,
            counts,
          );
        } else counts.skip(message.kind);
      }
      if (run.length > 0) await this.#insertTweets(client, run, scrubs, counts);
      if (transaction) await client.query('COMMIT');
      client.release();
    } catch (error) {
      // A connection in an unknown state is destroyed, not returned to the pool.
      client.release(error instanceof Error ? error : true);
      throw this.#failure('write to', error);
    }
    this.#counters.add(counts);
    for (const [userId, upTo] of scrubs) this.#geoScrubs.set(userId, upTo);
  }

  flush(): Promise<void> {
    // Every write commits before it resolves; a commit is durable (synchronous_commit=on).
    return Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  counters(): SinkCounters {
    return this.#counters.snapshot();
  }

  async #insertTweets(
    client: Client,
    run: readonly StreamMessage[],
    scrubs: ReadonlyMap<string, string>,
    counts: SinkCounterSet,
  ): Promise<void> {
    const columns: unknown[][] = Array.from({ length: 23 }, () => []);
    const ids: string[] = [];
    for (const message of run) {
      if (message.kind !== 'tweet') continue;
      const raw = message.raw.toString('utf8');
      if (escapedNul.test(raw)) {
        counts.skip('unsupported');
        continue;
      }
      const row = toTweetRow(message.data);
      const user = toUserRow(message.data);
      const scrubbedUpTo = scrubs.get(row.userId) ?? this.#geoScrubs.get(row.userId);
      const scrub = scrubbedUpTo !== undefined && idAtMost(row.id, scrubbedUpTo);
      const values = [
        row.id,
        row.createdAt,
        row.userId,
        row.screenName,
        row.lang,
        row.text,
        row.retweetedStatusId,
        row.quotedStatusId,
        row.inReplyToStatusId,
        row.inReplyToUserId,
        scrub ? null : row.longitude,
        scrub ? null : row.latitude,
        scrub ? null : row.placeId,
        raw,
        scrub,
        user.name,
        user.location,
        user.description,
        user.followersCount,
        user.friendsCount,
        user.statusesCount,
        user.verified,
        user.createdAt,
      ];
      values.forEach((value, index) => columns[index]?.push(value));
      ids.push(row.id);
    }
    if (ids.length === 0) return;
    const inserted = await client.query<{ id: string }>(insertTweetsSql, columns);
    const stored = new Set(inserted.rows.map((row) => row.id));
    counts.stored += stored.size;
    if (stored.size === ids.length) return;
    const deleted = await client.query<{ id: string }>(deletedAmongSql, [ids]);
    const deletedIds = new Set(deleted.rows.map((row) => row.id));
    const counted = new Set<string>();
    for (const id of ids) {
      if (stored.has(id) && !counted.has(id)) counted.add(id);
      else if (deletedIds.has(id)) counts.skip('deleted');
      else counts.duplicates += 1;
    }
  }

  async #applyCompliance(
    client: Client,
    record: ComplianceRecord,
    raw: Buffer,
    scrubs: Map<string, string>,
    counts: SinkCounterSet,
  ): Promise<void> {
    const receivedAt = new Date(this.#now()).toISOString();
    const noticeAt =
      record.timestampMs === null ? null : new Date(record.timestampMs).toISOString();
    const logged = await client.query(logComplianceSql, [
      record.key,
      record.kind,
      record.statusId,
      record.userId,
      record.upToStatusId,
      record.countries,
      noticeAt,
      receivedAt,
      raw.toString('utf8'),
    ]);
    if (logged.rowCount === 0) {
      counts.duplicates += 1;
      return;
    }
    counts.compliance += 1;
    if (record.kind === 'delete' && record.statusId !== null) {
      const deletedAt = noticeAt ?? receivedAt;
      await client.query(recordDeletionSql, [record.statusId, record.userId, deletedAt]);
      if (this.#deletes === 'remove') await client.query(removeTweetSql, [record.statusId]);
      else {
        await client.query(tombstoneTweetSql, [
          record.statusId,
          snowflakeTime(record.statusId),
          record.userId,
          deletedAt,
        ]);
      }
    } else if (
      record.kind === 'scrub_geo' &&
      record.userId !== null &&
      record.upToStatusId !== null
    ) {
      await client.query(recordGeoScrubSql, [record.userId, record.upToStatusId]);
      await client.query(scrubGeoSql, [record.userId, record.upToStatusId]);
      const known = scrubs.get(record.userId) ?? this.#geoScrubs.get(record.userId);
      if (known === undefined || idAtMost(known, record.upToStatusId)) {
        scrubs.set(record.userId, record.upToStatusId);
      }
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

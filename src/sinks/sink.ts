/**
 * The one interface every destination of stream messages implements: console, JSONL files,
 * SQLite, PostgreSQL, NATS JetStream. The pipeline hands each sink batches in arrival order.
 */
import type { SpritzerError } from '../errors.js';
import type { StreamMessage } from '../messages/types.js';

/** Counters a sink keeps about what it did with the messages it was given. */
export interface SinkCounters {
  /** Tweets newly stored (a duplicate by tweet id is not counted again). */
  readonly stored: number;
  /** Tweets already present (idempotent re-sends after a reconnect). */
  readonly duplicates: number;
  /** Compliance messages applied: delete, scrub_geo, status_withheld, user_withheld. */
  readonly compliance: number;
  /** Messages skipped, by reason (e.g. `malformed`, `unknown`). */
  readonly skipped: Readonly<Record<string, number>>;
  /**
   * Messages other than tweets and compliance stored as received, e.g. `limit` notices and
   * malformed lines in the JSONL file sink. Absent means 0.
   */
  readonly other?: number;
}

/**
 * What a sink does with a deleted tweet. `remove`: the tweet is gone. `tombstone`: a row keeps
 * the id, the author and `deleted_at`, with the content (text, geo, raw JSON) cleared. Log sinks
 * (JSONL, NATS JetStream) always append the delete notice, which is their tombstone.
 */
export type DeletePolicy = 'remove' | 'tombstone';

/** Options the table sinks (SQLite, PostgreSQL) share. */
export interface TableSinkOptions {
  /** @default 'remove' */
  readonly deletes?: DeletePolicy;
  /** The clock for `received_at` and `deleted_at`, ms since the epoch. @default Date.now */
  readonly now?: () => number;
  /**
   * Told of each message the store can never take (an id that is not a 64-bit decimal, a date
   * that is not one, JSON PostgreSQL refuses): the message is skipped, counted (`invalid` or
   * `unsupported`) and never retried, and the rest of its batch is stored. Called after the
   * batch commits.
   */
  readonly onRejected?: (error: SpritzerError<'ERR_SINK_MESSAGE_REJECTED'>) => void;
}

/** A destination for stream messages. */
export interface Sink {
  /** Where the data goes, without secrets, e.g. `sqlite:/data/tweets.db`. */
  readonly name: string;
  /**
   * Stores a batch, in order: tweets idempotently by tweet id; compliance messages applied (a
   * delete that arrives before its tweet still wins). Resolves when the sink has accepted the
   * batch; rejects with a SpritzerError when the sink is unavailable (the pipeline then spills).
   */
  write(batch: readonly StreamMessage[]): Promise<void>;
  /** Makes everything written so far durable. */
  flush(): Promise<void>;
  /** Flushes and releases the sink's resources. Safe to call twice. */
  close(): Promise<void>;
  /** What the sink has done so far. */
  counters(): SinkCounters;
}

/**
 * Public types of the synthetic world: a seeded, deterministic firehose of v1.1 stream messages.
 * Each event's content is a pure function of (options, event index), so any process can make any
 * slice of the same stream and get identical bytes.
 */
import type { Tweet, User } from '../messages/tweet.js';

/** What a world event is. Tweets include retweets, quotes and replies. */
export type WorldEventKind = 'tweet' | 'delete' | 'scrub_geo' | 'status_withheld' | 'user_withheld';

/** One message of the firehose, ready to send. */
export interface WorldEvent {
  /** 0-based position in the firehose. */
  readonly index: number;
  readonly kind: WorldEventKind;
  /** Simulated time of the event, ms since the epoch (a tweet's `timestamp_ms`). */
  readonly timestampMs: number;
  /**
   * The message serialized as the service sent it: compact JSON, `/` as `\/`, non-ASCII as
   * `\uXXXX`; no trailing `\r\n`. Pure ASCII, so its length is its byte count.
   */
  readonly json: string;
  /** The object form, for filter matching; present when `kind` is `tweet`. */
  readonly tweet?: Tweet;
  /** For compliance events: the ids they refer to, as decimal strings. */
  readonly statusId?: string;
  readonly userId?: string;
}

/** How the world is made. Every field has a documented default (docs/world.md). */
export interface WorldOptions {
  /** @default 1 */
  readonly seed?: number;
  /** Simulated time of event 0, ms since the epoch. @default 2026-01-01T00:00:00Z */
  readonly startTimeMs?: number;
  /** Mean firehose rate in events per simulated second. @default 5700 */
  readonly eventsPerSecond?: number;
}
export type { Tweet, User };

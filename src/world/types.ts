/**
 * Public types of the synthetic world: a seeded, deterministic firehose of v1.1 stream messages.
 * Each event's content is a pure function of (options, event index), so any process can make any
 * slice of the same stream and get identical bytes.
 */
import type { Tweet, User } from '../messages/tweet.js';
import type { BurstScript } from './activity.js';

/** What a world event is. Tweets include retweets, quotes and replies. */
export type WorldEventKind = 'tweet' | 'delete' | 'scrub_geo' | 'status_withheld' | 'user_withheld';

/** What kind of tweet a `tweet` event is. */
export type TweetKind = 'original' | 'reply' | 'quote' | 'retweet';

/** One message of the firehose, ready to send. */
export interface WorldEvent {
  /** 0-based position in the firehose. */
  readonly index: number;
  readonly kind: WorldEventKind;
  /** For `tweet` events: original, reply, quote or retweet. */
  readonly tweetKind?: TweetKind | undefined;
  /** Simulated time of the event, ms since the epoch (a tweet's `timestamp_ms`). */
  readonly timestampMs: number;
  /**
   * The message serialized as the service sent it: compact JSON, `/` as `\/`, non-ASCII as
   * `\uXXXX`; no trailing `\r\n`. Pure ASCII, so its length is its byte count.
   */
  readonly json: string;
  /**
   * The object form, for filter matching; present when `kind` is `tweet`. Parsed from `json` on
   * first access (so a caller that only sends bytes never pays for it); as with any
   * `JSON.parse`, the numeric `id` fields above 2^53 are rounded: use the `*_str` twins.
   */
  readonly tweet?: Tweet | undefined;
  /**
   * The status id this event is about, as a decimal string: a tweet's own id, or the status a
   * `delete`, `status_withheld` or `scrub_geo` (`up_to_status_id`) refers to.
   */
  readonly statusId?: string | undefined;
  /** The user id this event is about: a tweet's author, or the user a notice refers to. */
  readonly userId?: string | undefined;
}

/** Shares of the event mix; every field has a documented default (docs/world.md, "Mix"). */
export interface WorldShares {
  /** Share of tweets that are native retweets. @default 0.42 */
  readonly retweet: number;
  /** Share of tweets that are replies. @default 0.17 */
  readonly reply: number;
  /** Share of tweets that are quote tweets. @default 0.05 */
  readonly quote: number;
  /** Share of events that are `delete` notices. @default 0.03 */
  readonly delete: number;
  /** Share of deletes that arrive before the tweet they delete. @default 0.01 */
  readonly deleteBeforeTweet: number;
  /** Share of events that are `scrub_geo` notices. @default 0.0002 */
  readonly scrubGeo: number;
  /** Share of events that are `status_withheld` notices. @default 0.0001 */
  readonly statusWithheld: number;
  /** Share of events that are `user_withheld` notices. @default 0.00005 */
  readonly userWithheld: number;
  /** Share of tweets (retweets excepted) with exact `coordinates`. @default 0.01 */
  readonly coordinates: number;
  /** Share of tweets (retweets excepted) tagged with a `place`, coordinates or not. @default 0.02 */
  readonly place: number;
}

/** The simulated clock. */
export interface WorldClockOptions {
  /**
   * Simulated seconds per wall-clock second when events are paced live (the emulator);
   * generation itself always runs as fast as it can. @default 1
   */
  readonly speed?: number;
  /** Each language follows its daily cycle in its own time zone. @default true */
  readonly diurnal?: boolean;
  /** A small weekly cycle. @default true */
  readonly weekly?: boolean;
  /** Hashtags burst on their own for minutes to hours ("flashmobs"). @default true */
  readonly hashtagBursts?: boolean;
  /** Scripted bursts of traffic about one hashtag. @default [] */
  readonly bursts?: readonly BurstScript[];
}

/** How the world is made. Every field has a documented default (docs/world.md). */
export interface WorldOptions {
  /** Any integer; 32 bits are used. @default 1 */
  readonly seed?: number;
  /** Simulated time of event 0, ms since the epoch (truncated to its second). @default 2026-01-01T00:00:00Z */
  readonly startTimeMs?: number;
  /** Mean firehose rate in events per simulated second. @default 5700 */
  readonly eventsPerSecond?: number;
  /** Number of users (at most 4,194,304). @default 1000000 */
  readonly users?: number;
  /** The event mix. */
  readonly shares?: Partial<WorldShares>;
  /** The simulated clock. */
  readonly clock?: WorldClockOptions;
}

export type { BurstScript, Tweet, User };

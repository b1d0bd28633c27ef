/**
 * The synthetic world: a seeded, deterministic firehose of v1.1 stream messages, its users, and
 * the service's serialization. See docs/world.md for every statistical choice and its source.
 */
export { createWorld, type World } from './create-world.js';
export type { ComposeTweetOptions, ComposedTweet } from './compose-tweet.js';
export type { MakeUserOptions } from './make-user.js';
export type { BurstScript } from './activity.js';
export { defaultShares, type ResolvedWorldOptions } from './options.js';
export { serialize } from './json-escape.js';
export { isSampled, sampleWindowEndMs, sampleWindowStartMs } from './world.js';
export { snowflakeId, snowflakeTimeMs, twitterEpochMs } from './snowflake.js';
export type {
  Tweet,
  TweetKind,
  User,
  WorldClockOptions,
  WorldEvent,
  WorldEventKind,
  WorldOptions,
  WorldShares,
} from './types.js';

/**
 * The columns the table sinks (SQLite, PostgreSQL) store for a tweet and its author, taken from
 * the v1.1 Tweet object. Ids stay decimal strings: `JSON.parse` rounds the numeric `id` above
 * 2^53, so only the `*_str` twins are exact.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/data-dictionary/object-model/tweet
 */
import { invalidArgValue } from '../errors.js';
import type { Tweet } from '../messages/tweet.js';

/** One row of the `tweets` table. */
export interface TweetRow {
  readonly id: string;
  /** ISO 8601 UTC, from `created_at`. */
  readonly createdAt: string;
  readonly userId: string;
  readonly screenName: string;
  readonly lang: string | null;
  /** The whole text: `extended_tweet.full_text` when the tweet is truncated, else `text`. */
  readonly text: string;
  readonly retweetedStatusId: string | null;
  readonly quotedStatusId: string | null;
  readonly inReplyToStatusId: string | null;
  readonly inReplyToUserId: string | null;
  /** From `coordinates` (GeoJSON order: longitude first). */
  readonly longitude: number | null;
  readonly latitude: number | null;
  readonly placeId: string | null;
}

/** One row of the `users` table: the author as of their latest stored tweet. */
export interface UserRow {
  readonly id: string;
  readonly screenName: string;
  readonly name: string;
  readonly location: string | null;
  readonly description: string | null;
  readonly followersCount: number;
  readonly friendsCount: number;
  readonly statusesCount: number;
  readonly verified: boolean;
  /** ISO 8601 UTC, from the user's `created_at`. */
  readonly createdAt: string;
  /** The tweet this version of the user came from; a newer tweet updates the row. */
  readonly lastStatusId: string;
}

/** The `tweets` columns a tweet fills, in table order (`raw` and `deleted_at` follow). */
export const tweetColumns = [
  'id',
  'created_at',
  'user_id',
  'screen_name',
  'lang',
  'text',
  'retweeted_status_id',
  'quoted_status_id',
  'in_reply_to_status_id',
  'in_reply_to_user_id',
  'longitude',
  'latitude',
  'place_id',
] as const;

/** A row's values in {@link tweetColumns} order; `withoutGeo` leaves geo out (a scrub_geo). */
export function tweetRowValues(row: TweetRow, withoutGeo = false): (string | number | null)[] {
  return [
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
    withoutGeo ? null : row.longitude,
    withoutGeo ? null : row.latitude,
    withoutGeo ? null : row.placeId,
  ];
}

/** Takes the stored columns of a tweet. */
export function toTweetRow(tweet: Tweet): TweetRow {
  const point = tweet.coordinates?.coordinates;
  return {
    id: tweet.id_str,
    createdAt: parseTwitterDate(tweet.created_at),
    userId: tweet.user.id_str,
    screenName: tweet.user.screen_name,
    lang: tweet.lang,
    text: tweet.extended_tweet?.full_text ?? tweet.text,
    retweetedStatusId: tweet.retweeted_status?.id_str ?? null,
    quotedStatusId: tweet.quoted_status_id_str ?? null,
    inReplyToStatusId: tweet.in_reply_to_status_id_str,
    inReplyToUserId: tweet.in_reply_to_user_id_str,
    longitude: point?.[0] ?? null,
    latitude: point?.[1] ?? null,
    placeId: tweet.place?.id ?? null,
  };
}

/** The `users` columns, in table order. */
export const userColumns = [
  'id',
  'screen_name',
  'name',
  'location',
  'description',
  'followers_count',
  'friends_count',
  'statuses_count',
  'verified',
  'created_at',
  'last_status_id',
] as const;

/** A user row's values in {@link userColumns} order (`verified` as 1 or 0). */
export function userRowValues(user: UserRow): (string | number | null)[] {
  return [
    user.id,
    user.screenName,
    user.name,
    user.location,
    user.description,
    user.followersCount,
    user.friendsCount,
    user.statusesCount,
    user.verified ? 1 : 0,
    user.createdAt,
    user.lastStatusId,
  ];
}

/** Takes the stored columns of a tweet's author. */
export function toUserRow(tweet: Tweet): UserRow {
  const user = tweet.user;
  return {
    id: user.id_str,
    screenName: user.screen_name,
    name: user.name,
    location: user.location,
    description: user.description,
    followersCount: user.followers_count,
    friendsCount: user.friends_count,
    statusesCount: user.statuses_count,
    verified: user.verified,
    createdAt: parseTwitterDate(user.created_at),
    lastStatusId: tweet.id_str,
  };
}

const months: Readonly<Record<string, string>> = {
  Jan: '01',
  Feb: '02',
  Mar: '03',
  Apr: '04',
  May: '05',
  Jun: '06',
  Jul: '07',
  Aug: '08',
  Sep: '09',
  Oct: '10',
  Nov: '11',
  Dec: '12',
};

// Tweet object, `created_at`: "UTC time when this Tweet was created", e.g.
// `Wed Oct 10 20:19:24 +0000 2018` (the service always sends +0000).
const twitterDate = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}:\d{2}:\d{2}) \+0000 (\d{4})$/;

/**
 * Converts a v1.1 `created_at` (`Wed Oct 10 20:19:24 +0000 2018`) to ISO 8601 UTC
 * (`2018-10-10T20:19:24.000Z`). Other offsets and formats go through `Date`.
 *
 * @throws RangeError `ERR_INVALID_ARG_VALUE` when the value is not a date
 */
export function parseTwitterDate(value: string): string {
  const match = twitterDate.exec(value);
  const month = match?.[1] === undefined ? undefined : months[match[1]];
  if (match !== null && month !== undefined) {
    return `${match[4] ?? ''}-${month}-${match[2] ?? ''}T${match[3] ?? ''}.000Z`;
  }
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw invalidArgValue('created_at', `is not a date: ${value.slice(0, 40)}`);
  return new Date(time).toISOString();
}

// Snowflake ids: the top 41 bits are ms since the Twitter epoch, 2010-11-04T01:42:54.657Z.
// https://developer.x.com/en/docs/twitter-ids ("Snowflake"); ids below the first snowflake
// (29700859247, Nov 2010) were sequential and carry no time.
const twitterEpochMs = 1288834974657n;
const firstSnowflakeId = 29700859247n;

/**
 * The creation time a snowflake tweet id carries, ISO 8601 UTC; `null` for a pre-snowflake id.
 * Used for a tombstone of a tweet that was deleted before it arrived.
 */
export function snowflakeTime(id: string): string | null {
  const value = BigInt(id);
  if (value < firstSnowflakeId) return null;
  return new Date(Number((value >> 22n) + twitterEpochMs)).toISOString();
}

/** Whether decimal id `a` is at most decimal id `b` (64-bit ids, compared exactly). */
export function idAtMost(a: string, b: string): boolean {
  return a.length === b.length ? a <= b : a.length < b.length;
}

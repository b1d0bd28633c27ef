/**
 * Stream messages for sink tests, built the way the stream delivers them: `raw` holds the exact
 * bytes (compact JSON, ids as exact integers), `data` the parsed object.
 */
import type { Tweet } from '../../../src/messages/tweet.js';
import type { StreamMessage } from '../../../src/messages/types.js';

/** What a test says about a tweet; the rest is filled in. */
export interface TweetSpec {
  readonly id: string;
  readonly userId?: string;
  readonly screenName?: string;
  readonly lang?: string;
  readonly text?: string;
  /** [longitude, latitude] */
  readonly point?: readonly [number, number];
  readonly placeId?: string;
  readonly retweetOf?: string;
  readonly replyTo?: string;
  /** A whole tweet embedded as `retweeted_status` (a retweet), as the service sends it. */
  readonly retweeted?: TweetSpec;
  /** A whole tweet embedded as `quoted_status` (a quote). */
  readonly quoted?: TweetSpec;
}

/** A v1.1 tweet message. Ids above 2^53 keep their exact digits in `raw`. */
export function tweetMessage(spec: TweetSpec): StreamMessage {
  return parsed('tweet', exactIds(JSON.stringify(tweetObject(spec)), specIds(spec)));
}

/** Every id a spec writes, embedded tweets included. */
function specIds(spec: TweetSpec): (string | undefined)[] {
  return [
    spec.id,
    spec.userId ?? '1001',
    spec.replyTo,
    spec.retweetOf,
    ...(spec.retweeted === undefined ? [] : specIds(spec.retweeted)),
    ...(spec.quoted === undefined ? [] : specIds(spec.quoted)),
  ];
}

function tweetObject(spec: TweetSpec): Record<string, unknown> {
  const userId = spec.userId ?? '1001';
  const user = {
    id: Number(userId),
    id_str: userId,
    name: `User ${userId}`,
    screen_name: spec.screenName ?? `user${userId}`,
    location: null,
    url: null,
    description: 'a test user',
    followers_count: 10,
    friends_count: 20,
    statuses_count: 30,
    verified: false,
    created_at: 'Wed Oct 10 20:19:24 +0000 2018',
  };
  const point = spec.point;
  const tweet = {
    created_at: 'Thu Jan 01 00:00:01 +0000 2026',
    id: Number(spec.id),
    id_str: spec.id,
    text: spec.text ?? `tweet ${spec.id}`,
    truncated: false,
    in_reply_to_status_id: spec.replyTo === undefined ? null : Number(spec.replyTo),
    in_reply_to_status_id_str: spec.replyTo ?? null,
    in_reply_to_user_id: null,
    in_reply_to_user_id_str: null,
    in_reply_to_screen_name: null,
    user,
    geo: point === undefined ? null : { type: 'Point', coordinates: [point[1], point[0]] },
    coordinates: point === undefined ? null : { type: 'Point', coordinates: [point[0], point[1]] },
    place:
      spec.placeId === undefined
        ? null
        : { id: spec.placeId, name: 'Somewhere', full_name: 'Somewhere, XX', country_code: 'XX' },
    ...(spec.retweetOf === undefined
      ? {}
      : { retweeted_status: { id: Number(spec.retweetOf), id_str: spec.retweetOf, user } }),
    ...(spec.retweeted === undefined ? {} : { retweeted_status: tweetObject(spec.retweeted) }),
    ...(spec.quoted === undefined
      ? {}
      : {
          quoted_status_id: Number(spec.quoted.id),
          quoted_status_id_str: spec.quoted.id,
          quoted_status: tweetObject(spec.quoted),
        }),
    lang: spec.lang ?? 'en',
    timestamp_ms: '1767225601000',
  };
  return tweet;
}

/** `{"delete":{"status":{…}}}` */
export function deleteMessage(id: string, userId = '1001'): StreamMessage {
  return parsed(
    'delete',
    `{"delete":{"status":{"id":${id},"id_str":"${id}","user_id":${userId},"user_id_str":"${userId}"},"timestamp_ms":"1767225700000"}}`,
  );
}

/** `{"scrub_geo":{…}}` */
export function scrubGeoMessage(userId: string, upToStatusId: string): StreamMessage {
  return parsed(
    'scrub_geo',
    `{"scrub_geo":{"user_id":${userId},"user_id_str":"${userId}","up_to_status_id":${upToStatusId},"up_to_status_id_str":"${upToStatusId}","timestamp_ms":"1767225800000"}}`,
  );
}

/** `{"status_withheld":{…}}` (no id_str on the wire: the ids are exact only in the bytes). */
export function statusWithheldMessage(
  id: string,
  userId: string,
  countries: string[],
): StreamMessage {
  return parsed(
    'status_withheld',
    `{"status_withheld":{"id":${id},"user_id":${userId},"withheld_in_countries":${JSON.stringify(countries)},"timestamp_ms":"1767225900000"}}`,
  );
}

/** `{"user_withheld":{…}}` */
export function userWithheldMessage(id: string, countries: string[]): StreamMessage {
  return parsed(
    'user_withheld',
    `{"user_withheld":{"id":${id},"withheld_in_countries":${JSON.stringify(countries)}}}`,
  );
}

/** `{"limit":{"track":N}}` */
export function limitMessage(track: number): StreamMessage {
  return parsed('limit', `{"limit":{"track":${track},"timestamp_ms":"1767225901000"}}`);
}

/** Bytes that are not JSON, as the classifier hands them on. */
export function malformedMessage(text: string): StreamMessage {
  return { kind: 'malformed', raw: Buffer.from(text), reason: 'Unexpected token' };
}

/** `count` tweets with consecutive ids from `firstId`, cycling over `users` authors. */
export function tweetRun(
  count: number,
  firstId = 1_000_000_000_000_000n,
  users = 7,
): StreamMessage[] {
  const messages: StreamMessage[] = [];
  for (let index = 0; index < count; index += 1) {
    const id = String(firstId + BigInt(index));
    const userId = String(2000 + (index % users));
    messages.push(
      tweetMessage({
        id,
        userId,
        lang: index % 3 === 0 ? 'ja' : 'en',
        ...(index % 4 === 0 ? { point: [139.7 + index / 1e4, 35.6] as const } : {}),
      }),
    );
  }
  return messages;
}

function parsed(kind: StreamMessage['kind'], json: string): StreamMessage {
  const object = JSON.parse(json) as Record<string, unknown>;
  const data = kind === 'tweet' ? (object as unknown as Tweet) : object[kind];
  return { kind, raw: Buffer.from(json), data } as StreamMessage;
}

/** JSON.stringify wrote rounded numbers for big ids; put the exact digits back. */
function exactIds(json: string, ids: readonly (string | undefined)[]): string {
  let text = json;
  for (const id of ids) {
    if (id === undefined) continue;
    const rounded = String(Number(id));
    if (rounded !== id) text = text.replaceAll(`:${rounded},`, `:${id},`);
  }
  return text;
}

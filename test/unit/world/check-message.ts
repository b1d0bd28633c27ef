/**
 * Checks every documented invariant of one generated message (test helper, not a test file).
 * Throws an AssertionError naming the message and the rule on the first violation.
 */
import assert from 'node:assert/strict';
import type { Entities, Indices, Tweet } from '../../../src/messages/tweet.js';
import { serialize, snowflakeTimeMs, type WorldEvent } from '../../../src/world/index.js';

const twoTo53 = 2n ** 53n;
const languages = new Set([
  'en',
  'ja',
  'es',
  'in',
  'ms',
  'pt',
  'ar',
  'fr',
  'tr',
  'th',
  'ko',
  'ru',
  'de',
  'it',
  'tl',
  'hi',
  'und',
]);
const sourcePattern = /^<a href="[^"]+" rel="nofollow">[^<]+<\/a>$/;

/** Code points of a string. */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

function unescapeHtml(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** JSON.parse keeping 64-bit integers exact (as strings), to re-serialize byte for byte. */
function parseExact(json: string): unknown {
  return JSON.parse(json.replace(/(":)(\d{16,})([,}\]])/g, '$1"big:$2"$3'));
}

function serializeExact(value: unknown): string {
  return serialize(value).replace(/"big:(\d+)"/g, '$1');
}

function checkSnowflake(idStr: string, what: string): number {
  assert.match(idStr, /^[1-9]\d{16,19}$/, `${what}: id_str is a snowflake`);
  assert.ok(BigInt(idStr) > twoTo53, `${what}: id above 2^53`);
  return snowflakeTimeMs(idStr);
}

function checkIndices(entities: Entities, text: string, what: string): void {
  const points = codePoints(text);
  const slice = ([start, end]: Indices): string => points.slice(start, end).join('');
  for (const hashtag of entities.hashtags) {
    assert.equal(slice(hashtag.indices), `#${hashtag.text}`, `${what}: hashtag indices`);
  }
  for (const symbol of entities.symbols) {
    assert.equal(slice(symbol.indices), `$${symbol.text}`, `${what}: symbol indices`);
  }
  for (const mention of entities.user_mentions) {
    assert.equal(slice(mention.indices), `@${mention.screen_name}`, `${what}: mention indices`);
    assert.equal(String(mention.id), String(Number(mention.id_str)), `${what}: mention id twin`);
  }
  for (const url of entities.urls) {
    assert.equal(slice(url.indices), url.url, `${what}: url indices`);
    assert.match(url.url, /^https:\/\/t\.co\/[A-Za-z0-9]{10}$/, `${what}: t.co url`);
  }
  for (const media of entities.media ?? []) {
    assert.equal(slice(media.indices), media.url, `${what}: media indices`);
    assert.match(media.display_url, /^pic\.twitter\.com\/[A-Za-z0-9]{10}$/);
  }
}

/** Checks a status (top level or nested) and what it nests; returns its time. */
function checkStatus(tweet: Tweet, topLevel: boolean, what: string): number {
  const timeMs = checkSnowflake(tweet.id_str, what);
  assert.equal(tweet.id, Number(tweet.id_str), `${what}: id and id_str agree`);
  assert.equal(
    Date.parse(tweet.created_at),
    Math.floor(timeMs / 1000) * 1000,
    `${what}: created_at`,
  );
  if (topLevel) {
    assert.equal(tweet.timestamp_ms, String(timeMs), `${what}: timestamp_ms = (id >> 22) + epoch`);
    for (const count of [
      tweet.quote_count,
      tweet.reply_count,
      tweet.retweet_count,
      tweet.favorite_count,
    ]) {
      assert.equal(count, 0, `${what}: a new tweet has zero counts`);
    }
  } else {
    assert.equal(tweet.timestamp_ms, undefined, `${what}: nested statuses carry no timestamp_ms`);
  }
  assert.match(tweet.source, sourcePattern, `${what}: source is an HTML anchor`);
  assert.ok(['none', 'low', 'medium'].includes(tweet.filter_level), `${what}: filter_level`);
  assert.ok(languages.has(tweet.lang), `${what}: lang ${tweet.lang}`);
  assert.equal(tweet.contributors, null);
  assert.match(tweet.user.screen_name, /^[A-Za-z0-9_]{1,15}$/, `${what}: screen_name`);
  assert.ok(Date.parse(tweet.user.created_at) <= timeMs, `${what}: user created before tweeting`);
  const textPoints = codePoints(tweet.text);
  const visible = codePoints(unescapeHtml(tweet.text)).length;
  checkIndices(tweet.entities, tweet.text, `${what} entities`);
  if (tweet.extended_entities !== undefined) {
    assert.deepEqual(
      tweet.extended_entities.media[0],
      tweet.entities.media?.[0],
      `${what}: extended_entities`,
    );
  }
  if (tweet.retweeted_status !== undefined) {
    const original = tweet.retweeted_status;
    assert.ok(tweet.text.startsWith(`RT @${original.user.screen_name}: `), `${what}: RT text`);
    assert.deepEqual(tweet.entities.user_mentions[0]?.indices, [
      3,
      4 + original.user.screen_name.length,
    ]);
    assert.ok(visible <= 140, `${what}: RT text within 140`);
    assert.equal(tweet.truncated, false, `${what}: a retweet is not truncated`);
    assert.equal(tweet.place, null, `${what}: native retweets carry no place`);
    assert.equal(tweet.coordinates, null);
    assert.equal(tweet.lang, original.lang, `${what}: a retweet has its original's lang`);
    assert.equal(tweet.is_quote_status, original.is_quote_status);
    const originalTime = checkStatus(original, false, `${what} > retweeted_status`);
    assert.ok(originalTime < timeMs, `${what}: retweeted status is older`);
    assert.ok(original.retweet_count >= 1, `${what}: retweeted status was retweeted`);
    if (original.is_quote_status) {
      assert.equal(
        tweet.quoted_status_id_str,
        original.quoted_status_id_str,
        `${what}: RT of a quote`,
      );
    }
    return timeMs;
  }
  if (tweet.truncated) {
    const extended = tweet.extended_tweet;
    assert.ok(extended !== undefined, `${what}: truncated tweets have extended_tweet`);
    assert.match(tweet.text, /\u2026 https:\/\/t\.co\/[A-Za-z0-9]{10}$/, `${what}: truncated text`);
    assert.ok(visible <= 140, `${what}: truncated text within 140`);
    const link = tweet.entities.urls[tweet.entities.urls.length - 1];
    assert.equal(link?.expanded_url, `https://twitter.com/i/web/status/${tweet.id_str}`);
    assert.deepEqual(link.indices, [textPoints.length - 23, textPoints.length]);
    assert.equal(tweet.display_text_range?.[1], textPoints.length, `${what}: display_text_range`);
    const full = codePoints(extended.full_text);
    assert.ok(
      codePoints(unescapeHtml(extended.full_text)).length > 140,
      `${what}: full text over 140`,
    );
    assert.ok(extended.display_text_range[1] <= full.length);
    checkIndices(extended.entities, extended.full_text, `${what} extended_tweet`);
    assert.equal(tweet.entities.media, undefined, `${what}: media only in extended_tweet`);
  } else {
    assert.equal(tweet.extended_tweet, undefined, `${what}: no extended_tweet when not truncated`);
    assert.ok(visible <= 140, `${what}: text within 140`);
    if (tweet.display_text_range !== undefined) {
      const [start, end] = tweet.display_text_range;
      assert.ok(start >= 0 && start <= end && end <= textPoints.length, `${what}: display range`);
    }
  }
  if (tweet.in_reply_to_status_id_str !== null) {
    const repliedTime = checkSnowflake(tweet.in_reply_to_status_id_str, `${what} in_reply_to`);
    assert.ok(repliedTime < timeMs, `${what}: replies answer older tweets`);
    assert.ok(
      tweet.text.startsWith(`@${tweet.in_reply_to_screen_name ?? ''} `),
      `${what}: reply prefix`,
    );
    assert.ok((tweet.display_text_range?.[0] ?? 0) > 0, `${what}: reply prefix hidden`);
  }
  if (tweet.is_quote_status) {
    const quoted = tweet.quoted_status;
    assert.ok(quoted !== undefined, `${what}: quote has quoted_status`);
    assert.equal(quoted.id_str, tweet.quoted_status_id_str);
    assert.ok(quoted.quote_count >= 1, `${what}: a quoted status was quoted`);
    assert.ok(
      checkStatus(quoted, false, `${what} > quoted_status`) < timeMs,
      `${what}: quoted is older`,
    );
    assert.ok(tweet.quoted_status_permalink?.expanded.endsWith(`/status/${quoted.id_str}`));
  } else {
    assert.equal(tweet.quoted_status, undefined);
  }
  if (tweet.coordinates !== null) {
    const [lon, lat] = tweet.coordinates.coordinates;
    assert.deepEqual(tweet.geo?.coordinates, [lat, lon], `${what}: geo is [lat, lon]`);
    const box = tweet.place?.bounding_box.coordinates[0];
    assert.ok(box !== undefined, `${what}: coordinates come with a place`);
    const lons = box.map((corner) => corner[0]);
    const lats = box.map((corner) => corner[1]);
    assert.ok(lon >= Math.min(...lons) && lon <= Math.max(...lons), `${what}: lon in place`);
    assert.ok(lat >= Math.min(...lats) && lat <= Math.max(...lats), `${what}: lat in place`);
  } else {
    assert.equal(tweet.geo, null);
  }
  return timeMs;
}

/** Checks one world event: its serialization, and its content by kind. */
export function checkMessage(event: WorldEvent): void {
  const what = `event ${event.index} (${event.tweetKind ?? event.kind})`;
  const json = event.json;
  assert.match(json, /^[\x20-\x7e]+$/, `${what}: pure printable ASCII`);
  assert.doesNotMatch(json, /(^|[^\\])\//, `${what}: every / is escaped`);
  assert.equal(serializeExact(parseExact(json)), json, `${what}: re-serializes to the same bytes`);
  const message = JSON.parse(json) as Record<string, unknown>;
  switch (event.kind) {
    case 'tweet': {
      const tweet = event.tweet;
      assert.ok(tweet !== undefined);
      assert.equal(String(checkStatus(tweet, true, what)), tweet.timestamp_ms);
      assert.equal(event.timestampMs, Number(tweet.timestamp_ms));
      assert.equal(event.statusId, tweet.id_str);
      assert.equal(event.userId, tweet.user.id_str);
      break;
    }
    case 'delete': {
      const notice = message.delete as { status: Record<string, unknown>; timestamp_ms: string };
      assert.deepEqual(Object.keys(notice.status), ['id', 'id_str', 'user_id', 'user_id_str']);
      checkSnowflake(notice.status.id_str as string, what);
      assert.equal(notice.timestamp_ms, String(event.timestampMs));
      assert.equal(event.statusId, notice.status.id_str);
      break;
    }
    case 'scrub_geo': {
      const notice = message.scrub_geo as Record<string, unknown>;
      assert.deepEqual(Object.keys(notice), [
        'user_id',
        'user_id_str',
        'up_to_status_id',
        'up_to_status_id_str',
      ]);
      assert.ok(snowflakeTimeMs(notice.up_to_status_id_str as string) < event.timestampMs);
      break;
    }
    case 'status_withheld': {
      const notice = message.status_withheld as Record<string, unknown>;
      assert.deepEqual(Object.keys(notice), ['id', 'user_id', 'withheld_in_countries']);
      assert.ok(
        (notice.withheld_in_countries as string[]).every((code) => /^[A-Z]{2}$/.test(code)),
      );
      break;
    }
    case 'user_withheld': {
      const notice = message.user_withheld as Record<string, unknown>;
      assert.deepEqual(Object.keys(notice), ['id', 'withheld_in_countries']);
      break;
    }
  }
}

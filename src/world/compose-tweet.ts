/**
 * Composes the tweet `POST statuses/update` creates from typed text: URLs are wrapped in t.co
 * links, hashtags, cashtags and mentions of known users become entities, `&<>` are HTML-escaped,
 * and text over 140 characters gets the compatibility-mode rendering with `extended_tweet`.
 *
 * Entity syntax follows twitter-text's rules in simplified form (docs/world.md, "Composed tweets").
 */
import type { Tweet, User } from '../messages/tweet.js';
import { invalidArgType, invalidArgValue } from '../errors.js';
import { CreatedAtCache } from './created-at.js';
import { jsonString, serialize } from './json-escape.js';
import { hashKey, Random } from './random.js';
import { entitySegment, type Segment, textSegment } from './segment.js';
import { snowflakeTimeMs } from './snowflake.js';
import {
  noReply,
  renderCompatText,
  replyFields,
  writeStatusParts,
  zeroCounts,
} from './status-json.js';
import { mentionSegment, tcoCode, urlSegment } from './text-writer.js';

/** What to compose. */
export interface ComposeTweetOptions {
  /** The author. */
  readonly user: User;
  /** The text as typed (raw: `&`, `<`, `>` are escaped here). */
  readonly text: string;
  /** The new tweet's snowflake id, a decimal string (its time is the tweet's time). */
  readonly id: string;
  /** The tweet's time; must agree with the id when given. */
  readonly timestampMs?: number;
  /** The client, as an HTML anchor. @default Twitter Web App */
  readonly source?: string;
  /** The status this replies to. */
  readonly inReplyTo?: {
    readonly statusId: string;
    readonly userId: string;
    readonly screenName: string;
  };
  /** The tweet's `lang`; guessed from the script of its first letter when absent. */
  readonly lang?: string;
}

/** A composed tweet: the object and its serialization as the stream sends it. */
export interface ComposedTweet {
  readonly tweet: Tweet;
  readonly json: string;
}

const defaultSource = '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>';
const entityPattern =
  /(https?:\/\/[^\s<>"]+)|(?<![\p{L}\p{N}_@])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@])|(?<![\p{L}\p{N}_&#])#([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}][\p{L}\p{M}\p{N}_]*)|(?<![\p{L}\p{N}_$])\$([A-Za-z]{1,6})(?![\p{L}\p{N}_])/gu;
const trailingPunctuation = /[.,!?:;)\]'"]+$/;
const scriptLanguages: readonly (readonly [RegExp, string])[] = [
  [/[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u, 'ja'],
  [/\p{Script=Hangul}/u, 'ko'],
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Thai}/u, 'th'],
  [/\p{Script=Cyrillic}/u, 'ru'],
  [/\p{Script=Devanagari}/u, 'hi'],
];
const createdAt = new CreatedAtCache();

/**
 * Splits typed text into segments with entities. Mentions of unknown users stay plain text, as
 * the service left them unlinked.
 *
 * @param resolve - finds a user by screen name
 */
export function segmentTypedText(
  text: string,
  random: Random,
  resolve: (screenName: string) => User | undefined,
): Segment[] {
  const segments: Segment[] = [];
  let plainStart = 0;
  const flushPlain = (end: number): void => {
    if (end > plainStart) segments.push(textSegment(text.slice(plainStart, end)));
  };
  for (const match of text.matchAll(entityPattern)) {
    const start = match.index;
    let entity: Segment | undefined;
    let end = start + match[0].length;
    const [, url, screenName, hashtag, cashtag] = match;
    if (url !== undefined) {
      const trimmed = url.replace(trailingPunctuation, '');
      end = start + trimmed.length;
      entity = urlSegment(random, trimmed);
    } else if (screenName !== undefined) {
      const user = resolve(screenName);
      if (user !== undefined) {
        entity = mentionSegment(user.screen_name, jsonString(user.name), user.id_str);
      }
    } else if (hashtag !== undefined) {
      entity = entitySegment(`#${hashtag}`, { kind: 'hashtag' });
    } else if (cashtag !== undefined) {
      entity = entitySegment(`$${cashtag}`, { kind: 'symbol' });
    }
    if (entity === undefined) continue;
    flushPlain(start);
    segments.push(entity);
    plainStart = end;
  }
  flushPlain(text.length);
  return segments;
}

/** Code points of leading reply mentions and the space after them (the hidden reply prefix). */
function replyPrefixLength(segments: readonly Segment[]): number {
  let position = 0;
  let sawMention = false;
  for (const segment of segments) {
    if (segment.entity?.kind === 'mention') {
      position += segment.length;
      sawMention = true;
    } else if (segment.entity === undefined && segment.text.trim() === '') {
      position += segment.length;
    } else {
      if (segment.entity === undefined && segment.text.startsWith(' ')) position += 1;
      break;
    }
  }
  return sawMention ? position : 0;
}

function guessLanguage(text: string): string {
  for (const [pattern, code] of scriptLanguages) if (pattern.test(text)) return code;
  return 'en';
}

/**
 * Composes a tweet.
 *
 * @param options - author, text, id and the rest
 * @param resolve - finds mentioned users by screen name
 * @throws TypeError `ERR_INVALID_ARG_TYPE` / RangeError `ERR_INVALID_ARG_VALUE` on a bad option
 */
export function composeTweet(
  options: ComposeTweetOptions,
  resolve: (screenName: string) => User | undefined,
): ComposedTweet {
  if (typeof options !== 'object') throw invalidArgType('options', 'an object', options);
  if (typeof options.text !== 'string')
    throw invalidArgType('options.text', 'a string', options.text);
  if (typeof options.id !== 'string' || !/^[1-9][0-9]{16,19}$/.test(options.id)) {
    throw invalidArgValue(
      'options.id',
      'must be a snowflake id (a decimal string of 17–20 digits)',
    );
  }
  if (typeof options.user !== 'object' || typeof options.user.id_str !== 'string') {
    throw invalidArgType('options.user', 'a User object', options.user);
  }
  const idTimeMs = snowflakeTimeMs(options.id);
  const timeMs = options.timestampMs ?? idTimeMs;
  if (timeMs !== idTimeMs) {
    throw invalidArgValue(
      'options.timestampMs',
      `must equal the id's time (${idTimeMs}): (id >> 22) + 1288834974657`,
    );
  }
  const random = new Random(hashKey(0, 51, Number(options.id.slice(-15))));
  const segments = segmentTypedText(options.text, random, resolve);
  const reply = options.inReplyTo;
  const displayStart = reply === undefined ? 0 : replyPrefixLength(segments);
  const text = renderCompatText(segments, displayStart, false, options.id, tcoCode(random));
  const hasLinks = segments.some((segment) => segment.entity?.kind === 'url');
  const { front, back } = writeStatusParts({
    createdAt: createdAt.format(timeMs),
    idStr: options.id,
    text,
    sourceJson: jsonString(options.source ?? defaultSource),
    replyJson:
      reply === undefined ? noReply : replyFields(reply.statusId, reply.userId, reply.screenName),
    userJson: serialize(options.user),
    geoJson: '"geo":null,"coordinates":null,"place":null',
    quoteJson: '',
    isQuote: false,
    sensitiveJson: hasLinks ? ',"possibly_sensitive":false' : '',
    filterLevel: 'low',
    lang: options.lang ?? guessLanguage(options.text),
  });
  const json = `${front}${zeroCounts}${back},"timestamp_ms":"${timeMs}"}`;
  return { tweet: JSON.parse(json) as Tweet, json };
}

/**
 * The one rule that decides a message's kind, shared by the full classifier (after
 * `JSON.parse`) and the raw classifier (a byte scan that never builds the object), so both
 * always agree on well-formed input.
 *
 * The top-level object's keys are read in order, and the first decisive one wins:
 * - a notice key (`delete`, `scrub_geo`, `limit`, `status_withheld`, `user_withheld`,
 *   `disconnect`, `warning`) whose value is an object decides that notice;
 * - a tweet is decided once `id_str` (a string), `text` or `full_text` (a string) and `user`
 *   (an object) have all been seen.
 *
 * Anything else that is valid JSON is `unknown` and passed through ("Ensure that your parser is
 * tolerant of unexpected message formats", "Streaming message types").
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/streaming-message-types
 */
import type { MessageKind } from './types.js';

/** The kinds a notice key decides. */
export type NoticeKind = Exclude<MessageKind, 'tweet' | 'unknown' | 'malformed'>;

/** The JSON type of a value, as the rule needs it. */
export type JsonValueType = 'object' | 'string' | 'other';

const noticeKinds: ReadonlyMap<string, NoticeKind> = new Map<string, NoticeKind>([
  ['delete', 'delete'],
  ['scrub_geo', 'scrub_geo'],
  ['limit', 'limit'],
  ['status_withheld', 'status_withheld'],
  ['user_withheld', 'user_withheld'],
  ['disconnect', 'disconnect'],
  ['warning', 'warning'],
]);

/** Key lengths that can be decisive, so a byte scanner can skip other keys without decoding them. */
export const DECISIVE_KEY_LENGTHS: ReadonlySet<number> = new Set(
  [...noticeKinds.keys(), 'id_str', 'text', 'full_text', 'user'].map((key) => key.length),
);

/**
 * Whether a parsed object has a notice key whose value is an object. When it has none, no key
 * can decide a notice, and the kind no longer depends on the keys' order: a tweet is an object
 * with the tweet fields ({@link hasTweetFields}), whatever their order. Probing seven names is
 * cheaper than walking a tweet's keys up to `user`.
 */
export function hasNoticeKey(object: Readonly<Record<string, unknown>>): boolean {
  return (
    isObjectValue(object.delete) ||
    isObjectValue(object.limit) ||
    isObjectValue(object.scrub_geo) ||
    isObjectValue(object.status_withheld) ||
    isObjectValue(object.user_withheld) ||
    isObjectValue(object.disconnect) ||
    isObjectValue(object.warning)
  );
}

/** Whether a parsed object has `id_str` (a string), `text` or `full_text` (a string) and `user` (an object). */
export function hasTweetFields(object: Readonly<Record<string, unknown>>): boolean {
  return (
    typeof object.id_str === 'string' &&
    (typeof object.text === 'string' || typeof object.full_text === 'string') &&
    isObjectValue(object.user)
  );
}

function isObjectValue(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Tracks the keys seen so far in one top-level object. */
export class KindDecision {
  #hasId = false;
  #hasText = false;
  #hasUser = false;

  /**
   * Records one top-level key and its value's type.
   * @returns the decided kind, or undefined while undecided
   */
  see(key: string, type: JsonValueType): Exclude<MessageKind, 'unknown' | 'malformed'> | undefined {
    if (type === 'object') {
      const notice = noticeKinds.get(key);
      if (notice !== undefined) return notice;
      if (key === 'user') this.#hasUser = true;
    } else if (type === 'string') {
      if (key === 'id_str') this.#hasId = true;
      else if (key === 'text' || key === 'full_text') this.#hasText = true;
    }
    return this.#hasId && this.#hasText && this.#hasUser ? 'tweet' : undefined;
  }
}

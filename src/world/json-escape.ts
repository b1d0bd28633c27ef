/**
 * The service's JSON serialization: compact, `/` written as `\/`, `<` and `>` as `\u003c` and
 * `\u003e`, and every non-ASCII character as a lowercase `\uXXXX` escape (astral characters as their
 * UTF-16 surrogate pair), so each message is pure ASCII and its length is its byte count.
 *
 * Observed on the v1.1 streams, e.g. `"source":"\u003ca href=\"http:\/\/twitter.com\" …"` and
 * `"text":"What were the chances?! \ud83d\ude02"` (stream captures quoted in public code; see
 * docs/world.md, "Serialization").
 */

import { withExactIds } from './exact-ids.js';

const needsEscape = /[/<>\u0080-\uffff]/g;

function escapeOne(character: string): string {
  if (character === '/') return '\\/';
  const code = character.charCodeAt(0);
  return code < 0x1000 ? `\\u0${code.toString(16).padStart(3, '0')}` : `\\u${code.toString(16)}`;
}

/**
 * Serializes a value the way the service did. Object keys keep their insertion order. A value
 * that went through `JSON.parse` holds 64-bit ids rounded to doubles: each numeric id is written
 * with the exact digits of its `*_str` twin.
 *
 * @param value - anything `JSON.stringify` accepts
 * @returns pure-ASCII compact JSON
 */
export function serialize(value: unknown): string {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return 'null';
  return withExactIds(json.replace(needsEscape, escapeOne));
}

/** A string as a JSON string literal (with its quotes), escaped as the service did. */
export function jsonString(text: string): string {
  return JSON.stringify(text).replace(needsEscape, escapeOne);
}

/** A string escaped for use inside a JSON string literal (without the quotes). */
export function jsonStringBody(text: string): string {
  const literal = jsonString(text);
  return literal.slice(1, -1);
}

/**
 * RFC 5849 §3.4.1.3: collecting the request parameters and normalizing them.
 *
 * Parameters travel through this module already encoded (§3.6), as `[name, value]` pairs of
 * ASCII strings: encoding first makes the sort a plain string comparison (§3.4.1.3.2) and keeps
 * values byte-exact even when they are not valid UTF-8.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.3
 */
import { invalidArgType } from '../errors.js';
import { percentEncode, reencodeComponent } from './percent-encode.js';

/** A name/value pair, both §3.6-encoded. */
export type EncodedPair = readonly [name: string, value: string];

/** A name/value pair as text (not encoded). */
export type ParameterPair = readonly [name: string, value: string];

/**
 * Splits `application/x-www-form-urlencoded` text (a query without its `?`, or a body) into
 * encoded pairs, in order, duplicates kept (§3.4.1.3.1). `+` is a space; a segment without `=`
 * has an empty value; empty segments (`a=1&&b=2`) are skipped as the HTML form decoding does.
 *
 * @param text - the raw query or body
 * @param strict - true: a malformed `%` escape makes the result `undefined` (provider side)
 * @returns the encoded pairs, or `undefined` when `strict` and an escape is malformed
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.3.1
 */
export function parseFormParameters(text: string, strict: boolean): EncodedPair[] | undefined {
  const pairs: EncodedPair[] = [];
  if (text === '') return pairs;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end === -1) end = text.length;
    if (end > start) {
      const separator = text.indexOf('=', start);
      const hasValue = separator !== -1 && separator < end;
      const name = reencodeComponent(
        text.slice(start, hasValue ? separator : end),
        'space',
        strict,
      );
      const value = hasValue
        ? reencodeComponent(text.slice(separator + 1, end), 'space', strict)
        : '';
      if (name === undefined || value === undefined) return undefined;
      pairs.push([name, value]);
    }
    start = end + 1;
  }
  return pairs;
}

/**
 * Encodes text pairs (§3.6), keeping their order.
 *
 * @param pairs - name/value pairs as text
 * @returns the encoded pairs
 */
export function encodePairs(pairs: readonly ParameterPair[]): EncodedPair[] {
  const encoded: EncodedPair[] = [];
  for (const [name, value] of pairs) encoded.push([percentEncode(name), percentEncode(value)]);
  return encoded;
}

/** §3.4.1.3.2 step 2: by name, then by value, comparing the encoded strings byte by byte. */
function compareEncodedPairs(left: EncodedPair, right: EncodedPair): number {
  // Encoded strings are ASCII, so UTF-16 code-unit order is byte order.
  if (left[0] < right[0]) return -1;
  if (left[0] > right[0]) return 1;
  if (left[1] < right[1]) return -1;
  if (left[1] > right[1]) return 1;
  return 0;
}

/**
 * RFC 5849 §3.4.1.3.2 over pairs that are already encoded: sorts them (in place) by name, then
 * value, and joins them as `name=value` with `&`.
 *
 * @param pairs - encoded pairs; sorted in place
 * @returns the normalized parameter string
 */
export function normalizeEncodedParameters(pairs: EncodedPair[]): string {
  // 2. Sort by name, then by value, using ascending byte value ordering.
  pairs.sort(compareEncodedPairs);
  // 3-4. Concatenate each name and value with "=", then the pairs with "&".
  let normalized = '';
  for (let index = 0; index < pairs.length; index += 1) {
    const pair = pairs[index] as EncodedPair;
    normalized += index === 0 ? `${pair[0]}=${pair[1]}` : `&${pair[0]}=${pair[1]}`;
  }
  return normalized;
}

/**
 * RFC 5849 §3.4.1.3.2 parameter normalization: encodes every name and value (§3.6), sorts by
 * name then value as bytes, and joins them as `name=value` pairs separated by `&`.
 * `oauth_signature` must already be left out (the caller decides; §3.4.1.3.1).
 *
 * @param pairs - every request parameter as text, duplicates kept
 * @returns the normalized parameter string, e.g. `a2=r%20b&a3=2%20q&a3=a`
 * @throws ERR_INVALID_ARG_TYPE (TypeError) when `pairs` is not an array of string pairs
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.3.2
 */
export function normalizeParameters(pairs: readonly ParameterPair[]): string {
  assertParameterPairs(pairs, 'pairs');
  // 1. Encode the name and value of each parameter.
  return normalizeEncodedParameters(encodePairs(pairs));
}

/**
 * Checks that a value is an array of `[string, string]` pairs.
 *
 * @throws ERR_INVALID_ARG_TYPE (TypeError) naming `argumentName`
 */
export function assertParameterPairs(
  pairs: unknown,
  argumentName: string,
): asserts pairs is readonly ParameterPair[] {
  if (!Array.isArray(pairs))
    throw invalidArgType(argumentName, 'an array of [name, value] pairs', pairs);
  for (const pair of pairs as unknown[]) {
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      typeof pair[0] !== 'string' ||
      typeof pair[1] !== 'string'
    ) {
      throw invalidArgType(argumentName, 'an array of [name, value] string pairs', pair);
    }
  }
}

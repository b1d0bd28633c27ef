/**
 * Refuses a key a signing or verifying function does not know: ignoring it would sign or check
 * something other than what the caller meant (a `body` left unsigned, a `signature_method`
 * silently HMAC-SHA1, `headers` read as "no OAuth parameters").
 */
import { invalidArgValue } from '../errors.js';

/**
 * @param value - the caller's object (own enumerable keys are checked)
 * @param known - every key it may hold
 * @param name - the argument's name in errors, e.g. `request`
 * @param what - what a key of it is, e.g. `field of the request`
 * @param hints - advice for likely slips, by key; replaces the list of known keys
 * @throws RangeError `ERR_INVALID_ARG_VALUE` naming `name.key`
 */
export function assertKnownKeys(
  value: object,
  known: readonly string[],
  name: string,
  what: string,
  hints: Readonly<Record<string, string>> = {},
): void {
  for (const key in value) {
    if (!Object.hasOwn(value, key) || known.includes(key)) continue;
    const hint = Object.hasOwn(hints, key) ? hints[key] : undefined;
    const fold = (text: string): string => text.toLowerCase().replaceAll('_', '');
    const meant = known.find((candidate) => fold(candidate) === fold(key));
    throw invalidArgValue(
      `${name}.${key}`,
      `is not a ${what}; ${hint ?? `${meant === undefined ? '' : `did you mean ${meant}? `}they are ${known.join(', ')}`}`,
    );
  }
}

/**
 * Finds the first key of a caller's options object that the API does not know, with the known
 * name it most likely meant, so that a typo (`stallTimeout`, `tracks`) fails loudly instead of
 * being ignored.
 */
import { invalidArgValue } from './errors.js';

/** An unknown key and the known name it most likely meant, if one is close. */
export interface UnknownKey {
  readonly key: string;
  readonly suggestion: string | undefined;
}

/**
 * @param given - the caller's object (own enumerable string keys are checked)
 * @param known - every name the API accepts
 * @returns the first unknown key, or undefined when every key is known
 */
export function findUnknownKey(given: object, known: readonly string[]): UnknownKey | undefined {
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) return { key, suggestion: closestName(key, known) };
  }
  return undefined;
}

/** ` (did you mean "x"?)` when a known name is close to the key, else the empty string. */
export function didYouMean(unknown: UnknownKey): string {
  return unknown.suggestion === undefined ? '' : ` (did you mean "${unknown.suggestion}"?)`;
}

/** How {@link refuseUnknownKeys} words its error. */
export interface UnknownKeyWording {
  /** What a key is, with its article: `an option of openStream`, `a fixture`. */
  readonly what: string;
  /** The list's name: `options`, `fields`. */
  readonly listName: string;
  /** Appended to the message, e.g. ` (docs/emulator.md)`. @default '' */
  readonly see?: string;
}

/**
 * Throws for the first key of `given` that is not in `known`, naming it under `path`, with the
 * name it likely meant and every known name.
 *
 * @throws RangeError `ERR_INVALID_ARG_VALUE`: `The "<path>.<key>" argument is not <what> (did you
 *   mean "…"?); the <listName> are …<see>`
 */
export function refuseUnknownKeys(
  given: object,
  known: readonly string[],
  path: string,
  wording: UnknownKeyWording,
): void {
  const unknown = findUnknownKey(given, known);
  if (unknown === undefined) return;
  throw invalidArgValue(
    `${path}.${unknown.key}`,
    `is not ${wording.what}${didYouMean(unknown)}; the ${wording.listName} are ${known.join(', ')}${wording.see ?? ''}`,
  );
}

/**
 * A known name equal to the key but for case, `_`/`-` and a unit suffix, or within two edits of
 * it (names are short, so a full edit distance is cheap).
 */
function closestName(key: string, known: readonly string[]): string | undefined {
  const fold = (name: string): string => name.toLowerCase().replace(/[-_]/gu, '');
  const folded = fold(key);
  const same = known.find((name) => {
    const other = fold(name);
    return other === folded || other === `${folded}ms` || `${other}ms` === folded;
  });
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of known) {
    const distance = editDistance(folded, fold(name));
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

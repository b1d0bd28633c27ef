/**
 * A cheap necessary condition for `statuses/filter` on a Tweet's raw JSON, checked before the
 * JSON is parsed and tokenized (which costs several times what generating the Tweet does): when it
 * says no, the full selection would say no too; when it says yes, the full selection decides.
 *
 * Why it is sound:
 * - track: a term equals one of the Tweet's lower-cased tokens, each taken from its text, hashtags,
 *   mentions or URLs (track.ts), which are the string values of the keys `text`, `full_text`,
 *   `screen_name`, `expanded_url` and `display_url` (of the Tweet and the statuses it embeds; the
 *   same keys elsewhere, such as the author's screen name, only let more through). The JSON
 *   writes ASCII letters, digits and `_` as themselves (only other characters are escaped), so
 *   every maximal run of them in a term appears, ignoring ASCII case, in those values. Two
 *   characters lower-case into ASCII letters (U+0130 İ into `i̇`, U+212A KELVIN SIGN into `k`): a
 *   Tweet holding either is always passed on to the full check. Looking only at those values
 *   (not the whole JSON, where user profiles and keys hold most common words) rules out about
 *   twice as many Tweets for a common word such as `the`.
 * - follow: every id the rule looks at is written as an `*_str` string, so one of the followed
 *   ids appears quoted in the JSON.
 * - locations: no cheap condition; a stream with `locations` checks every Tweet in full.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/basic-stream-parameters
 */
import type { StreamFilterDescription } from './stream-parameters.js';

/**
 * A string value that track tokens come from. A JSON string holds no unescaped `"`, so `"text":"`
 * occurs only where a key begins, and the value runs to the next unescaped `"`.
 */
const trackedValue =
  /"(?:text|full_text|screen_name|expanded_url|display_url)":"((?:[^"\\]|\\.)*)"/gu;
/** ASCII word characters: written as themselves in the service's JSON. */
const asciiRun = /[a-z0-9_]+/gu;
/** The escapes of the two non-ASCII characters whose lower case holds ASCII letters. */
const asciiLowering = /\\u(?:0130|212a)/iu;
const quotedDigits = /"(\d+)"/gu;

/**
 * Compiles the prefilter of a filter stream's predicates, or undefined when nothing can be ruled
 * out cheaply (`locations`, or a track phrase without ASCII letters, digits or `_`).
 *
 * @param description - the stream's parsed predicates
 * @returns `(json) => false` only for Tweets the predicates cannot match
 */
export function compileRawPrefilter(
  description: StreamFilterDescription,
): ((json: string) => boolean) | undefined {
  const { track, follow, locations } = description;
  if (locations !== undefined) return undefined;
  // Per phrase, the ASCII runs of all its terms (ANDed); phrases are ORed.
  const phrases = (track ?? []).map((terms) => terms.flatMap((term) => term.match(asciiRun) ?? []));
  if (phrases.some((runs) => runs.length === 0)) return undefined;
  const followed = follow === undefined ? undefined : new Set(follow);
  return (json) => {
    if (phrases.length > 0) {
      // The terms of a phrase may come from different values: all of them, one string.
      let values = '';
      for (const match of json.matchAll(trackedValue)) values += `${match[1] as string} `;
      const lower = values.toLowerCase();
      if (phrases.some((runs) => runs.every((run) => lower.includes(run)))) return true;
      if (asciiLowering.test(values)) return true;
    }
    if (followed !== undefined) {
      for (const match of json.matchAll(quotedDigits)) {
        if (followed.has(match[1] as string)) return true;
      }
    }
    return false;
  };
}

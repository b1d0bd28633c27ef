/**
 * 64-bit ids written exactly. The service wrote every id twice: as a JSON number (`"id":…`) and as
 * a decimal string (`"id_str":"…"`), both exact ("Twitter IDs": "the JSON contains both"). A
 * User or Tweet that went through `JSON.parse` holds numbers rounded above 2^53
 * (1400000000000000001 becomes 1400000000000000000), and serializing it again would print the
 * rounded digits; the `*_str` twin keeps the exact ones.
 *
 * @see https://developer.x.com/en/docs/twitter-ids
 */

/** `"name":digits,"name_str":"digits"`: a numeric id followed by its string twin. */
const idPair = /"(\w+)":(\d+),"\1_str":"(\d+)"/gu;

/**
 * Rewrites every numeric id that has a `*_str` twin right after it (the layout of every v1.1
 * object: `id`/`id_str`, `in_reply_to_status_id`/`…_str`, `quoted_status_id`/`…_str`, …) with
 * the twin's exact digits. A `"` inside a JSON string is always escaped, so text never matches.
 *
 * @param json - compact JSON as the service serialized it
 * @returns the same JSON with exact numeric ids
 */
export function withExactIds(json: string): string {
  return json.replace(idPair, (pair, name: string, digits: string, exact: string) =>
    digits === exact ? pair : `"${name}":${exact},"${name}_str":"${exact}"`,
  );
}

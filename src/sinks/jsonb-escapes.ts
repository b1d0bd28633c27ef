/**
 * The JSON escapes PostgreSQL's `jsonb` (and `text`) refuse: `\u0000` (no NUL in a string) and
 * a UTF-16 surrogate escape without its pair (`\ud83d` alone: no code point), both valid JSON.
 *
 * @see https://www.postgresql.org/docs/current/datatype-json.html
 */

// An escape counts only when an odd number of backslashes starts it (`\\u0000` is a backslash
// followed by the text "u0000"). A high surrogate not followed by a low one, a low one not
// preceded by a high one (RFC 8259 §7: a character outside the BMP is a surrogate pair).
const escapeStart = String.raw`(?<!\\)(?:\\\\)*\\`;
const high = String.raw`u[dD][89abAB][0-9a-fA-F]{2}`;
const low = String.raw`u[dD][c-fC-F][0-9a-fA-F]{2}`;
const refusedEscapes = new RegExp(
  [
    `(${escapeStart})u0000`,
    `(${escapeStart})${high}(?!\\\\${low})`,
    `(?<!${escapeStart}${high})(${escapeStart})${low}`,
  ].join('|'),
  'g',
);

/** Whether a message may hold a refused escape: a native byte search, before any regex. */
function mayHoldRefused(raw: Buffer): boolean {
  return raw.includes('\\u0000') || raw.includes('\\ud') || raw.includes('\\uD');
}

/** What PostgreSQL would refuse in a JSON message, or undefined when it takes it all. */
export function refusedJsonEscape(raw: Buffer): string | undefined {
  if (!mayHoldRefused(raw)) return undefined;
  const match = new RegExp(refusedEscapes.source).exec(raw.toString('latin1'));
  if (match === null) return undefined;
  return match[1] === undefined
    ? `JSON escape ${match[0].slice(-6)} is an unpaired surrogate, which PostgreSQL cannot hold`
    : 'JSON escape \\u0000 is a NUL character, which PostgreSQL cannot hold';
}

/**
 * The message as text PostgreSQL takes: each refused escape becomes `\ufffd` (U+FFFD, the
 * Unicode replacement character), the rest unchanged.
 */
export function withoutRefusedEscapes(raw: Buffer): string {
  const text = raw.toString('utf8');
  if (!mayHoldRefused(raw)) return text;
  // Each alternative captures the backslashes up to and including the escape's own.
  return text.replace(
    refusedEscapes,
    (_match, nul?: string, high?: string, low?: string) => `${nul ?? high ?? low ?? ''}ufffd`,
  );
}

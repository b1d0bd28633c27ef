/**
 * The JSON escapes PostgreSQL's `jsonb` (and `text`) refuse: `\u0000` (no NUL in a string) and
 * a UTF-16 surrogate escape without its pair (`\ud83d` alone: no code point), both valid JSON.
 * Found with native byte searches: the v1.1 streams escape every non-ASCII character, so most
 * tweets with an emoji hold surrogate escapes, and each is checked where it stands.
 *
 * @see https://www.postgresql.org/docs/current/datatype-json.html
 */

const BACKSLASH = 0x5c;
// Each escape is six bytes: `\uXXXX`.
const escapeLength = 6;
const nulEscape = '\\u0000';
// Searched as bytes made once (a string needle is encoded again at every search).
const nulProbe = Buffer.from(nulEscape, 'latin1');
// The starts of surrogate escapes (U+D800 to U+DFFF), as the service may write either case.
const surrogateStarts = [Buffer.from('\\ud', 'latin1'), Buffer.from('\\uD', 'latin1')];

/**
 * Where each refused escape starts (its backslash), in order; `firstOnly` stops at the first.
 * RFC 8259 §7: a character outside the BMP is a high surrogate escape (`\uD800`–`\uDBFF`)
 * followed at once by a low one (`\uDC00`–`\uDFFF`); either alone is refused.
 */
function refusedOffsets(raw: Buffer, firstOnly: boolean): number[] {
  const offsets: number[] = [];
  for (let at = raw.indexOf(nulProbe); at !== -1; at = raw.indexOf(nulProbe, at + 1)) {
    if (!startsEscape(raw, at)) continue;
    offsets.push(at);
    if (firstOnly) return offsets;
  }
  for (const probe of surrogateStarts) {
    for (let at = raw.indexOf(probe); at !== -1; at = raw.indexOf(probe, at + 1)) {
      if (!startsEscape(raw, at)) continue;
      const half = surrogateHalf(raw, at);
      const alone =
        (half === 'high' && surrogateHalf(raw, at + escapeLength) !== 'low') ||
        (half === 'low' &&
          !(
            at >= escapeLength &&
            surrogateHalf(raw, at - escapeLength) === 'high' &&
            startsEscape(raw, at - escapeLength)
          ));
      if (!alone) continue;
      offsets.push(at);
      if (firstOnly) return offsets;
    }
  }
  return offsets.sort((a, b) => a - b);
}

/** Whether the backslash at `at` starts an escape: an even number of backslashes before it. */
function startsEscape(raw: Buffer, at: number): boolean {
  let before = 0;
  while (at - before - 1 >= 0 && raw[at - before - 1] === BACKSLASH) before += 1;
  return before % 2 === 0;
}

/** Which half of a surrogate pair the `\uXXXX` at `at` is, if any (`at` starts an escape). */
function surrogateHalf(raw: Buffer, at: number): 'high' | 'low' | undefined {
  if (raw[at] !== BACKSLASH || raw[at + 1] !== 0x75 /* u */) return undefined;
  if ((raw[at + 2] ?? 0) !== 0x64 /* d */ && raw[at + 2] !== 0x44 /* D */) return undefined;
  const nibble = String.fromCharCode(raw[at + 3] ?? 0).toLowerCase();
  if ('89ab'.includes(nibble)) return 'high';
  return 'cdef'.includes(nibble) ? 'low' : undefined;
}

/** What PostgreSQL would refuse in a JSON message, or undefined when it takes it all. */
export function refusedJsonEscape(raw: Buffer): string | undefined {
  const [at] = refusedOffsets(raw, true);
  if (at === undefined) return undefined;
  const escape = raw.toString('latin1', at, at + escapeLength);
  return escape === nulEscape
    ? 'JSON escape \\u0000 is a NUL character, which PostgreSQL cannot hold'
    : `JSON escape ${escape} is an unpaired surrogate, which PostgreSQL cannot hold`;
}

/**
 * The message as text PostgreSQL takes: each refused escape becomes `\ufffd` (U+FFFD, the
 * Unicode replacement character), the rest unchanged.
 */
export function withoutRefusedEscapes(raw: Buffer): string {
  const offsets = refusedOffsets(raw, false);
  if (offsets.length === 0) return raw.toString('utf8');
  const copy = Buffer.from(raw);
  for (const at of offsets) copy.write('\\ufffd', at, 'latin1');
  return copy.toString('utf8');
}

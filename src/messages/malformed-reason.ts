/**
 * Bounded, printable descriptions of a message that could not be read, for `malformed`
 * messages and their reports. Only the error path runs this code.
 */

/** Longest excerpt of a message quoted in a reason, in characters. */
export const EXCERPT_CHARS = 60;

/**
 * A JSON-quoted excerpt of the message's start, at most {@link EXCERPT_CHARS} characters, with
 * control characters escaped so it stays on one line.
 */
export function excerptOf(raw: Buffer): string {
  const text = raw.toString('utf8', 0, Math.min(raw.length, EXCERPT_CHARS * 4));
  const characters = Array.from(text);
  const head = characters.slice(0, EXCERPT_CHARS).join('');
  return (
    JSON.stringify(head) +
    (characters.length > EXCERPT_CHARS || raw.length > text.length ? '…' : '')
  );
}

/** Why a message is malformed: `what`, then the message's size and an excerpt. */
export function malformedReason(what: string, raw: Buffer): string {
  return `${what} (${raw.length} bytes, starting ${excerptOf(raw)})`;
}

/** The offset of the first byte that breaks UTF-8 (RFC 3629 §4), or -1 when `raw` is valid. */
export function firstInvalidUtf8Offset(raw: Buffer): number {
  let index = 0;
  while (index < raw.length) {
    const lead = raw[index] ?? 0;
    let continuation: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead < 0x80) continuation = 0;
    else if (lead >= 0xc2 && lead <= 0xdf) continuation = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      continuation = 2;
      // RFC 3629 §4: no overlong forms (E0 A0..BF) and no surrogates (ED 80..9F).
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuation = 3;
      // RFC 3629 §4: F0 90..BF, F4 80..8F (nothing above U+10FFFF).
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return index;
    for (let next = 1; next <= continuation; next += 1) {
      const byte = raw[index + next];
      const min = next === 1 ? low : 0x80;
      const max = next === 1 ? high : 0xbf;
      if (byte === undefined || byte < min || byte > max) return index;
    }
    index += continuation + 1;
  }
  return -1;
}

/** The reason given for a message that is not valid UTF-8. */
export function invalidUtf8Reason(raw: Buffer): string {
  return malformedReason(`invalid UTF-8 at byte ${firstInvalidUtf8Offset(raw)}`, raw);
}

/**
 * RFC 5849 §3.6 percent-encoding, and the decoders the parameter sources need.
 *
 * Everything here works on UTF-8 bytes: a character outside ASCII becomes the `%XX` escapes of
 * its UTF-8 encoding, never of its UTF-16 code units.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.6
 */
import { invalidArgType } from '../errors.js';

const hexDigits = '0123456789ABCDEF';

/** `%XX` (upper-case hex, RFC 5849 §3.6) for every byte value. */
const escapedBytes: readonly string[] = Array.from(
  { length: 256 },
  (_, byte) => `%${hexDigits[byte >> 4] ?? ''}${hexDigits[byte & 15] ?? ''}`,
);

/** `%XX` for a byte (0-255). */
function escapedByte(byte: number): string {
  return escapedBytes[byte] as string;
}

/** 1 for the RFC 3986 §2.3 unreserved characters `ALPHA / DIGIT / "-" / "." / "_" / "~"`. */
const unreserved = new Uint8Array(128);
for (let code = 0; code < 128; code += 1) {
  const char = String.fromCharCode(code);
  if (/[A-Za-z0-9\-._~]/.test(char)) unreserved[code] = 1;
}

/** How many leading characters of `value` are unreserved ASCII (they are copied unchanged). */
function unreservedPrefixLength(value: string): number {
  let index = 0;
  while (index < value.length) {
    const code = value.charCodeAt(index);
    if (code >= 128 || unreserved[code] === 0) break;
    index += 1;
  }
  return index;
}

/** Whether `value` has, from `from` on, one of the five characters `encodeURIComponent` leaves raw. */
function hasCharacterLeftRawByEncodeUriComponent(value: string, from: number): boolean {
  return (
    value.indexOf('!', from) !== -1 ||
    value.indexOf("'", from) !== -1 ||
    value.indexOf('(', from) !== -1 ||
    value.indexOf(')', from) !== -1 ||
    value.indexOf('*', from) !== -1
  );
}

/** Value of an ASCII hex digit, or -1. Accepts both cases (receivers are lenient, §3.6). */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/**
 * Percent-encodes a string as RFC 5849 §3.6 requires: the UTF-8 bytes of every character other
 * than the unreserved `A-Z a-z 0-9 - . _ ~` become `%XX` with upper-case hex. A space is `%20`,
 * never `+`; `!*'()` are encoded (unlike `encodeURIComponent`). A lone UTF-16 surrogate, which
 * has no UTF-8 encoding, becomes U+FFFD as in every WHATWG encoder.
 *
 * @param value - the text to encode
 * @returns the encoded text; `value` itself when it has nothing to encode
 * @throws ERR_INVALID_ARG_TYPE (TypeError) when `value` is not a string
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.6
 */
export function percentEncode(value: string): string {
  if (typeof value !== 'string') throw invalidArgType('value', 'a string', value);
  // Fast path: a value of unreserved ASCII only (keys, nonces, timestamps) is returned as is.
  const index = unreservedPrefixLength(value);
  if (index === value.length) return value;
  // The engine's encodeURIComponent encodes exactly as §3.6 (UTF-8, upper-case hex) except that
  // it leaves !'()* raw and throws on a lone surrogate: those take the byte-by-byte encoder.
  if (hasCharacterLeftRawByEncodeUriComponent(value, index)) return encodeBytes(value);
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeBytes(value);
  }
}

/** §3.6 over the UTF-8 bytes of any string, lone surrogates included (as U+FFFD). */
function encodeBytes(value: string): string {
  const length = value.length;
  let encoded = '';
  let index = 0;
  let runStart = 0;
  while (index < length) {
    const code = value.charCodeAt(index);
    if (code < 128 && unreserved[code] === 1) {
      index += 1;
      continue;
    }
    if (runStart < index) encoded += value.slice(runStart, index);
    if (code < 0x80) {
      encoded += escapedByte(code);
    } else if (code < 0x800) {
      encoded += `${escapedByte(0xc0 | (code >> 6))}${escapedByte(0x80 | (code & 0x3f))}`;
    } else {
      let point = code;
      const next = index + 1 < length ? value.charCodeAt(index + 1) : 0;
      if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        point = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        index += 1;
      } else if (code >= 0xd800 && code <= 0xdfff) {
        point = 0xfffd;
      }
      encoded += encodeCodePointAbove0x7ff(point);
    }
    index += 1;
    runStart = index;
  }
  if (runStart < length) encoded += value.slice(runStart);
  return encoded;
}

function encodeCodePointAbove0x7ff(point: number): string {
  if (point < 0x10000) {
    return `${escapedByte(0xe0 | (point >> 12))}${escapedByte(0x80 | ((point >> 6) & 0x3f))}${escapedByte(0x80 | (point & 0x3f))}`;
  }
  return `${escapedByte(0xf0 | (point >> 18))}${escapedByte(0x80 | ((point >> 12) & 0x3f))}${escapedByte(0x80 | ((point >> 6) & 0x3f))}${escapedByte(0x80 | (point & 0x3f))}`;
}

/** How `+` is read when re-encoding an already-encoded component. */
export type PlusMeaning = 'space' | 'plus';

/**
 * Re-encodes a component that arrived percent-encoded (a query or form name or value, a header
 * value) into its RFC 5849 §3.6 form, byte for byte, without a detour through a JavaScript string:
 * `%xx` escapes are decoded to their byte and that byte is re-encoded (so `%7e` becomes `~` and
 * `%2c` becomes `%2C`), bytes that are not valid UTF-8 keep their exact value, a raw character is
 * encoded from its UTF-8 bytes.
 *
 * @param raw - the component as received
 * @param plus - `'space'` for `application/x-www-form-urlencoded` text (query and body, §3.4.1.3.1),
 *   `'plus'` for Authorization header values (§3.5.1)
 * @param strict - true: a `%` not followed by two hex digits makes the result `undefined` (the
 *   provider rejects the request); false: it stays a literal `%`, as WHATWG form parsing reads it
 *   (the client signs what the URL parser will send)
 * @returns the §3.6 encoding, or `undefined` for a malformed escape when `strict`
 */
export function reencodeComponent(
  raw: string,
  plus: PlusMeaning,
  strict: boolean,
): string | undefined {
  const length = raw.length;
  let index = unreservedPrefixLength(raw);
  if (index === length) return raw;
  let encoded = raw.slice(0, index);
  let runStart = index;
  while (index < length) {
    const code = raw.charCodeAt(index);
    if (code < 128 && unreserved[code] === 1) {
      index += 1;
      continue;
    }
    if (runStart < index) encoded += raw.slice(runStart, index);
    if (code === 0x25) {
      const high = index + 2 < length ? hexValue(raw.charCodeAt(index + 1)) : -1;
      const low = high >= 0 ? hexValue(raw.charCodeAt(index + 2)) : -1;
      if (low >= 0) {
        const byte = (high << 4) | low;
        encoded +=
          byte < 128 && unreserved[byte] === 1 ? String.fromCharCode(byte) : escapedByte(byte);
        index += 3;
      } else if (strict) {
        return undefined;
      } else {
        encoded += '%25';
        index += 1;
      }
    } else if (code === 0x2b && plus === 'space') {
      encoded += '%20';
      index += 1;
    } else {
      const point = raw.codePointAt(index) ?? code;
      const width = point > 0xffff ? 2 : 1;
      encoded += percentEncode(raw.slice(index, index + width));
      index += width;
    }
    runStart = index;
  }
  if (runStart < length) encoded += raw.slice(runStart);
  return encoded;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes a percent-encoded component to text: `%XX` escapes are bytes, the bytes must be
 * valid UTF-8.
 *
 * @param raw - the component as received
 * @param plus - `'space'` for form-urlencoded text, `'plus'` for header values
 * @returns the decoded text, or `undefined` when an escape is malformed or the bytes are not UTF-8
 */
export function percentDecode(raw: string, plus: PlusMeaning): string | undefined {
  if (!raw.includes('%') && (plus === 'plus' || !raw.includes('+'))) return raw;
  const bytes: number[] = [];
  for (let index = 0; index < raw.length;) {
    const code = raw.charCodeAt(index);
    if (code === 0x25) {
      const high = index + 2 < raw.length ? hexValue(raw.charCodeAt(index + 1)) : -1;
      const low = high >= 0 ? hexValue(raw.charCodeAt(index + 2)) : -1;
      if (low < 0) return undefined;
      bytes.push((high << 4) | low);
      index += 3;
    } else if (code === 0x2b && plus === 'space') {
      bytes.push(0x20);
      index += 1;
    } else {
      const point = raw.codePointAt(index) ?? code;
      const width = point > 0xffff ? 2 : 1;
      for (const byte of Buffer.from(raw.slice(index, index + width), 'utf8')) bytes.push(byte);
      index += width;
    }
  }
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

/**
 * RFC 5849 §3.5.1: the `Authorization: OAuth …` header, built (client side, strict) and parsed
 * (provider side, strict too: malformed structure is rejected, never guessed at).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.5.1
 */
import { invalidArgType, invalidArgValue } from '../errors.js';
import {
  assertParameterPairs,
  encodePairs,
  type EncodedPair,
  type ParameterPair,
} from './parameters.js';
import { isTokenChar } from './http-token.js';
import { percentDecode } from './percent-encode.js';
import { OAuthVerificationError } from './verification-error.js';

/** An `Authorization: OAuth …` header, decoded. */
export interface ParsedAuthorizationHeader {
  /** The `realm` parameter (RFC 2617 quoted-string, not percent-encoded), when present. */
  readonly realm?: string;
  /** Every other parameter, names and values decoded (§3.6), in header order. */
  readonly parameters: readonly ParameterPair[];
}

/**
 * Builds the `Authorization` header value from encoded pairs, in the given order.
 *
 * @param pairs - §3.6-encoded names and values
 * @param realm - the optional `realm`, already checked by {@link assertRealm}
 */
export function formatAuthorizationHeader(
  pairs: readonly EncodedPair[],
  realm: string | undefined,
): string {
  // RFC 5849 §3.5.1 step 4: the OPTIONAL realm, interpreted per RFC 2617 §1.2 (a quoted-string).
  let header = realm === undefined ? 'OAuth ' : `OAuth realm="${quoteRealm(realm)}"`;
  for (let index = 0; index < pairs.length; index += 1) {
    const pair = pairs[index] as EncodedPair;
    // Steps 2-3: name="value", separated by "," and a space (optional linear whitespace).
    const separator = index === 0 && realm === undefined ? '' : ', ';
    header += `${separator}${pair[0]}="${pair[1]}"`;
  }
  return header;
}

function quoteRealm(realm: string): string {
  // RFC 9110 §5.6.4 quoted-pair: a backslash escapes `"` and `\` inside a quoted-string.
  let quoted = '';
  for (const char of realm) quoted += char === '"' || char === '\\' ? `\\${char}` : char;
  return quoted;
}

/**
 * Checks a `realm` can be sent in a header: visible ASCII and spaces only (no CR/LF that could
 * inject a header).
 *
 * @throws ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE
 */
export function assertRealm(realm: unknown, argumentName: string): asserts realm is string {
  if (typeof realm !== 'string') throw invalidArgType(argumentName, 'a string', realm);
  for (let index = 0; index < realm.length; index += 1) {
    const code = realm.charCodeAt(index);
    if (code < 0x20 || code > 0x7e) {
      throw invalidArgValue(argumentName, 'must contain only visible ASCII characters and spaces');
    }
  }
}

/**
 * Builds an `Authorization: OAuth …` header value (RFC 5849 §3.5.1): each name and value is
 * percent-encoded (§3.6) and the value double-quoted; parameters are separated by `", "`; the
 * optional `realm` comes first, as an RFC 2617 quoted-string (not percent-encoded, not signed).
 *
 * @param parameters - protocol parameters as text, e.g. `[['oauth_consumer_key', 'key'], …]`,
 *   in the order they should appear
 * @param realm - the optional `realm`
 * @returns e.g. `OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", …`
 * @throws ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE on a non-pair or a realm with control characters
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.5.1
 */
export function buildAuthorizationHeader(
  parameters: readonly ParameterPair[],
  realm?: string,
): string {
  assertParameterPairs(parameters, 'parameters');
  if (realm !== undefined) assertRealm(realm, 'realm');
  return formatAuthorizationHeader(encodePairs(parameters), realm);
}

const tab = 0x09;
const space = 0x20;
const quote = 0x22;
const comma = 0x2c;
const equals = 0x3d;
const backslash = 0x5c;

function malformed(reason: string): OAuthVerificationError {
  return new OAuthVerificationError(
    'ERR_OAUTH_HEADER_MALFORMED',
    `the Authorization header is malformed: ${reason} (RFC 5849 §3.5.1); send OAuth name="value" pairs separated by commas`,
  );
}

/** A parameter name as it may appear in a message: protocol names only, never header content. */
function describeName(name: string): string {
  return name === 'realm' || /^oauth_[a-z_]{1,30}$/.test(name) ? name : 'a parameter';
}

/**
 * Parses an `Authorization: OAuth …` header strictly (RFC 5849 §3.5.1, RFC 9110 §11.4): the
 * scheme `OAuth` (any case), then `name="value"` pairs separated by commas with optional spaces.
 * Values are percent-decoded as UTF-8 (`+` stays a plus); `realm` is an RFC 2617 quoted-string.
 *
 * Rejected, always with an {@link OAuthVerificationError} (never another exception, whatever
 * the input): another scheme, no parameters, an unquoted or unterminated value, spaces around
 * `=`, empty list elements, control or non-ASCII characters, a malformed `%` escape or bytes that
 * are not UTF-8, and any parameter given twice (§3.1: "MUST NOT appear more than once";
 * RFC 2617 forbids repeating `realm`).
 *
 * @param header - the header value, e.g. `OAuth realm="Example", oauth_consumer_key="…"`
 * @returns the realm and the other parameters, decoded, in order
 * @throws OAuthVerificationError ERR_OAUTH_HEADER_MALFORMED, ERR_OAUTH_PARAMETER_DUPLICATED
 * @throws ERR_INVALID_ARG_TYPE when `header` is not a string
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.5.1
 */
export function parseAuthorizationHeader(header: string): ParsedAuthorizationHeader {
  if (typeof header !== 'string') throw invalidArgType('header', 'a string', header);
  const length = header.length;
  let index = 0;
  const skipWhitespace = (): void => {
    while (index < length) {
      const code = header.charCodeAt(index);
      if (code !== space && code !== tab) break;
      index += 1;
    }
  };
  skipWhitespace();
  const schemeStart = index;
  while (index < length && isTokenChar(header.charCodeAt(index))) index += 1;
  if (header.slice(schemeStart, index).toLowerCase() !== 'oauth') {
    throw malformed('the scheme is not OAuth');
  }
  const afterScheme = index;
  skipWhitespace();
  if (index === length) throw malformed('it has no parameters');
  if (index === afterScheme) throw malformed('the scheme must be followed by a space');

  let realm: string | undefined;
  const parameters: ParameterPair[] = [];
  const seen = new Set<string>();
  for (;;) {
    const nameStart = index;
    while (index < length && isTokenChar(header.charCodeAt(index))) index += 1;
    const rawName = header.slice(nameStart, index);
    if (rawName === '') throw malformed('a parameter name is missing');
    if (header.charCodeAt(index) !== equals) {
      throw malformed(`${describeName(rawName)} is not followed by "="`);
    }
    index += 1;
    const name = percentDecode(rawName, 'plus');
    if (name === undefined) throw malformed('a parameter name has a malformed percent-encoding');
    const isRealm = name.toLowerCase() === 'realm';
    if (header.charCodeAt(index) !== quote) {
      throw malformed(`the value of ${describeName(name)} is not quoted`);
    }
    index += 1;
    let rawValue = '';
    let closed = false;
    while (index < length) {
      const code = header.charCodeAt(index);
      if (code === quote) {
        closed = true;
        index += 1;
        break;
      }
      if (code === backslash && isRealm && index + 1 < length) {
        // RFC 9110 §5.6.4 quoted-pair, allowed in the realm's quoted-string.
        index += 1;
      } else if (code === backslash || (code === space && !isRealm)) {
        throw malformed(`the value of ${describeName(name)} is not percent-encoded`);
      }
      const escaped = header.charCodeAt(index);
      if (escaped < 0x20 || escaped > 0x7e) {
        throw malformed(`the value of ${describeName(name)} has a control or non-ASCII character`);
      }
      rawValue += header[index] ?? '';
      index += 1;
    }
    if (!closed) throw malformed(`the value of ${describeName(name)} has no closing quote`);
    const key = isRealm ? 'realm' : name;
    if (seen.has(key)) {
      throw new OAuthVerificationError(
        'ERR_OAUTH_PARAMETER_DUPLICATED',
        `the Authorization header gives ${describeName(key)} more than once (RFC 5849 §3.1); send each parameter once`,
        { parameter: describeName(key) },
      );
    }
    seen.add(key);
    if (isRealm) {
      realm = rawValue;
    } else {
      const value = percentDecode(rawValue, 'plus');
      if (value === undefined) {
        throw malformed(`the value of ${describeName(name)} has a malformed percent-encoding`);
      }
      parameters.push([name, value]);
    }
    skipWhitespace();
    if (index === length) break;
    if (header.charCodeAt(index) !== comma) {
      throw malformed(`${describeName(name)} is not followed by a comma`);
    }
    index += 1;
    skipWhitespace();
    if (index === length) throw malformed('it ends with a comma');
  }
  return realm === undefined ? { parameters } : { realm, parameters };
}

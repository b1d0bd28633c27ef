/**
 * The raw classifier: types a message by scanning its bytes, without `JSON.parse` and without
 * building any object, for consumers that store the bytes as sent (raw passthrough).
 *
 * It reads the top-level keys in order only until the kind is decided (see
 * message-kind-rule.ts); in the service's field order a tweet is decided at `user`, a few
 * hundred bytes in, and a notice at its first key. Strings are skipped with a native search for
 * `"`. What it checks: UTF-8 validity of the whole message, that the message is one object (its
 * first byte `{`, its last `}`), and the JSON structure of the bytes it reads. A message whose
 * damage lies past the deciding key is only caught by the full classifier.
 */
import { isUtf8 } from 'node:buffer';
import { classifyMessage } from './classify.js';
import { invalidUtf8Reason, malformedReason } from './malformed-reason.js';
import { DECISIVE_KEY_LENGTHS, type JsonValueType, KindDecision } from './message-kind-rule.js';
import type { MessageKind, RawStreamMessage } from './types.js';
import { messageBytes } from './message-bytes.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;
const NOT_FOUND = -1;

/**
 * Classifies one message (its bytes without the `\r\n` terminator) without parsing it.
 *
 * Never throws for any bytes. For a tweet, `id` is its `id_str`; for a `delete`, the deleted
 * status's `id_str`. Agrees with {@link classifyMessage} on the kind of every well-formed message whose
 * top-level keys are unique; the full classifier also checks the fields inside notices.
 *
 * @param bytes - one message as framed (a Buffer, or any Uint8Array); kept as the message's `raw`
 * @throws TypeError `ERR_INVALID_ARG_TYPE` when `bytes` is not bytes (e.g. a string)
 */
export function classifyRawMessage(bytes: Uint8Array): RawStreamMessage {
  const raw = messageBytes(bytes);
  if (!isUtf8(raw)) return { kind: 'malformed', raw, reason: invalidUtf8Reason(raw) };
  const first = skipWhitespace(raw, 0);
  if (raw[first] !== OPEN_BRACE) return fromFullClassifier(raw);
  if (raw[lastNonWhitespace(raw)] !== CLOSE_BRACE) {
    return malformed(raw, 'truncated: the message does not end with "}"');
  }
  const decision = new KindDecision();
  let idStart = NOT_FOUND;
  let idEnd = NOT_FOUND;
  let index = skipWhitespace(raw, first + 1);
  if (raw[index] === CLOSE_BRACE) return { kind: 'unknown', raw };
  for (;;) {
    if (raw[index] !== QUOTE) return malformedAt(raw, index);
    const keyEnd = endOfString(raw, index + 1);
    if (keyEnd === NOT_FOUND) return malformedAt(raw, index);
    const colon = skipWhitespace(raw, keyEnd + 1);
    if (raw[colon] !== COLON) return malformedAt(raw, colon);
    const valueStart = skipWhitespace(raw, colon + 1);
    const key = decisiveKey(raw, index + 1, keyEnd);
    if (key !== undefined) {
      const type = valueType(raw[valueStart]);
      if (key === 'id_str' && type === 'string') {
        idStart = valueStart + 1;
        idEnd = endOfString(raw, idStart);
        if (idEnd === NOT_FOUND) return malformedAt(raw, valueStart);
      }
      const kind = decision.see(key, type);
      if (kind === 'tweet') return withId('tweet', raw, readString(raw, idStart, idEnd));
      if (kind === 'delete') return withDeletedId(raw, valueStart);
      if (kind !== undefined) return { kind, raw };
    }
    const valueEnd = endOfValue(raw, valueStart);
    if (valueEnd === NOT_FOUND) return malformedAt(raw, valueStart);
    index = skipWhitespace(raw, valueEnd);
    if (raw[index] === COMMA) {
      index = skipWhitespace(raw, index + 1);
      continue;
    }
    if (raw[index] !== CLOSE_BRACE) return malformedAt(raw, index);
    // The object closed undecided: anything after it is not JSON.
    return skipWhitespace(raw, index + 1) === raw.length
      ? { kind: 'unknown', raw }
      : malformedAt(raw, index + 1);
  }
}

/** Messages that are not an object are rare and small: the full classifier settles them. */
function fromFullClassifier(raw: Buffer): RawStreamMessage {
  const message = classifyMessage(raw);
  const kind: MessageKind = message.kind;
  return message.kind === 'malformed' ? { kind, raw, reason: message.reason } : { kind, raw };
}

function malformed(raw: Buffer, what: string): RawStreamMessage {
  return { kind: 'malformed', raw, reason: malformedReason(what, raw) };
}

function malformedAt(raw: Buffer, index: number): RawStreamMessage {
  return malformed(raw, `invalid JSON at byte ${Math.min(index, raw.length)}`);
}

/** `{"delete":{"status":{"id_str":…}}}`: the deleted status's id, read from the nested objects. */
function withDeletedId(raw: Buffer, deleteStart: number): RawStreamMessage {
  const statusStart = findObjectField(raw, deleteStart, 'status');
  if (statusStart === NOT_FOUND || raw[statusStart] !== OPEN_BRACE) return { kind: 'delete', raw };
  const idStart = findObjectField(raw, statusStart, 'id_str');
  if (idStart === NOT_FOUND || raw[idStart] !== QUOTE) return { kind: 'delete', raw };
  return withId('delete', raw, readString(raw, idStart + 1, endOfString(raw, idStart + 1)));
}

function withId(kind: MessageKind, raw: Buffer, id: string | undefined): RawStreamMessage {
  return id === undefined ? { kind, raw } : { kind, raw, id };
}

/** Where the value of `name` starts in the object opening at `objectStart`, or -1. */
function findObjectField(raw: Buffer, objectStart: number, name: string): number {
  let index = skipWhitespace(raw, objectStart + 1);
  while (raw[index] === QUOTE) {
    const keyEnd = endOfString(raw, index + 1);
    if (keyEnd === NOT_FOUND) return NOT_FOUND;
    const colon = skipWhitespace(raw, keyEnd + 1);
    if (raw[colon] !== COLON) return NOT_FOUND;
    const valueStart = skipWhitespace(raw, colon + 1);
    if (readString(raw, index + 1, keyEnd) === name) return valueStart;
    const valueEnd = endOfValue(raw, valueStart);
    if (valueEnd === NOT_FOUND) return NOT_FOUND;
    index = skipWhitespace(raw, valueEnd);
    if (raw[index] !== COMMA) return NOT_FOUND;
    index = skipWhitespace(raw, index + 1);
  }
  return NOT_FOUND;
}

/** The key in `raw[start, end)` when it may decide the kind, else undefined (not decoded). */
function decisiveKey(raw: Buffer, start: number, end: number): string | undefined {
  for (let index = start; index < end; index += 1) {
    if (raw[index] === BACKSLASH) return readString(raw, start, end);
  }
  return DECISIVE_KEY_LENGTHS.has(end - start) ? raw.toString('latin1', start, end) : undefined;
}

/** The JSON string whose contents are `raw[start, end)`, unescaped. */
function readString(raw: Buffer, start: number, end: number): string | undefined {
  if (start === NOT_FOUND || end === NOT_FOUND) return undefined;
  for (let index = start; index < end; index += 1) {
    if (raw[index] === BACKSLASH) {
      try {
        return JSON.parse(raw.toString('utf8', start - 1, end + 1)) as string;
      } catch {
        return undefined;
      }
    }
  }
  return raw.toString('utf8', start, end);
}

function valueType(byte: number | undefined): JsonValueType {
  if (byte === QUOTE) return 'string';
  return byte === OPEN_BRACE ? 'object' : 'other';
}

/** The index of the `"` closing a string whose contents start at `start`, or -1. */
function endOfString(raw: Buffer, start: number): number {
  let from = start;
  for (;;) {
    const quote = raw.indexOf(QUOTE, from);
    if (quote === NOT_FOUND) return NOT_FOUND;
    let backslashes = 0;
    while (raw[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
    // An odd run of backslashes escapes the quote.
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

/** The index just past the value starting at `start`, or -1 when it is not well formed. */
function endOfValue(raw: Buffer, start: number): number {
  const byte = raw[start];
  if (byte === QUOTE) {
    const end = endOfString(raw, start + 1);
    return end === NOT_FOUND ? NOT_FOUND : end + 1;
  }
  if (byte === OPEN_BRACE || byte === OPEN_BRACKET) return endOfNested(raw, start);
  // A number, true, false or null: up to the next delimiter.
  let index = start;
  while (index < raw.length) {
    const next = raw[index];
    if (next === COMMA || next === CLOSE_BRACE || next === CLOSE_BRACKET || isWhitespace(next)) {
      break;
    }
    if (next === QUOTE || next === OPEN_BRACE || next === OPEN_BRACKET || next === COLON) {
      return NOT_FOUND;
    }
    index += 1;
  }
  return index === start ? NOT_FOUND : index;
}

/** The index just past the object or array opening at `start`, or -1 when unbalanced. */
function endOfNested(raw: Buffer, start: number): number {
  const closers: number[] = [];
  let index = start;
  while (index < raw.length) {
    const byte = raw[index];
    if (byte === QUOTE) {
      index = endOfString(raw, index + 1);
      if (index === NOT_FOUND) return NOT_FOUND;
    } else if (byte === OPEN_BRACE) closers.push(CLOSE_BRACE);
    else if (byte === OPEN_BRACKET) closers.push(CLOSE_BRACKET);
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (closers.pop() !== byte) return NOT_FOUND;
      if (closers.length === 0) return index + 1;
    }
    index += 1;
  }
  return NOT_FOUND;
}

function isWhitespace(byte: number | undefined): boolean {
  // RFC 8259 §2: space, tab, line feed, carriage return.
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function skipWhitespace(raw: Buffer, start: number): number {
  let index = start;
  while (index < raw.length && isWhitespace(raw[index])) index += 1;
  return index;
}

function lastNonWhitespace(raw: Buffer): number {
  let index = raw.length - 1;
  while (index >= 0 && isWhitespace(raw[index])) index -= 1;
  return index;
}

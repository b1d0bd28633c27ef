/**
 * The full classifier: decodes a whole message as UTF-8, parses it, and types it.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/streaming-message-types
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { invalidUtf8Reason, malformedReason } from './malformed-reason.js';
import {
  type JsonValueType,
  KindDecision,
  type NoticeKind,
  hasNoticeKey,
  hasTweetFields,
} from './message-kind-rule.js';
import type { StreamMessage } from './types.js';
import { messageBytes } from './message-bytes.js';

/**
 * Classifies one message (its bytes without the `\r\n` terminator).
 *
 * Never throws for any bytes: bytes that are not UTF-8 or not JSON give a `malformed` message
 * with a bounded excerpt; valid JSON of no known type gives `unknown`. A notice that lacks a
 * field its type promises (e.g. a `delete` without `status.id_str`) is also `unknown`, so a
 * consumer can rely on the typed fields.
 *
 * @param bytes - one message as framed (a Buffer, or any Uint8Array); kept as the message's `raw`
 * @throws TypeError `ERR_INVALID_ARG_TYPE` when `bytes` is not bytes (e.g. a string)
 */
export function classifyMessage(bytes: Uint8Array): StreamMessage {
  const raw = messageBytes(bytes);
  const text = decodeMessage(raw);
  if (text === undefined) return { kind: 'malformed', raw, reason: invalidUtf8Reason(raw) };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      kind: 'malformed',
      raw,
      reason: malformedReason(`invalid JSON: ${(error as Error).message}`, raw),
    };
  }
  if (!isObject(value)) return { kind: 'unknown', raw, data: value };
  // Without a notice key, the rule's order cannot matter: a tweet is one with the tweet fields.
  if (!hasNoticeKey(value)) {
    return hasTweetFields(value)
      ? { kind: 'tweet', raw, data: value as never }
      : { kind: 'unknown', raw, data: value };
  }
  const decision = new KindDecision();
  for (const key in value) {
    const field = value[key];
    const kind = decision.see(key, typeOfJson(field));
    if (kind === undefined) continue;
    if (kind === 'tweet') return { kind, raw, data: value as never };
    return hasNoticeShape(kind, field as Record<string, unknown>)
      ? ({ kind, raw, data: field } as StreamMessage)
      : { kind: 'unknown', raw, data: value };
  }
  return { kind: 'unknown', raw, data: value };
}

/**
 * The message as a string, or undefined when it is not UTF-8. Receiver side: UTF-8 is checked
 * per whole message, never per chunk. The v1.1 streams escape every non-ASCII character as
 * `\uXXXX`, so a message is almost always ASCII: then a SIMD check and a byte copy into a
 * one-byte string (`latin1`, exact for ASCII) replace UTF-8 validation and decoding.
 */
function decodeMessage(raw: Buffer): string | undefined {
  if (isAscii(raw)) return raw.toString('latin1');
  return isUtf8(raw) ? raw.toString('utf8') : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOfJson(value: unknown): JsonValueType {
  if (typeof value === 'string') return 'string';
  return isObject(value) ? 'object' : 'other';
}

/** The fields each notice's type promises, as "Streaming message types" shows them. */
function hasNoticeShape(kind: NoticeKind, data: Record<string, unknown>): boolean {
  switch (kind) {
    case 'delete': {
      const status = data.status;
      return isObject(status) && typeof status.id_str === 'string';
    }
    case 'scrub_geo':
      return typeof data.user_id_str === 'string' && typeof data.up_to_status_id_str === 'string';
    case 'limit':
      return typeof data.track === 'number';
    case 'status_withheld':
      return (
        typeof data.id === 'number' &&
        typeof data.user_id === 'number' &&
        Array.isArray(data.withheld_in_countries)
      );
    case 'user_withheld':
      return typeof data.id === 'number' && Array.isArray(data.withheld_in_countries);
    case 'disconnect':
      return typeof data.code === 'number';
    case 'warning':
      return typeof data.code === 'string';
  }
}

/**
 * A tweet's `timestamp_ms`, for the lag statistic (now − `timestamp_ms`; "Processing streaming
 * data": compare tweet timestamps with the current time to see whether you are falling behind).
 */
import type { RawStreamMessage, StreamMessage } from '../messages/types.js';

const FIELD = Buffer.from('"timestamp_ms":"');
/** `"timestamp_ms":"` + 13 digits + `"}`, with room for 16 digits. */
const TAIL_WINDOW_BYTES = FIELD.length + 16 + 2;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * The message's `timestamp_ms` in ms since the epoch, or undefined when it has none.
 *
 * A parsed tweet is read directly. A raw tweet is read without parsing from its last bytes, where
 * the service puts `timestamp_ms` (the last field of a tweet): found there, right before the final
 * `}`, it belongs to the top-level object. Elsewhere it is not looked for.
 */
export function readMessageTimestampMs(
  message: StreamMessage | RawStreamMessage,
): number | undefined {
  if ('data' in message) {
    const { data } = message;
    if (typeof data !== 'object' || data === null) return undefined;
    const value = (data as { timestamp_ms?: unknown }).timestamp_ms;
    return typeof value === 'string' && value !== '' ? toMilliseconds(value) : undefined;
  }
  const { raw } = message;
  const from = raw.length - TAIL_WINDOW_BYTES;
  const at = raw.indexOf(FIELD, Math.max(0, from));
  if (at === -1) return undefined;
  let value = 0;
  let index = at + FIELD.length;
  for (; index < raw.length; index += 1) {
    const byte = raw[index] ?? 0;
    if (byte < DIGIT_0 || byte > DIGIT_9) break;
    value = value * 10 + (byte - DIGIT_0);
  }
  // The digits must close the string and the object: `…"}`.
  if (index === at + FIELD.length || raw[index] !== 0x22 || raw[index + 1] !== 0x7d)
    return undefined;
  return index + 2 === raw.length ? value : undefined;
}

function toMilliseconds(value: string): number | undefined {
  const milliseconds = Number(value);
  return Number.isSafeInteger(milliseconds) ? milliseconds : undefined;
}

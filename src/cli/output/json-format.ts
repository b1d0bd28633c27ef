/**
 * The `json` output format: one JSON object per message and per line,
 * `{"kind":"tweet","message":{…}}`, where `message` is the message exactly as the service sent
 * it, so a reader can tell every message type apart (`jq 'select(.kind=="tweet").message.text'`).
 * The bytes are embedded as they arrived, so 64-bit ids such as `id` keep every digit
 * (JSON.parse would round them above 2^53). A malformed message becomes
 * `{"kind":"malformed","reason":…,"raw":…}` with its bytes as text.
 */
import type { StreamMessage } from '../../messages/types.js';

const lineFeed = 0x0a;
const carriageReturn = 0x0d;

/** Formats one message as one JSON line, without the line terminator. */
export function formatJsonLine(message: StreamMessage): string {
  if (message.kind === 'malformed') {
    return JSON.stringify({
      kind: 'malformed',
      reason: message.reason,
      raw: message.raw.toString('utf8'),
    });
  }
  // The raw bytes parsed as JSON, so they are embedded verbatim, unless they span lines (a
  // pretty-printing provider): then they are parsed again and serialized on one line.
  const text = message.raw.toString('utf8');
  const json =
    message.raw.includes(lineFeed) || message.raw.includes(carriageReturn)
      ? JSON.stringify(JSON.parse(text))
      : text;
  return `{"kind":${JSON.stringify(message.kind)},"message":${json}}`;
}

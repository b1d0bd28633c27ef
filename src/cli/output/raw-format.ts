/**
 * The `raw` output format: each message's exact bytes as the service sent them (without the
 * stream's `\r\n` terminator or `delimited=length` prefix), one message per line.
 */
import type { StreamMessage } from '../../messages/types.js';

const newline = Buffer.from('\n');

/** The message's bytes followed by `\n`. */
export function formatRawLine(message: StreamMessage): Buffer {
  return Buffer.concat([message.raw, newline]);
}

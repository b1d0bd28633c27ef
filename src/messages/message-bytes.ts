/**
 * The classifiers take a message's bytes. A Buffer is used as is; any other Uint8Array (from
 * TextEncoder, a web ReadableStream, a WebSocket) is viewed as a Buffer without a copy, since
 * Buffer methods read a plain Uint8Array wrongly (its `toString('latin1')` lists the numbers).
 */
import { invalidArgType } from '../errors.js';

/**
 * @param raw - what the caller passed as one message
 * @returns the same bytes as a Buffer
 * @throws TypeError `ERR_INVALID_ARG_TYPE` when `raw` is not bytes (a string, an object)
 */
export function messageBytes(raw: Uint8Array): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  throw invalidArgType(
    'raw',
    typeof raw === 'string'
      ? "one message's bytes as a Buffer or Uint8Array, not a string (for a line you hold as text: Buffer.from(line))"
      : "one message's bytes as a Buffer or Uint8Array",
    raw,
  );
}

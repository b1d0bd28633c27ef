/**
 * The byte-level framer: turns the stream's bytes (already inflated) into whole messages.
 *
 * One pass over each byte: every chunk is searched once for `\n` (a native memchr), and a
 * message split over several chunks is kept as a list of parts that are joined once, when its
 * terminator arrives. Memory is bounded by `maxMessageBytes` plus the chunk being read.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/streaming-message-types
 */
import { invalidArgValue } from '../errors.js';

const CR = 0x0d;
const LF = 0x0a;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** A length prefix longer than this is not a count (10 digits already exceed 9 GB). */
const MAX_LENGTH_DIGITS = 10;

/** Default bound on one message's size (bytes, terminator excluded): 1 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

/** A framing problem the framer detected and recovered from by resynchronizing on `\r\n`. */
export type FramingProblem =
  /** `delimited=length`: the count did not match the payload's size (bytes, `\r\n` included). */
  | {
      readonly kind: 'length-mismatch';
      readonly expectedBytes: number;
      readonly actualBytes: number;
    }
  /** `delimited=length`: a message arrived where a count was expected. */
  | { readonly kind: 'length-missing'; readonly lineBytes: number };

/** Where the framer sends what it finds. Called synchronously from {@link MessageFramer.push}. */
export interface FramerHandler {
  /**
   * A whole message: its exact bytes without the `\r\n` terminator. A message that arrived
   * within one chunk is a view of that chunk (no copy), so a caller must not modify a chunk after
   * pushing it (socket and zlib chunks never are).
   */
  message(raw: Buffer): void;
  /** A blank line (`\r\n` alone): the service's keep-alive. */
  keepAlive(): void;
  /** A message longer than `maxMessageBytes` was skipped; `bytes` is its size without `\r\n`. */
  oversized(bytes: number): void;
  /** A `delimited=length` count was wrong or missing; the message itself was still delivered. */
  framingProblem(problem: FramingProblem): void;
}

/** Options of {@link MessageFramer}. */
export interface FramerOptions {
  /**
   * Expect `delimited=length` framing: a decimal byte count on its own line before each message,
   * counting the message's own trailing `\r\n`. Keep-alive lines may come before a count or
   * between a count and its message.
   * @default false
   */
  readonly delimited?: boolean;
  /** Largest message accepted, in bytes without the `\r\n`. @default 1 MiB */
  readonly maxMessageBytes?: number;
}

/**
 * Frames `\r\n`-terminated messages out of arbitrary chunks.
 *
 * Receiver side of the framing rules, and lenient where that cannot misparse:
 * - only `\r\n` ends a message: content may contain a bare `\n` but never `\r` ("Processing
 *   streaming data"); a bare `\n` is kept inside the message;
 * - a blank line is a keep-alive ("Connecting to a streaming endpoint", Stalls);
 * - with `delimited=length`, the `\r\n` terminator stays authoritative and the count is checked
 *   against it in bytes ("Standard stream parameters", delimited): a wrong or missing count is
 *   reported through {@link FramerHandler.framingProblem} and the stream resynchronizes on the
 *   terminator, so a bad count can never swallow or split a message.
 */
export class MessageFramer {
  readonly #handler: FramerHandler;
  readonly #delimited: boolean;
  readonly #maxMessageBytes: number;
  /** Parts of the message being read, when it spans chunks. */
  #parts: Buffer[] = [];
  #partsBytes = 0;
  /** The last byte buffered (or skipped) was `\r`: a `\n` at the next chunk's start ends it. */
  #pendingCr = false;
  /** Skipping an oversized message until its terminator; counts its bytes so far. */
  #skipping = false;
  #skippedBytes = 0;
  /** `delimited=length`: the count read for the next message, or -1 when a count is expected. */
  #expectedBytes = -1;

  /**
   * @param handler - receives messages, keep-alives and problems
   * @param options - framing mode and size bound
   * @throws RangeError `ERR_INVALID_ARG_VALUE` when `maxMessageBytes` is not a positive integer
   */
  constructor(handler: FramerHandler, options: FramerOptions = {}) {
    this.#handler = handler;
    this.#delimited = options.delimited ?? false;
    const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (!Number.isSafeInteger(maxMessageBytes) || maxMessageBytes < 1) {
      throw invalidArgValue(
        'maxMessageBytes',
        `must be a positive integer; received ${maxMessageBytes}`,
      );
    }
    this.#maxMessageBytes = maxMessageBytes;
  }

  /** Bytes seen of a message whose terminator has not arrived yet (held or being skipped). */
  get pendingBytes(): number {
    return this.#skipping ? this.#skippedBytes : this.#partsBytes;
  }

  /** Bytes held in memory for that message: never more than `maxMessageBytes` + 1. */
  get bufferedBytes(): number {
    return this.#partsBytes;
  }

  /** Feeds the next chunk; calls the handler for everything it completes. */
  push(chunk: Buffer): void {
    const length = chunk.length;
    if (length === 0) return;
    let start = 0;
    let searchFrom = 0;
    // A `\r` that ended the previous chunk and a `\n` that starts this one.
    if (this.#pendingCr && chunk[0] === LF) {
      this.#finishSpanning(undefined);
      start = 1;
      searchFrom = 1;
    }
    for (;;) {
      const lf = chunk.indexOf(LF, searchFrom);
      if (lf === -1) break;
      searchFrom = lf + 1;
      // A bare `\n` belongs to the message; only `\r\n` terminates one.
      if (lf === start || chunk[lf - 1] !== CR) continue;
      if (this.#partsBytes === 0 && !this.#skipping) this.#finishInChunk(chunk, start, lf - 1);
      else this.#finishSpanning(chunk.subarray(start, lf - 1));
      start = lf + 1;
    }
    if (start < length) this.#keep(chunk, start, length);
    else this.#pendingCr = false;
  }

  /**
   * Drops a partial message (the connection ended mid-message) and starts afresh for a new
   * connection.
   * @returns the size of the partial message dropped, in bytes (0 when there was none)
   */
  reset(): number {
    const dropped = this.pendingBytes;
    this.#parts = [];
    this.#partsBytes = 0;
    this.#pendingCr = false;
    this.#skipping = false;
    this.#skippedBytes = 0;
    this.#expectedBytes = -1;
    return dropped;
  }

  /** A message that lies wholly in `chunk[from, to)`. */
  #finishInChunk(chunk: Buffer, from: number, to: number): void {
    const size = to - from;
    if (size > this.#maxMessageBytes) {
      this.#handler.oversized(size);
      return;
    }
    this.#frame(chunk.subarray(from, to));
  }

  /**
   * A message whose earlier bytes are buffered (or skipped). `tail` holds its last bytes, the
   * `\r` excluded; `undefined` means the `\r` itself was the last byte buffered.
   */
  #finishSpanning(tail: Buffer | undefined): void {
    const tailBytes = tail === undefined ? -1 : tail.length;
    if (this.#skipping) {
      const size = this.#skippedBytes + tailBytes;
      this.#skipping = false;
      this.#skippedBytes = 0;
      this.#pendingCr = false;
      this.#handler.oversized(size);
      return;
    }
    const size = this.#partsBytes + tailBytes;
    const parts = this.#parts;
    this.#parts = [];
    this.#partsBytes = 0;
    this.#pendingCr = false;
    if (size > this.#maxMessageBytes) {
      this.#handler.oversized(size);
      return;
    }
    const raw = Buffer.allocUnsafe(size);
    let offset = 0;
    for (const part of parts)
      offset += part.copy(raw, offset, 0, Math.min(part.length, size - offset));
    if (tail !== undefined) tail.copy(raw, offset);
    this.#frame(raw);
  }

  /** Buffers `chunk[from, to)`, the start of a message whose terminator is still to come. */
  #keep(chunk: Buffer, from: number, to: number): void {
    const bytes = to - from;
    this.#pendingCr = chunk[to - 1] === CR;
    if (this.#skipping) {
      this.#skippedBytes += bytes;
      return;
    }
    // One byte of slack: a trailing `\r` may be the terminator's first half.
    if (this.#partsBytes + bytes > this.#maxMessageBytes + 1) {
      this.#skipping = true;
      this.#skippedBytes = this.#partsBytes + bytes;
      this.#parts = [];
      this.#partsBytes = 0;
      return;
    }
    // Copy: a partial message must not pin a whole chunk for as long as it takes to complete.
    const part = Buffer.allocUnsafe(bytes);
    chunk.copy(part, 0, from, to);
    this.#parts.push(part);
    this.#partsBytes += bytes;
  }

  /** One whole line: a keep-alive, a count (`delimited=length`) or a message. */
  #frame(raw: Buffer): void {
    if (raw.length === 0) {
      this.#handler.keepAlive();
      return;
    }
    if (!this.#delimited) {
      this.#handler.message(raw);
      return;
    }
    if (this.#expectedBytes === -1) {
      const count = parseCount(raw);
      if (count !== -1) {
        this.#expectedBytes = count;
        return;
      }
      this.#handler.framingProblem({ kind: 'length-missing', lineBytes: raw.length + 2 });
      this.#handler.message(raw);
      return;
    }
    // "Standard stream parameters", delimited: the count includes the trailing `\r\n`.
    const actualBytes = raw.length + 2;
    if (actualBytes !== this.#expectedBytes) {
      this.#handler.framingProblem({
        kind: 'length-mismatch',
        expectedBytes: this.#expectedBytes,
        actualBytes,
      });
    }
    this.#expectedBytes = -1;
    this.#handler.message(raw);
  }
}

/** The decimal count of a `delimited=length` prefix line, or -1 when the line is not one. */
function parseCount(line: Buffer): number {
  if (line.length > MAX_LENGTH_DIGITS) return -1;
  let value = 0;
  for (const byte of line) {
    if (byte < DIGIT_0 || byte > DIGIT_9) return -1;
    value = value * 10 + (byte - DIGIT_0);
  }
  return value;
}

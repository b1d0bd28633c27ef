/**
 * The spill journal: a local append-only file holding, in arrival order, the messages a sink could
 * not take while it was unavailable, until they are replayed into it.
 *
 * Format (docs/sinks.md): a 35-byte header `spritzer-spill-v1 <read offset, 16 digits>\n`, then
 * records `<byte length>\n<the message's exact bytes>\n`. Replay reads from the read offset and
 * moves it forward (rewriting the header in place) once the sink has accepted the records; when
 * everything is replayed the file is cut back to its header. Messages are classified again from
 * their bytes on the way out, so a replayed message is the one that was spilled.
 *
 * I/O is synchronous: appends are small and ordered, and the journal is only used while a sink
 * is down. A record cut short by a crash (at the end of the file) was never acknowledged; it is
 * dropped when the journal is opened, and counted.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { SpritzerError } from '../errors.js';
import { classifyMessage } from '../messages/classify.js';
import type { StreamMessage } from '../messages/types.js';
import { describeIoError } from './sink-errors.js';

const magic = 'spritzer-spill-v1 ';
const offsetDigits = 16;
/** Bytes of the header: magic, the read offset, a newline. */
export const spillHeaderBytes = magic.length + offsetDigits + 1;
const newline = 0x0a;
const maxLengthLine = 17; // 16 digits and a newline

/** Messages read from the journal, and where the read offset goes once they are accepted. */
export interface SpillRead {
  readonly messages: StreamMessage[];
  readonly next: number;
}

/** An open spill journal. */
export class SpillJournal {
  readonly path: string;
  readonly #fd: number;
  #readOffset: number;
  #end: number;
  #pendingMessages: number;
  /** Bytes of a record cut short by a crash, dropped when the journal was opened. */
  readonly tornBytes: number;

  private constructor(
    path: string,
    fd: number,
    readOffset: number,
    end: number,
    count: number,
    torn: number,
  ) {
    this.path = path;
    this.#fd = fd;
    this.#readOffset = readOffset;
    this.#end = end;
    this.#pendingMessages = count;
    this.tornBytes = torn;
  }

  /**
   * Opens the journal at `path`, creating it (and its directory) when missing, and counts the
   * messages still to replay.
   *
   * @throws SpritzerError `ERR_SPILL_JOURNAL_IO` when the file cannot be opened;
   *   `ERR_SPILL_JOURNAL_CORRUPT` when it is not a spill journal or a record is damaged
   */
  static open(path: string): SpillJournal {
    let fd: number;
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // Not 'a': Linux ignores the position of writes to a file opened for appending, and the
      // header is rewritten in place.
      fd = openOrCreate(path);
    } catch (error) {
      throw ioError(`open the spill journal ${path}`, error);
    }
    try {
      let size = fstatSync(fd).size;
      if (size === 0) {
        try {
          writeHeader(fd, spillHeaderBytes, path);
        } catch (error) {
          // A full disk fails here first: say it was a write, not a read.
          if (error instanceof SpritzerError) throw error;
          throw ioError(`write to the spill journal ${path}`, error);
        }
        size = spillHeaderBytes;
      }
      const readOffset = readHeader(fd, size, path);
      const scan = scanRecords(fd, readOffset, size, path);
      if (scan.end < size) ftruncateSync(fd, scan.end);
      return new SpillJournal(path, fd, readOffset, scan.end, scan.count, size - scan.end);
    } catch (error) {
      closeSync(fd);
      if (error instanceof SpritzerError) throw error;
      throw ioError(`read the spill journal ${path}`, error);
    }
  }

  /**
   * Opens the journal at `path` if a file is there with messages to replay; an empty one is
   * removed.
   *
   * @throws SpritzerError as {@link SpillJournal.open}
   */
  static openIfExists(path: string): SpillJournal | undefined {
    if (!existsSync(path)) return undefined;
    const journal = SpillJournal.open(path);
    if (journal.pendingMessages > 0) return journal;
    journal.close();
    return undefined;
  }

  /** Messages appended and not yet replayed. */
  get pendingMessages(): number {
    return this.#pendingMessages;
  }

  /** Bytes of the records not yet replayed. */
  get pendingBytes(): number {
    return this.#end - this.#readOffset;
  }

  /**
   * Appends messages after the ones already there.
   *
   * @throws SpritzerError `ERR_SPILL_JOURNAL_IO` (e.g. the disk is full)
   */
  append(messages: readonly StreamMessage[]): void {
    if (messages.length === 0) return;
    const parts: Buffer[] = [];
    for (const message of messages) {
      parts.push(Buffer.from(`${message.raw.length}\n`), message.raw, Buffer.from('\n'));
    }
    const bytes = Buffer.concat(parts);
    try {
      let written = 0;
      while (written < bytes.length) {
        written += writeSync(this.#fd, bytes, written, bytes.length - written, this.#end + written);
      }
    } catch (error) {
      // Cut off a partial append, so the journal stays a sequence of whole records.
      ftruncateSync(this.#fd, this.#end);
      throw ioError(`append to the spill journal ${this.path}`, error);
    }
    this.#end += bytes.length;
    this.#pendingMessages += messages.length;
  }

  /** Bytes a batch takes in the journal (what the spill limit counts). */
  static recordBytes(messages: readonly StreamMessage[]): number {
    let bytes = 0;
    for (const message of messages)
      bytes += String(message.raw.length).length + message.raw.length + 2;
    return bytes;
  }

  /**
   * Reads up to `maxMessages` messages from the read offset without consuming them.
   *
   * @throws SpritzerError `ERR_SPILL_JOURNAL_IO`, `ERR_SPILL_JOURNAL_CORRUPT`
   */
  read(maxMessages: number): SpillRead {
    const messages: StreamMessage[] = [];
    let position = this.#readOffset;
    while (messages.length < maxMessages && position < this.#end) {
      const record = readRecord(this.#fd, position, this.#end, this.path);
      messages.push(classifyMessage(record.bytes));
      position = record.next;
    }
    return { messages, next: position };
  }

  /**
   * Marks everything before `next` (from {@link SpillJournal.read}) as replayed. When nothing is
   * left, the file is cut back to its header.
   *
   * @throws SpritzerError `ERR_SPILL_JOURNAL_IO`
   */
  consume(read: SpillRead): void {
    try {
      if (read.next >= this.#end) {
        ftruncateSync(this.#fd, spillHeaderBytes);
        writeHeader(this.#fd, spillHeaderBytes, this.path);
        this.#readOffset = spillHeaderBytes;
        this.#end = spillHeaderBytes;
        this.#pendingMessages = 0;
        return;
      }
      writeHeader(this.#fd, read.next, this.path);
    } catch (error) {
      if (error instanceof SpritzerError) throw error;
      throw ioError(`update the spill journal ${this.path}`, error);
    }
    this.#readOffset = read.next;
    this.#pendingMessages -= read.messages.length;
  }

  /**
   * fsync: makes the spilled messages survive a power loss.
   *
   * @throws SpritzerError `ERR_SPILL_JOURNAL_IO`
   */
  sync(): void {
    try {
      fsyncSync(this.#fd);
    } catch (error) {
      throw ioError(`sync the spill journal ${this.path}`, error);
    }
  }

  /** Closes the file; removes it when nothing is left to replay. */
  close(): void {
    if (this.#pendingMessages === 0) {
      closeSync(this.#fd);
      unlinkSync(this.path);
      return;
    }
    fsyncSync(this.#fd);
    closeSync(this.#fd);
  }
}

function writeHeader(fd: number, readOffset: number, path: string): void {
  const header = Buffer.from(`${magic}${String(readOffset).padStart(offsetDigits, '0')}\n`);
  if (writeSync(fd, header, 0, header.length, 0) !== header.length) {
    throw new SpritzerError(
      'ERR_SPILL_JOURNAL_IO',
      `cannot write the header of the spill journal ${path}; check free space`,
    );
  }
}

function readHeader(fd: number, size: number, path: string): number {
  const header = Buffer.alloc(spillHeaderBytes);
  const read = size >= spillHeaderBytes ? readSync(fd, header, 0, spillHeaderBytes, 0) : 0;
  const text = header.toString('latin1');
  const offset = Number(text.slice(magic.length, magic.length + offsetDigits));
  if (
    read !== spillHeaderBytes ||
    !text.startsWith(magic) ||
    header[spillHeaderBytes - 1] !== newline ||
    !Number.isSafeInteger(offset) ||
    offset < spillHeaderBytes ||
    offset > size
  ) {
    throw corrupt(path, 'its header is not a spritzer spill journal header');
  }
  return offset;
}

/** Counts whole records from `start`; stops at the first record cut short at the end. */
function scanRecords(
  fd: number,
  start: number,
  size: number,
  path: string,
): { count: number; end: number } {
  let count = 0;
  let position = start;
  while (position < size) {
    const record = readRecord(fd, position, size, path, true);
    if (record === undefined) break;
    count += 1;
    position = record.next;
  }
  return { count, end: position };
}

function readRecord(
  fd: number,
  position: number,
  end: number,
  path: string,
): { bytes: Buffer; next: number };
function readRecord(
  fd: number,
  position: number,
  end: number,
  path: string,
  tolerateTornTail: true,
): { bytes: Buffer; next: number } | undefined;
function readRecord(
  fd: number,
  position: number,
  end: number,
  path: string,
  tolerateTornTail = false,
): { bytes: Buffer; next: number } | undefined {
  const head = Buffer.alloc(Math.min(maxLengthLine, end - position));
  readSync(fd, head, 0, head.length, position);
  const lineEnd = head.indexOf(newline);
  const digits = lineEnd > 0 ? head.subarray(0, lineEnd).toString('latin1') : '';
  const length = /^\d+$/.test(digits) ? Number(digits) : Number.NaN;
  const start = position + lineEnd + 1;
  const complete = Number.isSafeInteger(length) && start + length + 1 <= end;
  if (!complete) {
    const atTail =
      (lineEnd < 0 && end - position < maxLengthLine) ||
      (Number.isSafeInteger(length) && start + length + 1 > end);
    if (tolerateTornTail && atTail) return undefined;
    throw corrupt(path, `the record at byte ${position} is damaged`);
  }
  const bytes = Buffer.alloc(length + 1);
  let read = 0;
  while (read < bytes.length) {
    const count = readSync(fd, bytes, read, bytes.length - read, start + read);
    if (count === 0) break;
    read += count;
  }
  if (read !== bytes.length || bytes[length] !== newline) {
    throw corrupt(path, `the record at byte ${position} is damaged`);
  }
  return { bytes: bytes.subarray(0, length), next: start + length + 1 };
}

function corrupt(path: string, what: string): SpritzerError {
  return new SpritzerError(
    'ERR_SPILL_JOURNAL_CORRUPT',
    `cannot replay the spill journal ${path}: ${what}; move it aside to start a new one`,
  );
}

function ioError(action: string, error: unknown): SpritzerError {
  return new SpritzerError(
    'ERR_SPILL_JOURNAL_IO',
    `cannot ${action} (${describeIoError(error)}); check free space and permissions`,
    { cause: error },
  );
}

function openOrCreate(path: string): number {
  try {
    return openSync(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return openSync(path, 'wx+', 0o600);
  }
}

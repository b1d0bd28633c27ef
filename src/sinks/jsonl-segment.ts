/**
 * One open JSONL file of the file sink, plain or gzip: appends bytes in order (gzip: each write
 * ends with a sync flush), makes them durable on `sync()` (fsync) and on `close()` (gzip: the
 * member's trailer, then fsync). Writes go one at a time through a FileHandle, so they land in the order given.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { constants as zlibConstants, createGzip, type Gzip } from 'node:zlib';
import { SpritzerError } from '../errors.js';
import { describeIoError } from './sink-errors.js';

/** An open segment file. */
export class JsonlSegment {
  readonly path: string;
  readonly #handle: FileHandle;
  readonly #gzip: Gzip | undefined;
  // Compressed output waits here until it is written, in order, by #drain.
  #pending: Buffer[] = [];
  #tail: Promise<void> = Promise.resolve();
  #error: unknown;
  #bytesOnDisk: number;

  private constructor(path: string, handle: FileHandle, size: number, gzip: boolean) {
    this.path = path;
    this.#handle = handle;
    this.#bytesOnDisk = size;
    if (gzip) {
      // Larger output chunks than zlib's 16 KiB default: fewer, larger writes.
      this.#gzip = createGzip({ chunkSize: 256 * 1024 });
      this.#gzip.on('data', (chunk: Buffer) => {
        this.#pending.push(chunk);
      });
      this.#gzip.on('error', (error: unknown) => {
        this.#error = error;
      });
    }
  }

  /**
   * Opens `path` for appending. A plain file that exists is appended to (after a newline if its
   * last line was cut short); a gzip segment must be new (`wx`): the caller moves an existing
   * one aside first.
   *
   * @throws SpritzerError `ERR_SINK_UNAVAILABLE` when the file cannot be opened
   */
  static async open(path: string, gzip: boolean): Promise<JsonlSegment> {
    let handle: FileHandle;
    try {
      handle = await open(path, gzip ? 'wx' : 'a+');
    } catch (error) {
      throw new SpritzerError(
        'ERR_SINK_UNAVAILABLE',
        `cannot open ${path} for appending (${describeIoError(error)}); check the path and its permissions`,
        { cause: error },
      );
    }
    const size = (await handle.stat()).size;
    const segment = new JsonlSegment(path, handle, size, gzip);
    if (!gzip && size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      // A line cut short by a crash keeps its bytes; the next message starts on a line of its own.
      if (last[0] !== 0x0a) await segment.#writeAll(Buffer.from('\n'));
    }
    return segment;
  }

  /** Bytes in the file, compressed bytes for gzip (what rotation by size measures). */
  get bytesOnDisk(): number {
    return this.#bytesOnDisk;
  }

  /**
   * Appends bytes. Resolves when the operating system has them; with gzip, after a sync flush
   * (Z_SYNC_FLUSH), so every batch written can be decompressed from the file even if the process
   * dies before `close` (a few bytes per batch of compression given up for it).
   *
   * @throws SpritzerError `ERR_SINK_WRITE_FAILED`
   */
  async write(bytes: Buffer): Promise<void> {
    this.#throwIfFailed();
    const gzip = this.#gzip;
    if (gzip === undefined) {
      await this.#writeAll(bytes);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      gzip.write(bytes, (error) => {
        if (error) reject(this.#writeFailed(error));
      });
      gzip.flush(zlibConstants.Z_SYNC_FLUSH, () => {
        resolve();
      });
    });
    // Output pushed while the stream was busy reaches 'data' on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    await this.#drain();
  }

  /**
   * Makes everything written so far durable: fsync.
   *
   * @throws SpritzerError `ERR_SINK_WRITE_FAILED`
   */
  async sync(): Promise<void> {
    this.#throwIfFailed();
    try {
      await this.#handle.sync();
    } catch (error) {
      throw this.#writeFailed(error);
    }
  }

  /**
   * Ends the gzip member, fsyncs and closes the file.
   *
   * @throws SpritzerError `ERR_SINK_WRITE_FAILED`
   */
  async close(): Promise<void> {
    try {
      const gzip = this.#gzip;
      if (gzip !== undefined) {
        // 'end' comes after the last 'data' (the member's trailer); 'finish' may come before it.
        const ended = new Promise<void>((resolve) => gzip.once('end', resolve));
        gzip.end();
        await ended;
        await this.#drain();
      }
      this.#throwIfFailed();
      await this.#handle.sync().catch((error: unknown) => {
        throw this.#writeFailed(error);
      });
    } finally {
      await this.#handle.close();
    }
  }

  async #drain(): Promise<void> {
    const chunks = this.#pending;
    this.#pending = [];
    if (chunks.length > 0) {
      // Everything the compressor has produced so far goes out in one write, after the last.
      const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      this.#tail = this.#tail.then(() => this.#writeAll(bytes));
    }
    await this.#tail;
  }

  async #writeAll(bytes: Buffer): Promise<void> {
    let offset = 0;
    try {
      while (offset < bytes.length) {
        const { bytesWritten } = await this.#handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
      }
    } catch (error) {
      this.#error = error;
      throw this.#writeFailed(error);
    } finally {
      this.#bytesOnDisk += offset;
    }
  }

  #throwIfFailed(): void {
    if (this.#error !== undefined) throw this.#writeFailed(this.#error);
  }

  #writeFailed(error: unknown): SpritzerError {
    return new SpritzerError(
      'ERR_SINK_WRITE_FAILED',
      `cannot write ${this.path} (${describeIoError(error)}); check free space and permissions`,
      { cause: error },
    );
  }
}

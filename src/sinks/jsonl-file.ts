/**
 * The JSONL file sink (`file:PATH`): the exact bytes the service sent, one message per line, so the
 * file is a faithful record of the stream (compliance notices and malformed lines included).
 *
 * - Never truncates. A plain file that exists is appended to. An existing `.gz` file is first
 *   moved aside under a rotated name, because appending to a gzip file that a crash left without
 *   its trailer would make the rest unreadable.
 * - Rotation by size (`rotateBytes`, bytes on disk) and/or age (`rotateIntervalMs`, checked at
 *   each write): the current file is fsynced, closed and renamed `STEM-YYYYMMDDTHHMMSSZ.EXT`
 *   (never over an existing name), and a new PATH is started.
 * - Every batch reaches the operating system before `write` resolves (gzip: after a sync flush);
 *   fsync on flush, rotation and close.
 * - Idempotent by tweet id within a window of recent ids; a tweet whose delete notice was already
 *   written is not written (the log's notice is its tombstone).
 * - Lines are never rewritten: a `scrub_geo` notice leaves the geo of the tweets before it, and of
 *   the copies of them inside retweets and quotes, in the file, and follows them as the record a
 *   reader must apply (docs/sinks.md, "scrub_geo and embedded copies").
 */
import { link, open, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { invalidArgValue, SpritzerError } from '../errors.js';
import type { StreamMessage } from '../messages/types.js';
import { isComplianceMessage, toComplianceRecord } from './compliance-record.js';
import { JsonlSegment } from './jsonl-segment.js';
import { RecentIds } from './recent-ids.js';
import type { Sink, SinkCounters } from './sink.js';
import { SinkCounterSet } from './sink-counters.js';
import { closedError } from './sink-errors.js';
import { assertMessageBatch } from './message-check.js';
import { SerialQueue } from './serial-queue.js';

/** Options of {@link openJsonlFileSink}. */
export interface JsonlFileSinkOptions {
  /** The file to write; `.gz` selects gzip unless {@link JsonlFileSinkOptions.gzip} says otherwise. */
  readonly path: string;
  /** Compress with gzip. @default true when `path` ends with `.gz` */
  readonly gzip?: boolean;
  /** Rotate when the file on disk reaches this many bytes. @default no rotation by size */
  readonly rotateBytes?: number;
  /** Rotate at the first write this many ms after the file was started. @default no rotation by age */
  readonly rotateIntervalMs?: number;
  /** How many recent tweet ids and compliance keys to remember for de-duplication. @default 100000 */
  readonly dedupWindow?: number;
  /** The clock, ms since the epoch (injected by tests). @default Date.now */
  readonly now?: () => number;
}

const newline = Buffer.from('\n');

/**
 * Opens the JSONL file sink.
 *
 * @throws RangeError `ERR_INVALID_ARG_VALUE` for a bad option
 * @throws SpritzerError `ERR_SINK_UNAVAILABLE` when the file cannot be opened
 */
export async function openJsonlFileSink(options: JsonlFileSinkOptions): Promise<Sink> {
  const sink = new JsonlFileSink(options);
  await sink.start();
  return sink;
}

class JsonlFileSink implements Sink {
  readonly name: string;
  readonly #path: string;
  readonly #gzip: boolean;
  readonly #rotateBytes: number | undefined;
  readonly #rotateIntervalMs: number | undefined;
  readonly #now: () => number;
  readonly #seen: RecentIds;
  readonly #deleted: RecentIds;
  readonly #counters = new SinkCounterSet();
  #segment: JsonlSegment | undefined;
  #segmentStartedMs = 0;
  #closed = false;
  /**
   * A write waits for the one before it, so batches land in call order even when the caller
   * does not await each (a rotation never runs under another write).
   */
  readonly #queue = new SerialQueue();

  constructor(options: JsonlFileSinkOptions) {
    this.#path = resolve(options.path);
    this.#gzip = options.gzip ?? options.path.endsWith('.gz');
    this.#rotateBytes = positiveOption('rotateBytes', options.rotateBytes);
    this.#rotateIntervalMs = positiveOption('rotateIntervalMs', options.rotateIntervalMs);
    this.#now = options.now ?? Date.now;
    const window = options.dedupWindow ?? 100_000;
    this.#seen = new RecentIds(window);
    this.#deleted = new RecentIds(window);
    this.name = `file:${this.#path}`;
  }

  async start(): Promise<void> {
    await this.#openSegment();
  }

  async write(batch: readonly StreamMessage[]): Promise<void> {
    assertMessageBatch(batch);
    if (this.#closed) throw closedError(this.name);
    return this.#queue.run(() => this.#writeNow(batch));
  }

  async #writeNow(batch: readonly StreamMessage[]): Promise<void> {
    const plan = this.#plan(batch);
    if (plan.lines.length > 0) {
      if (this.#segment === undefined) await this.#openSegment();
      else if (this.#rotationDue()) await this.#rotate();
      const segment = this.#segment as JsonlSegment;
      try {
        await segment.write(Buffer.concat(plan.lines));
      } catch (error) {
        // The next write starts from a fresh handle (after an outage such as a full disk).
        this.#segment = undefined;
        await segment.close().catch(() => undefined);
        throw error;
      }
      if (this.#rotateBytes !== undefined && segment.bytesOnDisk >= this.#rotateBytes) {
        await this.#rotate();
      }
    }
    // Only a batch that was written changes what the sink remembers: a failed one is re-sent.
    plan.commit();
  }

  async flush(): Promise<void> {
    await this.#queue.idle();
    await this.#segment?.sync();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.idle();
    const segment = this.#segment;
    this.#segment = undefined;
    await segment?.close();
  }

  counters(): SinkCounters {
    return this.#counters.snapshot();
  }

  /** Decides which messages are written; `commit` records them once they are. */
  #plan(batch: readonly StreamMessage[]): { lines: Buffer[]; commit: () => void } {
    const lines: Buffer[] = [];
    const keys: string[] = [];
    const deletedIds = new Set<string>();
    const inBatch = new Set<string>();
    const delta = new SinkCounterSet();
    const isNew = (key: string): boolean => {
      if (this.#seen.has(key) || inBatch.has(key)) return false;
      inBatch.add(key);
      keys.push(key);
      return true;
    };
    for (const message of batch) {
      if (message.kind === 'tweet') {
        const id = message.data.id_str;
        if (this.#deleted.has(id) || deletedIds.has(id)) {
          delta.skip('deleted');
          continue;
        }
        if (!isNew(id)) {
          delta.duplicates += 1;
          continue;
        }
        delta.stored += 1;
      } else if (isComplianceMessage(message)) {
        const record = toComplianceRecord(message);
        if (!isNew(record.key)) {
          delta.skip('duplicate-notice');
          continue;
        }
        if (record.kind === 'delete' && record.statusId !== null) deletedIds.add(record.statusId);
        delta.compliance += 1;
      } else {
        delta.other += 1;
      }
      lines.push(message.raw, newline);
    }
    const commit = (): void => {
      for (const key of keys) this.#seen.add(key);
      for (const id of deletedIds) this.#deleted.add(id);
      this.#counters.add(delta);
    };
    return { lines, commit };
  }

  #rotationDue(): boolean {
    return (
      this.#rotateIntervalMs !== undefined &&
      this.#now() - this.#segmentStartedMs >= this.#rotateIntervalMs
    );
  }

  async #openSegment(): Promise<void> {
    // A gzip file is never appended to: one found at start, or left by a write that failed, is
    // moved aside first.
    if (this.#gzip && (await exists(this.#path))) await this.#moveAside(this.#now());
    this.#segment = await JsonlSegment.open(this.#path, this.#gzip);
    this.#segmentStartedMs = this.#now();
    await syncDirectory(this.#path);
  }

  async #rotate(): Promise<void> {
    const segment = this.#segment;
    this.#segment = undefined;
    await segment?.close();
    await this.#moveAside(this.#segmentStartedMs);
    await this.#openSegment();
  }

  /**
   * Renames PATH to the first free rotated name, stamped with the time the file was started;
   * `link` fails rather than replace a file.
   */
  async #moveAside(startedMs: number): Promise<void> {
    const { stem, extension } = splitExtension(this.#path);
    const stamp = formatStamp(startedMs);
    for (let attempt = 0; attempt < 1000; attempt += 1) {
      const suffix = attempt === 0 ? '' : `-${attempt}`;
      const target = `${stem}-${stamp}${suffix}${extension}`;
      try {
        await link(this.#path, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw new SpritzerError(
          'ERR_SINK_WRITE_FAILED',
          `cannot rotate ${this.#path} to ${target} (${(error as Error).message}); check the directory's permissions`,
          { cause: error },
        );
      }
      await unlink(this.#path);
      await syncDirectory(this.#path);
      return;
    }
    throw new SpritzerError(
      'ERR_SINK_WRITE_FAILED',
      `cannot rotate ${this.#path}: 1000 rotated files already carry the stamp ${stamp}; rotate less often`,
    );
  }
}

function positiveOption(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw invalidArgValue(name, `must be a positive integer; received ${value}`);
  }
  return value;
}

/** `/d/tweets.jsonl.gz` → stem `/d/tweets`, extension `.jsonl.gz`; `/d/log` → no extension. */
export function splitExtension(path: string): { stem: string; extension: string } {
  const name = basename(path);
  const match = /(\.[^.]+)?(\.gz)?$/.exec(name.slice(1));
  const extension = match?.[0] ?? '';
  return {
    stem: join(dirname(path), name.slice(0, name.length - extension.length)),
    extension,
  };
}

/** 2026-01-02T03:04:05.678Z → `20260102T030405Z`. */
function formatStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** fsync a file's directory, so a created or renamed entry survives a power loss. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(dirname(path), 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

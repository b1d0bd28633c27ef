/**
 * The console sink: every message printed to a stream (stdout) by a formatter the CLI chooses
 * (text, json or raw). It shares the pipeline with the other sinks, so `spritzer stream` feeds
 * the console and any `--to` sinks from one loop.
 */
import type { Writable } from 'node:stream';
import type { StreamMessage } from '../messages/types.js';
import { RecentIds } from './recent-ids.js';
import type { Sink, SinkCounters } from './sink.js';
import { SinkCounterSet } from './sink-counters.js';
import { assertMessageBatch } from './message-check.js';

/** Options of {@link ConsoleSink}. */
export interface ConsoleSinkOptions {
  /** Where the output goes (the process's stdout in the CLI). */
  readonly output: Writable;
  /** What to print for each message: a line of text, or bytes. */
  readonly format: (message: StreamMessage) => string | Buffer;
  /** The sink's name in summaries. @default 'console' */
  readonly name?: string;
  /**
   * How many recent tweet ids to remember, so a tweet re-sent after a reconnect is not printed
   * twice. @default 10000
   */
  readonly recentIdCapacity?: number;
  /** Called before each batch is written (the status line clears itself from the terminal). */
  readonly beforeWrite?: () => void;
}

const compliance: ReadonlySet<StreamMessage['kind']> = new Set([
  'delete',
  'scrub_geo',
  'status_withheld',
  'user_withheld',
]);

/** Prints messages; waits when the output is full, so a slow terminal or pipe slows the stream. */
export class ConsoleSink implements Sink {
  readonly name: string;
  readonly #output: Writable;
  readonly #format: (message: StreamMessage) => string | Buffer;
  readonly #beforeWrite: (() => void) | undefined;
  readonly #recentIds: RecentIds;
  readonly #counters = new SinkCounterSet();

  constructor(options: ConsoleSinkOptions) {
    this.name = options.name ?? 'console';
    this.#output = options.output;
    this.#format = options.format;
    this.#beforeWrite = options.beforeWrite;
    this.#recentIds = new RecentIds(options.recentIdCapacity ?? 10_000);
  }

  /** Prints the batch in order; a tweet already printed (same `id_str`) is counted, not printed. */
  async write(batch: readonly StreamMessage[]): Promise<void> {
    assertMessageBatch(batch);
    const chunks: (string | Buffer)[] = [];
    for (const message of batch) {
      if (message.kind === 'tweet') {
        if (!this.#recentIds.add(message.data.id_str)) {
          this.#counters.duplicates += 1;
          continue;
        }
        this.#counters.stored += 1;
      } else if (compliance.has(message.kind)) {
        this.#counters.compliance += 1;
      } else {
        this.#counters.other += 1;
      }
      chunks.push(this.#format(message));
    }
    if (chunks.length === 0) return;
    this.#beforeWrite?.();
    const output = chunks.every((chunk) => typeof chunk === 'string')
      ? chunks.join('')
      : Buffer.concat(
          chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)),
        );
    if (!this.#output.write(output)) await waitForDrain(this.#output);
  }

  /** Resolves once everything written so far has been handed to the operating system. */
  async flush(): Promise<void> {
    if (this.#output.writableNeedDrain) await waitForDrain(this.#output);
  }

  /** Flushes; the output itself stays open (it is the process's stdout). */
  async close(): Promise<void> {
    await this.flush();
  }

  counters(): SinkCounters {
    return this.#counters.snapshot();
  }
}

/**
 * Resolves when a full output can take more: on `drain`, or when it closes or fails (then there
 * is nothing left to wait for).
 */
export function waitForDrain(output: Writable): Promise<void> {
  if (output.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      output.off('drain', done);
      output.off('close', done);
      output.off('error', done);
      resolve();
    };
    output.on('drain', done);
    output.on('close', done);
    output.on('error', done);
  });
}

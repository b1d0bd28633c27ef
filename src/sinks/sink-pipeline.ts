/**
 * Feeds one stream into one or more sinks (`--to`, repeatable): messages are gathered into batches
 * (`batchSize` messages, or whatever arrived within `maxDelayMs`), each batch goes to every sink
 * at once, and each sink has its own spill journal ({@link SpillingSink}). `write` waits while a
 * batch is being written, so a slow or paused sink slows the stream down instead of growing a
 * queue. `close` writes what is buffered, replays what it can, and closes every sink.
 */
import { invalidArgType, invalidArgValue } from '../errors.js';
import { refuseUnknownKeys } from '../unknown-key.js';
import type { StreamMessage } from '../messages/types.js';
import { defaultSpillDir, openSinkUrl, spillJournalPath, type SinkHooks } from './open-sink.js';
import { closedError } from './sink-errors.js';
import type { Sink, SinkCounters } from './sink.js';
import { SpillingSink, type SpillStatus, type SpillTimers } from './spilling-sink.js';
import { assertStreamMessage } from './message-check.js';

/** Options of {@link openSinkPipeline}. */
export interface SinkPipelineOptions {
  /** Messages per batch. @default 500 */
  readonly batchSize?: number;
  /** The longest a message waits in a partial batch. @default 250 ms */
  readonly maxDelayMs?: number;
  /** Where the spill journals go. @default {@link defaultSpillDir} */
  readonly spillDir?: string;
  /** Each sink's spill limit. @default 1 GiB */
  readonly spillLimitBytes?: number;
  /** How long `close` keeps replaying spilled messages. @default 10000 ms */
  readonly drainTimeoutMs?: number;
  /** Called when a sink becomes unavailable, pauses the stream, or recovers. */
  readonly onStateChange?: (status: SpillStatus) => void;
  /** Called for each message a sink can never take (see {@link SinkHooks.onRejected}). */
  readonly onRejected?: SinkHooks['onRejected'];
  /** The environment, for the default spill dir. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timers?: SpillTimers;
}

const PIPELINE_OPTION_NAMES: readonly (keyof SinkPipelineOptions)[] = [
  'batchSize',
  'maxDelayMs',
  'spillDir',
  'spillLimitBytes',
  'drainTimeoutMs',
  'onStateChange',
  'onRejected',
  'env',
  'timers',
];

/** One sink's outcome, for the status line and the summary. */
export interface SinkReport {
  readonly name: string;
  readonly counters: SinkCounters;
  readonly spill: SpillStatus;
}

/**
 * Opens every sink (closing those already open if one fails) and returns the pipeline.
 *
 * @throws RangeError `ERR_INVALID_ARG_VALUE` for a malformed `--to`; SpritzerError when a sink
 *   cannot be opened
 */
export async function openSinkPipeline(
  urls: readonly string[],
  options: SinkPipelineOptions = {},
): Promise<SinkPipeline> {
  const given: unknown = urls;
  if (!Array.isArray(given)) {
    throw invalidArgType(
      'urls',
      typeof given === 'string'
        ? 'an array of sink URLs (one URL goes in an array too: [url])'
        : "an array of sink URLs, e.g. ['sqlite:tweets.db']",
      given,
    );
  }
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw invalidArgType('options', 'an object', options);
  }
  refuseUnknownKeys(options, PIPELINE_OPTION_NAMES, 'options', {
    what: 'an option of openSinkPipeline',
    listName: 'options',
  });
  const spillDir = options.spillDir ?? defaultSpillDir(options.env ?? process.env);
  const sinks: SpillingSink[] = [];
  try {
    for (const url of urls) {
      const sink = await openSinkUrl(
        url,
        options.onRejected === undefined ? {} : { onRejected: options.onRejected },
      );
      try {
        sinks.push(
          new SpillingSink(sink, {
            journalPath: spillJournalPath(spillDir, sink),
            ...(options.spillLimitBytes === undefined
              ? {}
              : { limitBytes: options.spillLimitBytes }),
            ...(options.drainTimeoutMs === undefined
              ? {}
              : { drainTimeoutMs: options.drainTimeoutMs }),
            ...(options.onStateChange === undefined
              ? {}
              : { onStateChange: options.onStateChange }),
            ...(options.timers === undefined ? {} : { timers: options.timers }),
          }),
        );
      } catch (error) {
        await sink.close().catch(() => undefined);
        throw error;
      }
    }
  } catch (error) {
    await Promise.allSettled(sinks.map((sink) => sink.close()));
    throw error;
  }
  return new SinkPipeline(sinks, options);
}

/** Batches messages into several spilling sinks. */
export class SinkPipeline {
  readonly #sinks: readonly SpillingSink[];
  readonly #batchSize: number;
  readonly #maxDelayMs: number;
  readonly #timers: SpillTimers;
  #buffer: StreamMessage[] = [];
  #timer: unknown;
  #writing: Promise<void> = Promise.resolve();
  #failure: Error | undefined;
  #closed = false;

  /**
   * @param sinks - the sinks, each with its spill journal
   * @param options - batching
   * @throws RangeError `ERR_INVALID_ARG_VALUE` for a bad option
   */
  constructor(sinks: readonly SpillingSink[], options: SinkPipelineOptions = {}) {
    this.#sinks = sinks;
    this.#batchSize = options.batchSize ?? 500;
    this.#maxDelayMs = options.maxDelayMs ?? 250;
    if (!Number.isSafeInteger(this.#batchSize) || this.#batchSize < 1) {
      throw invalidArgValue('batchSize', `must be a positive integer; received ${this.#batchSize}`);
    }
    if (!Number.isSafeInteger(this.#maxDelayMs) || this.#maxDelayMs < 0) {
      throw invalidArgValue('maxDelayMs', `must be an integer ≥ 0; received ${this.#maxDelayMs}`);
    }
    this.#timers = options.timers ?? {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => {
        clearTimeout(handle as NodeJS.Timeout);
      },
      now: () => Date.now(),
    };
  }

  /** The sinks, in `--to` order. */
  get sinks(): readonly Sink[] {
    return this.#sinks;
  }

  /**
   * Takes one message. Resolves at once while the batch fills; when it is full, resolves once
   * the previous batch is written (backpressure).
   *
   * @throws SpritzerError `ERR_SINK_CLOSED` after close; the error of a sink whose spill journal
   *   failed too (nothing is then accepted)
   */
  async write(message: StreamMessage): Promise<void> {
    assertStreamMessage(message, 'message');
    if (this.#closed) throw closedError('the sink pipeline');
    this.#throwIfFailed();
    this.#buffer.push(message);
    if (this.#buffer.length >= this.#batchSize) await this.#dispatch();
    else if (this.#buffer.length === 1 && this.#maxDelayMs > 0) {
      this.#timer = this.#timers.setTimeout(() => {
        this.#timer = undefined;
        void this.#dispatch().catch(() => undefined);
      }, this.#maxDelayMs);
    } else if (this.#maxDelayMs === 0) await this.#dispatch();
  }

  /** Writes the partial batch and flushes every sink. */
  async flush(): Promise<void> {
    await this.#dispatch();
    await Promise.all(this.#sinks.map((sink) => sink.flush()));
    this.#throwIfFailed();
  }

  /** Writes the partial batch, replays what it can, and closes every sink. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#dispatch().catch(() => undefined);
    const results = await Promise.allSettled(this.#sinks.map((sink) => sink.close()));
    this.#throwIfFailed();
    const rejected = results.find((result) => result.status === 'rejected');
    if (rejected !== undefined) throw asError(rejected.reason);
  }

  /** Each sink's counters and spill status. */
  reports(): SinkReport[] {
    return this.#sinks.map((sink) => ({
      name: sink.name,
      counters: sink.counters(),
      spill: sink.status(),
    }));
  }

  /** Hands the buffer to every sink, after the batch before it. */
  #dispatch(): Promise<void> {
    this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#buffer;
    this.#buffer = [];
    if (batch.length > 0) {
      this.#writing = this.#writing.then(async () => {
        const results = await Promise.allSettled(this.#sinks.map((sink) => sink.write(batch)));
        const rejected = results.find((result) => result.status === 'rejected');
        if (rejected !== undefined) this.#failure ??= asError(rejected.reason);
      });
    }
    return this.#writing.then(() => {
      this.#throwIfFailed();
    });
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

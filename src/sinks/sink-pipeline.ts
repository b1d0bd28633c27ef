/**
 * Feeds one stream into one or more sinks (`--to`, repeatable): messages are gathered into batches
 * (`batchSize` messages, or whatever arrived within `maxDelayMs`), each batch goes to every sink
 * at once, and each sink has its own spill journal ({@link SpillingSink}). One batch is written
 * at a time; while it is, the next one fills, and `write` waits once it is full, so a slow,
 * paused or hung sink holds at most two batches of messages and slows the stream down instead of
 * growing a queue. `close` writes what is buffered, replays what it can, and closes every sink.
 */
import { invalidArgType, invalidArgValue } from '../errors.js';
import { refuseUnknownKeys } from '../unknown-key.js';
import type { StreamMessage } from '../messages/types.js';
import { defaultSpillDir, openSink, spillJournalPath, type SinkHooks } from './open-sink.js';
import { parseSinkUrl } from './sink-url.js';
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
  /** How long a sink's write may go unanswered before its batch spills. @default 30000 ms */
  readonly writeTimeoutMs?: number;
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
  'writeTimeoutMs',
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
 * @throws RangeError `ERR_INVALID_ARG_VALUE` for a malformed URL (naming it `urls[i]`); SpritzerError when a sink
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
  // Every URL is checked before any sink opens: a typo in the second opens nothing.
  const specs = urls.map((url, index) => parseSinkUrl(url, `urls[${index}]`));
  const sinks: SpillingSink[] = [];
  try {
    for (const spec of specs) {
      const sink = await openSink(
        spec,
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
            ...(options.writeTimeoutMs === undefined
              ? {}
              : { writeTimeoutMs: options.writeTimeoutMs }),
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
  /** The batch being written, then the one queued after it (at most one). */
  #writing: Promise<void> = Promise.resolve();
  #sendQueued = false;
  #failure: Error | undefined;
  #closed = false;
  readonly #failed: Promise<Error>;
  #reportFailure: (error: Error) => void = () => undefined;

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
    this.#failed = new Promise((resolve) => {
      this.#reportFailure = resolve;
    });
  }

  /**
   * Resolves with the error as soon as a sink fails for good (its spill journal failed too, see
   * {@link SpillingSink}), so the caller can stop taking messages at once; never rejects.
   */
  get failed(): Promise<Error> {
    return this.#failed;
  }

  /** The sinks, in `--to` order. */
  get sinks(): readonly Sink[] {
    return this.#sinks;
  }

  /**
   * Takes one message. Resolves at once while the batch fills; when it is full, resolves once
   * the batches before it are written (backpressure).
   *
   * @throws SpritzerError `ERR_SINK_CLOSED` after close (the message is not taken);
   *   SinkMessagesLostError `ERR_SINK_MESSAGES_LOST` once a sink and its spill journal have both
   *   failed: stop writing. The message was taken all the same: the other sinks get it, and the
   *   failed sink counts it lost ({@link SpillStatus.lostMessages}), so every message given to
   *   `write` is either stored, journaled or counted.
   */
  async write(message: StreamMessage): Promise<void> {
    assertStreamMessage(message, 'message');
    if (this.#closed) throw closedError('the sink pipeline');
    this.#buffer.push(message);
    // A full batch is handed on even after a failure, so a caller that goes on writing does not
    // grow the buffer: the other sinks store it, the failed one counts it lost.
    if (this.#buffer.length >= this.#batchSize) await this.#dispatch();
    else if (this.#timer === undefined && !this.#sendQueued && this.#maxDelayMs > 0) {
      this.#startTimer();
    } else if (this.#maxDelayMs === 0) await this.#dispatch();
    this.#throwIfFailed();
  }

  /** Writes the partial batch and flushes every sink. */
  async flush(): Promise<void> {
    await this.#drain();
    await Promise.all(this.#sinks.map((sink) => sink.flush()));
    this.#throwIfFailed();
  }

  /**
   * Writes the partial batch, replays what it can, and closes every sink. Safe to call twice.
   *
   * @throws SinkMessagesLostError `ERR_SINK_MESSAGES_LOST` with the final count when a sink
   *   lost messages; else the first error of a sink's close
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#drain().catch(() => undefined);
    const results = await Promise.allSettled(this.#sinks.map((sink) => sink.close()));
    const lost = this.#sinks.map((sink) => sink.failure()).find((error) => error !== undefined);
    if (lost !== undefined) throw lost;
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

  /**
   * Queues a write of the buffer after the batch in progress, unless one is queued already (it
   * takes what has arrived by the time it starts), so at most one batch waits behind the one
   * being written however long that takes. Resolves when the queued write is done.
   */
  #dispatch(): Promise<void> {
    this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#buffer.length > 0 && !this.#sendQueued) {
      this.#sendQueued = true;
      this.#writing = this.#writing.then(() => this.#send());
    }
    return this.#writing.then(() => {
      this.#throwIfFailed();
    });
  }

  /** Dispatches until the buffer is empty (flush, close). */
  async #drain(): Promise<void> {
    while (this.#buffer.length > 0 || this.#sendQueued) {
      await this.#dispatch().catch((error: unknown) => {
        if (this.#failure === undefined) throw error;
      });
    }
    this.#throwIfFailed();
  }

  /** Writes up to one batch from the buffer to every sink. */
  async #send(): Promise<void> {
    this.#sendQueued = false;
    const batch = this.#buffer.splice(0, this.#batchSize);
    if (batch.length === 0) return;
    const results = await Promise.allSettled(this.#sinks.map((sink) => sink.write(batch)));
    const rejected = results.find((result) => result.status === 'rejected');
    if (rejected !== undefined && this.#failure === undefined) {
      this.#failure = asError(rejected.reason);
      this.#reportFailure(this.#failure);
    }
    // A full batch that arrived meanwhile goes next; a partial one waits for its timer.
    if (this.#buffer.length >= this.#batchSize) void this.#dispatch().catch(() => undefined);
    else if (this.#buffer.length > 0 && this.#timer === undefined && this.#maxDelayMs > 0) {
      this.#startTimer();
    }
  }

  #startTimer(): void {
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      void this.#dispatch().catch(() => undefined);
    }, this.#maxDelayMs);
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

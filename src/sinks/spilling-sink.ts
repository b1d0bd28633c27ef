/**
 * Puts a spill journal in front of a sink, so an outage loses nothing:
 *
 * 1. While the sink takes writes, batches go straight to it.
 * 2. When a write fails (database restarted, NATS node down, disk full), or gives no answer
 *    within `writeTimeoutMs` (a server that hangs), the batch goes to the spill journal, and so
 *    does every batch after it, in order, while the journal is not empty.
 * 3. A replay loop retries the sink with the oldest journaled messages (backoff from
 *    `retryDelayMs` doubling to `maxRetryDelayMs`), moving through the journal as the sink
 *    accepts them; once it is empty, writes go straight to the sink again.
 * 4. When the journal would pass `limitBytes`, `write` waits until replay has made room: the
 *    stream is paused (backpressure), never dropped.
 * 5. `close` keeps replaying for up to `drainTimeoutMs`; whatever is left stays in the journal,
 *    which is replayed first the next time a sink opens it.
 * 6. When the sink fails and the journal cannot take the batch either (disk full, a write
 *    error), the batch is lost: the sink goes `failed`, counts it (and every batch written to it
 *    after that) in `lostMessages`, and `write` rejects with `ERR_SINK_MESSAGES_LOST`. Nothing
 *    is dropped without a count.
 *
 * The sinks are idempotent, so a batch replayed twice (a crash between a write and moving the
 * read offset) does no harm.
 */
import { invalidArgValue, SpritzerError } from '../errors.js';
import type { StreamMessage } from '../messages/types.js';
import type { Sink, SinkCounters } from './sink.js';
import {
  closedError,
  describeIoError,
  describeOutage,
  SinkMessagesLostError,
  type TweetIdRange,
} from './sink-errors.js';
import { SerialQueue } from './serial-queue.js';
import { SpillJournal, type SpillRead } from './spill-journal.js';

/** Timer functions, injected by tests. */
export interface SpillTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/** Options of {@link SpillingSink}. */
export interface SpillOptions {
  /** The journal file (one per sink). */
  readonly journalPath: string;
  /** The most the journal may hold before writes wait. @default 1 GiB */
  readonly limitBytes?: number;
  /** Messages per replay write. @default 500 */
  readonly replayBatch?: number;
  /** First wait before retrying an unavailable sink. @default 250 ms */
  readonly retryDelayMs?: number;
  /** Longest wait between retries. @default 5000 ms */
  readonly maxRetryDelayMs?: number;
  /** How long `close` keeps replaying before it leaves the rest in the journal. @default 10000 ms */
  readonly drainTimeoutMs?: number;
  /**
   * How long a write may go unanswered before its batch is spilled (the stream then goes on into
   * the journal; the replay waits behind the unanswered write, since each sink takes its writes
   * in order, and sends the batch again, which the sinks' idempotence makes harmless).
   * @default 30000 ms
   */
  readonly writeTimeoutMs?: number;
  /** Called on every change of {@link SpillStatus.state}. */
  readonly onStateChange?: (status: SpillStatus) => void;
  readonly timers?: SpillTimers;
}

/**
 * `direct`: writes go to the sink. `spilling`: the sink is unavailable or catching up; writes go
 * to the journal and replay runs. `paused`: the journal is full; writes wait for replay.
 * `failed`: the sink failed and so did its journal; every write is lost (counted) and rejected.
 */
export type SpillState = 'direct' | 'spilling' | 'paused' | 'failed';

/** What the spill journal is doing, for the status line and the summary. */
export interface SpillStatus {
  readonly sink: string;
  readonly state: SpillState;
  readonly journalPath: string;
  /** Messages in the journal, not yet replayed. */
  readonly pendingMessages: number;
  readonly pendingBytes: number;
  readonly limitBytes: number;
  /** Messages ever spilled, and replayed, by this sink. */
  readonly spilledMessages: number;
  readonly replayedMessages: number;
  /**
   * Messages accepted and then neither stored nor journaled: written while the sink and its
   * journal had both failed (state `failed`). 0 unless failed.
   */
  readonly lostMessages: number;
  /** The first and last tweet ids among the lost messages, when any was a tweet. */
  readonly lostTweetIds?: TweetIdRange;
  /** Why the sink last failed, one line, while it is not `direct`. */
  readonly lastError?: string;
}

/** Why a sink and its journal both failed, for {@link SinkMessagesLostError}. */
interface DoubleFailure {
  readonly sinkFailure: string;
  readonly journalFailure: string;
  readonly cause: unknown;
}

const realTimers: SpillTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as NodeJS.Timeout);
  },
  now: () => Date.now(),
};

/** A sink with a spill journal in front; see the module comment for the guarantees. */
export class SpillingSink implements Sink {
  readonly name: string;
  readonly #inner: Sink;
  readonly #journalPath: string;
  readonly #limitBytes: number;
  readonly #replayBatch: number;
  readonly #retryDelayMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #drainTimeoutMs: number;
  readonly #writeTimeoutMs: number;
  readonly #timers: SpillTimers;
  readonly #onStateChange: ((status: SpillStatus) => void) | undefined;
  #journal: SpillJournal | undefined;
  #state: SpillState = 'direct';
  #lastError: string | undefined;
  #spilled = 0;
  #replayed = 0;
  #delayMs: number;
  #timer: unknown;
  #closed = false;
  /** What close left in the journal. */
  #left = { messages: 0, bytes: 0 };
  /** A journal error that stops everything (the journal can be neither written nor read). */
  #fatal: DoubleFailure | undefined;
  #lost = 0;
  #lostTweetIds: TweetIdRange | undefined;
  /** Serialises writes, replay steps, flush and close. */
  readonly #queue = new SerialQueue();
  /** One replay at a time (the timer's, or close's). */
  readonly #replaying = new SerialQueue();
  #roomWaiters: (() => void)[] = [];

  /**
   * @param inner - the sink to protect
   * @param options - the journal and its limits
   * @throws RangeError `ERR_INVALID_ARG_VALUE` for a bad option
   * @throws SpritzerError `ERR_SPILL_JOURNAL_IO`, `ERR_SPILL_JOURNAL_CORRUPT` when a journal left
   *   by an earlier run cannot be read
   */
  constructor(inner: Sink, options: SpillOptions) {
    this.name = inner.name;
    this.#inner = inner;
    this.#journalPath = options.journalPath;
    this.#limitBytes = positive('limitBytes', options.limitBytes ?? 1024 ** 3);
    this.#replayBatch = positive('replayBatch', options.replayBatch ?? 500);
    this.#retryDelayMs = positive('retryDelayMs', options.retryDelayMs ?? 250);
    this.#maxRetryDelayMs = positive('maxRetryDelayMs', options.maxRetryDelayMs ?? 5000);
    this.#drainTimeoutMs = positive('drainTimeoutMs', options.drainTimeoutMs ?? 10_000, true);
    this.#writeTimeoutMs = positive('writeTimeoutMs', options.writeTimeoutMs ?? 30_000);
    this.#timers = options.timers ?? realTimers;
    this.#onStateChange = options.onStateChange;
    this.#delayMs = this.#retryDelayMs;
    // A journal left by an earlier run is replayed before anything new.
    const leftover = SpillJournal.openIfExists(this.#journalPath);
    if (leftover !== undefined) {
      this.#journal = leftover;
      this.#state = 'spilling';
      this.#lastError = `${leftover.pendingMessages} messages left in the spill journal by an earlier run`;
      this.#schedule(0);
    }
  }

  /** Where the journal is and what it holds. */
  status(): SpillStatus {
    return {
      sink: this.name,
      state: this.#state,
      journalPath: this.#journalPath,
      pendingMessages: this.#journal?.pendingMessages ?? this.#left.messages,
      pendingBytes: this.#journal?.pendingBytes ?? this.#left.bytes,
      limitBytes: this.#limitBytes,
      spilledMessages: this.#spilled,
      replayedMessages: this.#replayed,
      lostMessages: this.#lost,
      ...(this.#lostTweetIds === undefined ? {} : { lostTweetIds: this.#lostTweetIds }),
      ...(this.#state === 'direct' || this.#lastError === undefined
        ? {}
        : { lastError: this.#lastError }),
    };
  }

  /**
   * Hands a batch to the sink, or to the journal while the sink is away. Waits while the journal
   * is full.
   *
   * @throws SpritzerError `ERR_SINK_CLOSED` (nothing was accepted); SinkMessagesLostError
   *   `ERR_SINK_MESSAGES_LOST` when the sink and its journal have both failed: the batch is
   *   counted in {@link SpillStatus.lostMessages}, with every batch lost before it
   */
  async write(batch: readonly StreamMessage[]): Promise<void> {
    if (batch.length === 0) return;
    const bytes = SpillJournal.recordBytes(batch);
    for (;;) {
      if (this.#closed) throw closedError(this.name);
      if (this.#fatal !== undefined) throw this.#lose(batch);
      const accepted = await this.#exclusive(async () => {
        if (this.#fatal !== undefined) throw this.#lose(batch);
        const journal = this.#journal;
        if (journal === undefined || journal.pendingMessages === 0) {
          let failure: unknown;
          try {
            await this.#writeWithin(batch);
            return true;
          } catch (error) {
            failure = error;
          }
          try {
            this.#spill(batch, failure);
          } catch (error) {
            this.#fail(describeOutage(failure), error);
            throw this.#lose(batch);
          }
          return true;
        }
        if (journal.pendingBytes + bytes > this.#limitBytes) return false;
        try {
          journal.append(batch);
        } catch (error) {
          this.#fail(this.#lastError ?? 'unavailable', error);
          throw this.#lose(batch);
        }
        this.#spilled += batch.length;
        return true;
      });
      if (accepted) return;
      this.#setState('paused');
      await new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
    }
  }

  /**
   * Flushes the sink; while it is away, fsyncs the journal instead. A replay in progress
   * finishes first.
   */
  async flush(): Promise<void> {
    await this.#replaying.idle();
    return this.#exclusive(async () => {
      if (this.#journal !== undefined && this.#journal.pendingMessages > 0) this.#journal.sync();
      else await this.#inner.flush();
    });
  }

  /**
   * Replays what it can within `drainTimeoutMs`, then closes the sink and the journal. What is
   * left stays in the journal (see {@link SpillingSink.status}).
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#timers.clearTimeout(this.#timer);
    this.#wakeWriters();
    const deadline = this.#timers.now() + this.#drainTimeoutMs;
    while (
      (this.#journal?.pendingMessages ?? 0) > 0 &&
      this.#fatal === undefined &&
      this.#timers.now() < deadline
    ) {
      // A replay the sink does not answer is left behind at the deadline.
      const progressed = await this.#within(this.#replayStep(), deadline, false);
      if (!progressed && (this.#journal?.pendingMessages ?? 0) > 0) {
        const wait = Math.min(this.#delayMs, deadline - this.#timers.now());
        if (wait > 0)
          await new Promise((resolve) =>
            this.#timers.setTimeout(() => {
              resolve(undefined);
            }, wait),
          );
      }
    }
    // A replay in progress (its timer fired before close) finishes first, unless the sink leaves
    // it unanswered past the deadline: what it replays then stays in the journal for next time.
    await this.#within(this.#replaying.idle(), deadline, undefined);
    await this.#exclusive(async () => {
      this.#left = {
        messages: this.#journal?.pendingMessages ?? 0,
        bytes: this.#journal?.pendingBytes ?? 0,
      };
      const journal = this.#journal;
      this.#journal = undefined;
      let journalError: Error | undefined;
      try {
        journal?.close();
      } catch (error) {
        // The sink is closed all the same; the journal's error is reported after.
        journalError = error instanceof Error ? error : new Error(describeIoError(error));
      }
      try {
        await this.#inner.close();
      } catch (error) {
        this.#lastError = describeOutage(error);
      }
      if (journalError !== undefined) throw journalError;
    });
  }

  counters(): SinkCounters {
    return this.#inner.counters();
  }

  /**
   * The error of a sink whose journal failed too, with everything lost so far; undefined while
   * the sink works or spills.
   */
  failure(): SinkMessagesLostError | undefined {
    const fatal = this.#fatal;
    if (fatal === undefined) return undefined;
    return new SinkMessagesLostError(
      {
        sink: this.name,
        journalPath: this.#journalPath,
        sinkFailure: fatal.sinkFailure,
        journalFailure: fatal.journalFailure,
      },
      { messages: this.#lost, tweetIds: this.#lostTweetIds },
      fatal.cause,
    );
  }

  /** Settles as `promise` does, or with `fallback` once the clock reaches `deadline`. */
  #within<T>(promise: Promise<T>, deadline: number, fallback: T): Promise<T> {
    const left = deadline - this.#timers.now();
    if (left <= 0) return Promise.race([promise, Promise.resolve(fallback)]);
    return new Promise<T>((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        resolve(fallback);
      }, left);
      promise.then(
        (value) => {
          this.#timers.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          this.#timers.clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /** Writes to the sink; rejects if it gives no answer within `writeTimeoutMs`. */
  #writeWithin(batch: readonly StreamMessage[]): Promise<void> {
    const written = this.#inner.write(batch);
    return new Promise<void>((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        const seconds = this.#writeTimeoutMs / 1000;
        reject(
          new SpritzerError(
            'ERR_SINK_UNAVAILABLE',
            `${this.name} gave no answer to a write within ${seconds} s; the batch is spilled`,
            { cause: new Error(`no answer within ${seconds} s`) },
          ),
        );
      }, this.#writeTimeoutMs);
      written.then(
        () => {
          this.#timers.clearTimeout(timer);
          resolve();
        },
        (error: unknown) => {
          this.#timers.clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /** The sink failed and so did the journal: from now on every batch is lost. */
  #fail(sinkFailure: string, journalError: unknown): void {
    this.#fatal ??= {
      sinkFailure,
      journalFailure: describeJournalError(journalError),
      cause: journalError,
    };
    this.#lastError = `${this.#fatal.sinkFailure}; the journal: ${this.#fatal.journalFailure}`;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#setState('failed');
    this.#wakeWriters();
  }

  /** Counts a batch that is neither stored nor journaled; returns the error to reject with. */
  #lose(batch: readonly StreamMessage[]): SinkMessagesLostError {
    this.#lost += batch.length;
    for (const message of batch) {
      if (message.kind !== 'tweet') continue;
      const id = message.data.id_str;
      this.#lostTweetIds = { first: this.#lostTweetIds?.first ?? id, last: id };
    }
    return this.failure() as SinkMessagesLostError;
  }

  #spill(batch: readonly StreamMessage[], error: unknown): void {
    this.#lastError = describeOutage(error);
    this.#journal ??= SpillJournal.open(this.#journalPath);
    this.#journal.append(batch);
    this.#spilled += batch.length;
    this.#delayMs = this.#retryDelayMs;
    this.#setState('spilling');
    this.#schedule(this.#delayMs);
  }

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      void this.#replayStep().then((progressed) => {
        if ((this.#journal?.pendingMessages ?? 0) === 0) return;
        this.#schedule(progressed ? 0 : this.#delayMs);
      });
    }, delayMs);
  }

  /**
   * Replays one batch from the journal; returns whether the sink took it. One replay runs at a
   * time; the journal is read and moved on under {@link SpillingSink.#exclusive}, but the sink
   * is written outside it, so while a retry waits for a sink that is still away (NATS waits up
   * to `ack-timeout` for its connection) new batches keep going to the journal instead of
   * holding the stream back. They cannot pass the replay: nothing goes straight to the sink
   * while the journal holds messages.
   */
  #replayStep(): Promise<boolean> {
    return this.#replaying.run(async () => {
      const taken = await this.#exclusive(() => Promise.resolve(this.#readForReplay()));
      if (taken === undefined) return false;
      try {
        await this.#inner.write(taken.read.messages);
      } catch (error) {
        this.#lastError = describeOutage(error);
        this.#delayMs = Math.min(this.#delayMs * 2, this.#maxRetryDelayMs);
        return false;
      }
      return this.#exclusive(() => Promise.resolve(this.#consumeReplayed(taken)));
    });
  }

  #readForReplay(): { journal: SpillJournal; read: SpillRead } | undefined {
    const journal = this.#journal;
    if (journal === undefined || journal.pendingMessages === 0 || this.#fatal !== undefined) {
      return undefined;
    }
    try {
      return { journal, read: journal.read(this.#replayBatch) };
    } catch (error) {
      // The journal itself is unreadable: stop, and let the next write or close report it.
      this.#fail(this.#lastError ?? 'unavailable', error);
      return undefined;
    }
  }

  #consumeReplayed({ journal, read }: { journal: SpillJournal; read: SpillRead }): boolean {
    // Closed meanwhile (close gave up waiting): the messages stay in the journal, sent again next
    // time (the sinks are idempotent).
    if (this.#journal !== journal) return false;
    try {
      journal.consume(read);
    } catch (error) {
      // The sink has them, but the journal cannot say so: they are sent again on the next try
      // (the sinks are idempotent).
      this.#lastError = describeJournalError(error);
      this.#delayMs = Math.min(this.#delayMs * 2, this.#maxRetryDelayMs);
      return false;
    }
    this.#replayed += read.messages.length;
    this.#delayMs = this.#retryDelayMs;
    this.#wakeWriters();
    if (journal.pendingMessages === 0) this.#setState('direct');
    else if (this.#state === 'paused') this.#setState('spilling');
    return true;
  }

  #wakeWriters(): void {
    const waiters = this.#roomWaiters;
    this.#roomWaiters = [];
    for (const wake of waiters) wake();
  }

  #setState(state: SpillState): void {
    if (this.#state === state) return;
    this.#state = state;
    if (state === 'direct') this.#lastError = undefined;
    this.#onStateChange?.(this.status());
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.#queue.run(task);
  }
}

/** The journal's failure, short: its errno (`ENOSPC`) or the journal error's own words. */
function describeJournalError(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause === undefined ? describeIoError(error) : describeIoError(cause);
}

function positive(name: string, value: number, zeroAllowed = false): number {
  if (!Number.isSafeInteger(value) || value < (zeroAllowed ? 0 : 1)) {
    throw invalidArgValue(
      name,
      `must be a ${zeroAllowed ? 'non-negative' : 'positive'} integer; received ${value}`,
    );
  }
  return value;
}

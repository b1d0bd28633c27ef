/**
 * What the stream client counts, hbc-style ("StatsReporter": connects, responses by status
 * class, messages, bytes), plus a rolling message rate and the lag behind the service.
 */
import type { MessageKind } from '../messages/types.js';

/** HTTP status classes. */
export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';

/** A snapshot of the stream client's counters; every count is since the client was created. */
export interface StreamStats {
  /** Connection attempts. */
  readonly connects: number;
  /** Connection attempts after the first. */
  readonly reconnects: number;
  /** Responses received, by status class. */
  readonly responses: Readonly<Record<StatusClass, number>>;
  /** Messages delivered, by kind (`malformed` included). */
  readonly messages: Readonly<Record<MessageKind, number>>;
  /** Every message delivered, of any kind. */
  readonly messagesTotal: number;
  /** Keep-alive lines. */
  readonly keepAlives: number;
  /** Body bytes as received (compressed when gzip is on). */
  readonly bytesRaw: number;
  /** Body bytes after inflation (equal to `bytesRaw` without compression). */
  readonly bytesInflated: number;
  /** Messages that were not valid UTF-8 or JSON (also counted in `messages.malformed`). */
  readonly malformed: number;
  /** Messages skipped for exceeding the maximum message size. */
  readonly oversized: number;
  /** `delimited=length` counts that were wrong or missing (the messages were still delivered). */
  readonly framingErrors: number;
  /** Incomplete messages dropped because their connection ended mid-message. */
  readonly truncated: number;
  /** Stalls detected (no data, or a drip that never completed a message). */
  readonly stalls: number;
  /** `disconnect` messages, by code. */
  readonly disconnects: Readonly<Record<number, number>>;
  /** Times the socket was paused because the consumer fell behind. */
  readonly pauses: number;
  /** Messages waiting for the consumer, and their bytes. */
  readonly queued: number;
  readonly queuedBytes: number;
  /** The backoff being waited now, in ms (0 when not waiting). */
  readonly backoffMs: number;
  /** Messages per second over the last {@link RATE_WINDOW_SECONDS} whole seconds. */
  readonly messagesPerSecond: number;
  /** Now minus the `timestamp_ms` of the latest message that had one, in ms. */
  readonly lagMs: number | undefined;
  /** The latest `limit.track`: matching tweets not delivered since the connection opened. */
  readonly limitTrack: number | undefined;
  /** The latest `warning.percent_full` (FALLING_BEHIND). */
  readonly percentFull: number | undefined;
}

/** The rolling rate's window, in seconds. */
export const RATE_WINDOW_SECONDS = 10;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Keeps the counters; the client owns one and hands out snapshots. */
export class StreamStatsRecorder {
  readonly counts: Omit<
    Mutable<StreamStats>,
    'responses' | 'messages' | 'messagesTotal' | 'disconnects' | 'messagesPerSecond'
  > = {
    connects: 0,
    reconnects: 0,
    keepAlives: 0,
    bytesRaw: 0,
    bytesInflated: 0,
    malformed: 0,
    oversized: 0,
    framingErrors: 0,
    truncated: 0,
    stalls: 0,
    pauses: 0,
    queued: 0,
    queuedBytes: 0,
    backoffMs: 0,
    lagMs: undefined,
    limitTrack: undefined,
    percentFull: undefined,
  };
  readonly responses: Record<StatusClass, number> = {
    '1xx': 0,
    '2xx': 0,
    '3xx': 0,
    '4xx': 0,
    '5xx': 0,
  };
  readonly messages: Record<MessageKind, number> = {
    tweet: 0,
    delete: 0,
    scrub_geo: 0,
    limit: 0,
    status_withheld: 0,
    user_withheld: 0,
    disconnect: 0,
    warning: 0,
    unknown: 0,
    malformed: 0,
  };
  readonly disconnects: Record<number, number> = {};
  #messagesTotal = 0;
  /** Messages per whole second, for the last RATE_WINDOW_SECONDS + 1 seconds (a ring). */
  readonly #buckets = new Array<number>(RATE_WINDOW_SECONDS + 1).fill(0);
  #bucketSecond = -1;
  #firstSecond = -1;

  /** Counts a response. */
  response(status: number): void {
    const statusClass = `${Math.min(Math.max(Math.floor(status / 100), 1), 5)}xx` as StatusClass;
    this.responses[statusClass] += 1;
  }

  /** Counts a delivered message at time `now`. */
  message(kind: MessageKind, now: number): void {
    this.messages[kind] += 1;
    this.#messagesTotal += 1;
    if (kind === 'malformed') this.counts.malformed += 1;
    const second = Math.floor(now / 1000);
    if (second !== this.#bucketSecond) this.#advance(second);
    const index = second % this.#buckets.length;
    this.#buckets[index] = (this.#buckets[index] ?? 0) + 1;
  }

  /** Counts a disconnect message. */
  disconnect(code: number): void {
    this.disconnects[code] = (this.disconnects[code] ?? 0) + 1;
  }

  /** A snapshot at time `now`. */
  snapshot(now: number): StreamStats {
    return {
      ...this.counts,
      responses: { ...this.responses },
      messages: { ...this.messages },
      messagesTotal: this.#messagesTotal,
      disconnects: { ...this.disconnects },
      messagesPerSecond: this.#rate(Math.floor(now / 1000)),
    };
  }

  #advance(second: number): void {
    if (this.#firstSecond === -1) this.#firstSecond = second;
    const gap = this.#bucketSecond === -1 ? this.#buckets.length : second - this.#bucketSecond;
    for (let step = 1; step <= Math.min(gap, this.#buckets.length); step += 1) {
      this.#buckets[(this.#bucketSecond + step + this.#buckets.length) % this.#buckets.length] = 0;
    }
    this.#bucketSecond = second;
  }

  /** Messages per second over the whole seconds before `second` (at most the window). */
  #rate(second: number): number {
    if (this.#firstSecond === -1 || second <= this.#firstSecond) return 0;
    const seconds = Math.min(RATE_WINDOW_SECONDS, second - this.#firstSecond);
    let total = 0;
    for (let back = 1; back <= seconds; back += 1) {
      const bucketSecond = second - back;
      if (
        bucketSecond > this.#bucketSecond ||
        this.#bucketSecond - bucketSecond > RATE_WINDOW_SECONDS
      ) {
        continue;
      }
      total += this.#buckets[bucketSecond % this.#buckets.length] ?? 0;
    }
    return total / seconds;
  }
}

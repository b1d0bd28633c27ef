/**
 * The stall detector: an application-level timer over connect-to-headers and the body.
 *
 * "Set a timer, either a 90 second TCP level socket timeout, or a 90 second application level
 * timer on the receipt of new data. If 90 seconds pass with no data received, including
 * newlines, disconnect and reconnect immediately" ("Connecting to a streaming endpoint",
 * Stalls). The timer restarts on every complete frame (a message or a keep-alive line), which
 * is stricter than restarting on any byte: a connection that drips bytes of a message that never
 * completes is a stall too, since the service sends a keep-alive every 30 seconds.
 *
 * One timer per connection, re-armed lazily: recording activity is a field write, never a
 * clearTimeout/setTimeout pair.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/connecting
 */
import type { StreamTimers, TimerHandle } from './timers.js';

/** Default stall timeout: 90 s, three keep-alive periods. */
export const DEFAULT_STALL_TIMEOUT_MS = 90_000;

/** Why the detector fired. */
export type StallReason =
  /** No byte at all for the timeout (before the headers or during the body). */
  | 'no-data'
  /** Bytes arrived but no message or keep-alive completed (a drip). */
  | 'incomplete-message'
  /** Only keep-alives arrived: the connection is alive but delivers nothing. Reported only. */
  | 'keep-alive-only';

/** Options of {@link StallDetector}. */
export interface StallDetectorOptions {
  readonly timeoutMs: number;
  readonly timers: StreamTimers;
  /**
   * Called when the detector fires. For `no-data` and `incomplete-message` the detector has
   * stopped and the connection should be closed; `keep-alive-only` is reported once per timeout
   * period while it lasts, and the detector keeps running.
   */
  readonly onStall: (reason: StallReason, silentMs: number) => void;
}

/** Watches one connection for silence. */
export class StallDetector {
  readonly #timeoutMs: number;
  readonly #timers: StreamTimers;
  readonly #onStall: StallDetectorOptions['onStall'];
  #timer: TimerHandle | undefined;
  #running = false;
  /** Bumped by every start(), so a check can tell that a listener restarted the detector. */
  #generation = 0;
  #lastData = 0;
  #lastFrame = 0;
  #lastMessage = 0;
  #lastKeepAliveReport = 0;

  constructor(options: StallDetectorOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#timers = options.timers;
    this.#onStall = options.onStall;
  }

  /** Starts (or restarts, after a pause) watching: the silence is counted from now. */
  start(): void {
    this.stop();
    const now = this.#timers.now();
    this.#lastData = now;
    this.#lastFrame = now;
    this.#lastMessage = now;
    this.#lastKeepAliveReport = now;
    this.#running = true;
    this.#generation += 1;
    this.#arm(this.#timeoutMs);
  }

  /** Bytes arrived. */
  data(now: number): void {
    this.#lastData = now;
  }

  /** A keep-alive line completed. */
  keepAlive(now: number): void {
    this.#lastFrame = now;
  }

  /** A message completed. */
  message(now: number): void {
    this.#lastFrame = now;
    this.#lastMessage = now;
  }

  /** Stops watching and cancels the timer. */
  stop(): void {
    this.#running = false;
    if (this.#timer === undefined) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #isRunning(generation: number): boolean {
    return this.#running && this.#generation === generation;
  }

  #arm(delayMs: number): void {
    this.#timer = this.#timers.setTimeout(() => {
      this.#check();
    }, delayMs);
  }

  #check(): void {
    this.#timer = undefined;
    const now = this.#timers.now();
    const frameSilence = now - this.#lastFrame;
    if (frameSilence >= this.#timeoutMs) {
      this.#running = false;
      const noData = now - this.#lastData >= this.#timeoutMs;
      this.#onStall(noData ? 'no-data' : 'incomplete-message', frameSilence);
      return;
    }
    const messageSilence = now - this.#lastMessage;
    const sinceReport = now - this.#lastKeepAliveReport;
    if (messageSilence >= this.#timeoutMs && sinceReport >= this.#timeoutMs) {
      this.#lastKeepAliveReport = now;
      const generation = this.#generation;
      this.#onStall('keep-alive-only', messageSilence);
      // A listener may have stopped (or restarted) the detector.
      if (!this.#isRunning(generation)) return;
    }
    const keepAliveDue = Math.max(this.#lastMessage, this.#lastKeepAliveReport) + this.#timeoutMs;
    this.#arm(Math.max(1, Math.min(this.#lastFrame + this.#timeoutMs, keepAliveDue) - now));
  }
}

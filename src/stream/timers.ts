/**
 * The clock and timers the stream client uses, injectable so that tests drive time by hand and
 * never sleep.
 */

/** An opaque handle returned by {@link StreamTimers.setTimeout}. */
export type TimerHandle = object | number;

/** A clock in milliseconds and one-shot timers. */
export interface StreamTimers {
  /** Milliseconds since the epoch (used for lag, so it must be wall-clock time). */
  now(): number;
  /** Calls `callback` once after `delayMs`. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  /** Cancels a timer; cancelling one that already fired does nothing. */
  clearTimeout(handle: TimerHandle): void;
}

/** The process's own clock and timers. */
export const systemTimers: StreamTimers = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

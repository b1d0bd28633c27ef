/**
 * A clock and timers driven by hand, for stream client tests: time moves only when a test calls
 * `advance`, so nothing sleeps to wait for a backoff or a stall timeout.
 */
import type { StreamTimers, TimerHandle } from '../../../src/stream/timers.js';

interface PendingTimer {
  readonly id: number;
  readonly dueAt: number;
  readonly callback: () => void;
}

/** Manual timers; `now()` starts at `startMs`. */
export class ManualClock implements StreamTimers {
  #now: number;
  #nextId = 1;
  #timers: PendingTimer[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer = { id: this.#nextId++, dueAt: this.#now + Math.max(0, delayMs), callback };
    this.#timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((timer) => timer.id !== handle);
  }

  /** Timers not yet fired, as delays from now. */
  pending(): number[] {
    return this.#timers.map((timer) => timer.dueAt - this.#now).sort((a, b) => a - b);
  }

  /** Moves time forward, firing due timers in order (each at its own due time). */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const due = this.#timers
        .filter((timer) => timer.dueAt <= until)
        .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.#now = Math.max(this.#now, due.dueAt);
      due.callback();
    }
    this.#now = until;
  }
}

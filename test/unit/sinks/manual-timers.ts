/**
 * A clock and timers that move only when a test says so, for the spill replay loop and the
 * pipeline's batch timer.
 */
import type { SpillTimers } from '../../../src/sinks/spilling-sink.js';

interface Pending {
  readonly at: number;
  readonly callback: () => void;
}

/** Timers driven by {@link ManualTimers.advance}. */
export class ManualTimers implements SpillTimers {
  #now = 0;
  #next = 1;
  readonly #pending = new Map<number, Pending>();
  /** Every delay asked for, in order. */
  readonly delays: number[] = [];

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.#next;
    this.#next += 1;
    this.#pending.set(handle, { at: this.#now + ms, callback });
    this.delays.push(ms);
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  /** How many timers wait. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Moves the clock forward and fires the timers that came due, earliest first. */
  advance(ms: number): void {
    this.#now += ms;
    for (;;) {
      const due = [...this.#pending.entries()]
        .filter(([, timer]) => timer.at <= this.#now)
        .sort(([, a], [, b]) => a.at - b.at)[0];
      if (due === undefined) return;
      this.#pending.delete(due[0]);
      due[1].callback();
    }
  }
}

/** Lets promise callbacks and I/O callbacks queued so far run. */
export async function settle(rounds = 5): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

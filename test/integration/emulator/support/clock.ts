/**
 * Time for the emulator's tests without sleeping on timers: a clock the test moves by hand (the
 * emulator's `now`), and a bounded wait for a condition on the emulator's side.
 */
import type { RunningEmulator } from '../../../../src/emulator/index.js';

/** Polls a condition until it holds; fails after `timeoutMs` naming what it waited for. */
export async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A clock that moves only when the test says; pass `read` as the emulator's `now`. */
export class ManualClock {
  #now = Date.now();

  /** The current reading, ms. */
  readonly read = (): number => this.#now;

  /** Moves the clock and waits until the paced firehose has produced everything due. */
  async advance(emulator: RunningEmulator, ms: number): Promise<void> {
    this.#now += ms;
    await waitFor(
      () => (emulator.stats().firehose.producedThroughMs ?? 0) >= this.#now,
      30_000,
      'the paced firehose to catch up with the clock',
    );
  }
}

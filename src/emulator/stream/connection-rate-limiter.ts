/**
 * Connection-attempt rate limiting ("Connecting to a streaming endpoint", heading "Rate
 * limiting"): clients that reconnect too often get HTTP 420, and "every HTTP 420 received
 * increases the time you must wait". Every attempt counts in a sliding window, refused ones
 * included, so a client that keeps hammering stays limited until it backs off for a window.
 */

/** How many stream connection attempts a token may make in a window. */
export interface ConnectionRateLimit {
  readonly maxAttempts: number;
  readonly windowMs: number;
}

/** Sliding-window attempt counts per key (the token, or the client address without one). */
export class ConnectionRateLimiter {
  readonly #limit: ConnectionRateLimit;
  readonly #attempts = new Map<string, number[]>();

  constructor(limit: ConnectionRateLimit) {
    this.#limit = limit;
  }

  /** Records an attempt at `now` and says whether it is over the limit. */
  attempt(key: string, now: number): boolean {
    const since = now - this.#limit.windowMs;
    const times = (this.#attempts.get(key) ?? []).filter((time) => time > since);
    times.push(now);
    // Bounded: only the window's attempts are kept, and at most a few more than the limit.
    if (times.length > this.#limit.maxAttempts * 4)
      times.splice(0, times.length - this.#limit.maxAttempts * 4);
    this.#attempts.set(key, times);
    if (this.#attempts.size > 10_000) this.#forgetIdle(since);
    return times.length > this.#limit.maxAttempts;
  }

  #forgetIdle(since: number): void {
    for (const [key, times] of this.#attempts) {
      if ((times[times.length - 1] ?? 0) <= since) this.#attempts.delete(key);
    }
  }
}

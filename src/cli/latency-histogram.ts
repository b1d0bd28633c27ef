/**
 * Batch latencies for `spritzer load`: a log-scale histogram (1 % wide buckets from 1 µs to about
 * 3 h), so memory stays flat however many batches a run writes, and percentiles are within 1 %.
 */

const bucketsPerDecade = 230; // 10^(1/230) ≈ 1.01: each bucket is 1 % wide
const smallestMs = 0.001;
const decades = 10;

/** Counts latencies and answers percentiles. */
export class LatencyHistogram {
  readonly #counts = new Float64Array(bucketsPerDecade * decades + 1);
  #total = 0;

  /** Records one latency, in ms. */
  record(ms: number): void {
    const index = Math.min(
      this.#counts.length - 1,
      Math.max(0, Math.ceil(Math.log10(Math.max(ms, smallestMs) / smallestMs) * bucketsPerDecade)),
    );
    this.#counts[index] = (this.#counts[index] ?? 0) + 1;
    this.#total += 1;
  }

  /** How many latencies were recorded. */
  get count(): number {
    return this.#total;
  }

  /**
   * The latency at or below which `percent` of the recorded ones lie (the upper edge of its
   * bucket), in ms; `undefined` when nothing was recorded.
   *
   * @param percent - 0 < percent ≤ 100, e.g. 50 or 99
   */
  percentile(percent: number): number | undefined {
    if (this.#total === 0) return undefined;
    const rank = Math.ceil((percent / 100) * this.#total);
    let seen = 0;
    for (const [index, count] of this.#counts.entries()) {
      seen += count;
      if (seen >= rank) return smallestMs * 10 ** (index / bucketsPerDecade);
    }
    return undefined;
  }
}

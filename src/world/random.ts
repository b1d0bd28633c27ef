/**
 * Seeded randomness for the world. Every draw is a pure function of (seed, key): a counter-based
 * hash picks the starting state of a small PRNG, so any event can be made without making the ones
 * before it (random access), and two processes with the same seed agree byte for byte.
 */

/** 2^32, to split indices into two 32-bit halves. */
const twoTo32 = 4_294_967_296;

/**
 * Standard normal quantiles at 4,097 evenly spaced probabilities (the ends clamped at ±4.5σ),
 * from Acklam's rational approximation of the inverse normal CDF (relative error below 1.2e-9).
 * A normal draw is then one table lookup with linear interpolation instead of a log, a square
 * root and a cosine.
 */
const normalQuantiles: Float64Array = (() => {
  const size = 4096;
  const table = new Float64Array(size + 1);
  for (let step = 0; step <= size; step++) {
    const p = Math.min(Math.max(step / size, 3.4e-6), 1 - 3.4e-6);
    table[step] = inverseNormal(p);
  }
  return table;
})();

/** Acklam's inverse of the standard normal CDF. */
function inverseNormal(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

/**
 * The murmur3 32-bit finalizer: an invertible mix in which every input bit affects every output bit.
 *
 * @see https://github.com/aappleby/smhasher/blob/master/src/MurmurHash3.cpp (fmix32)
 */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes (seed, stream, key) to 32 bits. `key` may be any safe integer, negative too (the world's
 * pre-history has negative event indices); `stream` keeps unrelated uses of one key apart.
 */
export function hashKey(seed: number, stream: number, key: number): number {
  const high = Math.floor(key / twoTo32);
  const low = key - high * twoTo32;
  let h = mix32(seed ^ Math.imul(stream + 1, 0x9e37_79b9));
  h = mix32(h ^ low);
  h = mix32(h ^ Math.imul(high + 0x632b_e5ab, 0x2545_f491));
  return h;
}

/** A 32-bit hash mapped to [0, 1). */
export function hashUnit(seed: number, stream: number, key: number): number {
  return hashKey(seed, stream, key) / twoTo32;
}

/**
 * A small, fast PRNG (mulberry32) whose state is one 32-bit word. Not cryptographic; good enough
 * for synthetic data and 2–3 ns a draw.
 *
 * @see https://gist.github.com/tommyettinger/46a874533244883189143505d203312c (Mulberry32)
 */
export class Random {
  #state: number;

  /** @param state - the starting state, usually from {@link hashKey} */
  constructor(state: number) {
    this.#state = state | 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b_79f5) | 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / twoTo32;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    return Math.floor(this.next() * twoTo32);
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A uniform integer in [low, high] (inclusive). */
  between(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A standard normal deviate (the quantile table, interpolated; tails cut at ±4.5σ). */
  normal(): number {
    const position = this.next() * 4096;
    const step = Math.floor(position);
    const low = normalQuantiles[step] ?? 0;
    return low + ((normalQuantiles[step + 1] ?? low) - low) * (position - step);
  }

  /** A log-normal deviate with the given median and σ of its logarithm. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
}

/**
 * A weighted choice table: `choose(u)` maps a uniform draw to an index with probability
 * proportional to its weight (binary search over the cumulative weights).
 */
export class WeightedTable<T> {
  readonly items: readonly T[];
  readonly #cumulative: Float64Array;

  /** @param entries - [item, weight] pairs; weights must be non-negative and not all zero */
  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map(([item]) => item);
    this.#cumulative = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([, weight], index) => {
      total += weight;
      this.#cumulative[index] = total;
    });
    for (let index = 0; index < entries.length; index++) {
      this.#cumulative[index] = (this.#cumulative[index] ?? 0) / total;
    }
  }

  /** The item for a uniform draw in [0, 1). */
  choose(unit: number): T {
    const cumulative = this.#cumulative;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (unit < (cumulative[middle] ?? 1)) high = middle;
      else low = middle + 1;
    }
    return this.items[low] as T;
  }
}

/**
 * A rank in [0, n) from a Zipf law (frequency ∝ (rank+1)^-exponent), by the inverse of its
 * continuous approximation, so one draw costs one or two `pow`s.
 *
 * @param exponent - the Zipf exponent @default 1
 */
export function zipfRank(unit: number, n: number, exponent = 1): number {
  let rank: number;
  if (exponent === 1) {
    rank = Math.floor(Math.pow(n + 1, unit)) - 1;
  } else {
    const power = 1 - exponent;
    const top = Math.pow(n + 1, power);
    rank = Math.floor(Math.pow(1 + unit * (top - 1), 1 / power)) - 1;
  }
  return rank < 0 ? 0 : rank < n ? rank : n - 1;
}

/**
 * A rank in [0, n) from a shifted power law: weight ∝ (rank + offset)^-exponent, exponent < 1.
 * With exponent 0.9 and offset 100 the top 10 % of ranks take about 80 % of the draws, and the
 * single top rank well under 0.1 %.
 */
export function powerLawRank(unit: number, n: number, exponent: number, offset: number): number {
  const power = 1 - exponent;
  const low = Math.pow(offset, power);
  const high = Math.pow(n + offset, power);
  const rank = Math.floor(Math.pow(low + unit * (high - low), 1 / power) - offset);
  return rank < 0 ? 0 : rank < n ? rank : n - 1;
}

/**
 * The simulated clock: maps event indices to times and back, at a rate that follows a curve (daily
 * and weekly cycles, scripted bursts) given per second. Pure and random-access: the time of event
 * `i` depends only on the options, and is the same however the clock was reached.
 *
 * How: the expected number of events in each whole UTC second is `eventsPerSecond × factor(second)`.
 * The integer count of events before second `s` is the rounded running sum of those expectations
 * (summed in a fixed order, so every process gets the same integers). Events of one second are
 * spread evenly over its 1,000 milliseconds. Before the start (negative indices: the pre-history
 * that early retweets and replies point into) the rate is flat.
 */

const secondsPerDay = 86_400;

/** Where an event falls: its time and what its snowflake's low bits must keep unique. */
export interface EventTime {
  /** ms since the epoch */
  timeMs: number;
  /** position among the events that share this millisecond (the snowflake sequence) */
  sequence: number;
}

/** The rate curve: a multiplier of the mean rate for one UTC second (ms since the epoch). */
export type RateFactor = (secondStartMs: number) => number;

/** One second's events: indices [first, first + count). */
interface SecondSpan {
  first: number;
  count: number;
}

/** A simulated clock over one rate curve. */
export class SimulatedClock {
  /** Time of the first second, ms since the epoch (the start time truncated to a whole second). */
  readonly originMs: number;
  readonly eventsPerSecond: number;
  readonly #factor: RateFactor;
  /** Running float sum of expected events at the start of each day; grows as days are reached. */
  #dayStarts = new Float64Array(16);
  #daysKnown = 0;
  /** Bounded cache of per-day tables: running float sums at the start of each second. */
  readonly #dayTables = new Map<number, Float64Array>();

  /**
   * @param startTimeMs - time of event 0 (truncated to its second)
   * @param eventsPerSecond - mean rate
   * @param factor - the rate curve (1 = the mean)
   */
  constructor(startTimeMs: number, eventsPerSecond: number, factor: RateFactor) {
    this.originMs = Math.floor(startTimeMs / 1000) * 1000;
    this.eventsPerSecond = eventsPerSecond;
    this.#factor = factor;
    this.#dayStarts[0] = 0;
    this.#daysKnown = 1;
  }

  /** Integer count of events before second `second` (relative to the origin; may be negative). */
  eventsBefore(second: number): number {
    if (second <= 0) return Math.round(second * this.eventsPerSecond);
    const day = Math.floor(second / secondsPerDay);
    const within = second - day * secondsPerDay;
    return Math.round(this.#dayStart(day) + (this.#dayTable(day)[within] ?? 0));
  }

  /** The events of one second: the first index and how many. */
  span(second: number): SecondSpan {
    const first = this.eventsBefore(second);
    return { first, count: this.eventsBefore(second + 1) - first };
  }

  /** The second (relative to the origin) that holds event `index`. */
  secondOf(index: number): number {
    if (index < 0) {
      let second = Math.floor(index / this.eventsPerSecond);
      while (this.eventsBefore(second) > index) second -= 1;
      while (this.eventsBefore(second + 1) <= index) second += 1;
      return second;
    }
    let day = 0;
    while (Math.round(this.#dayStart(day + 1)) <= index) {
      day = day === 0 ? 1 : day * 2;
    }
    let low = day === 0 ? 0 : day >>> 1;
    let high = day;
    // Largest day whose start is <= index.
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (Math.round(this.#dayStart(middle)) <= index) low = middle;
      else high = middle - 1;
    }
    const table = this.#dayTable(low);
    const base = this.#dayStart(low);
    let first = 0;
    let last = secondsPerDay - 1;
    while (first < last) {
      const middle = (first + last + 1) >>> 1;
      if (Math.round(base + (table[middle] ?? 0)) <= index) first = middle;
      else last = middle - 1;
    }
    return low * secondsPerDay + first;
  }

  /** When event `index` happens and its sequence within its millisecond. */
  timeOf(index: number): EventTime {
    const second = this.secondOf(index);
    const first = this.eventsBefore(second);
    const count = this.eventsBefore(second + 1) - first;
    return placeInSecond(this.originMs + second * 1000, index - first, count);
  }

  /** The first event index at or after a time (ms since the epoch). */
  indexAt(timeMs: number): number {
    const relative = timeMs - this.originMs;
    const second = Math.floor(relative / 1000);
    const { first, count } = this.span(second);
    const millisecond = relative - second * 1000;
    return first + ceilDivide(Math.ceil(millisecond) * count, 1000);
  }

  /** Running float sum at the start of `day`, computing the days before it on first use. */
  #dayStart(day: number): number {
    while (this.#daysKnown <= day) {
      if (this.#daysKnown >= this.#dayStarts.length) {
        const grown = new Float64Array(this.#dayStarts.length * 2);
        grown.set(this.#dayStarts);
        this.#dayStarts = grown;
      }
      const previous = this.#daysKnown - 1;
      const table = this.#dayTable(previous);
      this.#dayStarts[this.#daysKnown] =
        (this.#dayStarts[previous] ?? 0) + (table[secondsPerDay] ?? 0);
      this.#daysKnown += 1;
    }
    return this.#dayStarts[day] ?? 0;
  }

  /** Per-second running sums within one day (86,401 entries), from a small bounded cache. */
  #dayTable(day: number): Float64Array {
    const cached = this.#dayTables.get(day);
    if (cached !== undefined) return cached;
    const table = new Float64Array(secondsPerDay + 1);
    const dayOriginMs = this.originMs + day * secondsPerDay * 1000;
    let sum = 0;
    for (let second = 0; second < secondsPerDay; second++) {
      table[second] = sum;
      sum += this.eventsPerSecond * this.#factor(dayOriginMs + second * 1000);
    }
    table[secondsPerDay] = sum;
    if (this.#dayTables.size >= 4) {
      const oldest = this.#dayTables.keys().next().value;
      if (oldest !== undefined) this.#dayTables.delete(oldest);
    }
    this.#dayTables.set(day, table);
    return table;
  }
}

/** Integer ceiling of a / b for non-negative integers. */
export function ceilDivide(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}

/**
 * The time and snowflake sequence of the `offset`-th of `count` events spread evenly over the
 * second starting at `secondStartMs`.
 */
export function placeInSecond(secondStartMs: number, offset: number, count: number): EventTime {
  const millisecond = Math.floor((offset * 1000) / count);
  return {
    timeMs: secondStartMs + millisecond,
    sequence: offset - ceilDivide(millisecond * count, 1000),
  };
}

/** The offsets (within a second of `count` events) whose millisecond lies in [fromMs, toMs). */
export function offsetsInMilliseconds(
  count: number,
  fromMs: number,
  toMs: number,
): [first: number, end: number] {
  return [ceilDivide(fromMs * count, 1000), ceilDivide(toMs * count, 1000)];
}

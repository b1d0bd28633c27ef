/**
 * Snowflake ids: 41 bits of milliseconds since Twitter's epoch, 10 bits of worker, 12 bits of
 * sequence. `(id >> 22) + 1288834974657` is the creation time in ms. Ids of 2013 and later exceed
 * 2^53, so they are handled here as decimal strings, without BigInt on the hot path.
 *
 * @see https://github.com/twitter-archive/snowflake/blob/snowflake-2010/README.mkdn
 */

/** Twitter's snowflake epoch: 2010-11-04T01:42:54.657Z, in ms since the Unix epoch. */
export const twitterEpochMs = 1_288_834_974_657;

/** 2^22: the width of the worker and sequence bits. */
const timeShift = 4_194_304;
const million = 1_000_000;
/** Zero-padded decimal strings of 0–9999 and 0–99, so an id is formatted by table lookups. */
const fourDigits: readonly string[] = Array.from({ length: 10_000 }, (_, value) =>
  String(value).padStart(4, '0'),
);
const twoDigits: readonly string[] = Array.from({ length: 100 }, (_, value) =>
  String(value).padStart(2, '0'),
);

/**
 * The decimal string of `timeMs`'s snowflake with the given low 22 bits (worker << 12 | sequence).
 * Exact for every time the 41-bit field can hold.
 *
 * @param timeMs - creation time, ms since the Unix epoch, at or after {@link twitterEpochMs}
 * @param lowBits - the worker and sequence bits, an integer in [0, 2^22)
 */
export function snowflakeId(timeMs: number, lowBits: number): string {
  const ticks = timeMs - twitterEpochMs;
  // id = ticks × 2^22 + lowBits = upper × 10^6 + lower, every intermediate below 2^53:
  // ticks = ticksHigh × 10^6 + ticksLow, so id = (ticksHigh × 2^22 + carry) × 10^6 + lower.
  const ticksHigh = Math.floor(ticks / million);
  const rest = (ticks - ticksHigh * million) * timeShift + lowBits;
  const carry = Math.floor(rest / million);
  const lower = rest - carry * million;
  const upper = ticksHigh * timeShift + carry;
  if (upper < 10_000) return upper === 0 ? String(lower) : String(upper * million + lower);
  // upper = top × 10^4 + middle; top stays a small integer (fast to format).
  const top = Math.floor(upper / 10_000);
  const middle = upper - top * 10_000;
  const lowerHigh = Math.floor(lower / 10_000);
  return (
    String(top) +
    (fourDigits[middle] ?? '') +
    (twoDigits[lowerHigh] ?? '') +
    (fourDigits[lower - lowerHigh * 10_000] ?? '')
  );
}

/** The creation time (ms since the Unix epoch) of a snowflake id given as a decimal string or bigint. */
export function snowflakeTimeMs(id: string | bigint): number {
  const value = typeof id === 'bigint' ? id : BigInt(id);
  return Number(value >> 22n) + twitterEpochMs;
}

/** Whether a decimal id string is a snowflake (created 2010-11-04 or later), not a sequential id. */
export function isSnowflake(id: string): boolean {
  return id.length >= 17;
}

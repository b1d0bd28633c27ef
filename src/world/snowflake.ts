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
const tenMillion = 10_000_000;

/**
 * The decimal string of `timeMs`'s snowflake with the given low 22 bits (worker << 12 | sequence).
 * Exact for every time the 41-bit field can hold.
 *
 * @param timeMs - creation time, ms since the Unix epoch, at or after {@link twitterEpochMs}
 * @param lowBits - the worker and sequence bits, an integer in [0, 2^22)
 */
export function snowflakeId(timeMs: number, lowBits: number): string {
  const ticks = timeMs - twitterEpochMs;
  // ticks * 2^22 + lowBits = high * 10^7 + low, with every intermediate below 2^53.
  const ticksHigh = Math.floor(ticks / tenMillion);
  const ticksLow = ticks - ticksHigh * tenMillion;
  let high = ticksHigh * timeShift;
  let low = ticksLow * timeShift + lowBits;
  const carry = Math.floor(low / tenMillion);
  high += carry;
  low -= carry * tenMillion;
  if (high === 0) return String(low);
  const lowText = String(low);
  return String(high) + '0000000'.slice(lowText.length) + lowText;
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

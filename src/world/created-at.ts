/**
 * The v1.1 `created_at` format, `Wed Oct 10 20:19:24 +0000 2018` (always UTC), built from cached
 * pieces: a stream at thousands of events a second repeats each date and second many times.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/data-dictionary/object-model/tweet (created_at)
 */

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const months = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;
const twoDigits: readonly string[] = Array.from({ length: 60 }, (_, value) =>
  value < 10 ? `0${value}` : String(value),
);
const dayMs = 86_400_000;

/**
 * Bounded caches of the date parts by day, direct-mapped: 8,192 days (22 years) hold every
 * account creation date of a population without collisions.
 */
const daySlots = 8192;
const cachedDays = new Float64Array(daySlots).fill(Number.NaN);
const cachedPrefixes: string[] = new Array<string>(daySlots).fill('');
const cachedSuffixes: string[] = new Array<string>(daySlots).fill('');

/**
 * Year, month (0–11) and day of the month of a day number (days since 1970-01-01), by Howard
 * Hinnant's `civil_from_days` (no Date object).
 *
 * @see https://howardhinnant.github.io/date_algorithms.html#civil_from_days
 */
function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthPrime = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthPrime + 2) / 5) + 1;
  const month = monthPrime < 10 ? monthPrime + 2 : monthPrime - 10;
  return [yearOfEra + era * 400 + (month <= 1 ? 1 : 0), month, day];
}

/** Formats a time (ms since the epoch) as `created_at`. */
export function formatCreatedAt(timeMs: number): string {
  const day = Math.floor(timeMs / dayMs);
  const slot = day & (daySlots - 1);
  if (cachedDays[slot] !== day) {
    const [year, month, date] = civilFromDays(day);
    cachedDays[slot] = day;
    // 1970-01-01 was a Thursday.
    cachedPrefixes[slot] =
      `${weekdays[(((day + 4) % 7) + 7) % 7] ?? ''} ${months[month] ?? ''} ${twoDigits[date] ?? ''} `;
    cachedSuffixes[slot] = ` +0000 ${year}`;
  }
  const seconds = Math.floor((timeMs - day * dayMs) / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor(seconds / 60) - hours * 60;
  // `HH:MM:SS` is under V8's 13-character minimum for a rope node, so it is made flat and the
  // result has three pieces, not seven (each piece costs when the message is written).
  const clock =
    (twoDigits[hours] ?? '') +
    ':' +
    (twoDigits[minutes] ?? '') +
    ':' +
    (twoDigits[seconds - hours * 3600 - minutes * 60] ?? '');
  return (cachedPrefixes[slot] ?? '') + clock + (cachedSuffixes[slot] ?? '');
}

/** A one-entry-per-slot cache of formatted seconds; bounded, so memory stays flat. */
export class CreatedAtCache {
  readonly #seconds = new Float64Array(64).fill(Number.NaN);
  readonly #texts: string[] = new Array<string>(64).fill('');

  /** `created_at` for a time in ms since the epoch. */
  format(timeMs: number): string {
    const second = Math.floor(timeMs / 1000);
    const slot = second & 63;
    if (this.#seconds[slot] === second) return this.#texts[slot] ?? '';
    const text = formatCreatedAt(second * 1000);
    // Kept flat: every message of that second repeats it as one piece.
    text.charCodeAt(0);
    this.#seconds[slot] = second;
    this.#texts[slot] = text;
    return text;
  }
}

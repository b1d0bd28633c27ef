/**
 * When people tweet: the rate curve (each language's daily cycle in its own time zone, a weekly
 * cycle and scripted bursts), the language of a tweet at a given time, and the hashtag bursts
 * ("flashmobs") that rise and fade over hours.
 *
 * Sources and choices: docs/world.md, "Time".
 */
import { hashKey, hashUnit, WeightedTable } from './random.js';
import type { LanguageProfile } from './vocabulary/index.js';

/**
 * A scripted burst: the rate rises to `peakMultiplier` times its usual value, and the extra
 * tweets are about one topic. Modelled on the record of 3 August 2013, when 143,199 tweets a
 * second (about 25 times the mean) followed one word in Japanese ("バルス", during *Castle in the
 * Sky*).
 */
export interface BurstScript {
  /** When it starts, ms since the epoch. */
  readonly startMs: number;
  /** How long it lasts, ms; the rate peaks after a tenth of it and falls back linearly. */
  readonly durationMs: number;
  /** The rate at the peak, as a multiple of the usual rate (> 1). */
  readonly peakMultiplier: number;
  /** The hashtag the extra tweets carry (without `#`). */
  readonly hashtag: string;
  /** The language of the extra tweets (a world language code); the usual mix when absent. */
  readonly language?: string;
}

/** Relative tweeting activity by local hour, 0:00 to 23:00 [C: shape of published diurnal curves]. */
const hourlyActivity = [
  1.1, 0.85, 0.62, 0.45, 0.36, 0.35, 0.42, 0.58, 0.76, 0.88, 0.95, 1.0, 1.05, 1.05, 1.04, 1.04,
  1.05, 1.08, 1.13, 1.2, 1.27, 1.32, 1.3, 1.22,
];
const hourlyMean = hourlyActivity.reduce((sum, value) => sum + value, 0) / 24;

/** Relative activity by UTC weekday, Sunday first [C: a few percent, weekends higher]. */
const weekdayActivity = [1.04, 0.99, 0.98, 0.98, 0.99, 0.99, 1.03];

const hourMs = 3_600_000;
const minuteMs = 60_000;
const languageStepMs = 600_000;
const burstStream = 31;

/** Local activity (mean 1 over a day) at an hour of the day, interpolated. */
function localActivity(localHour: number): number {
  const hour = ((localHour % 24) + 24) % 24;
  const base = Math.floor(hour);
  const fraction = hour - base;
  const from = hourlyActivity[base] ?? 1;
  const to = hourlyActivity[(base + 1) % 24] ?? 1;
  return (from + (to - from) * fraction) / hourlyMean;
}

/** A hashtag burst active at some moment, with the share of its language's tweets carrying it. */
export interface ActiveBurst {
  readonly language: number;
  readonly hashtag: string | undefined;
  /** For natural bursts: the rank of the tag in the language's long tail. */
  readonly tagRank: number;
  readonly share: number;
}

/** Options of the activity model. */
export interface ActivityOptions {
  readonly seed: number;
  readonly languages: readonly LanguageProfile[];
  /** Share of tweets whose language is undetermined (percent). */
  readonly undeterminedShare: number;
  readonly diurnal: boolean;
  readonly weekly: boolean;
  readonly bursts: readonly BurstScript[];
  /** Whether hashtags burst on their own (flashmobs). */
  readonly hashtagBursts: boolean;
}

/** The activity model. */
export class Activity {
  readonly #options: ActivityOptions;
  readonly #totalShare: number;
  readonly #languageCache = new Map<number, WeightedTable<number>>();
  readonly #burstCache = new Map<number, readonly ActiveBurst[]>();
  #smoothMinute = Number.NaN;
  #smoothValue = 1;

  constructor(options: ActivityOptions) {
    this.#options = options;
    this.#totalShare = options.languages.reduce((sum, language) => sum + language.share, 0);
  }

  /** The rate multiplier for the second starting at `timeMs` (mean about 1). */
  rateFactor(timeMs: number): number {
    // The daily and weekly curve is evaluated once a minute; bursts every second.
    const minute = Math.floor(timeMs / minuteMs);
    if (minute !== this.#smoothMinute) {
      this.#smoothMinute = minute;
      this.#smoothValue = this.smoothFactor(minute * minuteMs);
    }
    return this.#options.bursts.length === 0
      ? this.#smoothValue
      : this.#smoothValue * this.scriptedMultiplier(timeMs);
  }

  /** The daily and weekly curve without bursts. */
  smoothFactor(timeMs: number): number {
    const options = this.#options;
    let factor = 1;
    if (options.diurnal) {
      const utcHour = (timeMs % 86_400_000) / hourMs;
      let sum = 0;
      for (const language of options.languages) {
        sum += language.share * localActivity(utcHour + language.utcOffsetHours);
      }
      factor = sum / this.#totalShare;
    }
    if (options.weekly) {
      factor *= weekdayActivity[new Date(timeMs).getUTCDay()] ?? 1;
    }
    return factor;
  }

  /** The combined multiplier of the scripted bursts at a time (1 outside every burst). */
  scriptedMultiplier(timeMs: number): number {
    let multiplier = 1;
    for (const burst of this.#options.bursts) {
      multiplier += (burst.peakMultiplier - 1) * burstShape(burst, timeMs);
    }
    return multiplier;
  }

  /** The scripted burst a tweet at `timeMs` belongs to, given a uniform draw, if any. */
  scriptedBurstFor(timeMs: number, unit: number): BurstScript | undefined {
    const multiplier = this.scriptedMultiplier(timeMs);
    if (multiplier <= 1) return undefined;
    // The extra traffic (multiplier − 1 of every multiplier tweets) is about the bursts.
    let threshold = 0;
    for (const burst of this.#options.bursts) {
      threshold += ((burst.peakMultiplier - 1) * burstShape(burst, timeMs)) / multiplier;
      if (unit < threshold) return burst;
    }
    return undefined;
  }

  /**
   * The language position (index into the languages) of a tweet at a time, or −1 for `und`,
   * weighted by each language's share and its local time of day.
   */
  languageAt(timeMs: number, unit: number): number {
    // The weights change slowly: one table per ten minutes.
    const step = Math.floor(timeMs / languageStepMs);
    let table = this.#languageCache.get(step);
    if (table === undefined) {
      const options = this.#options;
      const utcHour = ((step * languageStepMs) % 86_400_000) / hourMs;
      const entries: [number, number][] = options.languages.map((language, position) => [
        position,
        language.share * (options.diurnal ? localActivity(utcHour + language.utcOffsetHours) : 1),
      ]);
      const known = entries.reduce((sum, [, weight]) => sum + weight, 0);
      entries.push([-1, (known * options.undeterminedShare) / this.#totalShare]);
      table = new WeightedTable(entries);
      if (this.#languageCache.size >= 4096) this.#languageCache.clear();
      this.#languageCache.set(step, table);
    }
    return table.choose(unit);
  }

  /**
   * The hashtag bursts active at a time. Each UTC hour may start one (probability 0.6): it peaks
   * at a random moment of that hour, with a peak share of 0.3–5 % of its language's tweets
   * (log-uniform), rises over a quarter of its decay time and decays exponentially with a time
   * constant of 15 minutes to 4 hours (log-uniform) [C, after LDBC's flashmob events].
   */
  hashtagBurstsAt(timeMs: number): readonly ActiveBurst[] {
    if (!this.#options.hashtagBursts) return [];
    const minute = Math.floor(timeMs / minuteMs);
    const cached = this.#burstCache.get(minute);
    if (cached !== undefined) return cached;
    const seed = this.#options.seed;
    const active: ActiveBurst[] = [];
    const hour = Math.floor(timeMs / hourMs);
    const languages = this.#options.languages;
    for (let start = hour - 18; start <= hour; start++) {
      if (hashUnit(seed, burstStream, start * 8) >= 0.6) continue;
      const peakMs = start * hourMs + hashUnit(seed, burstStream, start * 8 + 1) * hourMs;
      const decayMs = 900_000 * Math.pow(16, hashUnit(seed, burstStream, start * 8 + 2));
      const peakShare = 0.003 * Math.pow(5 / 0.3, hashUnit(seed, burstStream, start * 8 + 3));
      const distance = minute * minuteMs - peakMs;
      const intensity =
        distance < 0 ? Math.exp(distance / (decayMs / 4)) : Math.exp(-distance / decayMs);
      const share = peakShare * intensity;
      if (share < 1e-4) continue;
      const language = Math.floor(hashUnit(seed, burstStream, start * 8 + 4) * this.#totalShare);
      let position = 0;
      let cumulative = 0;
      for (; position < languages.length - 1; position++) {
        cumulative += languages[position]?.share ?? 0;
        if (language < cumulative) break;
      }
      active.push({
        language: position,
        hashtag: undefined,
        tagRank: 1000 + (hashKey(seed, burstStream, start * 8 + 5) % 1_000_000),
        share,
      });
    }
    if (this.#burstCache.size >= 4096) this.#burstCache.clear();
    this.#burstCache.set(minute, active);
    return active;
  }
}

/** A scripted burst's shape at a time: 0 outside, rising to 1 at a tenth, then falling to 0. */
function burstShape(burst: BurstScript, timeMs: number): number {
  const progress = (timeMs - burst.startMs) / burst.durationMs;
  if (progress <= 0 || progress >= 1) return 0;
  return progress < 0.1 ? progress / 0.1 : 1 - (progress - 0.1) / 0.9;
}

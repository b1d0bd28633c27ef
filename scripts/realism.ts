/**
 * `npm run realism [-- --count N] [--seed S]`: measures N events of the synthetic world, spread
 * evenly over one simulated day (so the daily language cycle averages out), and checks each
 * figure against its documented target (docs/world.md, "Realism targets"). Prints field-presence
 * frequencies, byte-size quantiles per kind, the tweet mix, geo and language shares, the hashtag
 * rank-frequency slope and the daily cycle; exits 1 when a figure is off target.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Tweet } from '../src/messages/tweet.js';
import { createWorld, defaultShares, type World, type WorldEvent } from '../src/world/index.js';

/** One checked figure. */
export interface RealismCheck {
  readonly name: string;
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly source: string;
}

/** What `measureRealism` found. */
export interface RealismReport {
  readonly events: number;
  readonly checks: readonly RealismCheck[];
  /** Printable sections. */
  readonly sections: readonly string[];
}

/** Language shares (percent of tweets), as documented; `und` is tweets of emoji only. */
const languageTargets: Readonly<Record<string, number>> = {
  en: 34,
  ja: 16,
  es: 12,
  'in+ms': 8,
  pt: 6,
  ar: 6,
  und: 6,
};

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/** Least-squares slope of log(frequency) on log(rank) over ranks 1..limit. */
function rankFrequencySlope(counts: readonly number[], limit: number): number {
  const sorted = [...counts].sort((a, b) => b - a).slice(0, limit);
  const points = sorted.map(
    (count, position) => [Math.log(position + 1), Math.log(count)] as const,
  );
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const [x, y] of points) {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  }
  return covariance / variance;
}

/** The top-level keys a tweet may carry, in stream order, for the presence table. */
const presenceKeys = [
  'display_text_range',
  'extended_tweet',
  'retweeted_status',
  'quoted_status',
  'quoted_status_permalink',
  'extended_entities',
  'possibly_sensitive',
  'place',
  'coordinates',
  'in_reply_to_status_id',
  'user.time_zone',
  'user.profile_banner_url',
  'user.url',
  'user.description',
] as const;

function present(tweet: Tweet, key: (typeof presenceKeys)[number]): boolean {
  switch (key) {
    case 'place':
    case 'coordinates':
    case 'in_reply_to_status_id':
      return tweet[key] !== null;
    case 'user.time_zone':
      return tweet.user.time_zone !== null;
    case 'user.profile_banner_url':
      return tweet.user.profile_banner_url !== undefined;
    case 'user.url':
      return tweet.user.url !== null;
    case 'user.description':
      return tweet.user.description !== null;
    default:
      return tweet[key] !== undefined;
  }
}

/**
 * Measures `count` events of a world, spread evenly over its first simulated day.
 *
 * @param world - the world to measure (default options are what the targets describe)
 * @param count - how many events to look at
 */
export function measureRealism(world: World, count: number): RealismReport {
  const perDay = world.indexAt(world.options.startTimeMs + 86_400_000);
  const step = Math.max(1, Math.floor(perDay / count));
  const events: WorldEvent[] = [];
  for (let position = 0; position < count; position++) events.push(world.event(position * step));

  const kinds = new Map<string, number>();
  const sizes = new Map<string, number[]>();
  const languages = new Map<string, number>();
  const hashtags = new Map<string, number>();
  const presence = new Map<string, number>();
  let tweets = 0;
  let statuses = 0;
  let coordinates = 0;
  let places = 0;
  let truncated = 0;
  let withMedia = 0;
  let withUrl = 0;
  let withHashtag = 0;
  let withMention = 0;
  for (const event of events) {
    const kind = event.tweetKind ?? event.kind;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    const sizeKind = kind === 'retweet' ? 'retweet' : event.kind === 'tweet' ? 'status' : 'notice';
    const list = sizes.get(sizeKind) ?? [];
    list.push(event.json.length);
    sizes.set(sizeKind, list);
    const tweet = event.tweet;
    if (tweet === undefined) continue;
    tweets += 1;
    (sizes.get('tweet') ?? sizes.set('tweet', []).get('tweet') ?? []).push(event.json.length);
    const lang = tweet.lang === 'in' || tweet.lang === 'ms' ? 'in+ms' : tweet.lang;
    languages.set(lang, (languages.get(lang) ?? 0) + 1);
    for (const key of presenceKeys)
      if (present(tweet, key)) presence.set(key, (presence.get(key) ?? 0) + 1);
    const entities = tweet.extended_tweet?.entities ?? tweet.entities;
    for (const hashtag of entities.hashtags) {
      const tag = hashtag.text.toLowerCase();
      hashtags.set(tag, (hashtags.get(tag) ?? 0) + 1);
    }
    if (tweet.retweeted_status !== undefined) continue;
    statuses += 1;
    if (tweet.coordinates !== null) coordinates += 1;
    if (tweet.place !== null) places += 1;
    if (tweet.truncated) truncated += 1;
    if ((tweet.extended_tweet?.extended_entities ?? tweet.extended_entities) !== undefined)
      withMedia += 1;
    if (entities.urls.length > 0) withUrl += 1;
    if (entities.hashtags.length > 0) withHashtag += 1;
    if (entities.user_mentions.length > (tweet.in_reply_to_status_id_str === null ? 0 : 1))
      withMention += 1;
  }
  for (const list of sizes.values()) list.sort((a, b) => a - b);
  const statusSizes = sizes.get('status') ?? [];
  const retweetSizes = sizes.get('retweet') ?? [];
  const tweetSizes = sizes.get('tweet') ?? [];
  const kindShare = (kind: string): number => share(kinds.get(kind) ?? 0, tweets);
  const slope = rankFrequencySlope([...hashtags.values()], 200);

  // The daily cycle, from the clock alone: events in each UTC hour of the first day.
  const hourly: number[] = [];
  for (let hour = 0; hour < 24; hour++) {
    const from = world.indexAt(world.options.startTimeMs + hour * 3_600_000);
    const to = world.indexAt(world.options.startTimeMs + (hour + 1) * 3_600_000);
    hourly.push(to - from);
  }
  const peakToTrough = Math.max(...hourly) / Math.min(...hourly);

  const shares = defaultShares;
  const checks: RealismCheck[] = [
    {
      name: 'retweet share of tweets',
      value: kindShare('retweet'),
      low: shares.retweet - 0.03,
      high: shares.retweet + 0.03,
      source: 'default mix',
    },
    {
      name: 'reply share of tweets',
      value: kindShare('reply'),
      low: shares.reply - 0.025,
      high: shares.reply + 0.025,
      source: 'default mix',
    },
    {
      name: 'quote share of tweets',
      value: kindShare('quote'),
      low: shares.quote - 0.015,
      high: shares.quote + 0.015,
      source: 'default mix',
    },
    {
      name: 'delete share of events',
      value: share(kinds.get('delete') ?? 0, events.length),
      low: shares.delete - 0.008,
      high: shares.delete + 0.008,
      source: 'default mix',
    },
    {
      name: 'coordinates share of statuses',
      value: share(coordinates, statuses),
      low: 0.004,
      high: 0.018,
      source: 'Twitter tutorial: 1–2 % of Tweets geotagged',
    },
    {
      name: 'place share of statuses',
      value: share(places, statuses),
      low: 0.012,
      high: 0.03,
      source: 'Leetaru et al. 2013: Place on 1.8 %',
    },
    {
      name: 'truncated (>140) share of statuses',
      value: share(truncated, statuses),
      low: 0.03,
      high: 0.1,
      source: 'Twitter, Nov 2017: 5 % over 140',
    },
    {
      name: 'median status bytes',
      value: quantile(statusSizes, 0.5),
      low: 2000,
      high: 3000,
      source: 'median original about 2.5 KB',
    },
    {
      name: 'median retweet bytes',
      value: quantile(retweetSizes, 0.5),
      low: 4800,
      high: 7200,
      source: 'retweet about 6 KB',
    },
    {
      name: 'p90 tweet bytes',
      value: quantile(tweetSizes, 0.9),
      low: 5600,
      high: 8400,
      source: 'p90 about 7 KB',
    },
    {
      name: 'hashtag rank-frequency slope (top 200)',
      value: slope,
      low: -1.4,
      high: -0.6,
      source: 'Zipf (Chen et al. 2020)',
    },
    {
      name: 'daily peak / trough (hourly volume)',
      value: peakToTrough,
      low: 1.3,
      high: 4,
      source: 'diurnal cycle',
    },
  ];
  for (const [lang, target] of Object.entries(languageTargets)) {
    const tolerance = Math.max(1.5, target * 0.15);
    checks.push({
      name: `lang ${lang} share (%)`,
      value: 100 * share(languages.get(lang) ?? 0, tweets),
      low: target - tolerance,
      high: target + tolerance,
      source: 'Semiocast 2013',
    });
  }

  const format = (value: number): string =>
    Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(3);
  const sections = [
    `Events: ${events.length} (one every ${step} events of a ${perDay}-event day); tweets ${tweets}`,
    'Mix: ' +
      [...kinds.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, number]) => `${kind} ${(100 * share(number, events.length)).toFixed(2)} %`)
        .join(', '),
    'Bytes (p10 / p50 / p90 / p99): ' +
      [...sizes.entries()]
        .map(
          ([kind, list]) =>
            `${kind} ${[0.1, 0.5, 0.9, 0.99].map((q) => quantile(list, q)).join(' / ')}`,
        )
        .join('; '),
    'Field presence in tweets: ' +
      presenceKeys
        .map((key) => `${key} ${(100 * share(presence.get(key) ?? 0, tweets)).toFixed(1)} %`)
        .join(', '),
    `Statuses (not retweets) with media ${(100 * share(withMedia, statuses)).toFixed(1)} %, links ${(100 * share(withUrl, statuses)).toFixed(1)} %, hashtags ${(100 * share(withHashtag, statuses)).toFixed(1)} %, mentions ${(100 * share(withMention, statuses)).toFixed(1)} %`,
    'Languages: ' +
      [...languages.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([lang, number]) => `${lang} ${(100 * share(number, tweets)).toFixed(1)} %`)
        .join(', '),
    `Hashtags: ${hashtags.size} distinct; top ${[...hashtags.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([tag, n]) => `#${tag} ${n}`)
      .join(', ')}`,
    `Events per UTC hour of day 1: ${hourly.join(' ')}`,
    'Checks:',
    ...checks.map((check) => {
      const ok = check.value >= check.low && check.value <= check.high;
      return `  ${ok ? 'ok  ' : 'OFF '} ${check.name.padEnd(40)} ${format(check.value).padStart(9)}  target ${format(check.low)}–${format(check.high)}  (${check.source})`;
    }),
  ];
  return { events: events.length, checks, sections };
}

/** Whether every check is within its target. */
export function realismPasses(report: RealismReport): boolean {
  return report.checks.every((check) => check.value >= check.low && check.value <= check.high);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
    },
  });
  const count = Number(values.count);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(count) || count < 1000) {
    console.error('realism: --count must be an integer of at least 1000');
    process.exit(2);
  }
  const report = measureRealism(createWorld({ seed }), count);
  for (const section of report.sections) console.log(section);
  const passes = realismPasses(report);
  console.log(passes ? 'All figures on target.' : 'Some figures are off target (OFF above).');
  process.exitCode = passes ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();

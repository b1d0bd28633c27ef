/**
 * The synthetic world: a firehose of v1.1 messages where event `i` is a pure function of
 * (options, i). Tweets, retweets, quotes and replies point at earlier events of the same stream
 * (so a retweet's `retweeted_status` is byte-for-byte the original it repeats, counts aside), and
 * deletes point at tweets the stream carries.
 *
 * Draw order for every event (kept fixed so an event's kind and author can be recomputed from a
 * few draws when another event points at it): kind, tweet kind, burst, language, group of an
 * `und` tweet, author rank; then everything else.
 */
import type { Tweet } from '../messages/tweet.js';
import { Activity, type BurstScript } from './activity.js';
import { placeInSecond, offsetsInMilliseconds, SimulatedClock } from './clock.js';
import { CreatedAtCache } from './created-at.js';
import { resolveWorldOptions, type ResolvedWorldOptions } from './options.js';
import { RecentCache } from './recent-cache.js';
import { roundCoordinate } from './places.js';
import { hashKey, hashUnit, powerLawRank, Random, WeightedTable, zipfRank } from './random.js';
import { type Segment, space, totalLength } from './segment.js';
import { snowflakeId } from './snowflake.js';
import {
  noReply,
  renderCompatText,
  renderRetweetText,
  replyFields,
  writeStatusParts,
  zeroCounts,
} from './status-json.js';
import {
  displayUrl,
  hashtagSegment,
  hashtagsPerLanguage,
  type LanguageRuntime,
  makeLanguageRuntime,
  mediaSegment,
  mentionSegment,
  namedHashtagSegment,
  randomLink,
  tcoCode,
  urlJsonBody,
  urlSegment,
  writeBody,
} from './text-writer.js';
import type { TweetKind, WorldEvent, WorldEventKind, WorldOptions, WorldShares } from './types.js';
import { type UserRecord, UserPopulation } from './users.js';
import { languages, undeterminedShare } from './vocabulary/index.js';
import { sources } from './vocabulary/sources.js';
import { jsonString } from './json-escape.js';

/** The sample window: snowflake milliseconds 657–666 of each second (falcondai, "666", 2013). */
export const sampleWindowStartMs = 657;
/** End (exclusive) of the sample window. */
export const sampleWindowEndMs = 667;

/** Whether a tweet id (decimal string or bigint) or a time in ms falls in the 1 % sample window. */
export function isSampled(tweetIdOrTimestamp: string | bigint | number): boolean {
  let timeMs: number;
  if (typeof tweetIdOrTimestamp === 'number') {
    timeMs = tweetIdOrTimestamp;
  } else {
    const id =
      typeof tweetIdOrTimestamp === 'bigint' ? tweetIdOrTimestamp : BigInt(tweetIdOrTimestamp);
    timeMs = Number(id >> 22n) + 1_288_834_974_657;
  }
  const millisecond = ((timeMs % 1000) + 1000) % 1000;
  return millisecond >= sampleWindowStartMs && millisecond < sampleWindowEndMs;
}

/** Every kind an event can be, internally. */
type EventType = TweetKind | Exclude<WorldEventKind, 'tweet'>;

const eventStream = 1;
const workerStream = 2;
const cascadeStream = 3;
const viralityStream = 4;
const deleteStream = 5;
/** Most index classes of firehose deletes (each class has one delay; see `deleteShifts`). */
const maxDeleteClasses = 4096;
/** Cascades: each ten-minute epoch has 32 hot statuses. */
const hotEpochMs = 600_000;
const hotSlots = 32;
/** Share of statuses that are catchy: the ones cascades pick [C]. */
const catchyShare = 0.3;
/** Zipf exponent of hashtag popularity within a language [C: fits the global slope near −1]. */
const hashtagExponent = 1.2;

const withheldCountries = ['DE', 'FR', 'TR', 'IN', 'RU', 'GB', 'AR', 'BR', 'JP', 'KR', 'IL', 'AT'];
const sourceTable = new WeightedTable(
  sources.map(([html, weight]) => [jsonString(html), weight] as const),
);
const filterLevels = new WeightedTable<string>([
  ['low', 90],
  ['none', 7],
  ['medium', 3],
]);

/** A non-retweet status, kept so retweets, quotes and deletes can point at it. */
interface StatusCore {
  readonly index: number;
  readonly type: 'original' | 'reply' | 'quote';
  readonly idStr: string;
  readonly timeMs: number;
  /** The author (only what statuses pointing here need, so a cached core keeps little). */
  readonly user: Pick<UserRecord, 'idStr' | 'screenName' | 'nameJson'>;
  /** Language group of the author. */
  readonly group: number;
  readonly lang: string;
  /** The whole text. */
  readonly segments: readonly Segment[];
  /** From `{"created_at"` to `extended_tweet` (everything before the counts). */
  readonly front: string;
  /** From `,"entities"` to `"lang":"…"` (no closing brace). */
  readonly back: string;
  /** For quotes, the quoted status fields a retweet of it repeats; '' otherwise. */
  readonly quoteJson: string;
  readonly hasLinks: boolean;
}

/**
 * A status that retweets and quotes point at, as cached: flat strings and no object graph (its
 * text is kept only as the retweet text made of it), so a cache of thousands stays cheap for the
 * garbage collector, and each retweet of it reuses its `RT @…` text and entities.
 */
interface CachedStatus extends Omit<StatusCore, 'segments'> {
  /** A retweet's `"text":"RT @user: …"` field. */
  readonly retweetTextJson: string;
  /** A retweet's `,"entities":…` (and `,"extended_entities":…`) fields. */
  readonly retweetEntitiesJson: string;
}

/** The first draws of an event: its kind, the status it points at, its language and author. */
interface EventHead {
  readonly random: Random;
  readonly type: EventType;
  readonly burst: BurstScript | undefined;
  /** Language runtime of the author's group. */
  readonly runtime: LanguageRuntime;
  /** Whether the tweet is `und` (emoji only). */
  readonly undetermined: boolean;
  readonly catchy: boolean;
  /** The status a retweet, reply or quote points at (−1 for other events). */
  readonly target: number;
  /** The target's own draws, when they were made to learn its language (reused to build it). */
  readonly targetDraws: HeadDraws | undefined;
  /** Whether the target is a hot status of its epoch (one that many events point at). */
  readonly hotTarget: boolean;
  readonly user: UserRecord;
}

/** An event head before its author is made: what `#groupOf` needs of a target. */
interface HeadDraws {
  readonly random: Random;
  readonly type: EventType;
  readonly burst: BurstScript | undefined;
  readonly group: number;
  readonly undetermined: boolean;
  readonly target: number;
  readonly targetDraws: HeadDraws | undefined;
  /** Whether the target is a hot status of its epoch (see `#findTarget`). */
  readonly hotTarget: boolean;
  /** Whether the status is the kind that gets retweeted (see `catchyShare`). */
  readonly catchy: boolean;
  readonly rankUnit: number;
}

/** An event's draws before its language is known (see `#firstDraws`). */
interface FirstDraws {
  readonly random: Random;
  readonly type: EventType;
  readonly burstUnit: number;
  readonly languageUnit: number;
  readonly groupUnit: number;
  readonly rankUnit: number;
  readonly appealUnit: number;
  /** Whether it is a retweet, reply or quote, which points at an earlier status. */
  readonly points: boolean;
  /** The status it points at (negative indices are the stream's pre-history); -1 if none. */
  readonly target: number;
  readonly hotTarget: boolean;
}

/**
 * The draws of a retweet, reply or quote: the language of its target; a retweet of an
 * undetermined-language status is undetermined too.
 *
 * @param targetDraws - the target's draws when it had to be drawn (no cached core), for reuse
 */
function pointingDraws(
  first: FirstDraws,
  targetGroup: number,
  targetUndetermined: boolean,
  targetDraws: HeadDraws | undefined,
): HeadDraws {
  return {
    random: first.random,
    type: first.type,
    burst: undefined,
    catchy: false,
    group: targetGroup,
    undetermined: first.type === 'retweet' && targetUndetermined,
    target: first.target,
    targetDraws,
    hotTarget: first.hotTarget,
    rankUnit: first.rankUnit,
  };
}

/** A generated event; `tweet` is parsed from `json` on first access. */
class GeneratedEvent implements WorldEvent {
  readonly index: number;
  readonly kind: WorldEventKind;
  readonly tweetKind: TweetKind | undefined;
  readonly timestampMs: number;
  readonly json: string;
  readonly statusId: string | undefined;
  readonly userId: string | undefined;
  #tweet: Tweet | undefined;

  constructor(
    index: number,
    kind: WorldEventKind,
    tweetKind: TweetKind | undefined,
    timestampMs: number,
    json: string,
    statusId: string | undefined,
    userId: string | undefined,
  ) {
    this.index = index;
    this.kind = kind;
    this.tweetKind = tweetKind;
    this.timestampMs = timestampMs;
    this.json = json;
    this.statusId = statusId;
    this.userId = userId;
  }

  get tweet(): Tweet | undefined {
    if (this.kind !== 'tweet') return undefined;
    this.#tweet ??= JSON.parse(this.json) as Tweet;
    return this.#tweet;
  }
}

/** The generator behind a world. */
export class WorldGenerator {
  readonly options: ResolvedWorldOptions;
  readonly clock: SimulatedClock;
  readonly users: UserPopulation;
  readonly activity: Activity;
  readonly runtimes: readonly LanguageRuntime[];
  readonly #seed: number;
  readonly #createdAt = new CreatedAtCache();
  readonly #cores = new RecentCache<number, CachedStatus>(4096);
  /** Whether the last `#findTarget` chose a hot status (read right after the call). */
  #targetWasHot = false;
  readonly #groupTable: WeightedTable<number>;
  readonly #burstLanguages: Map<BurstScript, number>;
  /** Per language: 0.35 (geo-enabled users) × its geotagging rate relative to the mean. */
  readonly #geoScale: readonly number[];
  /** Thresholds of the event kinds on the first draw. */
  readonly #thresholds: readonly number[];
  /** Per index class, how far a firehose delete's tweet is from it, in events. */
  readonly #deleteShifts: Float64Array;

  constructor(options: WorldOptions = {}) {
    const resolved = resolveWorldOptions(options);
    this.options = resolved;
    this.#seed = resolved.seed;
    this.runtimes = languages.map(makeLanguageRuntime);
    this.#burstLanguages = new Map(
      resolved.bursts.map((burst, position) => {
        const language = burst.language;
        if (language === undefined) return [burst, -1];
        const found = languages.findIndex((profile) => profile.code === language);
        if (found < 0) {
          throw new RangeError(
            `options.clock.bursts[${position}].language "${language}" is not a world language (${languages.map((profile) => profile.code).join(', ')})`,
          );
        }
        return [burst, found];
      }),
    );
    this.activity = new Activity({
      seed: resolved.seed,
      languages,
      // Only originals and quotes draw `und` (replies are written in the replier's language and
      // retweets take their original's), so they draw it more often for the share to hold.
      undeterminedShare: undeterminedDrawShare(resolved.shares),
      diurnal: resolved.diurnal,
      weekly: resolved.weekly,
      bursts: resolved.bursts,
      hashtagBursts: resolved.hashtagBursts,
    });
    this.clock = new SimulatedClock(resolved.startTimeMs, resolved.eventsPerSecond, (timeMs) =>
      this.activity.rateFactor(timeMs),
    );
    this.users = new UserPopulation(
      resolved.seed,
      resolved.users,
      languages,
      resolved.startTimeMs - 86_400_000,
    );
    this.#groupTable = new WeightedTable(
      languages.map((profile, position) => [position, profile.share]),
    );
    const totalShare = languages.reduce((sum, language) => sum + language.share, 0);
    const meanGeoTagging =
      languages.reduce((sum, language) => sum + language.share * language.geoTagging, 0) /
      totalShare;
    this.#geoScale = languages.map((language) => (0.35 * meanGeoTagging) / language.geoTagging);
    const shares = resolved.shares;
    const compliance = [shares.delete, shares.scrubGeo, shares.statusWithheld, shares.userWithheld];
    let cumulative = 0;
    this.#thresholds = compliance.map((share) => (cumulative += share));
    this.#deleteShifts = deleteShifts(
      resolved.seed,
      shares.deleteBeforeTweet,
      resolved.eventsPerSecond,
    );
  }

  /** Whether a status is catchy (its seventh draw). */
  #isCatchy(index: number): boolean {
    const random = new Random(hashKey(this.#seed, eventStream, index));
    for (let draw = 0; draw < 6; draw++) random.next();
    return random.next() < catchyShare;
  }

  /** The type of an event from its first two draws. */
  typeOf(index: number): EventType {
    const random = new Random(hashKey(this.#seed, eventStream, index));
    return this.#type(random);
  }

  #type(random: Random): EventType {
    const unit = random.next();
    const thresholds = this.#thresholds;
    const tweetUnit = random.next();
    if (unit < (thresholds[0] ?? 0)) return 'delete';
    if (unit < (thresholds[1] ?? 0)) return 'scrub_geo';
    if (unit < (thresholds[2] ?? 0)) return 'status_withheld';
    if (unit < (thresholds[3] ?? 0)) return 'user_withheld';
    const shares = this.options.shares;
    if (tweetUnit < shares.retweet) return 'retweet';
    if (tweetUnit < shares.retweet + shares.reply) return 'reply';
    if (tweetUnit < shares.retweet + shares.reply + shares.quote) return 'quote';
    return 'original';
  }

  /** The kind, target, language and author of an event (its first draws). */
  #head(index: number, timeMs: number): EventHead {
    return this.#headFrom(this.#draws(index, timeMs));
  }

  /** An event head from its draws: the author is made here. */
  #headFrom(draws: HeadDraws): EventHead {
    const groupSize = this.users.groupSize(draws.group);
    // Activity: weight ∝ (rank + 100)^-0.9 within the group (docs/world.md, "Users").
    const rank = powerLawRank(draws.rankUnit, groupSize, 0.9, 100);
    return {
      random: draws.random,
      type: draws.type,
      burst: draws.burst,
      runtime: this.runtimes[draws.group] as LanguageRuntime,
      undetermined: draws.undetermined,
      catchy: draws.catchy,
      target: draws.target,
      targetDraws: draws.targetDraws,
      hotTarget: draws.hotTarget,
      user: this.users.get(this.users.indexOf(draws.group, rank)),
    };
  }

  /**
   * The first draws of event `index`: kind; then, for a retweet, reply or quote, the status it
   * points at (whose language it takes: people retweet and answer in their language); otherwise
   * the language by time of day (or a scripted burst's).
   *
   * A status takes the language of the status it points at, which may point at another one: the
   * chain is followed back to a status that points at nothing (or whose core is cached, which
   * holds the same result), so the draws are a pure function of the index, whichever event asks
   * and whatever is cached. Iteratively: in a world of replies to replies a chain can be
   * thousands long.
   */
  #draws(index: number, timeMs: number): HeadDraws {
    const chain: FirstDraws[] = [];
    let current = index;
    let currentTimeMs = timeMs;
    let resolved: HeadDraws;
    for (;;) {
      const first = this.#firstDraws(current, currentTimeMs);
      if (!first.points) {
        resolved = this.#rootDraws(first, currentTimeMs);
        break;
      }
      const targetCore = this.#cores.get(first.target);
      if (targetCore !== undefined) {
        resolved = pointingDraws(first, targetCore.group, targetCore.lang === 'und', undefined);
        break;
      }
      chain.push(first);
      current = first.target;
      currentTimeMs = this.clock.timeOf(current).timeMs;
    }
    // Back along the chain: each status takes the language of the one it points at.
    for (let link = chain.length - 1; link >= 0; link--) {
      resolved = pointingDraws(
        chain[link] as FirstDraws,
        resolved.group,
        resolved.undetermined,
        resolved,
      );
    }
    return resolved;
  }

  /** An event's draws before its language: kind, the units, and what it points at (or -1). */
  #firstDraws(index: number, timeMs: number): FirstDraws {
    const random = new Random(hashKey(this.#seed, eventStream, index));
    const type = this.#type(random);
    const burstUnit = random.next();
    const languageUnit = random.next();
    const groupUnit = random.next();
    const rankUnit = random.next();
    const appealUnit = random.next();
    const points = type === 'retweet' || type === 'reply' || type === 'quote';
    let target = -1;
    let hotTarget = false;
    if (points) {
      target = this.#findTarget(index, timeMs, random, type);
      hotTarget = this.#targetWasHot;
    }
    return {
      random,
      type,
      points,
      burstUnit,
      languageUnit,
      groupUnit,
      rankUnit,
      appealUnit,
      target,
      hotTarget,
    };
  }

  /** The draws of an event that points at nothing: its language by time of day or burst. */
  #rootDraws(first: FirstDraws, timeMs: number): HeadDraws {
    const { type, burstUnit } = first;
    const burst =
      type === 'original' && this.options.bursts.length > 0
        ? this.activity.scriptedBurstFor(timeMs, burstUnit)
        : undefined;
    let group = this.activity.languageAt(timeMs, first.languageUnit);
    const burstLanguage = burst === undefined ? -1 : (this.#burstLanguages.get(burst) ?? -1);
    if (burstLanguage >= 0) group = burstLanguage;
    const undetermined = group < 0 && type !== 'reply';
    if (group < 0) group = this.#groupTable.choose(first.groupUnit);
    return {
      random: first.random,
      type,
      burst,
      catchy: first.appealUnit < catchyShare,
      group,
      undetermined,
      target: first.target,
      targetDraws: undefined,
      hotTarget: first.hotTarget,
      rankUnit: first.rankUnit,
    };
  }

  /** The snowflake id of an event. */
  idOf(index: number, timeMs: number, sequence: number): string {
    const worker = hashKey(this.#seed, workerStream, index) & 0x3ff;
    return snowflakeId(timeMs, ((worker << 12) + sequence) & 0x3f_ffff);
  }

  /** Builds event `index`, whose time is known. */
  build(index: number, timeMs: number, sequence: number): WorldEvent {
    const head = this.#head(index, timeMs);
    switch (head.type) {
      case 'original':
      case 'reply':
      case 'quote': {
        const core = this.#core(index, timeMs, sequence, head);
        const json = `${core.front}${zeroCounts}${core.back},"timestamp_ms":"${timeMs}"}`;
        return new GeneratedEvent(
          index,
          'tweet',
          head.type,
          timeMs,
          json,
          core.idStr,
          core.user.idStr,
        );
      }
      case 'retweet':
        return this.#retweet(index, timeMs, sequence, head);
      case 'delete':
        return this.#delete(index, timeMs, head.random);
      case 'scrub_geo':
        return this.#scrubGeo(index, timeMs, head.random);
      case 'status_withheld':
        return this.#statusWithheld(index, timeMs, head.random);
      case 'user_withheld':
        return this.#userWithheld(index, timeMs, head.random);
    }
  }

  /**
   * The core of a status that a retweet or quote points at, cached when `keep`: cascades send
   * many retweets to the same few (hot) statuses. Other statuses are rarely pointed at twice, and
   * caching them would only make garbage-collector work (every cached core survives into the old
   * generation; docs/world.md, "Speed").
   */
  #coreAt(index: number, draws: HeadDraws | undefined, keep: boolean): CachedStatus {
    const cached = this.#cores.get(index);
    if (cached !== undefined) return cached;
    const { timeMs, sequence } = this.clock.timeOf(index);
    const head = draws === undefined ? this.#head(index, timeMs) : this.#headFrom(draws);
    const made = this.#makeCore(index, timeMs, sequence, head);
    const author = made.user;
    const text = renderRetweetText(
      mentionSegment(author.screenName, author.nameJson, author.idStr),
      made.segments,
      { statusIdStr: made.idStr, userIdStr: author.idStr },
    );
    const extendedEntities = text.entities.extendedEntities;
    const core: CachedStatus = {
      index,
      type: made.type,
      idStr: made.idStr,
      timeMs: made.timeMs,
      user: made.user,
      group: made.group,
      lang: made.lang,
      front: made.front,
      back: made.back,
      quoteJson: made.quoteJson,
      hasLinks: made.hasLinks,
      retweetTextJson: text.textJson,
      retweetEntitiesJson:
        `,"entities":${text.entities.entities}` +
        (extendedEntities === '' ? '' : `,"extended_entities":${extendedEntities}`),
    };
    if (!keep) return core;
    // Cached strings are kept flat (one object each) rather than as trees of pieces.
    core.front.charCodeAt(0);
    core.back.charCodeAt(0);
    core.retweetTextJson.charCodeAt(0);
    core.retweetEntitiesJson.charCodeAt(0);
    this.#cores.set(index, core);
    return core;
  }

  /** The core of a status, from the cache when it was pointed at before. */
  #core(
    index: number,
    timeMs: number,
    sequence: number,
    head: EventHead,
  ): Omit<StatusCore, 'segments'> {
    return this.#cores.get(index) ?? this.#makeCore(index, timeMs, sequence, head);
  }

  #makeCore(index: number, timeMs: number, sequence: number, head: EventHead): StatusCore {
    const { random, runtime, user } = head;
    const type = head.type as StatusCore['type'];
    const shares = this.options.shares;
    const idStr = this.idOf(index, timeMs, sequence);
    const segments: Segment[] = [];
    let replyJson = noReply;
    if (type === 'reply') {
      const target = head.target;
      const { timeMs: targetTime, sequence: targetSequence } = this.clock.timeOf(target);
      const targetUser = this.#head(target, targetTime).user;
      const targetId = this.idOf(target, targetTime, targetSequence);
      segments.push(
        mentionSegment(targetUser.screenName, targetUser.nameJson, targetUser.idStr),
        space,
      );
      if (random.chance(0.15)) {
        const other = this.#popularUser(runtime, random);
        if (other.index !== targetUser.index) {
          segments.push(mentionSegment(other.screenName, other.nameJson, other.idStr), space);
        }
      }
      replyJson = replyFields(targetId, targetUser.idStr, targetUser.screenName);
    }
    const displayStart = totalLength(segments);
    let quoteJson = '';
    if (type === 'quote') {
      const quoted = this.#coreAt(head.target, head.targetDraws, head.hotTarget);
      const handle = quoted.user.screenName.toLowerCase();
      const permalink = `https://twitter.com/${handle}/status/${quoted.idStr}`;
      quoteJson =
        `,"quoted_status_id":${quoted.idStr},"quoted_status_id_str":"${quoted.idStr}",` +
        `"quoted_status":${this.#nested(quoted, timeMs, 'quoted')},"quoted_status_permalink":` +
        `{"url":"https:\\/\\/t.co\\/${tcoCode(random)}","expanded":"${urlJsonBody(permalink)}",` +
        `"display":"${urlJsonBody(displayUrl(permalink))}"}`;
    }
    // What the body carries [C: docs/world.md, "Text"].
    const reactionOnly = head.undetermined;
    const hashtags: Segment[] = [];
    if (head.burst !== undefined) hashtags.push(namedHashtagSegment(head.burst.hashtag));
    const bursts = this.activity.hashtagBurstsAt(timeMs);
    const burstUnit = random.next();
    let burstSum = 0;
    for (const burst of bursts) {
      if (burst.language !== runtime.position) continue;
      burstSum += burst.share;
      if (burstUnit < burstSum) {
        hashtags.push(hashtagSegment(runtime, burst.tagRank));
        break;
      }
    }
    const appeal = head.catchy ? 1.8 : 1;
    if (!reactionOnly && random.chance(0.12 * appeal)) {
      const count = 1 + (random.chance(0.25) ? 1 + (random.chance(0.3) ? 1 : 0) : 0);
      for (let number = 0; number < count; number++) {
        hashtags.push(
          hashtagSegment(runtime, zipfRank(random.next(), hashtagsPerLanguage, hashtagExponent)),
        );
      }
    }
    const mentions: Segment[] = [];
    if (!reactionOnly && random.chance(type === 'original' ? 0.12 : 0.04)) {
      const mentioned = this.#popularUser(runtime, random);
      mentions.push(mentionSegment(mentioned.screenName, mentioned.nameJson, mentioned.idStr));
    }
    const link = random.chance((type === 'quote' ? 0.05 : 0.11) * appeal)
      ? urlSegment(random, randomLink(random))
      : undefined;
    const symbol = !reactionOnly && random.chance(0.004);
    const longForm = random.chance(head.catchy ? 0.1 : 0.008);
    const targetLength = longForm
      ? 141 + random.below(140)
      : Math.max(
          3,
          Math.round(
            random.logNormal(
              type === 'quote' ? runtime.medianLength * 0.8 : runtime.medianLength,
              0.55,
            ),
          ),
        );
    segments.push(
      ...writeBody(runtime, random, {
        hashtags,
        mentions,
        link,
        symbol,
        targetLength,
        reactionOnly,
      }),
    );
    const withMedia = random.chance(
      (type === 'original' ? 0.16 : type === 'reply' ? 0.06 : 0.04) * appeal * appeal,
    );
    if (withMedia) {
      segments.push(space, mediaSegment(random, idStr, user.screenName, timeMs));
    }
    const compat = renderCompatText(segments, displayStart, withMedia, idStr, tcoCode(random));
    let geoJson = '"geo":null,"coordinates":null,"place":null';
    // Geo-enabled users (35 %) tag more or less often by language (Huang & Carley 2019), scaled
    // so the configured shares hold over the whole stream.
    const geoUnit = random.next() * (this.#geoScale[runtime.position] ?? 0.35);
    if (user.geoEnabled && geoUnit < shares.place && runtime.places.length > 0) {
      const place = runtime.places[user.homePlace] ?? runtime.places[0];
      if (place !== undefined) {
        if (geoUnit < shares.coordinates) {
          const [west, south, east, north] = place.spec.box;
          const lon = roundCoordinate(west + random.next() * (east - west));
          const lat = roundCoordinate(south + random.next() * (north - south));
          geoJson =
            `"geo":{"type":"Point","coordinates":[${lat},${lon}]},` +
            `"coordinates":{"type":"Point","coordinates":[${lon},${lat}]},"place":${place.json}`;
        } else {
          geoJson = `"geo":null,"coordinates":null,"place":${place.json}`;
        }
      }
    }
    const hasLinks = link !== undefined || withMedia;
    const sensitive = hasLinks ? `,"possibly_sensitive":${random.chance(0.01)}` : '';
    const lang = head.undetermined ? 'und' : runtime.profile.code;
    const { front, back } = writeStatusParts({
      createdAt: this.#createdAt.format(timeMs),
      idStr,
      text: compat,
      sourceJson: sourceTable.choose(random.next()),
      replyJson,
      userJson: this.users.json(user),
      geoJson,
      quoteJson,
      isQuote: type === 'quote',
      sensitiveJson: sensitive,
      filterLevel: filterLevels.choose(random.next()),
      lang,
    });
    return {
      index,
      type,
      idStr,
      timeMs,
      user: { idStr: user.idStr, screenName: user.screenName, nameJson: user.nameJson },
      group: runtime.position,
      lang,
      segments,
      front,
      back,
      quoteJson,
      hasLinks,
    };
  }

  /** A status as nested in a retweet or quote at `atMs`, with the counts it had by then. */
  #nested(core: Omit<StatusCore, 'segments'>, atMs: number, role: 'retweeted' | 'quoted'): string {
    // Engagement: final counts log-normal (median 20 retweets), reached with a 30-minute time
    // constant, so later retweets of one status show higher counts [C].
    const spread = hashUnit(this.#seed, viralityStream, core.index * 2);
    const angle = hashUnit(this.#seed, viralityStream, core.index * 2 + 1);
    const normal = Math.sqrt(-2 * Math.log(1 - spread)) * Math.cos(2 * Math.PI * angle);
    const virality = 20 * Math.exp(2 * normal);
    const growth = 1 - Math.exp(-Math.max(0, atMs - core.timeMs) / 1_800_000);
    // A retweeted status has been retweeted at least once, a quoted one quoted at least once.
    const retweets = Math.max(role === 'retweeted' ? 1 : 0, Math.round(virality * growth));
    const favorites = Math.round(retweets * (1.2 + 1.5 * angle));
    const replies = Math.round(retweets * 0.08);
    const quotes = Math.max(role === 'quoted' ? 1 : 0, Math.round(retweets * 0.03));
    return (
      `${core.front},"quote_count":${quotes},"reply_count":${replies},"retweet_count":${retweets},` +
      `"favorite_count":${favorites}${core.back}}`
    );
  }

  #retweet(index: number, timeMs: number, sequence: number, head: EventHead): WorldEvent {
    const { random, user } = head;
    const idStr = this.idOf(index, timeMs, sequence);
    const original = this.#coreAt(head.target, head.targetDraws, head.hotTarget);
    const sensitive = original.hasLinks ? ',"possibly_sensitive":false' : '';
    const json =
      `{"created_at":"${this.#createdAt.format(timeMs)}","id":${idStr},"id_str":"${idStr}",` +
      `${original.retweetTextJson},"source":${sourceTable.choose(random.next())},"truncated":false,${noReply},` +
      `"user":${this.users.json(user)},"geo":null,"coordinates":null,"place":null,"contributors":null,` +
      `"retweeted_status":${this.#nested(original, timeMs, 'retweeted')}${original.quoteJson},` +
      `"is_quote_status":${original.type === 'quote'}${zeroCounts}${original.retweetEntitiesJson}` +
      `,"favorited":false,"retweeted":false${sensitive},` +
      `"filter_level":"${filterLevels.choose(random.next())}","lang":"${original.lang}",` +
      `"timestamp_ms":"${timeMs}"}`;
    return new GeneratedEvent(index, 'tweet', 'retweet', timeMs, json, idStr, user.idStr);
  }

  /**
   * The earlier status a retweet, quote or reply at `index` points at.
   *
   * Delays are log-normal (retweets: median 40 min, 55 % within the hour as Kwak et al. observed;
   * quotes: median 3 h; replies: median 4 min, about 96 % within the hour as Sysomos observed).
   * Most retweets (90 %) and half the quotes go to the "hot" statuses of their ten-minute epoch:
   * 32 slots, Zipf-weighted, so a few statuses collect many retweets (cascades) [C]. Hot
   * statuses are "catchy" ones, which carry media, links and hashtags more often (Suh et al.
   * 2010: URLs and hashtags go with retweetability).
   */
  #findTarget(index: number, timeMs: number, random: Random, type: EventType): number {
    const [medianSeconds, sigma, hotShare] =
      type === 'retweet' ? [2400, 2, 0.9] : type === 'quote' ? [10_800, 1.5, 0.5] : [240, 1.5, 0];
    const accept = type === 'quote' ? isQuotable : isStatusType;
    const delayMs = Math.min(
      14 * 86_400_000,
      Math.max(5000, random.logNormal(medianSeconds, sigma) * 1000),
    );
    let pointMs = timeMs - delayMs;
    const hot = random.next() < hotShare;
    this.#targetWasHot = hot;
    if (hot) {
      let epoch = Math.floor(pointMs / hotEpochMs);
      const slot = zipfRank(random.next(), hotSlots);
      let hotMs =
        epoch * hotEpochMs + hashUnit(this.#seed, cascadeStream, epoch * 64 + slot) * hotEpochMs;
      if (hotMs > timeMs - 5000) {
        epoch -= 1;
        hotMs =
          epoch * hotEpochMs + hashUnit(this.#seed, cascadeStream, epoch * 64 + slot) * hotEpochMs;
      }
      pointMs = hotMs;
    }
    const start = Math.min(this.clock.indexAt(pointMs), index - 1);
    for (let candidate = start; candidate > start - 4096; candidate--) {
      if (accept(this.typeOf(candidate)) && (!hot || this.#isCatchy(candidate))) return candidate;
    }
    throw new Error(`no status to point at before event ${index}; check options.shares`);
  }

  /** A popular user of a language (mentions go to well-followed accounts). */
  #popularUser(runtime: LanguageRuntime, random: Random): UserRecord {
    const size = this.users.groupSize(runtime.position);
    return this.users.get(
      this.users.indexOf(runtime.position, powerLawRank(random.next(), size, 0.95, 10)),
    );
  }

  /**
   * The tweet a compliance notice at `index` refers to: near `targetMs`, of a tweet type, in the
   * sample window exactly when the notice is (so the sample's deletes refer to the sample's
   * tweets), before the notice unless `future`. Undefined when none is found nearby.
   */
  #complianceTarget(
    index: number,
    targetMs: number,
    future: boolean,
  ): { index: number; timeMs: number; sequence: number } | undefined {
    const sampled = isSampled(this.clock.timeOf(index).timeMs);
    const direction = future ? 1 : -1;
    const origin = this.clock.originMs;
    const relativeMs = targetMs - origin;
    let second = Math.floor(relativeMs / 1000);
    // Where in its second the target falls, in [0, 1): every event of a second can be the one
    // referred to, not only the first of a millisecond or of the sample window (pinning targets
    // there made unrelated notices refer to the same tweet).
    const position = (relativeMs - second * 1000) / 1000;
    if (sampled) {
      for (let tries = 0; tries < 120; tries++, second += direction) {
        const { first, count } = this.clock.span(second);
        const [from, to] = offsetsInMilliseconds(count, sampleWindowStartMs, sampleWindowEndMs);
        const width = to - from;
        const rotation = Math.floor(position * width);
        for (let step = 0; step < width; step++) {
          const offset = from + ((rotation + step) % width);
          const candidate = first + offset;
          if (candidate === index || (future ? candidate < index : candidate > index)) continue;
          if (isTweetType(this.typeOf(candidate))) {
            const placed = placeInSecond(origin + second * 1000, offset, count);
            return { index: candidate, ...placed };
          }
        }
      }
      return undefined;
    }
    const { first, count } = this.clock.span(second);
    let candidate = first + Math.floor(position * count);
    for (let tries = 0; tries < 64; tries++, candidate += direction) {
      if (candidate === index || (future ? candidate < index : candidate > index)) continue;
      if (!isTweetType(this.typeOf(candidate))) continue;
      const placed = this.clock.timeOf(candidate);
      if (!isSampled(placed.timeMs)) return { index: candidate, ...placed };
    }
    return undefined;
  }

  /** The id and author of the tweet a notice refers to (a tweet never carried if none is near). */
  #referencedTweet(
    index: number,
    timeMs: number,
    random: Random,
    future: boolean,
    delayMs: number,
  ): { idStr: string; userIdStr: string } {
    const targetMs = future ? timeMs + delayMs : timeMs - delayMs;
    const target = this.#complianceTarget(index, targetMs, future);
    return target === undefined
      ? this.#uncarriedTweet(timeMs, targetMs, random)
      : this.#tweetAt(target.index, target.timeMs, target.sequence);
  }

  /** The id and author of the tweet event `index`, whose time is known. */
  #tweetAt(index: number, timeMs: number, sequence: number): { idStr: string; userIdStr: string } {
    return {
      idStr: this.idOf(index, timeMs, sequence),
      userIdStr: this.#head(index, timeMs).user.idStr,
    };
  }

  /**
   * The tweet a firehose delete at `index` refers to: the event `deleteShifts[index mod classes]`
   * away. Shifts are multiples of the class count, so two deletes never refer to the same event
   * (equal targets would need equal classes, hence equal shifts and equal indices).
   */
  #deletedTweet(
    index: number,
    timeMs: number,
    random: Random,
  ): { idStr: string; userIdStr: string } {
    const shifts = this.#deleteShifts;
    const target = index + (shifts[index % shifts.length] ?? 0);
    const placed = this.clock.timeOf(target);
    // Sampled tweets are left to the sample's own deletes (see `#complianceTarget`).
    if (isTweetType(this.typeOf(target)) && !isSampled(placed.timeMs)) {
      return this.#tweetAt(target, placed.timeMs, placed.sequence);
    }
    return this.#uncarriedTweet(timeMs, placed.timeMs, random);
  }

  /** A tweet this stream never carried (e.g. from a protected account), in the notice's window. */
  #uncarriedTweet(
    timeMs: number,
    targetMs: number,
    random: Random,
  ): { idStr: string; userIdStr: string } {
    const window = isSampled(timeMs);
    let time = Math.floor(targetMs / 1000) * 1000 + (window ? sampleWindowStartMs : 100);
    time += random.below(window ? 10 : 500);
    const user = this.users.get(random.below(this.users.size));
    return { idStr: snowflakeId(time, random.below(4_194_304)), userIdStr: user.idStr };
  }

  #delete(index: number, timeMs: number, random: Random): WorldEvent {
    const { idStr, userIdStr } = isSampled(timeMs)
      ? this.#sampledDeletedTweet(index, timeMs, random)
      : this.#deletedTweet(index, timeMs, random);
    const json =
      `{"delete":{"status":{"id":${idStr},"id_str":"${idStr}","user_id":${userIdStr},` +
      `"user_id_str":"${userIdStr}"},"timestamp_ms":"${timeMs}"}}`;
    return new GeneratedEvent(index, 'delete', undefined, timeMs, json, idStr, userIdStr);
  }

  /** The tweet a delete in the sample refers to: a sampled tweet near a drawn delay. */
  #sampledDeletedTweet(
    index: number,
    timeMs: number,
    random: Random,
  ): { idStr: string; userIdStr: string } {
    const future = random.chance(this.options.shares.deleteBeforeTweet);
    return this.#referencedTweet(index, timeMs, random, future, deleteDelayMs(random, future));
  }

  #statusWithheld(index: number, timeMs: number, random: Random): WorldEvent {
    const delayMs = Math.max(1000, random.logNormal(3600, 2) * 1000);
    const { idStr, userIdStr } = this.#referencedTweet(index, timeMs, random, false, delayMs);
    const json =
      `{"status_withheld":{"id":${idStr},"user_id":${userIdStr},` +
      `"withheld_in_countries":${countries(random)}}}`;
    return new GeneratedEvent(index, 'status_withheld', undefined, timeMs, json, idStr, userIdStr);
  }

  #userWithheld(index: number, timeMs: number, random: Random): WorldEvent {
    const user = this.users.get(random.below(this.users.size));
    const json = `{"user_withheld":{"id":${user.idStr},"withheld_in_countries":${countries(random)}}}`;
    return new GeneratedEvent(
      index,
      'user_withheld',
      undefined,
      timeMs,
      json,
      undefined,
      user.idStr,
    );
  }

  #scrubGeo(index: number, timeMs: number, random: Random): WorldEvent {
    let user = this.users.get(random.below(this.users.size));
    for (let tries = 0; tries < 16 && !user.geoEnabled; tries++) {
      user = this.users.get(random.below(this.users.size));
    }
    const upToMs = timeMs - 60_000 - random.below(2 * 86_400_000);
    const statusId = snowflakeId(upToMs, random.below(4_194_304));
    const json =
      `{"scrub_geo":{"user_id":${user.idStr},"user_id_str":"${user.idStr}",` +
      `"up_to_status_id":${statusId},"up_to_status_id_str":"${statusId}"}}`;
    return new GeneratedEvent(index, 'scrub_geo', undefined, timeMs, json, statusId, user.idStr);
  }
}

function isTweetType(type: EventType): boolean {
  return type === 'original' || type === 'reply' || type === 'quote' || type === 'retweet';
}

/** Statuses a retweet or reply can point at (anything but a retweet). */
function isStatusType(type: EventType): boolean {
  return type === 'original' || type === 'reply' || type === 'quote';
}

/** Statuses a quote can point at (quotes of quotes are left out). */
function isQuotable(type: EventType): boolean {
  return type === 'original' || type === 'reply';
}

/**
 * How far from its tweet a delete comes: most come soon after posting (median 30 min) [C: LDBC;
 * Almuhimedi et al. 2013]; the early ones (`future`) come a median 20 s before.
 */
function deleteDelayMs(random: Random, future: boolean): number {
  return future
    ? Math.max(1000, random.logNormal(20, 1) * 1000)
    : Math.min(30 * 86_400_000, Math.max(1000, random.logNormal(1800, 2.5) * 1000));
}

/**
 * The shifts of firehose deletes, in events, one per index class: a delete at index `i` refers to
 * event `i + shifts[i mod classes]`. Each class draws its delay once (early with probability
 * `deleteBeforeTweet`), converted to events at the mean rate and rounded to a multiple of the
 * class count, which makes the map from deletes to tweets one-to-one. The class count is the
 * largest power of two up to a second of events (at most 4,096), so the shortest delay is about
 * a second and the delays take thousands of values.
 */
function deleteShifts(seed: number, beforeShare: number, eventsPerSecond: number): Float64Array {
  let classes = 1;
  while (classes * 2 <= Math.min(maxDeleteClasses, eventsPerSecond)) classes *= 2;
  const shifts = new Float64Array(classes);
  for (let unit = 0; unit < classes; unit++) {
    const random = new Random(hashKey(seed, deleteStream, unit));
    const future = random.chance(beforeShare);
    const delayMs = deleteDelayMs(random, future);
    const blocks = Math.max(1, Math.round(((delayMs / 1000) * eventsPerSecond) / classes));
    shifts[unit] = (future ? 1 : -1) * blocks * classes;
  }
  return shifts;
}

/** One to three country codes, as a JSON array. */
function countries(random: Random): string {
  const count = 1 + (random.chance(0.3) ? 1 + random.below(2) : 0);
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(random.pick(withheldCountries));
  return `[${[...chosen].map((code) => `"${code}"`).join(',')}]`;
}

/**
 * The `und` weight for the language draw of originals and quotes, so that `und` ends up
 * `undeterminedShare` percent of all tweets (replies never draw it; retweets copy theirs).
 */
function undeterminedDrawShare(shares: WorldShares): number {
  const drawing = 1 - shares.reply / (1 - shares.retweet);
  const wanted = undeterminedShare / 100 / Math.max(0.05, drawing);
  const known = languages.reduce((sum, language) => sum + language.share, 0);
  return (known * wanted) / (1 - wanted);
}

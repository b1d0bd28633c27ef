/**
 * Writes tweet text in a language from its small vocabulary: phrases, fillers, emoji, hashtags
 * (Zipf-ranked, with bursts), mentions, links and media, as segments (see segment.ts). Every choice
 * comes from the caller's seeded `Random`, so the same draws give the same text.
 */
import { jsonStringBody } from './json-escape.js';
import { makePlace, type PlaceRecord } from './places.js';
import type { Random } from './random.js';
import {
  entitySegment,
  type MediaItem,
  newline,
  type Segment,
  space,
  textSegment,
} from './segment.js';
import { snowflakeId } from './snowflake.js';
import { emoji, reactions } from './vocabulary/emoji.js';
import type { LanguageProfile } from './vocabulary/index.js';
import { linkSites } from './vocabulary/sources.js';

/** A language prepared for writing: its vocabulary as shared, pre-escaped segments. */
export interface LanguageRuntime {
  readonly profile: LanguageProfile;
  /** Position in the world's language list. */
  readonly position: number;
  readonly phrases: readonly Segment[];
  readonly words: readonly Segment[];
  readonly places: readonly PlaceRecord[];
  /** Longest body in code points: 280, or 140 where each character weighs two (CJK). */
  readonly maxLength: number;
  /** Median body length in code points. */
  readonly medianLength: number;
  /** Popular hashtags first, then the long tail built from `tailTokens`. */
  readonly curatedTags: readonly string[];
  readonly tailTokens: readonly string[];
  /** A bounded cache of hashtag segments by rank. */
  readonly tagCache: Map<number, Segment>;
}

/** Hashtags per language: the curated head plus a synthetic long tail [C]. */
export const hashtagsPerLanguage = 50_000;

const emojiSegments: readonly Segment[] = emoji.map(textSegment);
const reactionSegments: readonly Segment[] = reactions.map(textSegment);
const letterToken = /^[\p{L}\p{M}]{3,12}$/u;
const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const symbols = ['AAPL', 'TSLA', 'BTC', 'ETH', 'AMZN', 'NVDA', 'SPY', 'DOGE', 'GOOGL', 'XRP'];

/** Prepares a language for writing. */
export function makeLanguageRuntime(profile: LanguageProfile, position: number): LanguageRuntime {
  const source =
    profile.tagWords ??
    (profile.spaced ? profile.phrases.flatMap((phrase) => phrase.split(' ')) : profile.words);
  const tailTokens = [...new Set(source.filter((token) => letterToken.test(token)))];
  const cjk = profile.code === 'ja' || profile.code === 'ko';
  return {
    profile,
    position,
    phrases: profile.phrases.map(textSegment),
    words: profile.words.map(textSegment),
    places: profile.places.map(makePlace),
    maxLength: cjk ? 140 : 280,
    medianLength: profile.spaced ? (cjk ? 28 : 44) : 24,
    curatedTags: profile.hashtags,
    tailTokens: tailTokens.length > 0 ? tailTokens : ['tag'],
    tagCache: new Map(),
  };
}

/** The name of the hashtag at a rank of a language (curated head, then the synthetic tail). */
export function hashtagName(runtime: LanguageRuntime, rank: number): string {
  const curated = runtime.curatedTags;
  if (rank < curated.length) return curated[rank] ?? 'tag';
  const tokens = runtime.tailTokens;
  const tail = rank - curated.length;
  const first = tokens[tail % tokens.length] ?? '';
  const second = tokens[Math.floor(tail / tokens.length) % tokens.length] ?? '';
  const round = Math.floor(tail / (tokens.length * tokens.length));
  return capitalize(first) + capitalize(second) + (round > 0 ? String(round) : '');
}

function capitalize(token: string): string {
  return token.charAt(0).toUpperCase() + token.slice(1);
}

/** The `#tag` segment of a hashtag rank, cached. */
export function hashtagSegment(runtime: LanguageRuntime, rank: number): Segment {
  const cached = runtime.tagCache.get(rank);
  if (cached !== undefined) return cached;
  const segment = entitySegment(`#${hashtagName(runtime, rank)}`, { kind: 'hashtag' });
  if (runtime.tagCache.size >= 4096) runtime.tagCache.clear();
  runtime.tagCache.set(rank, segment);
  return segment;
}

/** A `#tag` segment for an arbitrary tag text. */
export function namedHashtagSegment(tag: string): Segment {
  return entitySegment(`#${tag}`, { kind: 'hashtag' });
}

/** A `@screen_name` segment; `nameJson` is the user's name as a JSON string literal. */
export function mentionSegment(screenName: string, nameJson: string, idStr: string): Segment {
  const length = screenName.length + 1;
  return {
    text: `@${screenName}`,
    json: `@${screenName}`,
    length,
    visibleLength: length,
    entity: { kind: 'mention', nameJson, idStr },
  };
}

/** A t.co link code: 10 characters of base 62. */
export function tcoCode(random: Random): string {
  let code = '';
  for (let half = 0; half < 2; half++) {
    let value = random.nextUint32();
    for (let count = 0; count < 5; count++) {
      code += base62.charAt(value % 62);
      value = Math.floor(value / 62);
    }
  }
  return code;
}

/**
 * `display_url`: the expanded URL without its scheme and `www.`, cut to 26 characters and an
 * ellipsis when longer (as in captured payloads, e.g. `twitter.com/i/web/status/1…`).
 */
export function displayUrl(expanded: string): string {
  const bare = expanded.replace(/^https?:\/\//, '').replace(/^www\./, '');
  return bare.length > 26 ? `${bare.slice(0, 26)}\u2026` : bare;
}

/** Characters of a URL (RFC 3986) and the display ellipsis. */
const urlCharacters = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%\u2026]*$/;

/** The JSON body of a URL: only `/` and the ellipsis need escaping (URLs are ASCII otherwise). */
export function urlJsonBody(url: string): string {
  return urlCharacters.test(url)
    ? url.replaceAll('/', '\\/').replace('\u2026', '\\u2026')
    : jsonStringBody(url);
}

/** A URL entity segment for a link to `expanded`. */
export function urlSegment(random: Random, expanded: string): Segment {
  const code = tcoCode(random);
  return {
    text: `https://t.co/${code}`,
    json: `https:\\/\\/t.co\\/${code}`,
    length: 23,
    visibleLength: 23,
    entity: {
      kind: 'url',
      expandedJson: urlJsonBody(expanded),
      displayJson: urlJsonBody(displayUrl(expanded)),
    },
  };
}

/** A link to one of the common sites. */
export function randomLink(random: Random): string {
  const [domain, section] = random.pick(linkSites);
  let slug = '';
  const length = 8 + random.below(6);
  for (let count = 0; count < length; count++) slug += base62.charAt(random.below(62));
  return section === '' ? `https://${domain}/${slug}` : `https://${domain}/${section}/${slug}`;
}

/** Photo size tables for four common aspect ratios, pre-serialized. */
const photoSizes: readonly string[] = [
  [2048, 1536, 1200, 900, 680, 510],
  [1920, 1080, 1200, 675, 680, 383],
  [1536, 2048, 900, 1200, 510, 680],
  [1080, 1080, 1080, 1080, 680, 680],
].map(
  ([largeW, largeH, mediumW, mediumH, smallW, smallH]) =>
    `,"sizes":{"thumb":{"w":150,"h":150,"resize":"crop"},"large":{"w":${largeW},"h":${largeH},"resize":"fit"},` +
    `"medium":{"w":${mediumW},"h":${mediumH},"resize":"fit"},"small":{"w":${smallW},"h":${smallH},"resize":"fit"}}`,
);

function mediaKey(random: Random): string {
  let key = '';
  for (let count = 0; count < 15; count++) key += base62.charAt(random.below(62));
  return key;
}

/**
 * A media segment: 1–4 photos, or one video or GIF, behind one t.co link.
 *
 * @param statusIdStr - the tweet's id (in `expanded_url`)
 * @param screenName - the author's handle (in `expanded_url`)
 * @param timeMs - the tweet's time; media ids are a little older
 */
export function mediaSegment(
  random: Random,
  statusIdStr: string,
  screenName: string,
  timeMs: number,
): Segment {
  const code = tcoCode(random);
  const kindUnit = random.next();
  const items: MediaItem[] = [];
  const mediaTimeMs = timeMs - 1000 - random.below(60_000);
  if (kindUnit < 0.85) {
    const countUnit = random.next();
    const count = countUnit < 0.75 ? 1 : countUnit < 0.85 ? 2 : countUnit < 0.9 ? 3 : 4;
    const sizes = random.pick(photoSizes);
    for (let number = 1; number <= count; number++) {
      items.push({
        idStr: snowflakeId(mediaTimeMs + number, random.below(4_194_304)),
        type: 'photo',
        pathJson: `pbs.twimg.com\\/media\\/${mediaKey(random)}.jpg`,
        expandedJson: `https:\\/\\/twitter.com\\/${screenName}\\/status\\/${statusIdStr}\\/photo\\/${number}`,
        displayJson: `pic.twitter.com\\/${code}`,
        tailJson: sizes,
      });
    }
  } else if (kindUnit < 0.96) {
    const idStr = snowflakeId(mediaTimeMs, random.below(4_194_304));
    const key = mediaKey(random).slice(0, 16);
    const durationMillis = 3000 + random.below(137_000);
    const base = `https:\\/\\/video.twimg.com\\/ext_tw_video\\/${idStr}\\/pu\\/vid`;
    items.push({
      idStr,
      type: 'video',
      pathJson: `pbs.twimg.com\\/ext_tw_video_thumb\\/${idStr}\\/pu\\/img\\/${key}.jpg`,
      expandedJson: `https:\\/\\/twitter.com\\/${screenName}\\/status\\/${statusIdStr}\\/video\\/1`,
      displayJson: `pic.twitter.com\\/${code}`,
      tailJson:
        (photoSizes[1] ?? '') +
        `,"video_info":{"aspect_ratio":[16,9],"duration_millis":${durationMillis},"variants":[` +
        `{"bitrate":832000,"content_type":"video\\/mp4","url":"${base}\\/640x360\\/${key}.mp4"},` +
        `{"content_type":"application\\/x-mpegURL","url":"https:\\/\\/video.twimg.com\\/ext_tw_video\\/${idStr}\\/pu\\/pl\\/${key}.m3u8"},` +
        `{"bitrate":2176000,"content_type":"video\\/mp4","url":"${base}\\/1280x720\\/${key}.mp4"},` +
        `{"bitrate":256000,"content_type":"video\\/mp4","url":"${base}\\/320x180\\/${key}.mp4"}]}`,
    });
  } else {
    const key = mediaKey(random);
    items.push({
      idStr: snowflakeId(mediaTimeMs, random.below(4_194_304)),
      type: 'animated_gif',
      pathJson: `pbs.twimg.com\\/tweet_video_thumb\\/${key}.jpg`,
      expandedJson: `https:\\/\\/twitter.com\\/${screenName}\\/status\\/${statusIdStr}\\/photo\\/1`,
      displayJson: `pic.twitter.com\\/${code}`,
      tailJson:
        `,"sizes":{"thumb":{"w":150,"h":150,"resize":"crop"},"medium":{"w":480,"h":270,"resize":"fit"},` +
        `"small":{"w":480,"h":270,"resize":"fit"},"large":{"w":480,"h":270,"resize":"fit"}}` +
        `,"video_info":{"aspect_ratio":[16,9],"variants":[{"bitrate":0,"content_type":"video\\/mp4",` +
        `"url":"https:\\/\\/video.twimg.com\\/tweet_video\\/${key}.mp4"}]}`,
    });
  }
  return {
    text: `https://t.co/${code}`,
    json: `https:\\/\\/t.co\\/${code}`,
    length: 23,
    visibleLength: 23,
    entity: { kind: 'media', items },
  };
}

/** What a body should carry besides words; drawn by the caller. */
export interface BodyPlan {
  /** Hashtag segments, in order. */
  readonly hashtags: readonly Segment[];
  /** Mentions placed inside the text (not the reply prefix). */
  readonly mentions: readonly Segment[];
  /** A link segment, or undefined. */
  readonly link: Segment | undefined;
  /** A `$cashtag`, or false. */
  readonly symbol: boolean;
  /** Target length in code points. */
  readonly targetLength: number;
  /** Emoji only (`und` tweets). */
  readonly reactionOnly: boolean;
}

/**
 * Writes a body: sentences of the language until the target length, with emoji, inline mentions,
 * a cashtag, a link and hashtags placed where people put them.
 */
export function writeBody(runtime: LanguageRuntime, random: Random, plan: BodyPlan): Segment[] {
  const segments: Segment[] = [];
  const spaced = runtime.profile.spaced;
  if (plan.reactionOnly) {
    segments.push(random.pick(reactionSegments));
  } else {
    // Room for what follows the words, so the whole body stays within the language's limit.
    let reserve = 10 + (plan.link === undefined ? 0 : 24) + (plan.symbol ? 7 : 0);
    for (const entity of [...plan.hashtags, ...plan.mentions]) reserve += entity.length + 1;
    const budget = runtime.maxLength - reserve;
    const limit = Math.min(plan.targetLength, budget);
    let length = 0;
    let mentionsPlaced = plan.mentions.length === 0;
    for (let sentences = 0; sentences < 12 && length < limit; sentences++) {
      const piece =
        sentences > 0 && random.chance(0.3)
          ? random.pick(runtime.words)
          : random.pick(runtime.phrases);
      let separator: Segment | undefined;
      if (sentences > 0) {
        const unit = random.next();
        separator = unit < 0.12 ? newline : spaced || unit < 0.3 ? space : undefined;
      }
      const added = piece.visibleLength + (separator === undefined ? 0 : 1);
      if (sentences > 0 && length + added > budget) break;
      if (separator !== undefined) segments.push(separator);
      segments.push(piece);
      length += added;
      if (!mentionsPlaced && random.chance(0.5)) {
        for (const mention of plan.mentions) segments.push(space, mention);
        mentionsPlaced = true;
      }
    }
    if (random.chance(runtime.profile.emojiRate)) {
      if (spaced || random.chance(0.5)) segments.push(space);
      const count = 1 + (random.chance(0.35) ? 1 + random.below(3) : 0);
      for (let number = 0; number < count; number++) segments.push(random.pick(emojiSegments));
    }
    if (!mentionsPlaced) {
      for (const mention of plan.mentions) segments.push(space, mention);
    }
  }
  if (plan.symbol) {
    segments.push(space, entitySegment(`$${random.pick(symbols)}`, { kind: 'symbol' }));
  }
  if (plan.link !== undefined) segments.push(space, plan.link);
  for (const hashtag of plan.hashtags) segments.push(space, hashtag);
  return segments;
}

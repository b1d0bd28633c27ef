/**
 * Reads and validates the parameters of `statuses/sample` and `statuses/filter`, refusing what
 * the real service refused with its status and body ("Standard stream parameters"; "Connecting
 * to a streaming endpoint", heading "HTTP error codes"; "POST statuses/filter").
 *
 * Validation order: no predicate (406), a track phrase outside 1–60 bytes (406), more than 400
 * phrases, 5,000 ids or 25 boxes (413), an unreadable follow id or box (406), a bad
 * `filter_level` (406), any `count` (416: not allowed at the default access level).
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/basic-stream-parameters
 */
import type { Tweet } from '../../messages/tweet.js';
import { plainTextResponse, type CannedResponse } from '../http/canned-response.js';
import { noFilterParametersText } from '../http/stream-refusals.js';
import { matchesFollow } from './follow.js';
import { matchesLocations, type BoundingBox } from './locations.js';
import { compileRawPrefilter } from './raw-prefilter.js';
import {
  collectTrackTokens,
  matchesTrack,
  splitTrackPhrases,
  toTrackPhrases,
  type TrackPhrases,
} from './track.js';

/** The default access level's limits ("POST statuses/filter"). */
export const filterLimits = {
  trackPhrases: 400,
  trackPhraseMinBytes: 1,
  trackPhraseMaxBytes: 60,
  followIds: 5000,
  locationBoxes: 25,
} as const;

/** `filter_level` values, lowest first: a Tweet streams at its own level and every level below. */
const filterLevels = ['none', 'low', 'medium'] as const;

/** A Tweet's `filter_level`, or the minimum a stream asks for. */
export type FilterLevel = (typeof filterLevels)[number];

/** Which stream endpoint a request is for. */
export type StreamEndpoint = 'sample' | 'filter';

/** The validated parameters of one stream request. */
export interface StreamParameters {
  readonly endpoint: StreamEndpoint;
  /** `delimited=length`: each message is preceded by its byte length and `\r\n`. */
  readonly delimited: boolean;
  /** `stall_warnings=true`: send FALLING_BEHIND warnings. */
  readonly stallWarnings: boolean;
  /** Which Tweets the connection receives, beyond the endpoint's own selection. */
  readonly selects: (tweet: Tweet) => boolean;
  /**
   * A cheap necessary condition on a Tweet's raw JSON (filter streams without `locations`):
   * false means `selects` would be false, without parsing the JSON. Undefined: none.
   */
  readonly mayMatch?: ((json: string) => boolean) | undefined;
  /** True when `selects` accepts every Tweet (a sample stream without narrowing). */
  readonly selectsAll: boolean;
  /** The predicates as parsed, for stats and logs. */
  readonly description: StreamFilterDescription;
}

/** The parsed predicates of a stream request (absent when not given). */
export interface StreamFilterDescription {
  readonly track?: TrackPhrases;
  readonly follow?: readonly string[];
  readonly locations?: readonly BoundingBox[];
  readonly language?: readonly string[];
  readonly filterLevel: FilterLevel;
}

/** The outcome of {@link parseStreamParameters}: parameters, or the refusal to send. */
export type ParsedStreamParameters =
  | { readonly ok: true; readonly parameters: StreamParameters }
  | { readonly ok: false; readonly refusal: CannedResponse };

/**
 * Parses a stream request's parameters (query and form body merged; the last value of a repeated
 * name wins, as Twitter's servlet read them).
 */
export function parseStreamParameters(
  endpoint: StreamEndpoint,
  parameters: URLSearchParams,
): ParsedStreamParameters {
  const read = (name: string): string | undefined => {
    const values = parameters.getAll(name);
    return values.length === 0 ? undefined : values[values.length - 1];
  };
  const trackValue = endpoint === 'filter' ? read('track') : undefined;
  const followValue = endpoint === 'filter' ? read('follow') : undefined;
  const locationsValue = endpoint === 'filter' ? read('locations') : undefined;
  if (
    endpoint === 'filter' &&
    trackValue === undefined &&
    followValue === undefined &&
    locationsValue === undefined
  ) {
    return refuse(406, noFilterParametersText);
  }

  const trackPhrases = trackValue === undefined ? undefined : splitTrackPhrases(trackValue);
  if (trackPhrases !== undefined) {
    const index = trackPhrases.findIndex((phrase) => {
      const bytes = Buffer.byteLength(phrase, 'utf8');
      return bytes < filterLimits.trackPhraseMinBytes || bytes > filterLimits.trackPhraseMaxBytes;
    });
    const phrase = trackPhrases[index];
    if (phrase !== undefined) {
      const tooLong = Buffer.byteLength(phrase, 'utf8') > filterLimits.trackPhraseMaxBytes;
      // "Parameter track item index 69 too long: The Longest Ride Clouds o" + CRLF: the
      // phrase's first 25 characters (a Python client's comments, docs/emulator.md).
      return refuse(
        406,
        `Parameter track item index ${index} too ${tooLong ? 'long' : 'short'}: ${firstCharacters(phrase, 25)}\r\n`,
      );
    }
  }
  const followItems = followValue === undefined ? undefined : splitList(followValue);
  const boxNumbers = locationsValue === undefined ? undefined : splitList(locationsValue);

  if (trackPhrases !== undefined && trackPhrases.length > filterLimits.trackPhrases) {
    return refuse(413, tooManyText('track', trackPhrases.length, filterLimits.trackPhrases));
  }
  if (followItems !== undefined && followItems.length > filterLimits.followIds) {
    return refuse(413, tooManyText('follow', followItems.length, filterLimits.followIds));
  }
  if (boxNumbers !== undefined && boxNumbers.length > filterLimits.locationBoxes * 4) {
    const boxes = Math.ceil(boxNumbers.length / 4);
    return refuse(413, tooManyText('locations', boxes, filterLimits.locationBoxes));
  }

  if (followItems !== undefined) {
    // Ids only, 64-bit unsigned: screen names get 406 (tweepy#957, twython#279).
    const index = followItems.findIndex((id) => !isUserId(id));
    const item = followItems[index];
    if (item !== undefined) {
      return refuse(
        406,
        `Parameter follow item index ${index} is not a valid user id: ${firstCharacters(item, 25)}\r\n`,
      );
    }
  }
  let boxes: BoundingBox[] | undefined;
  if (boxNumbers !== undefined) {
    const parsed = parseBoxes(boxNumbers);
    if (typeof parsed === 'string') return refuse(406, parsed);
    boxes = parsed;
  }

  const levelValue = read('filter_level');
  const filterLevel =
    levelValue === undefined ? 'none' : filterLevels.find((l) => l === levelValue);
  if (filterLevel === undefined) {
    return refuse(406, `Parameter filter_level must be one of none, low, medium\r\n`);
  }
  if (read('count') !== undefined) {
    // "Count parameter is not allowed in role" (response codes, 2012): the default access level.
    return refuse(416, 'Parameter count not allowed in role\r\n');
  }
  const languageValue = read('language');
  const language =
    languageValue === undefined
      ? undefined
      : splitList(languageValue).map((code) => code.toLowerCase());

  const description: StreamFilterDescription = {
    ...(trackPhrases !== undefined && { track: toTrackPhrases(trackPhrases) }),
    ...(followItems !== undefined && { follow: followItems.map((id) => BigInt(id).toString()) }),
    ...(boxes !== undefined && { locations: boxes }),
    ...(language !== undefined && { language }),
    filterLevel,
  };
  return {
    ok: true,
    parameters: {
      delimited: read('delimited') === 'length',
      stallWarnings: read('stall_warnings') === 'true',
      ...compileStreamSelection(endpoint, description),
      description,
    },
  };
}

/** Which events a stream takes: the parts of {@link StreamParameters} compiled from its predicates. */
export type StreamSelection = Pick<
  StreamParameters,
  'endpoint' | 'selects' | 'mayMatch' | 'selectsAll'
>;

/**
 * Compiles a stream's predicates. A pure function of its arguments (plain, structured-cloneable
 * data), so a generation worker compiles the same selection as the event loop.
 */
export function compileStreamSelection(
  endpoint: StreamEndpoint,
  description: StreamFilterDescription,
): StreamSelection {
  return {
    endpoint,
    selects: compileSelection(endpoint, description),
    ...(endpoint === 'filter' && { mayMatch: compileRawPrefilter(description) }),
    selectsAll:
      endpoint === 'sample' &&
      description.language === undefined &&
      description.filterLevel === 'none',
  };
}

/**
 * Builds the Tweet selection: track, follow and locations ORed, then narrowed by language and
 * filter_level ("POST statuses/filter": "combined with an OR operator").
 */
function compileSelection(
  endpoint: StreamEndpoint,
  description: StreamFilterDescription,
): (tweet: Tweet) => boolean {
  const { track, locations, filterLevel } = description;
  const follow = description.follow === undefined ? undefined : new Set(description.follow);
  const language = description.language === undefined ? undefined : new Set(description.language);
  const minimumLevel = filterLevels.indexOf(filterLevel);
  return (tweet) => {
    if (language !== undefined && !language.has(tweet.lang.toLowerCase())) return false;
    if (filterLevels.indexOf(tweet.filter_level) < minimumLevel) return false;
    if (endpoint === 'sample') return true;
    if (follow !== undefined && matchesFollow(follow, tweet)) return true;
    if (locations !== undefined && matchesLocations(locations, tweet)) return true;
    return track !== undefined && matchesTrack(track, trackTokensOf(tweet));
  };
}

// Several filter connections test the same Tweet object: tokenize it once.
const trackTokenCache = new WeakMap<Tweet, Set<string>>();

function trackTokensOf(tweet: Tweet): Set<string> {
  let tokens = trackTokenCache.get(tweet);
  if (tokens === undefined) {
    tokens = collectTrackTokens(tweet);
    trackTokenCache.set(tweet, tokens);
  }
  return tokens;
}

function refuse(status: number, text: string): ParsedStreamParameters {
  return { ok: false, refusal: plainTextResponse(status, text) };
}

/** The first `count` code points of a text (the service echoed a bounded excerpt). */
function firstCharacters(text: string, count: number): string {
  return Array.from(text).slice(0, count).join('');
}

function tooManyText(parameter: string, count: number, limit: number): string {
  return `Parameter ${parameter} has ${count} items; the limit for your access level is ${limit}\r\n`;
}

function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim());
}

const maxUserId = 2n ** 64n - 1n;

function isUserId(value: string): boolean {
  return /^\d{1,20}$/u.test(value) && BigInt(value) <= maxUserId && BigInt(value) > 0n;
}

/**
 * `swLon,swLat,neLon,neLat` per box, south-west first, each side 0.1–360 degrees wide
 * ("POST statuses/filter": "25 0.1-360 degree location boxes").
 */
function parseBoxes(numbers: readonly string[]): BoundingBox[] | string {
  if (numbers.length % 4 !== 0) {
    return `Parameter locations must hold groups of 4 coordinates (swLon,swLat,neLon,neLat); got ${numbers.length}\r\n`;
  }
  const boxes: BoundingBox[] = [];
  for (let i = 0; i < numbers.length; i += 4) {
    const [swLon, swLat, neLon, neLat] = numbers.slice(i, i + 4).map(toNumber) as [
      number,
      number,
      number,
      number,
    ];
    const box = { swLon, swLat, neLon, neLat };
    if (!isValidBox(box)) {
      return `Parameter locations item index ${i / 4} is not a valid bounding box: ${numbers.slice(i, i + 4).join(',')}\r\n`;
    }
    boxes.push(box);
  }
  return boxes;
}

/** `Number('')` is 0; an empty coordinate is invalid. */
function toNumber(text: string): number {
  return text === '' ? Number.NaN : Number(text);
}

function isValidBox({ swLon, swLat, neLon, neLat }: BoundingBox): boolean {
  const finite = [swLon, swLat, neLon, neLat].every(Number.isFinite);
  if (!finite) return false;
  if (Math.abs(swLon) > 180 || Math.abs(neLon) > 180) return false;
  if (Math.abs(swLat) > 90 || Math.abs(neLat) > 90) return false;
  const width = neLon - swLon;
  const height = neLat - swLat;
  return width >= 0.1 && width <= 360 && height >= 0.1 && height <= 180;
}

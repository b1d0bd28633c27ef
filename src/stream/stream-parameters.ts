/**
 * The v1.1 stream request parameters, checked on the client before connecting so that a bad
 * filter gives a clear error instead of the service's 406 or 413.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/basic-stream-parameters
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/api-reference/post-statuses-filter
 */
import { describeValue, invalidArgType, SpritzerError } from '../errors.js';
import { didYouMean, findUnknownKey } from '../unknown-key.js';

/** A bounding box: `[swLon, swLat, neLon, neLat]`, south-west corner first, in degrees. */
export type BoundingBox = readonly [swLon: number, swLat: number, neLon: number, neLat: number];

/** Stream parameters, with their wire names. Absent parameters are not sent. */
export interface StreamParameters {
  /** Phrases to track (ORed); words in a phrase are ANDed. Each 1–60 bytes, at most 400. */
  readonly track?: readonly string[];
  /** User ids (decimal strings) whose tweets to deliver; at most 5,000. */
  readonly follow?: readonly string[];
  /** Bounding boxes; at most 25, each side 0.1–360 degrees (latitude: up to 180). */
  readonly locations?: readonly BoundingBox[];
  /** BCP 47 language codes. */
  readonly language?: readonly string[];
  /** The minimum `filter_level` of delivered tweets. */
  readonly filter_level?: 'none' | 'low' | 'medium';
  /** Backfill (elevated access only): 1 to 150,000, or -1 to -150,000 to stop after it. */
  readonly count?: number;
  /** Ask for `FALLING_BEHIND` warnings. */
  readonly stall_warnings?: boolean;
  /** `length`: each message is preceded by its byte count (the framer checks it). */
  readonly delimited?: 'length';
}

/** The default access level's limits ("POST statuses/filter"; "Standard stream parameters"). */
export const STREAM_PARAMETER_LIMITS = {
  trackPhrases: 400,
  trackPhraseMinBytes: 1,
  trackPhraseMaxBytes: 60,
  followIds: 5000,
  locationBoxes: 25,
  boxMinDegrees: 0.1,
  countMagnitude: 150_000,
} as const;

/** Every parameter this client sends, with its wire name. */
export const STREAM_PARAMETER_NAMES: readonly (keyof StreamParameters)[] = [
  'track',
  'follow',
  'locations',
  'language',
  'filter_level',
  'count',
  'stall_warnings',
  'delimited',
];

const MAX_USER_ID = 2n ** 64n - 1n;
const BCP47 = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/u;

/**
 * Checks stream parameters against the documented rules and encodes them as name/value pairs,
 * in a fixed order, ready for a query string or a form body.
 *
 * @param parameters - the parameters to send
 * @param endpoint - `filter` requires at least one of track, follow, locations; `sample` takes
 *   none of them
 * @returns the pairs to send (lists joined with commas)
 * @throws SpritzerError `ERR_STREAM_FILTER_INVALID` naming the parameter, the item and the rule
 */
export function encodeStreamParameters(
  parameters: StreamParameters,
  endpoint: 'filter' | 'sample' | 'other',
): [string, string][] {
  if (
    typeof parameters !== 'object' ||
    (parameters as unknown) === null ||
    Array.isArray(parameters)
  ) {
    throw invalidArgType('parameters', "an object such as { track: ['cats'] }", parameters);
  }
  const unknown = findUnknownKey(parameters, STREAM_PARAMETER_NAMES);
  if (unknown !== undefined) {
    throw invalid(
      `${JSON.stringify(unknown.key)} is not a stream parameter${didYouMean(unknown)}; the parameters are ${STREAM_PARAMETER_NAMES.join(', ')}`,
    );
  }
  const { track, follow, locations, language, filter_level, count } = parameters;
  if (
    endpoint === 'filter' &&
    track === undefined &&
    follow === undefined &&
    locations === undefined
  ) {
    throw invalid(
      'statuses/filter needs at least one of track, follow or locations ("POST statuses/filter")',
    );
  }
  if (endpoint === 'sample') {
    const predicate = (['track', 'follow', 'locations'] as const).find(
      (name) => parameters[name] !== undefined,
    );
    if (predicate !== undefined) {
      throw invalid(
        `statuses/sample takes no ${predicate}: it is a random sample of all public Tweets and would ignore it; to filter, connect to statuses/filter.json`,
      );
    }
  }
  const pairs: [string, string][] = [];
  const { delimited, stall_warnings } = parameters;
  if (delimited !== undefined) {
    if ((delimited as unknown) !== 'length') {
      throw invalid(`delimited must be "length" (or left out); got ${describeGiven(delimited)}`);
    }
    pairs.push(['delimited', delimited]);
  }
  if (stall_warnings !== undefined) {
    if (typeof stall_warnings !== 'boolean') {
      throw invalid(`stall_warnings must be true or false; got ${describeGiven(stall_warnings)}`);
    }
    pairs.push(['stall_warnings', String(stall_warnings)]);
  }
  if (track !== undefined) {
    pairs.push(['track', checkTrack(stringList('track', 'phrase', track)).join(',')]);
  }
  if (follow !== undefined) {
    pairs.push(['follow', checkFollow(stringList('follow', 'user id', follow)).join(',')]);
  }
  if (locations !== undefined) pairs.push(['locations', checkLocations(locations).join(',')]);
  if (language !== undefined) {
    pairs.push(['language', checkLanguage(stringList('language', 'code', language)).join(',')]);
  }
  if (filter_level !== undefined) {
    if (!['none', 'low', 'medium'].includes(filter_level)) {
      throw invalid(
        `filter_level must be none, low or medium; got ${JSON.stringify(filter_level)}`,
      );
    }
    pairs.push(['filter_level', filter_level]);
  }
  if (count !== undefined) pairs.push(['count', String(checkCount(count))]);
  return pairs;
}

/**
 * A list parameter as given by a caller without the types (JavaScript, JSON config): an array of
 * strings. A comma-separated string or a number is the usual slip, and each gets its own advice.
 */
function stringList(name: string, item: string, given: unknown): readonly string[] {
  if (typeof given === 'string') {
    throw invalid(
      `${name} must be an array of strings, one ${item} each (e.g. ${name}: ${JSON.stringify(given.split(','))}); got the string ${quote(given)}`,
    );
  }
  if (!Array.isArray(given)) {
    throw invalid(
      `${name} must be an array of strings, one ${item} each; got ${describeGiven(given)}`,
    );
  }
  given.forEach((value: unknown, index) => {
    if (typeof value === 'string') return;
    const advice =
      typeof value === 'number' && name === 'follow'
        ? '; give user ids as decimal strings: ids above 2^53 lose digits as numbers'
        : '';
    throw invalid(
      `${name} item ${index + 1} must be a string; got ${describeGiven(value)}${advice}`,
    );
  });
  return given as readonly string[];
}

/** Whether an untyped caller's value is an array. */
function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

/**
 * A value of the wrong type, for an error message. Stream parameters are not secrets, so strings,
 * numbers and booleans are shown (a string cut to 30 characters); anything else by its type.
 */
function describeGiven(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `the string ${quote(value)}`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    default:
      return describeValue(value);
  }
}

function checkTrack(track: readonly string[]): string[] {
  const { trackPhrases, trackPhraseMinBytes, trackPhraseMaxBytes } = STREAM_PARAMETER_LIMITS;
  if (track.length === 0) throw invalid('track is empty; give at least one phrase');
  if (track.length > trackPhrases) {
    throw invalid(`track has ${track.length} phrases; the limit is ${trackPhrases}`);
  }
  return track.map((given, index) => {
    const phrase = given.trim();
    if (phrase.includes(',')) {
      throw invalid(
        `track phrase ${index + 1} (${quote(phrase)}) contains a comma, which separates phrases; give it as two phrases`,
      );
    }
    const bytes = Buffer.byteLength(phrase);
    if (bytes < trackPhraseMinBytes || bytes > trackPhraseMaxBytes) {
      throw invalid(
        `track phrase ${index + 1} (${quote(phrase)}) is ${bytes} bytes; each phrase must be ${trackPhraseMinBytes}–${trackPhraseMaxBytes} bytes`,
      );
    }
    return phrase;
  });
}

function checkFollow(follow: readonly string[]): string[] {
  const { followIds } = STREAM_PARAMETER_LIMITS;
  if (follow.length === 0) throw invalid('follow is empty; give at least one user id');
  if (follow.length > followIds) {
    throw invalid(`follow has ${follow.length} user ids; the limit is ${followIds}`);
  }
  return follow.map((given, index) => {
    const id = given.trim();
    if (!/^\d{1,20}$/u.test(id) || BigInt(id) === 0n || BigInt(id) > MAX_USER_ID) {
      throw invalid(
        `follow item ${index + 1} (${quote(id)}) is not a user id; follow takes numeric ids, not screen names`,
      );
    }
    return id;
  });
}

function checkLocations(locations: readonly BoundingBox[]): string[] {
  const { locationBoxes, boxMinDegrees } = STREAM_PARAMETER_LIMITS;
  if (!isList(locations)) {
    throw invalid(
      `locations must be an array of boxes, each [swLon, swLat, neLon, neLat]; got ${describeGiven(locations)}`,
    );
  }
  if (locations.length === 0) throw invalid('locations is empty; give at least one box');
  if (locations.length > locationBoxes) {
    throw invalid(`locations has ${locations.length} boxes; the limit is ${locationBoxes}`);
  }
  return locations.map((box, index) => {
    if (!isList(box)) {
      throw invalid(
        `locations box ${index + 1} must be an array [swLon, swLat, neLon, neLat]; got ${describeGiven(box)}`,
      );
    }
    const where = `locations box ${index + 1} (${box.join(',')})`;
    if (
      (box as readonly number[]).length !== 4 ||
      !box.every((value) => typeof value === 'number' && Number.isFinite(value))
    ) {
      throw invalid(`${where} must be 4 numbers: swLon,swLat,neLon,neLat`);
    }
    const [swLon, swLat, neLon, neLat] = box;
    if (Math.abs(swLon) > 180 || Math.abs(neLon) > 180) {
      throw invalid(`${where} has a longitude outside -180..180`);
    }
    if (Math.abs(swLat) > 90 || Math.abs(neLat) > 90) {
      throw invalid(`${where} has a latitude outside -90..90`);
    }
    if (swLon >= neLon || swLat >= neLat) {
      throw invalid(
        `${where} must give the south-west corner first (swLon < neLon, swLat < neLat)`,
      );
    }
    if (neLon - swLon < boxMinDegrees || neLat - swLat < boxMinDegrees) {
      throw invalid(`${where} is smaller than ${boxMinDegrees} degrees on a side`);
    }
    return box.map(formatDegrees).join(',');
  });
}

function checkLanguage(language: readonly string[]): string[] {
  if (language.length === 0) throw invalid('language is empty; give at least one code');
  return language.map((given, index) => {
    const code = given.trim();
    if (!BCP47.test(code)) {
      throw invalid(
        `language item ${index + 1} (${quote(code)}) is not a BCP 47 code such as en or pt-BR`,
      );
    }
    return code;
  });
}

function checkCount(count: number): number {
  const { countMagnitude } = STREAM_PARAMETER_LIMITS;
  if (
    typeof count !== 'number' ||
    !Number.isSafeInteger(count) ||
    count === 0 ||
    Math.abs(count) > countMagnitude
  ) {
    throw invalid(
      `count must be an integer from 1 to ${countMagnitude} or from -1 to -${countMagnitude}; got ${typeof count === 'number' ? count : describeGiven(count)}`,
    );
  }
  return count;
}

/** Plain decimal notation (never `1e-7`), at most 6 decimals (about 0.1 m). */
function formatDegrees(value: number): string {
  return String(Number(value.toFixed(6)));
}

function quote(text: string): string {
  const characters = Array.from(text);
  return JSON.stringify(characters.slice(0, 30).join('')) + (characters.length > 30 ? '…' : '');
}

function invalid(message: string): SpritzerError<'ERR_STREAM_FILTER_INVALID'> {
  return new SpritzerError('ERR_STREAM_FILTER_INVALID', message);
}

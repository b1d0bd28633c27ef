/**
 * Whether a message fits the table sinks' schema (SQLite, PostgreSQL; docs/sinks.md, "Messages a
 * store cannot take"). A message is valid JSON of its kind by the time it reaches a sink, but
 * nothing promises the fields the columns need: a 64-bit id, a date, a count. A message that can
 * never fit is rejected here, before the batch is sent, so it cannot fail its batch and be
 * retried forever from the spill journal; the rest of the batch is stored.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/data-dictionary/object-model/tweet
 */
import type { Tweet } from '../messages/tweet.js';
import type { StreamMessage } from '../messages/types.js';
import {
  isComplianceMessage,
  toComplianceRecord,
  type ComplianceRecord,
} from './compliance-record.js';
import { embeddedGeoCopies } from './geo-scrubs.js';
import type { SinkCounterSet } from './sink-counters.js';
import { messageRejection, type MessageRejection } from './sink-errors.js';
import { parseTwitterDate } from './tweet-row.js';

/** A message a table sink takes: a tweet that fits its columns, or a notice it can apply. */
export type AdmittedMessage =
  | { readonly kind: 'tweet'; readonly tweet: Tweet; readonly raw: Buffer }
  | { readonly kind: 'notice'; readonly record: ComplianceRecord; readonly raw: Buffer };

/** What a table sink needs to admit a batch's messages. */
export interface Admission {
  /** The sink's name, for the rejections' messages. */
  readonly sinkName: string;
  /** The batch's counts: rejected and other skipped messages are counted here. */
  readonly counts: SinkCounterSet;
  /** The batch's rejections, reported once it commits. */
  readonly rejected: MessageRejection[];
  /** What the store refuses in a tweet's raw JSON (PostgreSQL: NUL, unpaired surrogates). */
  readonly refusedRaw?: (raw: Buffer) => string | undefined;
}

/**
 * A message as its table sink takes it, or undefined when it is not stored: a kind the table
 * sinks do not store (counted under its kind), or a message rejected (counted `unsupported` or
 * `invalid`, its rejection added to `admission.rejected`).
 */
export function admitMessage(
  message: StreamMessage,
  admission: Admission,
): AdmittedMessage | undefined {
  const { counts, rejected, sinkName } = admission;
  if (message.kind === 'tweet') {
    const refused = admission.refusedRaw?.(message.raw);
    const problem = refused ?? tweetProblem(message.data);
    if (problem === undefined) return { kind: 'tweet', tweet: message.data, raw: message.raw };
    counts.skip(refused === undefined ? 'invalid' : 'unsupported');
    rejected.push(messageRejection(sinkName, `tweet ${describe(message.data.id_str)}`, problem));
    return undefined;
  }
  if (!isComplianceMessage(message)) {
    counts.skip(message.kind);
    return undefined;
  }
  const record = checkComplianceRecord(toComplianceRecord(message));
  if (typeof record !== 'string') return { kind: 'notice', record, raw: message.raw };
  counts.skip('invalid');
  rejected.push(messageRejection(sinkName, `a ${message.kind} notice`, record));
  return undefined;
}

/** The rejection of a message the store itself refused (`problem`: the store's words). */
export function storeRefusal(
  sinkName: string,
  message: StreamMessage,
  problem: string,
): MessageRejection {
  const id = message.kind === 'tweet' ? ` ${describe(message.data.id_str)}` : '';
  const what = message.kind === 'tweet' ? 'tweet' : `a ${message.kind} message`;
  return messageRejection(sinkName, `${what}${id}`, `the store refused it (${problem})`);
}

// Ids are 64-bit signed integers in both stores (SQLite INTEGER, PostgreSQL bigint): at most
// 2^63 - 1, compared as text (decimals of the same length without leading zeros sort as numbers).
const maxId = '9223372036854775807';
const decimalId = /^(?:0|[1-9][0-9]{0,18})$/;

/** Whether a value is a decimal id a 64-bit integer column holds. */
export function isStorableId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    decimalId.test(value) &&
    (value.length < maxId.length || value <= maxId)
  );
}

// PostgreSQL `integer` (the user counts): 32-bit signed.
const maxCount = 2147483647;

/** The problem with a tweet the table sinks cannot store, or undefined when it fits. */
export function tweetProblem(tweet: Tweet): string | undefined {
  const data = tweet as unknown as Record<string, unknown>;
  const user = data.user as Record<string, unknown>;
  return (
    idProblem('id_str', data.id_str) ??
    dateProblem('created_at', data.created_at) ??
    textProblem('text', data.text) ??
    textProblem('lang', data.lang) ??
    textProblem('extended_tweet.full_text', objectField(data.extended_tweet, 'full_text')) ??
    idProblem('retweeted_status.id_str', objectField(data.retweeted_status, 'id_str'), true) ??
    idProblem('quoted_status_id_str', data.quoted_status_id_str, true) ??
    idProblem('in_reply_to_status_id_str', data.in_reply_to_status_id_str, true) ??
    idProblem('in_reply_to_user_id_str', data.in_reply_to_user_id_str, true) ??
    pointProblem(data.coordinates) ??
    textProblem('place.id', objectField(data.place, 'id')) ??
    userProblem(user) ??
    embeddedCopyProblem(tweet)
  );
}

/** The problem with a tweet's author (the `users` row), or undefined. */
function userProblem(user: Record<string, unknown>): string | undefined {
  if (typeof user.screen_name !== 'string') return 'user.screen_name is not a string';
  if (typeof user.name !== 'string') return 'user.name is not a string';
  if (typeof user.verified !== 'boolean') return 'user.verified is not true or false';
  for (const count of ['followers_count', 'friends_count', 'statuses_count'] as const) {
    const value = user[count];
    if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > maxCount) {
      return `user.${count} is not an integer from 0 to ${maxCount}`;
    }
  }
  return (
    idProblem('user.id_str', user.id_str) ??
    dateProblem('user.created_at', user.created_at) ??
    textProblem('user.location', user.location) ??
    textProblem('user.description', user.description)
  );
}

/** Copies of other tweets (retweets, quotes) with geo are recorded by their ids. */
function embeddedCopyProblem(tweet: Tweet): string | undefined {
  for (const copy of embeddedGeoCopies(tweet)) {
    const problem =
      idProblem(`${copy.path}.id_str`, copy.id) ??
      idProblem(`${copy.path}.user.id_str`, copy.userId);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * A compliance record the table sinks can apply: the record itself, its degraded form, or the
 * problem that keeps it out. A delete whose `user_id_str` is not an id is applied without a user
 * (as a delete that carries none); any other id that is not a 64-bit decimal rejects the notice,
 * and so does a withheld country that is not a two-letter code.
 */
export function checkComplianceRecord(record: ComplianceRecord): ComplianceRecord | string {
  switch (record.kind) {
    case 'delete': {
      const problem = idProblem('status.id_str', record.statusId);
      if (problem !== undefined) return problem;
      return record.userId === null || isStorableId(record.userId)
        ? record
        : { ...record, userId: null };
    }
    case 'scrub_geo':
      return (
        idProblem('user_id_str', record.userId) ??
        idProblem('up_to_status_id_str', record.upToStatusId) ??
        record
      );
    case 'status_withheld':
      return (
        idProblem('id', record.statusId) ??
        idProblem('user_id', record.userId) ??
        countriesProblem(record.countries) ??
        record
      );
    case 'user_withheld':
      return idProblem('id', record.userId) ?? countriesProblem(record.countries) ?? record;
  }
}

// Withheld notices: ISO 3166-1 alpha-2 codes, and `XX` (all countries), `XY` (DMCA).
const countryCode = /^[A-Za-z]{2}$/;

function countriesProblem(countries: readonly unknown[] | null): string | undefined {
  if (countries === null) return undefined;
  const bad = countries.find(
    (country) => typeof country !== 'string' || !countryCode.test(country),
  );
  return bad === undefined
    ? undefined
    : `withheld_in_countries holds ${describe(bad)}, not a two-letter country code`;
}

function idProblem(field: string, value: unknown, optional = false): string | undefined {
  if (optional && (value === undefined || value === null)) return undefined;
  return isStorableId(value)
    ? undefined
    : `${field} is ${describe(value)}, not a 64-bit decimal id`;
}

function dateProblem(field: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return `${field} is ${describe(value)}, not a date`;
  let iso: string;
  try {
    iso = parseTwitterDate(value);
  } catch {
    return `${field} is ${describe(value)}, not a date`;
  }
  // Both stores take years 0 to 275760 (the end of JavaScript's dates); PostgreSQL's
  // timestamptz ends at 294276 AD but begins at 4713 BC, which an ISO year below 0 may pass.
  return iso.startsWith('-') ? `${field} is ${describe(value)}, before year 0` : undefined;
}

function textProblem(field: string, value: unknown): string | undefined {
  return value === undefined || value === null || typeof value === 'string'
    ? undefined
    : `${field} is ${describe(value)}, not a string`;
}

/** `coordinates`: null, or a GeoJSON Point whose `coordinates` are two finite numbers. */
function pointProblem(coordinates: unknown): string | undefined {
  if (coordinates === undefined || coordinates === null) return undefined;
  const point = objectField(coordinates, 'coordinates');
  if (
    Array.isArray(point) &&
    point.length >= 2 &&
    Number.isFinite(point[0]) &&
    Number.isFinite(point[1])
  ) {
    return undefined;
  }
  return `coordinates.coordinates is ${describe(point)}, not [longitude, latitude]`;
}

function objectField(object: unknown, key: string): unknown {
  return typeof object === 'object' && object !== null
    ? (object as Record<string, unknown>)[key]
    : undefined;
}

/** A short, one-line rendering of an offending value for a message. */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return typeof value;
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

/**
 * User objects for people outside the generated population, such as the emulator's signed-in
 * fixture user: the caller names them; every other field is filled deterministically.
 */
import type { User } from '../messages/tweet.js';
import { invalidArgType, invalidArgValue } from '../errors.js';
import { jsonString } from './json-escape.js';
import { hashKey, Random } from './random.js';
import { isSnowflake, snowflakeTimeMs } from './snowflake.js';
import { type UserRecord, writeUserJson } from './users.js';
import { languages } from './vocabulary/index.js';
import type { LanguageProfile } from './vocabulary/index.js';

/** Who the user is; the rest of the User object is derived from the id and the seed. */
export interface MakeUserOptions {
  /** The user id, a decimal string. */
  readonly id: string;
  /** 1–15 letters, digits or underscores. */
  readonly screenName: string;
  /** Display name, 1–50 characters. */
  readonly name: string;
  /** Account creation time, ms since the epoch; from a snowflake id, or 2012-06-01 otherwise. */
  readonly createdAtMs?: number;
  /** A world language code for the profile's `lang` and defaults. @default 'en' */
  readonly lang?: string;
  readonly followersCount?: number;
  readonly friendsCount?: number;
  readonly description?: string | null;
  readonly location?: string | null;
  readonly verified?: boolean;
}

const userStream = 41;

/**
 * Makes a User object.
 *
 * @param seed - the world seed (fields not given are drawn from (seed, id))
 * @param referenceTimeMs - "now" for the profile (its age sets `statuses_count`)
 * @param options - who the user is
 * @throws TypeError `ERR_INVALID_ARG_TYPE` / RangeError `ERR_INVALID_ARG_VALUE` on a bad field
 */
export function makeUser(seed: number, referenceTimeMs: number, options: MakeUserOptions): User {
  if (typeof options !== 'object') throw invalidArgType('options', 'an object', options);
  if (typeof options.id !== 'string' || !/^[1-9][0-9]{0,19}$/.test(options.id)) {
    throw invalidArgValue('options.id', 'must be a decimal user id string');
  }
  if (typeof options.screenName !== 'string' || !/^[A-Za-z0-9_]{1,15}$/.test(options.screenName)) {
    throw invalidArgValue('options.screenName', 'must be 1–15 letters, digits or underscores');
  }
  if (typeof options.name !== 'string' || options.name.length < 1 || options.name.length > 50) {
    throw invalidArgValue('options.name', 'must be 1–50 characters');
  }
  const language = findLanguage(options.lang ?? 'en');
  const random = new Random(hashKey(seed, userStream, Number(options.id.slice(-15))));
  const createdAtMs =
    options.createdAtMs ??
    (isSnowflake(options.id) ? snowflakeTimeMs(options.id) : Date.UTC(2012, 5, 1));
  const record: UserRecord = {
    index: -1,
    language,
    activityRank: 1000,
    idStr: options.id,
    screenName: options.screenName,
    nameJson: jsonString(options.name),
    createdAtMs,
    followersCount: options.followersCount ?? Math.round(random.logNormal(150, 1.2)),
    friendsCount: options.friendsCount ?? Math.round(random.logNormal(250, 1)),
    geoEnabled: false,
    verified: options.verified ?? false,
    homePlace: 0,
    json: undefined,
    fieldState: random.nextUint32(),
  };
  const user = JSON.parse(writeUserJson(record, Math.max(createdAtMs, referenceTimeMs))) as User;
  if (options.description !== undefined) user.description = options.description;
  if (options.location !== undefined) user.location = options.location;
  return user;
}

function findLanguage(code: string): LanguageProfile {
  const found = languages.find((language) => language.code === code);
  if (found === undefined) {
    throw invalidArgValue(
      'options.lang',
      `must be one of ${languages.map((language) => language.code).join(', ')}`,
    );
  }
  return found;
}

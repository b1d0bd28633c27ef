/**
 * World options: defaults and validation at the public boundary.
 */
import { invalidArgType, invalidArgValue } from '../errors.js';
import { refuseUnknownKeys } from '../unknown-key.js';
import type { BurstScript } from './activity.js';
import type { WorldOptions, WorldShares } from './types.js';

/** The default event mix (docs/world.md, "Mix", gives each source). */
export const defaultShares: WorldShares = {
  retweet: 0.42,
  reply: 0.17,
  quote: 0.05,
  delete: 0.03,
  deleteBeforeTweet: 0.01,
  scrubGeo: 0.0002,
  statusWithheld: 0.0001,
  userWithheld: 0.00005,
  coordinates: 0.01,
  place: 0.02,
};

const worldOptionNames = ['seed', 'startTimeMs', 'eventsPerSecond', 'users', 'shares', 'clock'];
const clockOptionNames = ['speed', 'diurnal', 'weekly', 'hashtagBursts', 'bursts'];
const burstOptionNames = ['startMs', 'durationMs', 'peakMultiplier', 'hashtag', 'language'];

/** Options with every default applied. */
export interface ResolvedWorldOptions {
  readonly seed: number;
  readonly startTimeMs: number;
  readonly eventsPerSecond: number;
  readonly users: number;
  readonly shares: WorldShares;
  readonly speed: number;
  readonly diurnal: boolean;
  readonly weekly: boolean;
  readonly hashtagBursts: boolean;
  readonly bursts: readonly BurstScript[];
}

/** The default start: 2026-01-01T00:00:00Z. */
export const defaultStartTimeMs = Date.UTC(2026, 0, 1);
/** Most users a world can have (user snowflake ids keep the signup order in 22 bits). */
export const maxUsers = 4_194_304;
/** Highest mean rate: a snowflake holds 4,096 ids per millisecond and bursts multiply the mean. */
export const maxEventsPerSecond = 1_000_000;

function finiteNumber(value: unknown, name: string): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'a number', value);
  if (!Number.isFinite(value)) throw invalidArgValue(name, 'must be a finite number');
  return value;
}

function share(value: unknown, name: string): number {
  const number = finiteNumber(value, name);
  if (number < 0 || number > 1)
    throw invalidArgValue(name, `must be in [0, 1]; received ${number}`);
  return number;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** Refuses a key the option object does not have (a typo such as `sed` would be ignored). */
function knownKeys(given: object, known: readonly string[], name: string): void {
  refuseUnknownKeys(given, known, name, { what: 'an option', listName: 'options' });
}

function flag(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidArgType(name, 'a boolean', value);
  return value;
}

/**
 * Applies defaults and checks every option.
 *
 * @throws TypeError `ERR_INVALID_ARG_TYPE` when an option has the wrong type
 * @throws RangeError `ERR_INVALID_ARG_VALUE` when an option is out of range
 */
export function resolveWorldOptions(options: WorldOptions = {}): ResolvedWorldOptions {
  if (!isObject(options)) {
    throw invalidArgType('options', 'an object', options);
  }
  knownKeys(options, worldOptionNames, 'options');
  const seed = options.seed === undefined ? 1 : finiteNumber(options.seed, 'options.seed');
  if (!Number.isInteger(seed)) throw invalidArgValue('options.seed', 'must be an integer');
  const startTimeMs =
    options.startTimeMs === undefined
      ? defaultStartTimeMs
      : finiteNumber(options.startTimeMs, 'options.startTimeMs');
  if (startTimeMs < Date.UTC(2011, 0, 1) || startTimeMs > Date.UTC(2079, 0, 1)) {
    throw invalidArgValue(
      'options.startTimeMs',
      'must be between 2011-01-01 and 2079-01-01 (the span snowflake ids and user ids cover)',
    );
  }
  const eventsPerSecond =
    options.eventsPerSecond === undefined
      ? 5700
      : finiteNumber(options.eventsPerSecond, 'options.eventsPerSecond');
  if (eventsPerSecond <= 0 || eventsPerSecond > maxEventsPerSecond) {
    throw invalidArgValue(
      'options.eventsPerSecond',
      `must be in (0, ${maxEventsPerSecond}]; received ${eventsPerSecond}`,
    );
  }
  const users =
    options.users === undefined ? 1_000_000 : finiteNumber(options.users, 'options.users');
  if (!Number.isInteger(users) || users < 100 || users > maxUsers) {
    throw invalidArgValue(
      'options.users',
      `must be an integer in [100, ${maxUsers}]; received ${users}`,
    );
  }
  const given = options.shares ?? {};
  if (!isObject(given)) {
    throw invalidArgType('options.shares', 'an object', given);
  }
  knownKeys(given, Object.keys(defaultShares), 'options.shares');
  const shares = { ...defaultShares };
  for (const key of Object.keys(defaultShares) as (keyof WorldShares)[]) {
    if (given[key] !== undefined) shares[key] = share(given[key], `options.shares.${key}`);
  }
  if (shares.retweet + shares.reply + shares.quote > 0.9) {
    throw invalidArgValue(
      'options.shares',
      'retweet + reply + quote must leave at least 10 % of tweets original',
    );
  }
  if (shares.delete + shares.scrubGeo + shares.statusWithheld + shares.userWithheld > 0.5) {
    throw invalidArgValue(
      'options.shares',
      'compliance notices must be at most half of the events',
    );
  }
  if (shares.coordinates > shares.place) {
    throw invalidArgValue(
      'options.shares',
      'coordinates must not exceed place (tweets with coordinates have a place)',
    );
  }
  const clock = options.clock ?? {};
  if (!isObject(clock)) {
    throw invalidArgType('options.clock', 'an object', clock);
  }
  knownKeys(clock, clockOptionNames, 'options.clock');
  const speed = clock.speed === undefined ? 1 : finiteNumber(clock.speed, 'options.clock.speed');
  if (speed <= 0) throw invalidArgValue('options.clock.speed', 'must be positive');
  const bursts = clock.bursts ?? [];
  if (!Array.isArray(bursts)) throw invalidArgType('options.clock.bursts', 'an array', bursts);
  bursts.forEach((burst: BurstScript, position) => {
    checkBurst(burst, `options.clock.bursts[${position}]`);
  });
  return {
    seed: seed | 0,
    startTimeMs,
    eventsPerSecond,
    users,
    shares,
    speed,
    diurnal: flag(clock.diurnal, 'options.clock.diurnal', true),
    weekly: flag(clock.weekly, 'options.clock.weekly', true),
    hashtagBursts: flag(clock.hashtagBursts, 'options.clock.hashtagBursts', true),
    bursts,
  };
}

function checkBurst(burst: BurstScript, name: string): void {
  if (!isObject(burst)) throw invalidArgType(name, 'an object', burst);
  knownKeys(burst, burstOptionNames, name);
  finiteNumber(burst.startMs, `${name}.startMs`);
  if (finiteNumber(burst.durationMs, `${name}.durationMs`) < 1000) {
    throw invalidArgValue(`${name}.durationMs`, 'must be at least 1000 ms');
  }
  const peak = finiteNumber(burst.peakMultiplier, `${name}.peakMultiplier`);
  if (peak < 1 || peak > 100)
    throw invalidArgValue(`${name}.peakMultiplier`, 'must be in [1, 100]');
  if (typeof burst.hashtag !== 'string' || !/^[\p{L}\p{M}\p{N}_]{1,100}$/u.test(burst.hashtag)) {
    throw invalidArgValue(`${name}.hashtag`, 'must be a hashtag without "#": letters, digits, _');
  }
}

/**
 * `createWorld`: the public face of the synthetic world.
 */
import type { User } from '../messages/tweet.js';
import { invalidArgType, invalidArgValue } from '../errors.js';
import { offsetsInMilliseconds, placeInSecond } from './clock.js';
import { composeTweet, type ComposedTweet, type ComposeTweetOptions } from './compose-tweet.js';
import { makeUser, type MakeUserOptions } from './make-user.js';
import type { ResolvedWorldOptions } from './options.js';
import type { WorldEvent, WorldOptions } from './types.js';
import { isSampled, sampleWindowEndMs, sampleWindowStartMs, WorldGenerator } from './world.js';

/**
 * A synthetic Twitter world: a seeded firehose of v1.1 messages and the users behind it.
 * Every method is deterministic: the same options give the same bytes in any process.
 */
export interface World {
  /** The options with every default applied. */
  readonly options: ResolvedWorldOptions;
  /**
   * Event `index` of the firehose: a pure function of (options, index). Random access costs a
   * little more than sequential iteration (the clock is searched); use {@link World.events} to
   * stream.
   *
   * @param index - a non-negative safe integer
   * @throws RangeError `ERR_INVALID_ARG_VALUE` for a negative or non-integer index
   */
  event(index: number): WorldEvent;
  /**
   * The firehose from event `start` on, forever (stop by breaking out of the loop). The fast
   * sequential path: about as fast as `JSON.stringify` of the same tweets pre-built as objects
   * (bench/world.bench.ts; figures in docs/world.md, "Speed").
   *
   * @param start - first event index @default 0
   */
  events(start?: number): IterableIterator<WorldEvent>;
  /**
   * Only the 1 % sample: the events whose snowflake millisecond is 657–666 of its second (as the
   * real `statuses/sample` was observed to be), from the first such event at or after `start`,
   * without generating the other 99 %. Deletes in the sample refer to tweets in the sample.
   *
   * @param start - an event index to start from @default 0
   */
  sampleEvents(start?: number): IterableIterator<WorldEvent>;
  /** Whether a tweet id (decimal string or bigint) or a time in ms falls in the sample window. */
  isSampled(tweetIdOrTimestamp: string | bigint | number): boolean;
  /** The simulated time of event `index`, ms since the epoch. */
  timeOf(index: number): number;
  /** The first event index at or after a simulated time (ms since the epoch). */
  indexAt(timeMs: number): number;
  /**
   * When to send event `index` when pacing live: ms after event 0's time divided by the clock
   * speed (`options.clock.speed`).
   */
  scheduleMs(index: number): number;
  /** The `index`-th user (0 ≤ index < `options.users`) as a User object. */
  user(index: number): User;
  /** A user of this world by id or screen name (case-insensitive), or undefined. */
  findUser(query: { readonly id?: string; readonly screenName?: string }): User | undefined;
  /**
   * A User object for someone outside the population (e.g. the emulator's signed-in fixture
   * user): the given id, handle and name, every other field filled deterministically from the id.
   */
  makeUser(options: MakeUserOptions): User;
  /**
   * A complete v1.1 tweet as `POST statuses/update` would create it: entities computed from the
   * text (URLs wrapped in t.co links, mentions resolved against this world's users), long text
   * truncated with `extended_tweet`, serialized as the stream would send it.
   */
  composeTweet(options: ComposeTweetOptions): ComposedTweet;
}

class SyntheticWorld implements World {
  readonly #generator: WorldGenerator;
  readonly options: ResolvedWorldOptions;

  constructor(options: WorldOptions) {
    this.#generator = new WorldGenerator(options);
    this.options = this.#generator.options;
  }

  event(index: number): WorldEvent {
    checkIndex(index, 'index');
    const { timeMs, sequence } = this.#generator.clock.timeOf(index);
    return this.#generator.build(index, timeMs, sequence);
  }

  *events(start = 0): IterableIterator<WorldEvent> {
    checkIndex(start, 'start');
    const generator = this.#generator;
    const clock = generator.clock;
    let second = clock.secondOf(start);
    let index = start;
    for (;;) {
      const { first, count } = clock.span(second);
      const secondStartMs = clock.originMs + second * 1000;
      for (let offset = index - first; offset < count; offset++, index++) {
        const { timeMs, sequence } = placeInSecond(secondStartMs, offset, count);
        yield generator.build(index, timeMs, sequence);
      }
      second += 1;
    }
  }

  *sampleEvents(start = 0): IterableIterator<WorldEvent> {
    checkIndex(start, 'start');
    const generator = this.#generator;
    const clock = generator.clock;
    let second = clock.secondOf(start);
    for (;;) {
      const { first, count } = clock.span(second);
      const secondStartMs = clock.originMs + second * 1000;
      const [from, to] = offsetsInMilliseconds(count, sampleWindowStartMs, sampleWindowEndMs);
      for (let offset = Math.max(from, start - first); offset < to; offset++) {
        const { timeMs, sequence } = placeInSecond(secondStartMs, offset, count);
        yield generator.build(first + offset, timeMs, sequence);
      }
      second += 1;
    }
  }

  isSampled(tweetIdOrTimestamp: string | bigint | number): boolean {
    return isSampled(tweetIdOrTimestamp);
  }

  timeOf(index: number): number {
    checkIndex(index, 'index');
    return this.#generator.clock.timeOf(index).timeMs;
  }

  indexAt(timeMs: number): number {
    if (typeof timeMs !== 'number' || !Number.isFinite(timeMs)) {
      throw invalidArgType('timeMs', 'a finite number', timeMs);
    }
    return Math.max(0, this.#generator.clock.indexAt(timeMs));
  }

  scheduleMs(index: number): number {
    return (this.timeOf(index) - this.#generator.clock.originMs) / this.options.speed;
  }

  user(index: number): User {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.options.users) {
      throw invalidArgValue('index', `must be an integer in [0, ${this.options.users})`);
    }
    const users = this.#generator.users;
    return JSON.parse(users.json(users.get(index))) as User;
  }

  findUser(query: { readonly id?: string; readonly screenName?: string }): User | undefined {
    const users = this.#generator.users;
    const record =
      query.id !== undefined
        ? users.findById(query.id)
        : query.screenName !== undefined
          ? users.findByScreenName(query.screenName)
          : undefined;
    return record === undefined ? undefined : (JSON.parse(users.json(record)) as User);
  }

  makeUser(options: MakeUserOptions): User {
    return makeUser(this.options.seed, this.options.startTimeMs, options);
  }

  composeTweet(options: ComposeTweetOptions): ComposedTweet {
    return composeTweet(options, (screenName: string) => this.findUser({ screenName }));
  }
}

function checkIndex(index: number, name: string): void {
  if (typeof index !== 'number') throw invalidArgType(name, 'a number', index);
  if (!Number.isSafeInteger(index) || index < 0) {
    throw invalidArgValue(name, `must be a non-negative integer; received ${index}`);
  }
}

/**
 * Creates a world. Cheap: nothing is generated until asked for.
 *
 * @param options - seed, start time, rate, population, mix and clock; all optional
 * @throws TypeError `ERR_INVALID_ARG_TYPE` / RangeError `ERR_INVALID_ARG_VALUE` on a bad option
 * @example
 * ```ts
 * const world = createWorld({ seed: 7 });
 * for (const event of world.events()) {
 *   if (event.index >= 1000) break;
 *   process.stdout.write(event.json + '\n');
 * }
 * ```
 */
export function createWorld(options: WorldOptions = {}): World {
  return new SyntheticWorld(options);
}

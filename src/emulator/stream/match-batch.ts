/**
 * What a firehose event is for one stream, decided from the event and the stream's predicates
 * alone, and slices of those decisions as bytes: what a generation worker makes for a filter
 * stream (or a narrowed sample) at rate `max`. What depends on the connection's history (the
 * filter share's allowance, the authors it was sent) is left to the event loop, which applies it
 * to each batch in order; the batch carries what it needs for that.
 */
import type { World, WorldEvent } from '../../world/index.js';
import type {
  StreamEndpoint,
  StreamFilterDescription,
  StreamSelection,
} from '../filter/stream-parameters.js';
import { BatchMessages, type SampleBatch } from './sample-batch.js';

/**
 * - `skip`: not for this stream;
 * - `message`: a sample stream's message, delivered as is;
 * - `tweet`: a Tweet the filter matches, delivered if the filter share allows;
 * - `notice`: a compliance notice about a user, delivered to a filter stream that follows that
 *   user or was sent one of their Tweets.
 */
export type EventVerdict = 'skip' | 'message' | 'tweet' | 'notice';

/** The stateless part of a stream's selection, for one firehose event. */
export function eventVerdict(
  world: World,
  selection: StreamSelection,
  event: WorldEvent,
): EventVerdict {
  if (selection.endpoint === 'sample') {
    if (!world.isSampled(event.timestampMs)) return 'skip';
    if (event.kind === 'tweet' && !selection.selectsAll) {
      const tweet = event.tweet;
      if (tweet === undefined || !selection.selects(tweet)) return 'skip';
    }
    return 'message';
  }
  if (event.kind !== 'tweet') return event.userId === undefined ? 'skip' : 'notice';
  // The raw prefilter rules most Tweets out before `event.tweet` parses the JSON.
  if (selection.mayMatch?.(event.json) === false) return 'skip';
  const tweet = event.tweet;
  return tweet !== undefined && selection.selects(tweet) ? 'tweet' : 'skip';
}

/** A stream's predicates as a generation worker receives them (structured-cloneable). */
export interface StreamPredicates {
  readonly endpoint: StreamEndpoint;
  readonly description: StreamFilterDescription;
}

/** A slice of the firehose's events for one stream's predicates (see {@link generateMatchBatch}). */
export interface MatchBatch extends SampleBatch {
  /** Each message's user id (a Tweet's author, a notice's user; `''` when none), joined with `,`. */
  readonly userIds: string;
  /**
   * Per message, the firehose Tweets scanned since the previous message, this one included when
   * it is a Tweet (filter streams: each Tweet adds to the share's allowance, matching or not).
   */
  readonly tweetsThrough: Uint32Array;
  /** Firehose Tweets scanned after the last message. */
  readonly tweetsAfter: number;
}

/**
 * The events with `from <= index < to` that `selection` does not skip, in order. A pure function
 * of (world options, selection, range), like {@link generateSampleBatch}.
 *
 * @param spare - buffers handed back after use, as for {@link generateSampleBatch}
 */
export function generateMatchBatch(
  world: World,
  from: number,
  to: number,
  selection: StreamSelection,
  spare: ArrayBuffer[] = [],
): MatchBatch {
  const messages = new BatchMessages();
  const userIds: string[] = [];
  const tweetsThrough: number[] = [];
  const filter = selection.endpoint === 'filter';
  let tweets = 0;
  for (const event of filter ? world.events(from) : world.sampleEvents(from)) {
    if (event.index >= to) break;
    if (filter && event.kind === 'tweet') tweets += 1;
    if (eventVerdict(world, selection, event) === 'skip') continue;
    messages.add(event);
    userIds.push(event.userId ?? '');
    tweetsThrough.push(tweets);
    tweets = 0;
  }
  return {
    ...messages.pack(from, to, spare),
    userIds: userIds.join(','),
    tweetsThrough: Uint32Array.from(tweetsThrough),
    tweetsAfter: tweets,
  };
}

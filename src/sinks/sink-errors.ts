/**
 * Errors every sink raises the same way.
 */
import { SpritzerError } from '../errors.js';

/** The error for a write to a sink that was closed. */
export function closedError(name: string): SpritzerError<'ERR_SINK_CLOSED'> {
  return new SpritzerError('ERR_SINK_CLOSED', `${name} is closed; open a new sink to write again`);
}

/**
 * A short description of an I/O or driver error for a one-line message: the errno or driver code
 * (`ENOSPC`, `ECONNREFUSED`, `SQLITE_BUSY`), else the message.
 */
export function describeIoError(error: unknown): string {
  if (error instanceof SpritzerError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.length > 0) return code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Why a sink is unavailable, short, for the status line: the driver's own words from the cause
 * (`connect ECONNREFUSED 127.0.0.1:5432`, `the database system is shutting down`, `timeout`),
 * not the sink's whole message with its name and advice.
 */
export function describeOutage(error: unknown): string {
  const cause = error instanceof SpritzerError && error.cause !== undefined ? error.cause : error;
  if (cause instanceof Error && cause.message !== '') return cause.message;
  return describeIoError(cause);
}

/** Why a sink did not store a message, for its `onRejected` listener. */
export type MessageRejection = SpritzerError<'ERR_SINK_MESSAGE_REJECTED'>;

/** The rejection of one message by sink `sinkName`: what it was and what was wrong with it. */
export function messageRejection(
  sinkName: string,
  what: string,
  problem: string,
): MessageRejection {
  return new SpritzerError(
    'ERR_SINK_MESSAGE_REJECTED',
    `${sinkName} rejected ${what}: ${problem}; it is skipped and the rest of its batch is stored`,
  );
}

/** The first and last tweet ids of some messages (in the order they were written). */
export interface TweetIdRange {
  readonly first: string;
  readonly last: string;
}

/**
 * A sink failed and its spill journal failed too (disk full, a write error, a damaged file):
 * `lostMessages` messages that were accepted are neither stored nor journaled. The sink takes
 * nothing more.
 */
export class SinkMessagesLostError extends SpritzerError<'ERR_SINK_MESSAGES_LOST'> {
  /** The sink's name (no secrets). */
  readonly sink: string;
  /** Messages accepted and then neither stored nor journaled, so far. */
  readonly lostMessages: number;
  /** The first and last tweet ids among them, when any was a tweet. */
  readonly lostTweetIds: TweetIdRange | undefined;

  /**
   * @param what - the sink's name, its journal, and why each failed (one line each, no secrets)
   * @param lost - what was lost so far
   * @param cause - the journal's error
   */
  constructor(
    what: {
      readonly sink: string;
      readonly journalPath: string;
      readonly sinkFailure: string;
      readonly journalFailure: string;
    },
    lost: { readonly messages: number; readonly tweetIds: TweetIdRange | undefined },
    cause: unknown,
  ) {
    const ids =
      lost.tweetIds === undefined
        ? ''
        : lost.tweetIds.first === lost.tweetIds.last
          ? ` (tweet ${lost.tweetIds.first})`
          : ` (tweets ${lost.tweetIds.first} to ${lost.tweetIds.last})`;
    const count = `${lost.messages.toLocaleString('en-US')} message${lost.messages === 1 ? '' : 's'}${ids} ${lost.messages === 1 ? 'was' : 'were'}`;
    super(
      'ERR_SINK_MESSAGES_LOST',
      `${what.sink} failed (${what.sinkFailure}) and its spill journal ${what.journalPath} failed too (${what.journalFailure}): ${count} neither stored nor spilled, and the sink takes no more; make room for the spill journal (free space, or another spill directory) and run again`,
      { cause },
    );
    this.sink = what.sink;
    this.lostMessages = lost.messages;
    this.lostTweetIds = lost.tweetIds;
  }
}

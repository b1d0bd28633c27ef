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

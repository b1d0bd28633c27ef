/**
 * The reconnect policy: a pure function from (failure, attempt) to a delay or "stop", following
 * the documented rules.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/connecting
 *   ("Reconnecting", "Backoff strategies", "HTTP error codes")
 */
import { invalidArgValue } from '../errors.js';

/** Why a connection ended or could not be made, as the policy needs to know it. */
export type ReconnectFailure =
  /** A healthy connection (it delivered a message, or stayed up long enough) ended. */
  | { readonly kind: 'dropped' }
  /**
   * A TCP/IP-level failure: refused, reset, DNS, TLS, a stall, corrupt gzip, or a connection
   * that ended before it was healthy (accept-then-drop).
   */
  | { readonly kind: 'network' }
  /** An HTTP status other than 200 that is neither rate limiting nor a refusal. */
  | { readonly kind: 'http'; readonly status: number }
  /** 420 Enhance Your Calm (v1.1) or 429 Too Many Requests (v2). */
  | { readonly kind: 'rate-limited'; readonly status: number }
  /** 401, 403, 404, 406, 413, 416: retrying cannot help. */
  | { readonly kind: 'refused'; readonly status: number }
  /** A `disconnect` message whose code says not to reconnect (see disconnect-codes.ts). */
  | { readonly kind: 'disconnect'; readonly code: number };

/**
 * Which backoff a failure follows; each has its own attempt counter, and all of them go back to
 * zero once a connection is healthy.
 */
export type BackoffSchedule = 'immediate' | 'linear' | 'exponential' | 'rate-limit';

/** What to do next. */
export type ReconnectDecision =
  | {
      readonly action: 'reconnect';
      readonly delayMs: number;
      readonly schedule: BackoffSchedule;
    }
  | { readonly action: 'stop' };

/** "Back off linearly for TCP/IP level network errors … Increase the delay in reconnects by 250ms each attempt, up to 16 seconds." */
export const NETWORK_BACKOFF = { stepMs: 250, maxMs: 16_000 } as const;
/** "Back off exponentially for HTTP errors for which reconnecting would be appropriate. Start with a 5 second wait, doubling each attempt, up to 320 seconds." */
export const HTTP_BACKOFF = { initialMs: 5_000, maxMs: 320_000 } as const;
/**
 * "Back off exponentially for HTTP 420 errors. Start with a 1 minute wait and double each attempt."
 * The docs state no cap ("every HTTP 420 received increases the time you must wait"); spritzer
 * stops doubling at 32 minutes so a client rate limited for hours still retries within the hour.
 * 429 (the v2 streams' rate limiting) follows the same schedule.
 */
export const RATE_LIMIT_BACKOFF = { initialMs: 60_000, maxMs: 1_920_000 } as const;
/** Jitter added to each delay, as a fraction of it: delays are floors, never shortened. */
export const JITTER_RATIO = 0.1;

/**
 * Statuses that stop the client: in "HTTP error codes" each means the request itself is wrong
 * (credentials, access, URL, parameters, `count`), which no retry of the same request fixes.
 */
export const REFUSAL_STATUSES: ReadonlySet<number> = new Set([401, 403, 404, 406, 413, 416]);
/** Statuses that mean "connecting too often". */
export const RATE_LIMIT_STATUSES: ReadonlySet<number> = new Set([420, 429]);

/**
 * The failure an HTTP status other than 200 stands for.
 * @param status - the response's status code
 */
export function failureForStatus(status: number): ReconnectFailure {
  if (REFUSAL_STATUSES.has(status)) return { kind: 'refused', status };
  if (RATE_LIMIT_STATUSES.has(status)) return { kind: 'rate-limited', status };
  return { kind: 'http', status };
}

/** The backoff a failure follows, or undefined when it stops the client. */
export function backoffScheduleOf(failure: ReconnectFailure): BackoffSchedule | undefined {
  switch (failure.kind) {
    case 'dropped':
      return 'immediate';
    case 'network':
      return 'linear';
    case 'http':
      return 'exponential';
    case 'rate-limited':
      return 'rate-limit';
    case 'refused':
    case 'disconnect':
      return undefined;
  }
}

/**
 * Decides what follows a failure.
 *
 * @param failure - what happened
 * @param attempt - 1 for the first consecutive failure on this failure's schedule, 2 for the
 *   next, … (counters reset once a connection is healthy)
 * @param random - a source of uniform numbers in [0, 1) for jitter. @default Math.random
 * @returns `stop`, or `reconnect` after `delayMs`: the documented delay plus up to
 *   {@link JITTER_RATIO} of it
 * @throws RangeError `ERR_INVALID_ARG_VALUE` when `attempt` is not a positive integer
 */
export function decideReconnect(
  failure: ReconnectFailure,
  attempt: number,
  random: () => number = Math.random,
): ReconnectDecision {
  if (!Number.isSafeInteger(attempt) || attempt < 1) {
    throw invalidArgValue('attempt', `must be a positive integer; received ${attempt}`);
  }
  const schedule = backoffScheduleOf(failure);
  if (schedule === undefined) return { action: 'stop' };
  const baseMs = documentedDelayMs(schedule, attempt);
  return {
    action: 'reconnect',
    delayMs: baseMs + Math.floor(baseMs * JITTER_RATIO * random()),
    schedule,
  };
}

/** The documented delay before the `attempt`-th reconnect on a schedule, without jitter. */
export function documentedDelayMs(schedule: BackoffSchedule, attempt: number): number {
  switch (schedule) {
    case 'immediate':
      // "Once an established connection drops, attempt to reconnect immediately."
      return 0;
    case 'linear':
      return Math.min(NETWORK_BACKOFF.stepMs * attempt, NETWORK_BACKOFF.maxMs);
    case 'exponential':
      return doubling(HTTP_BACKOFF.initialMs, attempt, HTTP_BACKOFF.maxMs);
    case 'rate-limit':
      return doubling(RATE_LIMIT_BACKOFF.initialMs, attempt, RATE_LIMIT_BACKOFF.maxMs);
  }
}

function doubling(initialMs: number, attempt: number, maxMs: number): number {
  // Capped before it can overflow: 2^31 attempts would not fit a double's exponent otherwise.
  return Math.min(initialMs * 2 ** Math.min(attempt - 1, 40), maxMs);
}

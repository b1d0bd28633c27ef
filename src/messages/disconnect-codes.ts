/**
 * The documented `disconnect` message codes, what each means, and what a client does about it.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/streaming-message-types
 *   ("Disconnect messages")
 */
import { invalidArgType } from '../errors.js';

/**
 * What a client does when the service says it is closing the connection:
 * - `reconnect`: follow the reconnect rules as for any dropped connection;
 * - `stop`: another client holds the same credentials; do not fight over the connection;
 * - `stop-authorization`: the token was revoked; authorize again;
 * - `finish`: the stream ended as asked (a backfill done, a normal disconnect); stop quietly.
 */
export type DisconnectAction = 'reconnect' | 'stop' | 'stop-authorization' | 'finish';

/** One documented disconnect code. */
export interface DisconnectCodeInfo {
  readonly code: number;
  /** The documented name, e.g. `Duplicate stream`. */
  readonly name: string;
  /** What it means, in the docs' words where they have some. */
  readonly meaning: string;
  readonly action: DisconnectAction;
}

const table: readonly DisconnectCodeInfo[] = [
  {
    code: 1,
    name: 'Shutdown',
    meaning: 'the feed was shut down (possibly a machine restart)',
    action: 'reconnect',
  },
  {
    code: 2,
    name: 'Duplicate stream',
    meaning:
      'the same endpoint was connected too many times: another client uses these credentials',
    action: 'stop',
  },
  {
    code: 3,
    name: 'Control request',
    meaning: 'the stream was closed through a control stream request',
    action: 'reconnect',
  },
  {
    code: 4,
    name: 'Stall',
    meaning: 'the client was reading too slowly and the service queue filled',
    action: 'reconnect',
  },
  {
    code: 5,
    name: 'Normal',
    meaning: 'the client asked for the disconnect',
    action: 'finish',
  },
  {
    code: 6,
    name: 'Token revoked',
    meaning: 'the user revoked the access token',
    action: 'stop-authorization',
  },
  {
    code: 7,
    name: 'Admin logout',
    meaning: 'the same credentials connected a new stream and this, the oldest, was disconnected',
    action: 'stop',
  },
  {
    code: 9,
    name: 'Max message limit',
    meaning: 'the backfill asked for by a negative count was delivered',
    action: 'finish',
  },
  {
    code: 10,
    name: 'Stream exception',
    meaning: 'an internal issue disconnected the stream',
    action: 'reconnect',
  },
  {
    code: 11,
    name: 'Broker stall',
    meaning: 'an internal issue disconnected the stream',
    action: 'reconnect',
  },
  {
    code: 12,
    name: 'Shed load',
    meaning: 'the host is overloaded; reconnect as usual',
    action: 'reconnect',
  },
];

const byCode = new Map(table.map((info) => [info.code, info]));

/** Every documented disconnect code, in code order (code 8 is not documented). */
export const DISCONNECT_CODES: readonly DisconnectCodeInfo[] = table;

/**
 * Looks up a disconnect code. "Additional codes may be used without warning": an undocumented
 * code is described as such and reconnects as usual.
 *
 * @param code - the `disconnect.code` field
 * @throws TypeError `ERR_INVALID_ARG_TYPE` when `code` is not a number
 */
export function describeDisconnectCode(code: number): DisconnectCodeInfo {
  if (typeof code !== 'number') {
    // A string '6' would otherwise be "Undocumented: reconnect", the opposite of code 6's action.
    throw invalidArgType('code', "a number (the disconnect message's code, e.g. 6)", code);
  }
  return (
    byCode.get(code) ?? {
      code,
      name: 'Undocumented',
      meaning: 'a code the documentation does not list',
      action: 'reconnect',
    }
  );
}

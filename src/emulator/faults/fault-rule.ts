/**
 * Faults the emulator injects into stream connections, for testing clients: refusals before
 * streaming, and after N messages or bytes a clean close, a reset, a `disconnect` message, a stall,
 * a drip of keep-alives, malformed data (truncated, invalid JSON, invalid UTF-8, oversized, wrong
 * `delimited` length, corrupt gzip) or duplicates across a reconnect.
 *
 * A {@link FaultRule} picks the connection attempts it applies to (by number, at most `times`
 * times, with a seeded probability), so a test is deterministic. See docs/emulator.md, "Faults".
 */
import { invalidArgType, invalidArgValue } from '../../errors.js';
import { refuseUnknownKeys } from '../../unknown-key.js';
import {
  refusalStatuses,
  type RefusalStatus,
  type RefusalVariant,
} from '../http/stream-refusals.js';

/** When a mid-stream fault fires: after this many complete messages, or payload bytes. */
export interface FaultTrigger {
  /** Fire once this many complete messages were written (keep-alives not counted). @default 0 */
  readonly afterMessages?: number;
  /**
   * Fire once this many payload bytes (before gzip; keep-alives and length prefixes included)
   * were written. A close, end, reset, stall or drip cuts the message it falls in; the data
   * faults wait for the next message boundary.
   */
  readonly afterBytes?: number;
}

/** One fault. `kind` names it; the other fields tune it. */
export type StreamFault =
  /** Answer the connection attempt with this status and its real body instead of streaming. */
  | {
      readonly kind: 'refuse';
      readonly status: RefusalStatus;
      readonly variant?: RefusalVariant;
    }
  /** TCP FIN in the middle of the chunked body: no terminating chunk. */
  | ({ readonly kind: 'close' } & FaultTrigger)
  /** End the HTTP response properly (terminating chunk), then close. */
  | ({ readonly kind: 'end' } & FaultTrigger)
  /** TCP RST (SO_LINGER 0): the client sees ECONNRESET. */
  | ({ readonly kind: 'reset' } & FaultTrigger)
  /** Send `{"disconnect":{"code":…}}`, then end the response. */
  | ({ readonly kind: 'disconnect'; readonly code: number } & FaultTrigger)
  /** Go silent: no messages, no keep-alives; the connection stays open. */
  | ({ readonly kind: 'stall' } & FaultTrigger)
  /** Keep-alives only, every `intervalMs` (default: the keep-alive interval). */
  | ({ readonly kind: 'drip'; readonly intervalMs?: number } & FaultTrigger)
  /** The next message cut in half, then `\r\n` (it is not counted as sent). */
  | ({ readonly kind: 'truncate' } & FaultTrigger)
  /** An extra line that is not JSON. */
  | ({ readonly kind: 'invalid-json' } & FaultTrigger)
  /** An extra JSON line whose string holds bytes that are not UTF-8. */
  | ({ readonly kind: 'invalid-utf8' } & FaultTrigger)
  /** An extra, valid JSON line of `bytes` bytes before its `\r\n` (default 4 MiB), above any sane limit. */
  | ({ readonly kind: 'oversized'; readonly bytes?: number } & FaultTrigger)
  /** `delimited=length` only: the next message's length is off by `delta` (default +10). */
  | ({ readonly kind: 'wrong-length'; readonly delta?: number } & FaultTrigger)
  /** gzip only: bytes that are not deflate data, then a FIN. */
  | ({ readonly kind: 'corrupt-gzip' } & FaultTrigger)
  /**
   * At connection start, replay the last `count` Tweets (default 10) sent on the previous
   * connection with the same token, as a service does around a reconnect.
   */
  | { readonly kind: 'duplicate'; readonly count?: number };

/** Every fault kind. */
export const faultKinds = [
  'refuse',
  'close',
  'end',
  'reset',
  'disconnect',
  'stall',
  'drip',
  'truncate',
  'invalid-json',
  'invalid-utf8',
  'oversized',
  'wrong-length',
  'corrupt-gzip',
  'duplicate',
] as const satisfies readonly StreamFault['kind'][];

/** A fault and the stream connection attempts it applies to. */
export interface FaultRule {
  readonly fault: StreamFault;
  /**
   * The stream connection attempts (numbered from 1 in arrival order, every request to a stream
   * endpoint counted) this rule applies to. @default every attempt
   */
  readonly attempts?: readonly number[];
  /** Apply at most this many times, then the rule is spent. @default unlimited */
  readonly times?: number;
  /** Chance (0–1) that the rule applies to an attempt it selects, drawn from the seed. @default 1 */
  readonly probability?: number;
}

const RULE_FIELDS = ['fault', 'attempts', 'times', 'probability'];

/** The fields each kind takes besides `kind` (the triggers are added for mid-stream faults). */
const faultFields: Readonly<Record<StreamFault['kind'], readonly string[]>> = {
  refuse: ['status', 'variant'],
  close: [],
  end: [],
  reset: [],
  disconnect: ['code'],
  stall: [],
  drip: ['intervalMs'],
  truncate: [],
  'invalid-json': [],
  'invalid-utf8': [],
  oversized: ['bytes'],
  'wrong-length': ['delta'],
  'corrupt-gzip': [],
  duplicate: ['count'],
};

/**
 * A field the rule or fault does not take would be ignored (`attempt: [1]` would apply the
 * fault to every attempt, `after: 100` would fire at once): refuse it.
 */
function assertKnownFields(value: object, known: readonly string[], name: string): void {
  refuseUnknownKeys(value, known, name, {
    what: 'a field here',
    listName: 'fields',
    see: ' (docs/emulator.md, "Faults")',
  });
}

const variantsByStatus: Partial<Record<RefusalStatus, readonly RefusalVariant[]>> = {
  420: ['calm', 'connection-limit'],
  429: ['rest', 'v2'],
};

/**
 * Checks a rule given by a library caller, the CLI or the admin endpoint.
 *
 * @param value - the candidate rule
 * @param name - what to call it in the error, e.g. `faults[2]`
 * @returns the value, typed
 * @throws TypeError (ERR_INVALID_ARG_TYPE) or RangeError (ERR_INVALID_ARG_VALUE) naming the field
 */
export function validateFaultRule(value: unknown, name: string): FaultRule {
  if (!isRecord(value)) throw invalidArgType(name, 'an object', value);
  const { fault, attempts, times, probability } = value;
  validateFault(fault, `${name}.fault`);
  assertKnownFields(value, RULE_FIELDS, name);
  if (attempts !== undefined) {
    if (!Array.isArray(attempts)) throw invalidArgType(`${name}.attempts`, 'an array', attempts);
    attempts.forEach((attempt: unknown, index) => {
      checkInteger(attempt, `${name}.attempts[${index}]`, 1);
    });
  }
  if (times !== undefined) checkInteger(times, `${name}.times`, 1);
  if (probability !== undefined) {
    if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
      throw invalidArgValue(`${name}.probability`, 'must be a number from 0 to 1');
    }
  }
  return value as unknown as FaultRule;
}

function validateFault(fault: unknown, name: string): void {
  if (!isRecord(fault)) throw invalidArgType(name, 'an object', fault);
  const kind = fault.kind;
  if (typeof kind !== 'string' || !(faultKinds as readonly string[]).includes(kind)) {
    throw invalidArgValue(`${name}.kind`, `must be one of ${faultKinds.join(', ')}`);
  }
  const own = faultFields[kind as StreamFault['kind']];
  assertKnownFields(
    fault,
    kind === 'refuse' || kind === 'duplicate'
      ? ['kind', ...own]
      : ['kind', ...own, 'afterMessages', 'afterBytes'],
    name,
  );
  for (const field of ['afterMessages', 'afterBytes'] as const) {
    if (fault[field] !== undefined) checkInteger(fault[field], `${name}.${field}`, 0);
  }
  switch (kind) {
    case 'refuse': {
      const status = fault.status;
      if (!refusalStatuses.includes(status as RefusalStatus)) {
        throw invalidArgValue(`${name}.status`, `must be one of ${refusalStatuses.join(', ')}`);
      }
      const allowed = variantsByStatus[status as RefusalStatus] ?? [];
      if (fault.variant !== undefined && !allowed.includes(fault.variant as RefusalVariant)) {
        throw invalidArgValue(
          `${name}.variant`,
          allowed.length === 0
            ? `is not used with status ${String(status)}`
            : `must be one of ${allowed.join(', ')} for status ${String(status)}`,
        );
      }
      break;
    }
    case 'disconnect':
      checkInteger(fault.code, `${name}.code`, 1);
      break;
    case 'drip':
      if (fault.intervalMs !== undefined) checkInteger(fault.intervalMs, `${name}.intervalMs`, 1);
      break;
    case 'oversized':
      if (fault.bytes !== undefined) checkInteger(fault.bytes, `${name}.bytes`, 1);
      break;
    case 'wrong-length':
      if (fault.delta !== undefined) {
        checkInteger(fault.delta, `${name}.delta`, Number.MIN_SAFE_INTEGER);
        if (fault.delta === 0) throw invalidArgValue(`${name}.delta`, 'must not be 0');
      }
      break;
    case 'duplicate':
      if (fault.count !== undefined) checkInteger(fault.count, `${name}.count`, 1);
      break;
    default:
      break;
  }
}

function checkInteger(value: unknown, name: string, minimum: number): void {
  if (typeof value !== 'number') throw invalidArgType(name, 'a number', value);
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw invalidArgValue(name, `must be an integer ≥ ${minimum}; received ${value}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

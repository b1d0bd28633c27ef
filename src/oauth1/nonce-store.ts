/**
 * An in-memory {@link NonceStore} for one provider process (RFC 5849 §3.3).
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.3
 */
import { invalidArgType, invalidArgValue } from '../errors.js';
import { assertKnownKeys } from './known-keys.js';
import type { NonceCheck, NonceStore } from './types.js';

/** Options of {@link createMemoryNonceStore}. */
export interface MemoryNonceStoreOptions {
  /** The most nonces remembered at once. @default 100000 */
  readonly maxEntries?: number;
}

/**
 * Creates a nonce store that keeps each (consumer, token, timestamp, nonce) key until its
 * timestamp leaves the verifier's window, after which a replay would be rejected by the
 * timestamp check anyway (§3.3: "the server MAY reject requests with stale timestamps").
 *
 * Memory is bounded by `maxEntries`. When the store is full it first drops the entries that are
 * provably expired; if none is, it answers `full` and the verifier refuses the request (503,
 * Twitter code 130) rather than growing or forgetting a nonce that could still be replayed. The
 * verifier stores a nonce only after the signature checked out, so unauthenticated traffic
 * cannot fill the store. A sweep is skipped until the earliest expiry it saw has passed, so a
 * full store costs O(1) per request, not O(entries).
 *
 * @param options - `maxEntries` (default 100 000)
 * @returns a store for `verifyRequest`'s `nonceStore`
 * @throws ERR_INVALID_ARG_VALUE when `maxEntries` is not a positive integer
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.3
 */
export function createMemoryNonceStore(options: MemoryNonceStoreOptions = {}): NonceStore {
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw invalidArgType('options', 'an object { maxEntries? }', options);
  }
  assertKnownKeys(options, ['maxEntries'], 'options', 'nonce store option');
  const maxEntries = options.maxEntries ?? 100_000;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw invalidArgValue('options.maxEntries', 'must be a positive integer');
  }
  /** key → the last second at which it still matters. */
  const expiries = new Map<string, number>();
  /** No entry expires before this second; a sweep before it would free nothing. */
  let earliestExpirySec = Number.NEGATIVE_INFINITY;

  const sweep = (nowSec: number): void => {
    let earliest = Number.POSITIVE_INFINITY;
    for (const [key, expiresAtSec] of expiries) {
      if (expiresAtSec < nowSec) expiries.delete(key);
      else if (expiresAtSec < earliest) earliest = expiresAtSec;
    }
    earliestExpirySec = earliest;
  };

  return {
    checkAndRemember(key: string, expiresAtSec: number, nowSec: number): NonceCheck {
      const known = expiries.get(key);
      if (known !== undefined && known >= nowSec) return 'replayed';
      if (known !== undefined) expiries.delete(key);
      if (expiries.size >= maxEntries) {
        if (nowSec <= earliestExpirySec) return 'full';
        sweep(nowSec);
        if (expiries.size >= maxEntries) return 'full';
      }
      expiries.set(key, expiresAtSec);
      if (expiresAtSec < earliestExpirySec) earliestExpirySec = expiresAtSec;
      return 'fresh';
    },
  };
}

/**
 * A set of the most recent ids, bounded in count: the log sinks (JSONL file, NATS JetStream) use
 * it to recognise re-sent tweets and tweets deleted before they arrived, without a store to ask.
 */
import { invalidArgValue } from '../errors.js';

/** Remembers the last `capacity` ids added; the oldest is forgotten first. */
export class RecentIds {
  readonly #capacity: number;
  // A Set iterates in insertion order, so its first element is the oldest.
  readonly #ids = new Set<string>();

  /**
   * @param capacity - how many ids to remember
   * @throws RangeError `ERR_INVALID_ARG_VALUE` unless capacity is a positive integer
   */
  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw invalidArgValue('capacity', `must be a positive integer; received ${capacity}`);
    }
    this.#capacity = capacity;
  }

  /** Whether the id is remembered. */
  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Remembers an id; returns false when it was already remembered. */
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    if (this.#ids.size >= this.#capacity) {
      const oldest = this.#ids.values().next();
      if (oldest.done !== true) this.#ids.delete(oldest.value);
    }
    this.#ids.add(id);
    return true;
  }

  /** How many ids are remembered. */
  get size(): number {
    return this.#ids.size;
  }
}

/**
 * A bounded cache that keeps what was used recently, in O(1) per operation: two generations of
 * maps. New entries go into the young one; when it is full it becomes the old one (the previous
 * old one is dropped whole), and an entry found in the old one moves back into the young one.
 *
 * An LRU on one insertion-ordered `Map` (delete and re-insert on each hit, evict the first key)
 * costs more than it saves: deleted entries stay as holes at the front of V8's ordered hash table
 * until it is rehashed, and finding the first live key scans them all (docs/world.md, "Speed").
 */
export class RecentCache<K, V> {
  readonly #generationSize: number;
  #young = new Map<K, V>();
  #old = new Map<K, V>();

  /** @param generationSize - entries per generation; the cache holds at most twice as many */
  constructor(generationSize: number) {
    this.#generationSize = generationSize;
  }

  /** The value of `key`, or undefined; a hit keeps the entry for another generation. */
  get(key: K): V | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) {
      this.#old.delete(key);
      this.set(key, old);
    }
    return old;
  }

  /** Stores `value` under `key` (a new key; callers store what `get` missed). */
  set(key: K, value: V): void {
    if (this.#young.size >= this.#generationSize) {
      this.#old = this.#young;
      this.#young = new Map<K, V>();
    }
    this.#young.set(key, value);
  }
}

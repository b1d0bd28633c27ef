/**
 * The bounded queue between the socket and the consumer. It never refuses an item: the producer
 * asks {@link BoundedQueue.isFull} after each chunk and pauses the socket, so the queue can
 * overshoot its bounds by at most one chunk's messages. It asks {@link BoundedQueue.canResume}
 * after each item taken; the gap between the two (half the bounds) keeps the socket from
 * flapping between paused and flowing on every message.
 */

/** Default bound on queued messages. */
export const DEFAULT_MAX_QUEUED_MESSAGES = 1000;
/** Default bound on queued message bytes: 16 MiB. */
export const DEFAULT_MAX_QUEUED_BYTES = 16 * 1024 * 1024;

/** A first-in first-out queue that counts its items and their bytes. */
export class BoundedQueue<T> {
  readonly #maxItems: number;
  readonly #maxBytes: number;
  #items: T[] = [];
  #sizes: number[] = [];
  #head = 0;
  #bytes = 0;

  /**
   * @param maxItems - items at which the queue is full
   * @param maxBytes - bytes at which the queue is full
   */
  constructor(maxItems: number, maxBytes: number) {
    this.#maxItems = maxItems;
    this.#maxBytes = maxBytes;
  }

  /** Items queued. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Bytes queued. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Whether the producer should pause. */
  get isFull(): boolean {
    return this.length >= this.#maxItems || this.#bytes >= this.#maxBytes;
  }

  /** Whether a paused producer may resume: at most half of each bound is in use. */
  get canResume(): boolean {
    return this.length <= this.#maxItems / 2 && this.#bytes <= this.#maxBytes / 2;
  }

  /** Appends an item of `bytes` bytes. */
  push(item: T, bytes: number): void {
    this.#items.push(item);
    this.#sizes.push(bytes);
    this.#bytes += bytes;
  }

  /** Removes and returns the oldest item, or undefined when empty. */
  shift(): T | undefined {
    if (this.#head === this.#items.length) return undefined;
    const item = this.#items[this.#head] as T;
    this.#bytes -= this.#sizes[this.#head] ?? 0;
    this.#head += 1;
    if (this.#head === this.#items.length) this.clear();
    else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) this.#compact();
    return item;
  }

  /** Drops every item. */
  clear(): void {
    this.#items = [];
    this.#sizes = [];
    this.#head = 0;
    this.#bytes = 0;
  }

  #compact(): void {
    this.#items = this.#items.slice(this.#head);
    this.#sizes = this.#sizes.slice(this.#head);
    this.#head = 0;
  }
}

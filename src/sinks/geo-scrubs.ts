/**
 * What the table sinks (SQLite, PostgreSQL) remember of `scrub_geo` notices, so a tweet that
 * arrives after its notice, or embeds a copy of a tweet the notice covers, is stored without
 * geo; and where a stored tweet embeds a copy of another user's tweet that carries geo, so a
 * later notice finds the copy.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/streaming-message-types
 *   ("Location deletion notices (scrub_geo)")
 */
import type { Tweet } from '../messages/tweet.js';
import { idAtMost } from './tweet-row.js';

/**
 * The highest `up_to_status_id` scrubbed per user: the notices committed, and those of the batch
 * being written, which count only once it commits.
 */
export class GeoScrubs {
  readonly #committed = new Map<string, string>();
  readonly #pending = new Map<string, string>();

  /** Whether a scrub_geo notice covers tweet `id` of user `userId` (committed or pending). */
  covers(userId: string, id: string): boolean {
    const upTo = this.#pending.get(userId) ?? this.#committed.get(userId);
    return upTo !== undefined && idAtMost(id, upTo);
  }

  /** Records a committed notice (read back from the store when the sink opens). */
  load(userId: string, upToStatusId: string): void {
    this.#committed.set(userId, upToStatusId);
  }

  /** Records a notice of the batch being written; it takes effect for the rest of the batch. */
  add(userId: string, upToStatusId: string): void {
    if (!this.covers(userId, upToStatusId)) this.#pending.set(userId, upToStatusId);
  }

  /** The batch committed: its notices stay. */
  commit(): void {
    for (const [userId, upTo] of this.#pending) this.#committed.set(userId, upTo);
    this.#pending.clear();
  }

  /** The batch failed: its notices are forgotten (it will be written again). */
  discard(): void {
    this.#pending.clear();
  }
}

/** A copy of another tweet inside a tweet (`retweeted_status`, `quoted_status`) that has geo. */
export interface EmbeddedGeoCopy {
  /** Where the copy sits, keys joined by dots from the top: `retweeted_status.quoted_status`. */
  readonly path: string;
  /** The copied tweet's `id_str`. */
  readonly id: string;
  /** Its author's `id_str`: the user whose scrub_geo notice covers the copy. */
  readonly userId: string;
}

// A v1.1 tweet embeds whole tweets under these keys: a retweet its original, a quote the quoted
// tweet, and a retweet of a quote both (retweeted_status.quoted_status). Tweet object, "Data
// dictionary: retweeted_status, quoted_status".
const embeddingKeys = ['retweeted_status', 'quoted_status'] as const;
// The service nests two levels at most; the bound only keeps a hostile message from recursing far.
const maxDepth = 4;

/**
 * The copies of tweets a tweet embeds, at any depth, whose `geo`, `coordinates` or `place` is not
 * null: what a later scrub_geo notice for the copy's author has to clear.
 */
export function embeddedGeoCopies(tweet: Tweet): EmbeddedGeoCopy[] {
  const copies: EmbeddedGeoCopy[] = [];
  collectCopies(tweet, '', 1, copies);
  return copies;
}

function collectCopies(tweet: Tweet, prefix: string, depth: number, into: EmbeddedGeoCopy[]): void {
  if (depth > maxDepth) return;
  for (const key of embeddingKeys) {
    const copy = tweet[key] as Partial<Tweet> | null | undefined;
    if (typeof copy !== 'object' || copy === null) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const id = copy.id_str;
    const userId = copy.user?.id_str;
    if (typeof id !== 'string' || typeof userId !== 'string') continue;
    const hasGeo =
      (copy.geo ?? null) !== null ||
      (copy.coordinates ?? null) !== null ||
      (copy.place ?? null) !== null;
    if (hasGeo) into.push({ path, id, userId });
    collectCopies(copy as Tweet, path, depth + 1, into);
  }
}

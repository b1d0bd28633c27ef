/**
 * The mutable side of {@link SinkCounters}: each sink keeps one and hands out snapshots.
 */
import type { SinkCounters } from './sink.js';

/** Why a message was not stored. Message kinds a sink does not store are their own reason. */
export type SkipReason =
  | 'malformed'
  | 'limit'
  | 'warning'
  | 'disconnect'
  | 'unknown'
  /** A tweet whose delete notice arrived first (or earlier in the same batch). */
  | 'deleted'
  /** A compliance notice already recorded (the service sent it again). */
  | 'duplicate-notice'
  /**
   * A tweet the store cannot hold, e.g. a NUL character or an unpaired surrogate, which
   * PostgreSQL text and JSONB refuse.
   */
  | 'unsupported'
  /** A tweet or notice without a field its columns need (an id that is not a 64-bit decimal). */
  | 'invalid'
  /** A message the store itself refused for its data (e.g. a constraint the user added). */
  | 'refused';

/** Counts what a sink did; {@link SinkCounterSet.snapshot} returns the public form. */
export class SinkCounterSet {
  stored = 0;
  duplicates = 0;
  compliance = 0;
  /** Messages other than tweets and compliance stored as received (the JSONL file sink). */
  other = 0;
  readonly #skipped = new Map<string, number>();

  /** Counts `count` messages skipped for `reason`. */
  skip(reason: SkipReason, count = 1): void {
    this.#skipped.set(reason, (this.#skipped.get(reason) ?? 0) + count);
  }

  /** Adds another set's counts to this one. */
  add(other: SinkCounterSet): void {
    this.stored += other.stored;
    this.duplicates += other.duplicates;
    this.compliance += other.compliance;
    this.other += other.other;
    for (const [reason, count] of other.#skipped) {
      this.#skipped.set(reason, (this.#skipped.get(reason) ?? 0) + count);
    }
  }

  /** A frozen copy, safe to hand out. */
  snapshot(): SinkCounters {
    return Object.freeze({
      stored: this.stored,
      duplicates: this.duplicates,
      compliance: this.compliance,
      other: this.other,
      skipped: Object.freeze(Object.fromEntries(this.#skipped)),
    });
  }
}

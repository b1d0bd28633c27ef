/**
 * The safety net behind the table sinks' checks (table-message-check.ts): when the store refuses
 * a batch for its data (a constraint or a type the checks did not foresee, e.g. a CHECK the
 * user added), the batch is written again in halves, down to the single messages the store
 * refuses, which are then left out. So one such message costs a few more transactions, and never
 * blocks the messages after it; an unavailable store still fails the write (and it spills).
 */
import type { StreamMessage } from '../messages/types.js';

/** How a sink writes, and what it does with a message its store refuses. */
export interface Isolation {
  /** Writes a batch in one transaction (all or nothing). */
  readonly writeOnce: (batch: readonly StreamMessage[]) => Promise<void>;
  /** Whether an error of `writeOnce` is the store refusing the data (never an outage). */
  readonly refusesData: (error: unknown) => boolean;
  /** Leaves out one message the store refused: count it and report it. */
  readonly reject: (message: StreamMessage, error: unknown) => void;
}

/**
 * Writes a batch; when the store refuses it for its data, writes its halves in order, each the
 * same way, and rejects the single messages the store refuses. Halves are written in order, and
 * the sinks apply messages idempotently in order, so the rows are those of writing each message
 * in turn.
 *
 * @throws the error of `writeOnce` when it is not a refusal of the data (e.g. the store is away);
 *   halves written before it stay written (a replay skips them, by tweet id and notice key)
 */
export async function writeIsolatingRefused(
  batch: readonly StreamMessage[],
  isolation: Isolation,
): Promise<void> {
  try {
    await isolation.writeOnce(batch);
    return;
  } catch (error) {
    if (!isolation.refusesData(error)) throw error;
    if (batch.length <= 1) {
      for (const message of batch) isolation.reject(message, error);
      return;
    }
  }
  const middle = Math.ceil(batch.length / 2);
  await writeIsolatingRefused(batch.slice(0, middle), isolation);
  await writeIsolatingRefused(batch.slice(middle), isolation);
}

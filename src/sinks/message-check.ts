/**
 * The shape check at a sink's door: sinks store typed stream messages (what `openStream` yields,
 * or `classifyMessage`), so an untyped caller's slip fails with the argument named instead of a
 * TypeError from deep inside a driver, and a batch of raw-mode messages is told how to fix it.
 */
import { invalidArgType, invalidArgValue } from '../errors.js';
import type { StreamMessage } from '../messages/types.js';

/** Kinds whose typed message always carries `data` (raw mode leaves it out). */
const KINDS_WITH_DATA = new Set([
  'tweet',
  'delete',
  'scrub_geo',
  'status_withheld',
  'user_withheld',
  'limit',
  'warning',
  'disconnect',
]);

/**
 * @param batch - what the caller passed to `write`
 * @throws TypeError `ERR_INVALID_ARG_TYPE` / RangeError `ERR_INVALID_ARG_VALUE` naming the item
 */
export function assertMessageBatch(batch: unknown): asserts batch is readonly StreamMessage[] {
  const problem = messageBatchProblem(batch);
  if (problem !== undefined) throw problem;
}

/** {@link assertMessageBatch}'s error, returned (for a sink that rejects rather than throws). */
export function messageBatchProblem(batch: unknown): TypeError | RangeError | undefined {
  if (!Array.isArray(batch)) {
    return invalidArgType('batch', 'an array of stream messages (as openStream yields)', batch);
  }
  try {
    for (let index = 0; index < batch.length; index += 1) {
      assertStreamMessage(batch[index], `batch[${index}]`);
    }
  } catch (error) {
    return error as TypeError | RangeError;
  }
  return undefined;
}

/**
 * @param message - one message the caller passed
 * @param name - what to call it in the error
 * @throws TypeError `ERR_INVALID_ARG_TYPE` / RangeError `ERR_INVALID_ARG_VALUE`
 */
export function assertStreamMessage(
  message: unknown,
  name: string,
): asserts message is StreamMessage {
  const candidate = message as Partial<Record<'kind' | 'raw' | 'data', unknown>> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.kind !== 'string' ||
    !Buffer.isBuffer(candidate.raw)
  ) {
    throw invalidArgType(
      name,
      'a stream message { kind, raw, data } as openStream or classifyMessage(bytes) gives',
      message,
    );
  }
  if (
    KINDS_WITH_DATA.has(candidate.kind) &&
    (typeof candidate.data !== 'object' || candidate.data === null)
  ) {
    throw invalidArgValue(
      name,
      `is a ${candidate.kind} message without data, as openStream({ raw: true }) yields; sinks store typed messages: open the stream without raw, or pass classifyMessage(message.raw)`,
    );
  }
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StreamMessage } from '../../../src/messages/types.js';
import { writeIsolatingRefused } from '../../../src/sinks/refused-message-isolation.js';
import { tweetRun } from './fixtures.js';

/** An all-or-nothing store that refuses any batch holding one of `refused` (tweet ids). */
function store(refused: readonly string[], outageAfter = Infinity) {
  const written: string[] = [];
  const rejected: string[] = [];
  let writes = 0;
  const idOf = (message: StreamMessage): string =>
    message.kind === 'tweet' ? message.data.id_str : message.kind;
  return {
    written,
    rejected,
    isolation: {
      writeOnce: (batch: readonly StreamMessage[]): Promise<void> => {
        writes += 1;
        if (writes > outageAfter) return Promise.reject(new Error('ECONNREFUSED'));
        const ids = batch.map(idOf);
        if (ids.some((id) => refused.includes(id))) return Promise.reject(new Error('refused'));
        written.push(...ids);
        return Promise.resolve();
      },
      refusesData: (error: unknown) => (error as Error).message === 'refused',
      reject: (message: StreamMessage) => rejected.push(idOf(message)),
    },
  };
}

describe('writeIsolatingRefused', () => {
  const batch = tweetRun(10, 1n);

  it('writes a batch the store takes in one write', async () => {
    const target = store([]);
    await writeIsolatingRefused(batch, target.isolation);
    assert.deepEqual(
      target.written,
      batch.map((_, index) => String(index + 1)),
    );
  });

  it('leaves out only the messages the store refuses, and writes the rest in order', async () => {
    const target = store(['3', '10']);
    await writeIsolatingRefused(batch, target.isolation);
    assert.deepEqual(target.written, ['1', '2', '4', '5', '6', '7', '8', '9']);
    assert.deepEqual(target.rejected, ['3', '10']);
  });

  it('throws an error that is not a refusal (an outage), so the batch spills', async () => {
    const target = store(['3'], 2);
    await assert.rejects(writeIsolatingRefused(batch, target.isolation), /ECONNREFUSED/);
    assert.deepEqual(target.rejected, []);
  });

  it('does nothing more for an empty batch the store refuses', async () => {
    const target = store([]);
    await writeIsolatingRefused([], {
      ...target.isolation,
      writeOnce: () => Promise.reject(new Error('refused')),
    });
    assert.deepEqual(target.rejected, []);
  });
});

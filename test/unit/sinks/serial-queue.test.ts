import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SerialQueue } from '../../../src/sinks/serial-queue.js';

describe('SerialQueue', () => {
  it('runs tasks one at a time in call order; a failure rejects its own caller only', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const task =
      (name: string, fail = false) =>
      async (): Promise<string> => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setImmediate(resolve));
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      queue.run(task('a')),
      queue.run(task('b', true)),
      queue.run(task('c')),
    ]);
    assert.deepEqual(events, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    assert.deepEqual(
      results.map((result) => (result.status === 'fulfilled' ? result.value : 'rejected')),
      ['a', 'rejected', 'c'],
    );
    await queue.idle();
  });

  it('idle waits for what is queued and never rejects', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    queue
      .run(() => Promise.reject(new Error('x')))
      .catch(() => {
        events.push('failed');
      });
    void queue.run(() => {
      events.push('next');
    });
    await queue.idle();
    assert.deepEqual(events, ['failed', 'next']);
  });
});

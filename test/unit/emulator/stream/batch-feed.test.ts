/**
 * The sample in slices: a feed hands out consecutive slices in order, whether they were made on
 * the event loop or by 1 or 2 worker threads, and the bytes are the same in every case.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createWorld, type WorldOptions } from '../../../../src/world/index.js';
import {
  generateSampleBatch,
  type SampleBatch,
} from '../../../../src/emulator/stream/sample-batch.js';
import { sampleFeed } from '../../../../src/emulator/stream/batch-feed.js';
import { GenerationPool } from '../../../../src/emulator/stream/generation-pool.js';

const worldOptions: WorldOptions = { seed: 9, startTimeMs: Date.UTC(2026, 0, 5, 10, 0, 0) };
const slicesCompared = 12;

/** Polls until `condition` holds, for at most `timeoutMs`. */
async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The first slices of a feed from event `start`, with the pool's workers ready first. */
async function takeSlices(pool: GenerationPool, start: number): Promise<SampleBatch[]> {
  const world = createWorld(worldOptions);
  const batches: SampleBatch[] = [];
  let wake: () => void = () => undefined;
  const feed = sampleFeed({
    pool,
    world,
    start,
    depth: 4,
    onReady: () => {
      wake();
    },
  });
  while (batches.length < slicesCompared) {
    const batch = feed.take();
    if (batch) {
      batches.push(batch);
      continue;
    }
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 50);
    });
  }
  feed.close();
  return batches;
}

describe('sampleFeed and GenerationPool', () => {
  const pools: GenerationPool[] = [];
  after(() => Promise.all(pools.map((pool) => pool.close())));

  it('slices are consecutive and identical from the event loop, 1 worker and 2 workers', async () => {
    const start = 123_457;
    const world = createWorld(worldOptions);
    const inline = new GenerationPool(worldOptions, 1);
    pools.push(inline);
    // Not started: the first slices are made on the event loop.
    const reference: SampleBatch[] = [];
    for (const batch of await takeSlices(inline, start)) reference.push(batch);
    assert.equal(reference[0]?.from, start);
    for (let index = 1; index < reference.length; index += 1) {
      assert.equal(reference[index]?.from, reference[index - 1]?.to, 'slices are consecutive');
    }
    const expected = generateSampleBatch(world, start, reference.at(-1)?.to ?? 0);
    const joined = Buffer.concat(reference.map((batch) => batch.bytes));
    assert.ok(joined.equals(expected.bytes), 'the slices are the sample, byte for byte');
    assert.ok(expected.ends.length > 500, `only ${expected.ends.length} messages`);

    for (const size of [1, 2]) {
      const pool = new GenerationPool(worldOptions, size);
      pools.push(pool);
      pool.start();
      await waitFor(() => pool.isReady, 30_000, `${size} worker(s) to be ready`);
      const made = await takeSlices(pool, start);
      assert.deepEqual(
        made.map((batch) => [batch.from, batch.to, batch.ids, [...batch.kinds], [...batch.ends]]),
        reference.map((batch) => [
          batch.from,
          batch.to,
          batch.ids,
          [...batch.kinds],
          [...batch.ends],
        ]),
        `${size} worker(s): the same slices`,
      );
      for (let index = 0; index < made.length; index += 1) {
        const bytes = Buffer.from((made[index] as SampleBatch).bytes);
        assert.ok(bytes.equals((reference[index] as SampleBatch).bytes), `slice ${index} bytes`);
      }
    }
  });

  it('a pool that fails mid-stream: the feed makes the slices itself, the bytes unchanged', async () => {
    const start = 123_457;
    const world = createWorld(worldOptions);
    const pool = new GenerationPool(worldOptions, 1);
    pools.push(pool);
    pool.start();
    await waitFor(() => pool.isReady, 30_000, 'the worker to be ready');
    const feed = sampleFeed({ pool, world, start, depth: 4, onReady: () => undefined });
    // The first take requests 4 slices ahead; the pool then fails with them in flight.
    assert.equal(feed.take(), undefined);
    await pool.close();
    const batches: SampleBatch[] = [];
    for (let round = 0; round < 100 && batches.length < 6; round += 1) {
      const batch = feed.take();
      if (batch) batches.push(batch);
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
    feed.close();
    assert.equal(batches.length, 6);
    const expected = generateSampleBatch(world, start, batches.at(-1)?.to ?? 0);
    assert.ok(Buffer.concat(batches.map((batch) => batch.bytes)).equals(expected.bytes));
  });

  it('a worker that cannot start fails the pool with ERR_EMULATOR_GENERATION_FAILED', async () => {
    const pool = new GenerationPool({ ...worldOptions, users: -1 }, 1);
    pools.push(pool);
    pool.start();
    let message = '';
    await waitFor(
      () => {
        pool.generate(0, 100).catch((error: unknown) => {
          message = (error as Error).message;
        });
        return message.startsWith('a stream generation worker failed');
      },
      30_000,
      'the worker to fail',
    );
    assert.match(message, /options\.users.*; streams go on without workers$/u);
    assert.equal(pool.isReady, false);
  });

  it('a closed pool rejects requests with ERR_EMULATOR_GENERATION_FAILED', async () => {
    const pool = new GenerationPool(worldOptions, 1);
    await assert.rejects(pool.generate(0, 100), {
      code: 'ERR_EMULATOR_GENERATION_FAILED',
      message: 'no generation worker is ready',
    });
    await pool.close();
    await assert.rejects(pool.generate(0, 100), {
      code: 'ERR_EMULATOR_GENERATION_FAILED',
      message: 'stream generation stopped: the emulator closed',
    });
  });
});

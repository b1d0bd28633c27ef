/**
 * One max-rate sample connection's supply of batches: consecutive slices of the firehose, each
 * generated on the event loop until the generation workers are ready (or after they failed), then
 * requested ahead from them (`depth` in flight) and handed out strictly in order. Every slice is a pure function of
 * its range, so the connection writes the same bytes whoever made each slice. The workers start
 * only once a connection has taken `warmSlices` slices (a short stream never pays their start);
 * memory is bounded by `depth` slices.
 */
import type { World } from '../../world/index.js';
import { generateSampleBatch, type SampleBatch } from './sample-batch.js';
import type { SampleGeneratorPool } from './sample-generator-pool.js';

/** Simulated time one slice covers, ms: ~114 sampled messages (~0.5 MB) at the default rate. */
const sliceMs = 2000;
/** Slices a connection takes before the workers are started. */
const warmSlices = 4;

/** What a feed needs. */
export interface SampleFeedOptions {
  readonly pool: SampleGeneratorPool;
  readonly world: World;
  /** The first firehose event index. */
  readonly start: number;
  /** Slices requested ahead from the workers. */
  readonly depth: number;
  /** Called when the next batch in order has arrived from a worker. */
  readonly onReady: () => void;
}

interface Slot {
  batch: SampleBatch | undefined;
}

/** In-order batches of the sample from `start` on. */
export class SampleFeed {
  readonly #options: SampleFeedOptions;
  readonly #slots: Slot[] = [];
  #nextFrom: number;
  /** Where the next slice ends, simulated ms: slices end on whole seconds. */
  #nextEndMs: number;
  #taken = 0;
  #closed = false;

  constructor(options: SampleFeedOptions) {
    this.#options = options;
    this.#nextFrom = options.start;
    this.#nextEndMs = Math.floor(options.world.timeOf(options.start) / 1000) * 1000 + sliceMs;
  }

  /** The next batch in order, or undefined until a worker delivers it (then `onReady`). */
  take(): SampleBatch | undefined {
    if (this.#closed) return undefined;
    const { pool, world } = this.#options;
    if (this.#taken >= warmSlices) pool.start();
    let batch: SampleBatch | undefined;
    if (this.#slots.length === 0 && !pool.isReady) {
      const [from, to] = this.#nextRange();
      batch = generateSampleBatch(world, from, to);
    } else {
      this.#fill();
      batch = this.#slots[0]?.batch;
      if (batch === undefined) return undefined;
      this.#slots.shift();
      this.#fill();
    }
    this.#taken += 1;
    return batch;
  }

  /** Stops requesting; batches still in flight are dropped when they arrive. */
  close(): void {
    this.#closed = true;
    this.#slots.length = 0;
  }

  #nextRange(): [from: number, to: number] {
    const from = this.#nextFrom;
    const to = this.#options.world.indexAt(this.#nextEndMs);
    this.#nextFrom = to;
    this.#nextEndMs += sliceMs;
    return [from, to];
  }

  #fill(): void {
    const { pool, depth } = this.#options;
    while (!this.#closed && this.#slots.length < depth) {
      const [from, to] = this.#nextRange();
      const slot: Slot = { batch: undefined };
      this.#slots.push(slot);
      const arrived = (batch: SampleBatch): void => {
        if (this.#closed) return;
        slot.batch = batch;
        if (this.#slots[0] === slot) this.#options.onReady();
      };
      // A failed pool (a worker died): the slice is made here instead, and the stream goes on.
      pool.generate(from, to).then(arrived, () => {
        if (!this.#closed) arrived(generateSampleBatch(this.#options.world, from, to));
      });
    }
  }
}

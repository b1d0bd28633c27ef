/**
 * One max-rate connection's supply of batches: consecutive slices of the firehose, each
 * generated on the event loop until the generation workers are ready (or after they failed), then
 * requested ahead from them (`depth` in flight) and handed out strictly in order. Every slice is a
 * pure function of its range (and the stream's predicates), so the connection writes the same
 * bytes whoever made each slice. The workers start only once a connection has taken
 * `warmSlices` slices (a short stream never pays their start); memory is bounded by `depth`
 * slices.
 */
import type { World } from '../../world/index.js';
import type { StreamSelection } from '../filter/stream-parameters.js';
import type { GenerationPool } from './generation-pool.js';
import { generateMatchBatch, type MatchBatch, type StreamPredicates } from './match-batch.js';
import { generateSampleBatch, type SampleBatch } from './sample-batch.js';

/** Sample slices: simulated time one covers, ms (~114 sampled messages, ~0.5 MB, at the default rate). */
const sampleSliceMs = 2000;
/** Sample slices a connection takes before the workers are started. */
const sampleWarmSlices = 4;
/**
 * Filter slices: firehose events one covers. A worker scans them all (~60 µs each when the raw
 * prefilter passes), so one slice is tens of ms of work: small enough to keep a slice made on the
 * event loop (after the workers failed) from holding it long.
 */
const filterSliceEvents = 500;
/** Narrowed sample slices: firehose events one covers (~1 % of them are scanned, ~200 messages). */
const sampleSliceEvents = 20_000;

/** What every feed needs. */
interface FeedOptions {
  readonly pool: GenerationPool;
  readonly world: World;
  /** The first firehose event index. */
  readonly start: number;
  /** Slices requested ahead from the workers. */
  readonly depth: number;
  /** Called when the next batch in order has arrived from a worker. */
  readonly onReady: () => void;
}

/** How a feed cuts and makes its slices. */
interface SliceMaker<B extends SampleBatch> {
  /** The next slice's range; consecutive calls give consecutive ranges. */
  readonly nextRange: () => [from: number, to: number];
  /** Makes a slice on the event loop. */
  readonly here: (from: number, to: number) => B;
  /** Asks a worker for a slice. */
  readonly inWorker: (from: number, to: number) => Promise<B>;
  /** Slices made before the workers are started. */
  readonly warmSlices: number;
}

interface Slot<B> {
  batch: B | undefined;
}

/** In-order batches from `start` on. */
export class BatchFeed<B extends SampleBatch> {
  readonly #options: FeedOptions;
  readonly #maker: SliceMaker<B>;
  readonly #slots: Slot<B>[] = [];
  #taken = 0;
  #closed = false;

  constructor(options: FeedOptions, maker: SliceMaker<B>) {
    this.#options = options;
    this.#maker = maker;
  }

  /** The next batch in order, or undefined until a worker delivers it (then `onReady`). */
  take(): B | undefined {
    if (this.#closed) return undefined;
    const { pool } = this.#options;
    if (this.#taken >= this.#maker.warmSlices) pool.start();
    let batch: B | undefined;
    if (this.#slots.length === 0 && !pool.isReady) {
      const [from, to] = this.#maker.nextRange();
      batch = this.#maker.here(from, to);
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

  #fill(): void {
    const { depth } = this.#options;
    while (!this.#closed && this.#slots.length < depth) {
      const [from, to] = this.#maker.nextRange();
      const slot: Slot<B> = { batch: undefined };
      this.#slots.push(slot);
      const arrived = (batch: B): void => {
        if (this.#closed) return;
        slot.batch = batch;
        if (this.#slots[0] === slot) this.#options.onReady();
      };
      // A failed pool (a worker died): the slice is made here instead, and the stream goes on.
      this.#maker.inWorker(from, to).then(arrived, () => {
        if (!this.#closed) arrived(this.#maker.here(from, to));
      });
    }
  }
}

/** The world's sample from `start` on, in slices ending on whole simulated seconds. */
export function sampleFeed(options: FeedOptions): BatchFeed<SampleBatch> {
  const { pool, world } = options;
  let from = options.start;
  let endMs = Math.floor(world.timeOf(from) / 1000) * 1000 + sampleSliceMs;
  return new BatchFeed(options, {
    nextRange: () => {
      const range: [number, number] = [from, world.indexAt(endMs)];
      from = range[1];
      endMs += sampleSliceMs;
      return range;
    },
    here: (first, end) => generateSampleBatch(world, first, end),
    inWorker: (first, end) => pool.generate(first, end),
    warmSlices: sampleWarmSlices,
  });
}

/**
 * The events a stream's predicates select from `start` on, in slices of a fixed number of
 * firehose events. The caller starts the workers ({@link GenerationPool.start}) when it sees fit:
 * until they are ready, slices are made on the event loop.
 *
 * @param selection - the predicates compiled on the event loop, for slices made here
 */
export function matchFeed(
  options: FeedOptions,
  predicates: StreamPredicates,
  selection: StreamSelection,
): BatchFeed<MatchBatch> {
  const { pool, world } = options;
  const sliceEvents = predicates.endpoint === 'sample' ? sampleSliceEvents : filterSliceEvents;
  let from = options.start;
  return new BatchFeed(options, {
    nextRange: () => {
      const range: [number, number] = [from, from + sliceEvents];
      from = range[1];
      return range;
    },
    here: (first, end) => generateMatchBatch(world, first, end, selection),
    inWorker: (first, end) => pool.generateMatches(first, end, predicates),
    warmSlices: 0,
  });
}

/**
 * Worker threads that generate streams at rate `max`: each request names a slice of the firehose
 * and resolves with its messages as bytes: the sample's (see sample-batch.ts), or those a stream's
 * predicates select (see match-batch.ts). Slices go to the ready worker with the fewest
 * outstanding, and every slice is a pure function of the world's options and the request, so the
 * bytes are the same however many workers there are. Workers start on
 * {@link GenerationPool.start} and take requests once they have loaded the world.
 */
import { Worker } from 'node:worker_threads';
import { SpritzerError } from '../../errors.js';
import type { WorldOptions } from '../../world/index.js';
import type { MatchBatch, StreamPredicates } from './match-batch.js';
import type { SampleBatch } from './sample-batch.js';

/** A request to a worker: the firehose events `[from, to)`, and buffers it may reuse. */
export interface GenerationRequest {
  readonly request: number;
  readonly from: number;
  readonly to: number;
  /** The stream's predicates (a {@link MatchBatch}); absent for the sample (a {@link SampleBatch}). */
  readonly predicates?: StreamPredicates;
  /** Batch buffers written out and handed back (moved with the request). */
  readonly spare: ArrayBuffer[];
}

/** Buffers kept for reuse between requests: about two slices in flight per worker. */
const maxSpareBuffers = 8;
/** Buffers moved to a worker with each request. */
const spareBuffersPerRequest = 2;

/** A worker's answer: a batch, or (once, first) that it is ready. */
export type GenerationResponse =
  { readonly request: number; readonly batch: SampleBatch } | { readonly ready: true };

interface PoolWorker {
  readonly worker: Worker;
  ready: boolean;
  outstanding: number;
}

interface Pending {
  readonly resolve: (batch: SampleBatch) => void;
  readonly reject: (error: Error) => void;
  readonly worker: PoolWorker;
}

/** Starts one worker; under tsx (tests, benches) the TypeScript source goes through tsx too. */
function startWorker(worldOptions: WorldOptions): Worker {
  if (import.meta.url.endsWith('.ts')) {
    // Worker threads do not inherit tsx's module hooks: register them, then load the source.
    const source = new URL('./generation-worker.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    return new Worker(
      `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`,
      { eval: true, workerData: worldOptions },
    );
  }
  return new Worker(new URL('./generation-worker.js', import.meta.url), {
    workerData: worldOptions,
  });
}

/** A fixed set of generation workers, started by {@link GenerationPool.start}. */
export class GenerationPool {
  readonly #worldOptions: WorldOptions;
  readonly #size: number;
  readonly #workers: PoolWorker[] = [];
  readonly #pending = new Map<number, Pending>();
  #requests = 0;
  #failure: Error | undefined;
  readonly #spare: ArrayBuffer[] = [];
  #reusedBuffers = 0;

  /**
   * @param worldOptions - the world's options (every field structured-cloneable)
   * @param size - how many worker threads, at least 1
   */
  constructor(worldOptions: WorldOptions, size: number) {
    this.#worldOptions = worldOptions;
    this.#size = size;
  }

  /** Whether a worker takes requests (started, and the world loaded). */
  get isReady(): boolean {
    return this.readyCount > 0;
  }

  /** Batches whose bytes went into a buffer handed back through {@link GenerationPool.recycle}. */
  get reusedBuffers(): number {
    return this.#reusedBuffers;
  }

  /**
   * Hands back the buffer of a batch once nothing uses its bytes any more (written out, and no
   * message over it kept): the next request moves it to a worker, which fills it again. The
   * caller must not touch any view of it afterwards.
   */
  recycle(buffer: ArrayBufferLike): void {
    if (this.#failure || this.#spare.length >= maxSpareBuffers) return;
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) return;
    this.#spare.push(buffer);
  }

  /** How many workers take requests. */
  get readyCount(): number {
    if (this.#failure) return 0;
    return this.#workers.filter((entry) => entry.ready).length;
  }

  /**
   * The sampled messages of the firehose events `[from, to)`.
   *
   * @throws SpritzerError ERR_EMULATOR_GENERATION_FAILED (as a rejection) when a worker failed
   *   or the pool closed; call only when {@link GenerationPool.isReady}
   */
  generate(from: number, to: number): Promise<SampleBatch> {
    return this.#request<SampleBatch>(from, to, undefined);
  }

  /**
   * The messages of the firehose events `[from, to)` that a stream's predicates select.
   *
   * @throws SpritzerError ERR_EMULATOR_GENERATION_FAILED as {@link GenerationPool.generate}
   */
  generateMatches(from: number, to: number, predicates: StreamPredicates): Promise<MatchBatch> {
    return this.#request<MatchBatch>(from, to, predicates);
  }

  #request<B extends SampleBatch>(
    from: number,
    to: number,
    predicates: StreamPredicates | undefined,
  ): Promise<B> {
    const ready = this.#workers.filter((entry) => entry.ready);
    if (this.#failure || ready.length === 0) {
      return Promise.reject(
        this.#failure ??
          new SpritzerError('ERR_EMULATOR_GENERATION_FAILED', 'no generation worker is ready'),
      );
    }
    const target = ready.reduce((least, candidate) =>
      candidate.outstanding < least.outstanding ? candidate : least,
    );
    this.#requests += 1;
    const spare = this.#spare.splice(0, spareBuffersPerRequest);
    const request: GenerationRequest = {
      request: this.#requests,
      from,
      to,
      ...(predicates && { predicates }),
      spare,
    };
    target.outstanding += 1;
    return new Promise((resolve, reject) => {
      // The worker answers a request with the batch kind it asked for.
      this.#pending.set(request.request, {
        resolve: (batch) => {
          resolve(batch as B);
        },
        reject,
        worker: target,
      });
      target.worker.postMessage(request, spare);
    });
  }

  /** Stops every worker; outstanding requests reject. */
  async close(): Promise<void> {
    const workers = this.#workers.splice(0);
    this.#fail(
      new SpritzerError(
        'ERR_EMULATOR_GENERATION_FAILED',
        'stream generation stopped: the emulator closed',
      ),
    );
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }

  /**
   * Starts the workers (once); they take requests when ready. A worker that fails or exits fails
   * the pool: outstanding requests reject, and feeds generate on the event loop from then on.
   */
  start(): void {
    if (this.#workers.length > 0 || this.#failure) return;
    for (let index = 0; index < this.#size; index += 1) {
      let worker: Worker;
      try {
        worker = startWorker(this.#worldOptions);
      } catch (error) {
        this.#workerFailed(error as Error);
        return;
      }
      const entry: PoolWorker = { worker, ready: false, outstanding: 0 };
      worker.unref();
      worker.on('message', (response: GenerationResponse) => {
        if ('ready' in response) {
          entry.ready = true;
          return;
        }
        const pending = this.#pending.get(response.request);
        if (!pending) return;
        this.#pending.delete(response.request);
        pending.worker.outstanding -= 1;
        if (response.batch.reused) this.#reusedBuffers += 1;
        pending.resolve(response.batch);
      });
      worker.on('error', (error) => {
        this.#workerFailed(error);
      });
      worker.on('exit', (code) => {
        this.#workerFailed(new Error(`it exited with code ${code}`));
      });
      this.#workers.push(entry);
    }
  }

  #workerFailed(error: Error): void {
    this.#fail(
      new SpritzerError(
        'ERR_EMULATOR_GENERATION_FAILED',
        `a stream generation worker failed (${error.message}); streams go on without workers`,
        { cause: error },
      ),
    );
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#spare.length = 0;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

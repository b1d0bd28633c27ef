/**
 * The measuring loop of `spritzer load`: the synthetic world's firehose (in-process, no HTTP)
 * written into a sink in batches, as fast as the sink accepts them, timing each batch. The
 * benchmark (bench/sinks.bench.ts) runs the same loop over messages made in advance.
 */
import { invalidArgValue } from '../errors.js';
import { classifyMessage } from '../messages/classify.js';
import type { StreamMessage } from '../messages/types.js';
import type { Sink, SinkCounters } from '../sinks/sink.js';
import { createWorld, type WorldEvent } from '../world/index.js';
import { LatencyHistogram } from './latency-histogram.js';

/** Options of {@link runLoad}. */
export interface LoadOptions {
  readonly sink: Sink;
  /** The messages, e.g. {@link worldMessages}; read lazily, one batch at a time. */
  readonly source: Iterator<StreamMessage>;
  /** How many tweets to write; the notices among them are written too. */
  readonly count: number;
  /** Messages per `write`. @default 1000 */
  readonly batchSize?: number;
  /** Stops after the batch in flight (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Called after each batch. */
  readonly onProgress?: (progress: LoadProgress) => void;
}

/** Where a run is. */
export interface LoadProgress {
  readonly tweets: number;
  readonly messages: number;
  readonly bytes: number;
  readonly elapsedMs: number;
}

/** What a run measured. */
export interface LoadResult extends LoadProgress {
  /** Time spent inside the sink (`write` and the final `flush`), ms. */
  readonly sinkMs: number;
  readonly batches: number;
  readonly batchSize: number;
  readonly latencyP50Ms: number | undefined;
  readonly latencyP99Ms: number | undefined;
  readonly counters: SinkCounters;
  /** Stopped by the signal before `count` tweets. */
  readonly interrupted: boolean;
}

/**
 * Writes `count` tweets from the source into the sink in batches, timing each, and flushes it
 * (the caller closes it).
 *
 * @throws RangeError `ERR_INVALID_ARG_VALUE` for a bad count or batch size; the sink's
 *   SpritzerError when a write fails
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isSafeInteger(options.count) || options.count < 1) {
    throw invalidArgValue('count', `must be a positive integer; received ${options.count}`);
  }
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw invalidArgValue('batch', `must be a positive integer; received ${batchSize}`);
  }
  const latencies = new LatencyHistogram();
  const startedMs = performance.now();
  let tweets = 0;
  let messages = 0;
  let bytes = 0;
  let sinkMs = 0;
  const progress = (): LoadProgress => ({
    tweets,
    messages,
    bytes,
    elapsedMs: performance.now() - startedMs,
  });
  while (tweets < options.count && options.signal?.aborted !== true) {
    const batch: StreamMessage[] = [];
    while (batch.length < batchSize && tweets < options.count) {
      const next = options.source.next();
      if (next.done === true) break;
      const message = next.value;
      batch.push(message);
      bytes += message.raw.length;
      if (message.kind === 'tweet') tweets += 1;
    }
    if (batch.length === 0) break;
    const before = performance.now();
    await options.sink.write(batch);
    const took = performance.now() - before;
    sinkMs += took;
    latencies.record(took);
    messages += batch.length;
    options.onProgress?.(progress());
    // A synchronous sink (better-sqlite3) resolves at once: let signals and I/O in between
    // batches, or Ctrl-C would never be seen.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const beforeFlush = performance.now();
  await options.sink.flush();
  sinkMs += performance.now() - beforeFlush;
  return {
    ...progress(),
    sinkMs,
    batches: latencies.count,
    batchSize,
    latencyP50Ms: latencies.percentile(50),
    latencyP99Ms: latencies.percentile(99),
    counters: options.sink.counters(),
    interrupted: tweets < options.count,
  };
}

/**
 * The world's firehose as stream messages, from event `startEvent` on, forever.
 *
 * @param seed - the world's seed
 * @param startEvent - the first event
 */
export function* worldMessages(seed: number, startEvent = 0): Generator<StreamMessage> {
  for (const event of createWorld({ seed }).events(startEvent)) yield toStreamMessage(event);
}

/**
 * A world event as the stream would deliver it: the exact bytes, and for a tweet the world's own
 * parsed object (no second parse); notices go through the classifier.
 */
export function toStreamMessage(event: WorldEvent): StreamMessage {
  // The world's JSON is pure ASCII (non-ASCII escaped as \uXXXX), so latin1 is exact and fast.
  const raw = Buffer.from(event.json, 'latin1');
  const tweet = event.kind === 'tweet' ? event.tweet : undefined;
  return tweet === undefined ? classifyMessage(raw) : { kind: 'tweet', raw, data: tweet };
}

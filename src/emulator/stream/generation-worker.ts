/**
 * The generation worker (a worker thread): makes slices of the world's 1 % sample, or of the
 * events a stream's predicates select, as bytes and posts them back, transferring the buffers, so
 * that generating the firehose and writing sockets run on different cores. `workerData` holds the
 * world's options; each request names a slice, may name predicates, and may carry used buffers
 * back for reuse.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createWorld, type WorldOptions } from '../../world/index.js';
import { compileStreamSelection, type StreamSelection } from '../filter/stream-parameters.js';
import type { GenerationRequest, GenerationResponse } from './generation-pool.js';
import { generateMatchBatch, type StreamPredicates } from './match-batch.js';
import { generateSampleBatch, type SampleBatch } from './sample-batch.js';

const port = parentPort;
if (port === null) throw new Error('generation-worker.js runs as a worker thread only');
const world = createWorld(workerData as WorldOptions);
port.postMessage({ ready: true } satisfies GenerationResponse);
/** Buffers the event loop handed back, reused for the next slices (a few are enough). */
const spare: ArrayBuffer[] = [];
const maxSpare = 4;
/** Compiled predicates of the streams served lately, by their JSON (a stream sends the same). */
const selections = new Map<string, StreamSelection>();
const maxSelections = 16;

function selectionOf(predicates: StreamPredicates): StreamSelection {
  const key = JSON.stringify(predicates);
  let selection = selections.get(key);
  if (selection === undefined) {
    selection = compileStreamSelection(predicates.endpoint, predicates.description);
    if (selections.size >= maxSelections) selections.clear();
    selections.set(key, selection);
  }
  return selection;
}

port.on('message', (request: GenerationRequest) => {
  for (const buffer of request.spare) if (spare.length < maxSpare) spare.push(buffer);
  const moved: ArrayBuffer[] = [];
  let batch: SampleBatch;
  if (request.predicates === undefined) {
    batch = generateSampleBatch(world, request.from, request.to, spare);
  } else {
    const matches = generateMatchBatch(
      world,
      request.from,
      request.to,
      selectionOf(request.predicates),
      spare,
    );
    moved.push(matches.tweetsThrough.buffer as ArrayBuffer);
    batch = matches;
  }
  // Each array owns its ArrayBuffer (sample-batch.ts): moved, not copied.
  moved.push(...([batch.bytes.buffer, batch.ends.buffer, batch.kinds.buffer] as ArrayBuffer[]));
  port.postMessage({ request: request.request, batch } satisfies GenerationResponse, moved);
});

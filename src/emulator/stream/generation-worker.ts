/**
 * The generation worker (a worker thread): makes slices of the world's 1 % sample as bytes and
 * posts them back, transferring the buffers, so that generating the firehose and writing sockets
 * run on different cores. `workerData` holds the world's options; each request names a slice and
 * may carry used buffers back for reuse.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createWorld, type WorldOptions } from '../../world/index.js';
import { generateSampleBatch } from './sample-batch.js';
import type { SampleRequest, SampleResponse } from './sample-generator-pool.js';

const port = parentPort;
if (port === null) throw new Error('sample-worker.js runs as a worker thread only');
const world = createWorld(workerData as WorldOptions);
port.postMessage({ ready: true } satisfies SampleResponse);
/** Buffers the event loop handed back, reused for the next slices (a few are enough). */
const spare: ArrayBuffer[] = [];
const maxSpare = 4;
port.on('message', (request: SampleRequest) => {
  for (const buffer of request.spare) if (spare.length < maxSpare) spare.push(buffer);
  const batch = generateSampleBatch(world, request.from, request.to, spare);
  const response: SampleResponse = { request: request.request, batch };
  // Each array owns its ArrayBuffer (sample-batch.ts): moved, not copied.
  const moved = [batch.bytes.buffer, batch.ends.buffer, batch.kinds.buffer] as ArrayBuffer[];
  port.postMessage(response, moved);
});

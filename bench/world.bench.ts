/**
 * How fast the synthetic world makes the firehose, on one core: tweets (events) generated and
 * serialized per second and MB/s, next to a baseline measured in the same run: `JSON.stringify`
 * of realistic pre-built tweet objects (the floor of any build-an-object-then-stringify
 * generator). Both write their bytes into one reusable buffer, as a writer would.
 *
 * Rounds alternate baseline, firehose and sample, and the ratios are taken per round (then the
 * median), so a change of machine load between rounds does not skew them.
 *
 * Also: the 1 % sample path (only sampled events are made), and memory (RSS and heap) at the
 * start and the end of the generation runs, to show it stays flat.
 *
 *   npm run bench -- world
 */
import { createWorld, type World } from '../src/world/index.js';

const roundMs = 2000;
const rounds = 5;
const output = Buffer.allocUnsafe(1 << 20);

interface Figures {
  readonly eventsPerSecond: number;
  readonly megabytesPerSecond: number;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Runs `step` (which returns bytes written) until `roundMs` of CPU time has passed. */
function measure(step: () => number): Figures {
  const start = cpuMs();
  let events = 0;
  let bytes = 0;
  let elapsed = 0;
  do {
    for (let batch = 0; batch < 256; batch++) bytes += step();
    events += 256;
    elapsed = cpuMs() - start;
  } while (elapsed < roundMs);
  return {
    eventsPerSecond: (events * 1000) / elapsed,
    megabytesPerSecond: (bytes * 1000) / elapsed / 1e6,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function memory(): string {
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return (
    `RSS ${(usage.rss / 1e6).toFixed(0)} MB, heap used ${(usage.heapUsed / 1e6).toFixed(0)} MB ` +
    `of ${(usage.heapTotal / 1e6).toFixed(0)} MB`
  );
}

/** Realistic pre-built tweet objects: the world's own first tweets, parsed once. */
function baselineObjects(world: World): unknown[] {
  const objects: unknown[] = [];
  for (const event of world.events()) {
    if (event.kind === 'tweet') objects.push(JSON.parse(event.json));
    if (objects.length >= 2048) break;
  }
  return objects;
}

const world = createWorld({ seed: 2026 });
const objects = baselineObjects(world);
let objectIndex = 0;
const baselineStep = (): number => {
  const json = JSON.stringify(objects[objectIndex++ & 2047]);
  return output.write(json, 0, 'utf8');
};

let firehose = world.events(1_000_000);
const firehoseStep = (): number => {
  const next = firehose.next();
  if (next.done === true) throw new Error('the firehose ended');
  return output.write(next.value.json, 0, 'latin1');
};

let sample = world.sampleEvents(1_000_000);
const sampleStep = (): number => {
  const next = sample.next();
  if (next.done === true) throw new Error('the sample ended');
  return output.write(next.value.json, 0, 'latin1');
};

// Warm up every path (JIT, caches).
measure(baselineStep);
measure(firehoseStep);
const memoryAtStart = memory();

const results = { baseline: [] as Figures[], firehose: [] as Figures[], sample: [] as Figures[] };
for (let round = 0; round < rounds; round++) {
  results.baseline.push(measure(baselineStep));
  results.firehose.push(measure(firehoseStep));
  results.sample.push(measure(sampleStep));
}
const memoryAtEnd = memory();
firehose = world.events(0);
sample = world.sampleEvents(0);

const line = (name: string, figures: readonly Figures[]): void => {
  const eventsPerSecond = median(figures.map((figure) => figure.eventsPerSecond));
  const megabytes = median(figures.map((figure) => figure.megabytesPerSecond));
  console.log(
    `${name.padEnd(44)} ${Math.round(eventsPerSecond).toLocaleString('en-US').padStart(10)} /s ` +
      `${megabytes.toFixed(0).padStart(6)} MB/s`,
  );
};

console.log(`median of ${rounds} rounds of ${roundMs} ms CPU time each, one core`);
line('baseline: JSON.stringify pre-built tweets', results.baseline);
line('world.events(): generate + serialize', results.firehose);
line('world.sampleEvents(): 1 % sample only', results.sample);
/** Median over rounds of the ratio of two paths measured in the same round. */
const pairedRatio = (
  numerator: readonly Figures[],
  denominator: readonly Figures[],
  field: keyof Figures,
): string =>
  median(
    numerator.map((figure, round) => figure[field] / (denominator[round]?.[field] ?? Number.NaN)),
  ).toFixed(2);
console.log(
  `ratio firehose/baseline (median of per-round ratios): ` +
    `${pairedRatio(results.firehose, results.baseline, 'eventsPerSecond')}x events/s, ` +
    `${pairedRatio(results.firehose, results.baseline, 'megabytesPerSecond')}x MB/s; ` +
    `sample/baseline: ${pairedRatio(results.sample, results.baseline, 'eventsPerSecond')}x events/s; ` +
    `sample/firehose: ${pairedRatio(results.sample, results.firehose, 'eventsPerSecond')}x events/s`,
);
console.log(`target: 150,000 events/s (record peak 143,199 tweets/s)`);
console.log(`memory after warm-up: ${memoryAtStart}; after ${rounds * 3} rounds: ${memoryAtEnd}`);

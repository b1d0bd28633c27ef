/**
 * What printing costs: messages per second through the console sink's formatters (text with
 * entity highlighting, text with the matrix theme, json, raw), next to a baseline measured in
 * the same run: `JSON.parse` of the same lines, which the stream engine already pays for every
 * message. A ratio above 1 means printing costs less than parsing did.
 *
 * The messages are 20,000 events of the synthetic world (seed 1), classified as the stream
 * engine classifies them. Output goes to memory, not a terminal.
 *
 *   npm run bench -- console-format
 */
import { PassThrough } from 'node:stream';
import {
  createMessageFormatter,
  type OutputFormat,
  type Theme,
} from '../src/cli/output/message-formatter.js';
import { classifyMessage } from '../src/messages/classify.js';
import type { StreamMessage } from '../src/messages/types.js';
import { ConsoleSink } from '../src/sinks/console.js';
import { createWorld } from '../src/world/index.js';

const count = 20_000;
const rounds = 5;

const world = createWorld({ seed: 1 });
const lines: string[] = [];
for (const event of world.events()) {
  lines.push(event.json);
  if (lines.length === count) break;
}
const messages: StreamMessage[] = lines.map((line) => classifyMessage(Buffer.from(line)));

/** The best of `rounds` runs of `work`, in messages per second. */
function best(work: () => void): number {
  let fastest = Infinity;
  for (let round = 0; round < rounds; round += 1) {
    const started = process.hrtime.bigint();
    work();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e9);
  }
  return count / fastest;
}

let sink = 0;
const baseline = best(() => {
  for (const line of lines) {
    const parsed: unknown = JSON.parse(line);
    if (parsed === null) sink += 1;
  }
});

const variants: [string, OutputFormat, Theme, boolean][] = [
  ['text (plain)', 'text', 'default', false],
  ['text (color)', 'text', 'default', true],
  ['text (matrix, color)', 'text', 'matrix', true],
  ['json', 'json', 'default', false],
  ['raw', 'raw', 'default', false],
];

const rate = (value: number): string => `${Math.round(value).toLocaleString('en-US')} msg/s`;
console.log(`baseline JSON.parse of the same lines: ${rate(baseline)}`);
for (const [label, format, theme, color] of variants) {
  const formatter = createMessageFormatter({
    format,
    theme,
    color,
    timeZone: 'UTC',
    random: () => 0.5,
  });
  const formatted = best(() => {
    for (const message of messages) sink += formatter(message).length;
  });
  console.log(
    `${label.padEnd(22)} ${rate(formatted).padStart(16)}  ratio ${(formatted / baseline).toFixed(2)}`,
  );
}

// The whole console sink (dedupe, counters, one write per batch) into an in-memory stream.
const output = new PassThrough();
output.resume();
const consoleSink = new ConsoleSink({
  output,
  format: createMessageFormatter({ format: 'text', color: false, timeZone: 'UTC' }),
  recentIdCapacity: count * 2,
});
let batchStart = 0;
const started = process.hrtime.bigint();
while (batchStart < messages.length) {
  await consoleSink.write(messages.slice(batchStart, batchStart + 100));
  batchStart += 100;
}
const sinkRate = count / (Number(process.hrtime.bigint() - started) / 1e9);
console.log(
  `${'console sink (text)'.padEnd(22)} ${rate(sinkRate).padStart(16)}  ratio ${(sinkRate / baseline).toFixed(2)}  (one pass, batches of 100)`,
);
if (sink < 0) console.log(sink);

/**
 * `spritzer load`: how fast does a store ingest realistic tweets? Writes N tweets of the synthetic
 * world (in-process, no HTTP) into a sink as fast as it accepts them and prints tweets/s, MB/s and
 * the batch latency percentiles. Run it against each store and compare the tables.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { openSink } from '../../sinks/open-sink.js';
import { parseSinkUrl } from '../../sinks/sink-url.js';
import type { CliContext } from '../context.js';
import { terminalColumns } from '../terminal-style.js';
import { runLoad, worldMessages, type LoadProgress, type LoadResult } from '../load-runner.js';
import { rejectionReporter } from '../sink-destinations.js';
import { parsePositiveInteger, parseSeed } from '../option-parsers.js';
import type { RegisterCommand } from './index.js';

interface LoadCommandOptions {
  readonly to: string;
  readonly count: number;
  readonly seed: number;
  readonly batch: number;
  readonly startEvent: number;
  readonly json?: boolean;
  readonly progress?: boolean;
  readonly quiet?: boolean;
}

const examples = `
Examples:
  $ spritzer load --to sqlite:/tmp/tweets.db --count 100000
  $ spritzer load --to postgres://me@localhost/tweets --count 1000000 --batch 5000
  $ spritzer load --to nats://127.0.0.1:4222/TWEETS --count 500000 --json
  $ spritzer load --to file:/tmp/tweets.jsonl.gz --count 1000000 --seed 7

Sinks (the same as stream --to; options in docs/sinks.md):
  file:PATH   sqlite:PATH   postgres://USER@HOST/DATABASE   nats://HOST:PORT/STREAM

The tweets come with the compliance notices between them (deletes, scrub_geo, withheld), as
the stream would send them. Ctrl-C stops after the batch in flight; what was written is flushed
and reported.`;

/** Registers `spritzer load`. */
export const registerLoad: RegisterCommand = (program: Command, context: CliContext) => {
  program
    .command('load')
    .description('write N synthetic tweets into a sink as fast as it takes them; print the rate')
    .requiredOption('--to <sink>', 'where to write: file:, sqlite:, postgres:// or nats:// URL')
    .requiredOption('-n, --count <n>', 'how many tweets to write', parsePositiveInteger)
    .option('--seed <s>', 'world seed (any integer)', parseSeed, 1)
    .option('--batch <b>', 'messages per write', parsePositiveInteger, 1000)
    .option('--start-event <k>', 'first event number of the firehose', parseNonNegative, 0)
    .option('--json', 'print the result as one JSON object')
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .option('-q, --quiet', 'no progress bar')
    .addHelpText('after', examples)
    .action(async (options: LoadCommandOptions) => {
      await load(options, context);
    });
};

async function load(options: LoadCommandOptions, context: CliContext): Promise<void> {
  const sink = await openSink(parseSinkUrl(options.to, '--to'), {
    onRejected: rejectionReporter(context.stderr),
  });
  const terminal = context.stderr.isTTY === true;
  const progress =
    options.quiet !== true && (terminal || options.progress === true)
      ? new ProgressBar(options.count, context, terminal)
      : undefined;
  let result: LoadResult | undefined;
  let failure: unknown;
  let writtenTweets = 0;
  try {
    result = await runLoad({
      sink,
      source: worldMessages(options.seed, options.startEvent),
      count: options.count,
      batchSize: options.batch,
      signal: context.signal,
      onProgress: (done: LoadProgress) => {
        writtenTweets = done.tweets;
        progress?.update(done);
      },
    });
  } catch (error) {
    failure = error;
  }
  progress?.clear();
  try {
    await sink.close();
  } catch (error) {
    failure ??= error;
  }
  if (failure !== undefined || result === undefined) {
    // A sink that fails mid-run: say how far it got before the error says why.
    if (writtenTweets > 0) {
      context.stderr.write(
        `${writtenTweets.toLocaleString('en-US')} of ${options.count.toLocaleString('en-US')} tweets were written to ${sink.name} before it failed\n`,
      );
    }
    throw failure;
  }
  context.stdout.write(
    options.json === true
      ? `${JSON.stringify({ sink: sink.name, count: options.count, seed: options.seed, ...result })}\n`
      : formatResult(sink.name, options.count, result),
  );
}

/** The result as a small table. */
export function formatResult(sinkName: string, count: number, result: LoadResult): string {
  const seconds = result.elapsedMs / 1000;
  const number = (value: number): string => Math.round(value).toLocaleString('en-US');
  const ms = (value: number | undefined): string =>
    value === undefined ? '–' : `${value.toFixed(value < 10 ? 2 : 1)} ms`;
  const counters = result.counters;
  const skipped = Object.entries(counters.skipped)
    .map(([reason, n]) => `${number(n)} ${reason}`)
    .join(', ');
  const lines = [
    ['sink', sinkName],
    [
      'tweets',
      `${number(result.tweets)} written: ${number(counters.stored)} stored, ${number(counters.duplicates)} duplicates`,
    ],
    [
      'notices',
      `${number(result.messages - result.tweets)} written: ${number(counters.compliance)} applied`,
    ],
    ...(skipped === '' ? [] : [['skipped', skipped]]),
    ['time', `${seconds.toFixed(2)} s (${(result.sinkMs / 1000).toFixed(2)} s in the sink)`],
    [
      'rate',
      `${number(result.tweets / Math.max(seconds, 1e-9))} tweets/s, ${(result.bytes / 1e6 / Math.max(seconds, 1e-9)).toFixed(1)} MB/s`,
    ],
    [
      'batches',
      `${number(result.batches)} × ${number(result.batchSize)} messages; latency p50 ${ms(result.latencyP50Ms)}, p99 ${ms(result.latencyP99Ms)}`,
    ],
  ];
  const table = lines
    .map(([label, value]) => `${(label ?? '').padEnd(8)} ${value ?? ''}`)
    .join('\n');
  const note = result.interrupted
    ? `\ninterrupted after ${number(result.tweets)} of ${number(count)} tweets; everything written was flushed`
    : '';
  return `${table}${note}\n`;
}

/**
 * Progress on stderr: on a terminal a bar redrawn in place at most ten times a second; elsewhere
 * (`--progress` into a log) a line at most once a second.
 */
class ProgressBar {
  readonly #total: number;
  readonly #context: CliContext;
  readonly #terminal: boolean;
  #lastDrawMs = Number.NEGATIVE_INFINITY;

  constructor(total: number, context: CliContext, terminal: boolean) {
    this.#total = total;
    this.#context = context;
    this.#terminal = terminal;
  }

  update(done: LoadProgress): void {
    const now = performance.now();
    if (now - this.#lastDrawMs < (this.#terminal ? 100 : 1000)) return;
    this.#lastDrawMs = now;
    const share = Math.min(1, done.tweets / this.#total);
    const seconds = Math.max(0.001, done.elapsedMs / 1000);
    const figures =
      `${String(Math.floor(share * 100)).padStart(3)}% ${done.tweets.toLocaleString('en-US')} tweets, ` +
      `${Math.round(done.tweets / seconds).toLocaleString('en-US')}/s, ${(done.bytes / 1e6 / seconds).toFixed(1)} MB/s`;
    if (!this.#terminal) {
      this.#context.stderr.write(`progress ${figures}\n`);
      return;
    }
    const width = Math.max(10, Math.min(30, terminalColumns(this.#context.stderr) - 60));
    const filled = Math.round(share * width);
    this.#context.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${figures} `,
    );
  }

  clear(): void {
    if (this.#terminal && this.#lastDrawMs !== Number.NEGATIVE_INFINITY) {
      this.#context.stderr.write('\r\x1b[K');
    }
  }
}

function parseNonNegative(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('must be a non-negative integer.');
  }
  return Number(value);
}

/**
 * `--to` on `spritzer stream`: opens the sink pipeline, reports its outages and recoveries on
 * stderr as they happen, and sums up what each sink stored at the end.
 */
import { mkdir } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { SpritzerError } from '../errors.js';
import { openSinkPipeline, type SinkPipeline, type SinkReport } from '../sinks/sink-pipeline.js';
import { parseByteSize } from '../sinks/sink-url.js';
import type { TweetIdRange } from '../sinks/sink-errors.js';
import type { SpillStatus } from '../sinks/spilling-sink.js';
import type { StreamMessage } from '../messages/types.js';
import type { CliContext } from './context.js';
import { createTerminalStyle, shouldColor } from './terminal-style.js';

/** The `--to` options of a command, as {@link addSinkOptions} defines them. */
export interface SinkDestinationOptions {
  /** Sink URLs, in order. */
  readonly to?: string[];
  /** Where spill journals go. @default $XDG_STATE_HOME/spritzer/spill */
  readonly spillDir?: string;
  /** Each sink's spill limit in bytes. @default 1 GiB */
  readonly spillLimit?: number;
  /** No notices or summary on stderr. */
  readonly quiet?: boolean;
}

/** Adds `--to` (repeatable), `--spill-dir` and `--spill-limit` to a command. */
export function addSinkOptions(command: Command): Command {
  return command
    .option(
      '--to <sink>',
      'also write to a sink: file:PATH, sqlite:PATH, postgres://…, nats://HOST:PORT/STREAM (repeatable)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option(
      '--spill-dir <dir>',
      'where a sink spills while unavailable (default: $XDG_STATE_HOME/spritzer/spill, else ~/.local/state/spritzer/spill)',
    )
    .addOption(
      new Option(
        '--spill-limit <size>',
        'spill journal size at which the stream pauses (default: 1GiB)',
      ).argParser(parseSize),
    );
}

/**
 * Opens every `--to` sink behind its spill journal, or resolves `undefined` without `--to`.
 * Outages, pauses and recoveries are reported on stderr as one line each (unless quiet).
 *
 * @throws RangeError `ERR_INVALID_ARG_VALUE` for a malformed `--to`; SpritzerError when a sink
 *   cannot be opened
 */
export async function openSinkDestinations(
  options: SinkDestinationOptions,
  context: CliContext,
): Promise<SinkPipeline | undefined> {
  if (options.to === undefined || options.to.length === 0) return undefined;
  if (options.spillDir !== undefined) await prepareSpillDir(options.spillDir);
  const style = createTerminalStyle(shouldColor(context.stderr, context.env));
  return openSinkPipeline(options.to, {
    env: context.env,
    drainTimeoutMs,
    ...(options.spillDir === undefined ? {} : { spillDir: options.spillDir }),
    ...(options.spillLimit === undefined ? {} : { spillLimitBytes: options.spillLimit }),
    onRejected: rejectionReporter(context.stderr),
    onStateChange: (status) => {
      if (options.quiet !== true) {
        context.stderr.write(`${style.yellow(describeSpillState(status))}\n`);
      }
    },
  });
}

/**
 * Creates `--spill-dir` now (mode 0700), so a path that cannot be a directory is a usage error
 * before streaming, not a failure found only when a sink goes down and has nowhere to spill.
 */
async function prepareSpillDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SpritzerError(
      'ERR_USAGE',
      `--spill-dir ${dir} cannot be used as a directory (${code}); pass a directory spritzer may create and write to`,
      { cause: error },
    );
  }
}

/** How long closing keeps replaying a down sink's spill journal, ms (said on stderr). */
const drainTimeoutMs = 10_000;

/** How many rejected messages are described on stderr; the rest are only counted. */
const describedRejections = 10;

/**
 * The `onRejected` hook of the CLI's sinks: each message a store can never take (and so skips,
 * counted in the summary) is described on stderr, even with `--quiet` since it is data not
 * stored; after {@link describedRejections} of them, one line says the rest are only counted.
 */
export function rejectionReporter(
  stderr: Pick<NodeJS.WritableStream, 'write'>,
): (error: SpritzerError<'ERR_SINK_MESSAGE_REJECTED'>) => void {
  let seen = 0;
  return (error) => {
    seen += 1;
    if (seen <= describedRejections) stderr.write(`${error.message}\n`);
    else if (seen === describedRejections + 1) {
      stderr.write(
        `more messages were rejected; they are counted in the summary (invalid, unsupported, refused)\n`,
      );
    }
  };
}

/**
 * The pipeline as the stream loop's destination. Closing it while a sink is still down keeps
 * replaying the spill journal for up to 10 s: a line says so (and that a second Ctrl-C leaves
 * the rest in the journal), instead of seconds of silence after Ctrl-C.
 */
export function sinkDestination(
  sinks: SinkPipeline,
  options: SinkDestinationOptions,
  context: CliContext,
): {
  write(message: StreamMessage): Promise<void>;
  close(): Promise<void>;
  readonly failed: Promise<Error>;
} {
  return {
    write: (message) => sinks.write(message),
    failed: sinks.failed,
    close: async () => {
      // A failed sink replays nothing: its journal failed.
      const down = sinks
        .reports()
        .filter(
          ({ spill }) =>
            (spill.state === 'spilling' || spill.state === 'paused') && spill.pendingMessages > 0,
        );
      if (down.length > 0 && options.quiet !== true) {
        context.stderr.write(
          `${down.map(({ name }) => name).join(', ')} still unavailable: replaying the spill journal for up to ${drainTimeoutMs / 1000} s before exiting; Ctrl-C again leaves the rest in the journal for the next run\n`,
        );
      }
      await sinks.close();
    },
  };
}

/**
 * Closes the sinks (a no-op when the stream loop already did) and prints what each stored on
 * stderr, unless quiet.
 */
export async function reportSinks(
  sinks: SinkPipeline | undefined,
  options: SinkDestinationOptions,
  context: CliContext,
): Promise<void> {
  if (sinks === undefined) return;
  await sinks.close();
  if (options.quiet !== true) context.stderr.write(`${summarizeSinks(sinks.reports())}\n`);
}

/** One line about a change of a sink's spill state. */
export function describeSpillState(status: SpillStatus): string {
  switch (status.state) {
    case 'spilling':
      return `${status.sink} unavailable (${status.lastError ?? 'write failed'}); spilling to ${status.journalPath}, nothing is lost`;
    case 'paused':
      return `${status.sink}: the spill journal reached its limit (${formatBytes(status.limitBytes)}); the stream is paused until the sink catches up`;
    case 'direct':
      return `${status.sink} is back: ${status.replayedMessages.toLocaleString('en-US')} spilled messages replayed in order`;
    case 'failed':
      return `${status.sink} failed and its spill journal ${status.journalPath} failed too (${status.lastError ?? 'write failed'}): the stream stops, and what it had taken and not stored is counted as lost`;
  }
}

/** What each sink stored, one line each, for the summary on stderr. */
export function summarizeSinks(reports: readonly SinkReport[]): string {
  return reports
    .map(({ name, counters, spill }) => {
      const number = (value: number): string => value.toLocaleString('en-US');
      const skipped = Object.entries(counters.skipped)
        .map(([reason, count]) => `${number(count)} ${reason}`)
        .join(', ');
      const parts = [
        `${number(counters.stored)} tweets stored`,
        `${number(counters.compliance)} compliance notices applied`,
        ...((counters.other ?? 0) > 0
          ? [`${number(counters.other ?? 0)} other messages stored`]
          : []),
        ...(counters.duplicates > 0 ? [`${number(counters.duplicates)} duplicates dropped`] : []),
        ...(skipped === '' ? [] : [`skipped ${skipped}`]),
        ...(spill.spilledMessages > 0
          ? [`${number(spill.replayedMessages)} replayed from the spill journal`]
          : []),
      ];
      const lost =
        spill.lostMessages > 0
          ? `\n  ${number(spill.lostMessages)} ${spill.lostMessages === 1 ? 'message was' : 'messages were'} lost${describeTweetIds(spill.lostTweetIds)}: neither stored nor spilled, as the spill journal ${spill.journalPath} failed too`
          : '';
      const left =
        spill.pendingMessages > 0
          ? `\n  ${number(spill.pendingMessages)} messages are still in the spill journal ${spill.journalPath}; they are written first the next time this sink is used`
          : '';
      return `${name}: ${parts.join(', ')}${lost}${left}`;
    })
    .join('\n');
}

function describeTweetIds(ids: TweetIdRange | undefined): string {
  if (ids === undefined) return '';
  return ids.first === ids.last ? ` (tweet ${ids.first})` : ` (tweets ${ids.first} to ${ids.last})`;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit] ?? 'B'}`;
}

/** A byte size such as `500MB` or `1GiB`, for commander. */
function parseSize(value: string): number {
  try {
    return parseByteSize('--spill-limit', value);
  } catch {
    throw new InvalidArgumentError('must be a size such as 1048576, 500MB or 1GiB.');
  }
}

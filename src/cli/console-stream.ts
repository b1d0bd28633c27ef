/**
 * Runs a stream to the console, for `spritzer stream` and `spritzer demo`: one loop takes each
 * message from the stream client and hands it to the console sink and to any other destination
 * (`--to` sinks), with the status line on stderr, `--limit` and `--duration`, prompt stops on
 * Ctrl-C, and a summary at the end.
 */
import { Option, type Command } from 'commander';
import type { MessageKind, StreamMessage } from '../messages/types.js';
import { ConsoleSink } from '../sinks/console.js';
import { openStream } from '../stream/open-stream.js';
import type { StreamClient, StreamOptions } from '../stream/types.js';
import type { CliContext } from './context.js';
import { stdoutClosed } from './main.js';
import { parseDurationMs, parsePositiveInteger } from './option-parsers.js';
import {
  createMessageFormatter,
  type OutputFormat,
  type Theme,
} from './output/message-formatter.js';
import { StatusLine, type StatusSnapshot } from './output/status-line.js';
import { summarizeStream } from './stream-summary.js';
import { createTerminalStyle, shouldColor, terminalColumns } from './terminal-style.js';

/** Adds `--limit` and `--duration`, which {@link runConsoleStream} honours. */
export function addStopOptions(command: Command): Command {
  return command
    .addOption(
      new Option('-n, --limit <count>', 'stop after this many messages').argParser(
        parsePositiveInteger,
      ),
    )
    .addOption(
      new Option('--duration <duration>', 'stop after this long (e.g. 30s, 5m)').argParser(
        parseDurationMs,
      ),
    );
}

/** Another place each message goes, besides the console (the `--to` sink pipeline). */
export interface MessageDestination {
  /** Takes one message; resolves when it may be given the next (backpressure). */
  write(message: StreamMessage): Promise<void>;
  /** Writes what is buffered and releases resources. */
  close(): Promise<void>;
  /**
   * Resolves with the error when the destination fails for good (a sink and its spill journal
   * both failed): the loop then stops taking messages at once.
   */
  readonly failed?: Promise<Error>;
}

/** Options of {@link runConsoleStream}. */
export interface ConsoleStreamOptions {
  /** The stream client's options; `signal` is the command's own. */
  readonly stream: Omit<StreamOptions, 'signal' | 'raw'>;
  /** How each message is printed on stdout; `none` prints nothing (the messages go to `destinations`). */
  readonly format: OutputFormat | 'none';
  readonly theme: Theme;
  /** Stop after this many messages. */
  readonly limit?: number | undefined;
  /** Stop after this long, in ms. */
  readonly durationMs?: number | undefined;
  /** No status line, no summary, no reconnect notices. */
  readonly quiet: boolean;
  /** Other destinations fed from the same loop. @default none */
  readonly destinations?: readonly MessageDestination[];
  /** Said once, after the first reconnect notice, when nothing listens at the stream's address. */
  readonly refusedHint?: string;
  /** Called with the first message (the demo measures its time to first tweet). */
  readonly onFirstMessage?: (message: StreamMessage) => void;
}

/** What happened, for the caller's own reporting. */
export interface ConsoleStreamResult {
  readonly messages: number;
  readonly elapsedMs: number;
}

/**
 * Streams until the limit, the duration, Ctrl-C (the context's signal) or a failure.
 *
 * @throws the stream client's SpritzerError when it stops for good on a failure (after the
 *   summary is printed)
 */
export async function runConsoleStream(
  options: ConsoleStreamOptions,
  context: CliContext,
): Promise<ConsoleStreamResult> {
  const startedAt = Date.now();
  const stderrStyle = createTerminalStyle(shouldColor(context.stderr, context.env));
  const stopper = new AbortController();
  const signal = AbortSignal.any([context.signal, stopper.signal]);
  const client = openStream({ ...options.stream, signal });
  let stalled = false;
  let backoffReason: string | undefined;
  const statusLine = new StatusLine({
    stream: context.stderr,
    style: stderrStyle,
    read: () => snapshot(client, stalled, backoffReason),
  });
  const notice = (text: string): void => {
    if (options.quiet) return;
    statusLine.clear();
    context.stderr.write(`${text}\n`);
  };
  const format = options.format;
  const sink =
    format === 'none'
      ? undefined
      : new ConsoleSink({
          output: context.stdout,
          format: createMessageFormatter({
            format,
            theme: options.theme,
            color: shouldColor(context.stdout, context.env),
            columns: terminalColumns(context.stderr),
          }),
          beforeWrite: () => {
            statusLine.clear();
          },
        });
  let hinted = false;
  client.on('backoff', (event) => {
    backoffReason = event.reason.split(';')[0];
    notice(stderrStyle.yellow(`reconnecting in ${formatDelay(event.delayMs)}: ${event.reason}`));
    const cause = event.error.cause as { code?: unknown } | undefined;
    if (options.refusedHint !== undefined && !hinted && cause?.code === 'ECONNREFUSED') {
      hinted = true;
      notice(options.refusedHint);
    }
  });
  client.on('connected', () => {
    backoffReason = undefined;
    stalled = false;
  });
  client.on('stalled', (event) => {
    stalled = true;
    notice(stderrStyle.yellow(`stalled: ${event.reason} for ${formatDelay(event.silentMs)}`));
  });
  client.on('disconnect-message', (event) => {
    notice(
      stderrStyle.yellow(
        `the service sent disconnect ${event.code} (${event.name}): ${event.meaning}${event.reason === '' ? '' : `; reason: ${event.reason}`}`,
      ),
    );
  });
  const timer =
    options.durationMs === undefined
      ? undefined
      : setTimeout(() => {
          stopper.abort();
        }, options.durationMs);
  if (!options.quiet) statusLine.start();

  // Zero for every kind the client counts.
  const delivered = Object.fromEntries(
    Object.keys(client.stats.messages).map((kind) => [kind, 0]),
  ) as Record<MessageKind, number>;
  let messages = 0;
  let failure: Error | undefined;
  let destinationFailure: Error | undefined;
  for (const destination of options.destinations ?? []) {
    void destination.failed?.then((error) => {
      destinationFailure ??= error;
      stopper.abort();
    });
  }
  try {
    for await (const message of client) {
      stalled = false;
      if (messages === 0) options.onFirstMessage?.(message);
      messages += 1;
      delivered[message.kind] += 1;
      await sink?.write([message]);
      for (const destination of options.destinations ?? []) await destination.write(message);
      if (options.limit !== undefined && messages >= options.limit) break;
    }
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    client.stop();
    statusLine.stop();
    await sink?.close();
  }
  failure ??= destinationFailure;
  for (const destination of options.destinations ?? []) {
    try {
      await destination.close();
    } catch (error) {
      // Closing says how it ended (e.g. the final count of lost messages): that error wins.
      failure = error instanceof Error ? error : new Error(String(error));
    }
  }
  const elapsedMs = Date.now() - startedAt;
  if (!options.quiet) {
    context.stderr.write(
      `${summarizeStream({
        delivered,
        stats: client.stats,
        ...(sink === undefined ? {} : { console: sink.counters() }),
        elapsedMs,
        interrupted: context.signal.aborted && context.signal.reason !== stdoutClosed,
        style: stderrStyle,
      })}\n`,
    );
  }
  if (failure !== undefined) throw failure;
  return { messages, elapsedMs };
}

function snapshot(
  client: StreamClient,
  stalled: boolean,
  backoffReason: string | undefined,
): StatusSnapshot {
  const { stats } = client;
  const state: StatusSnapshot['state'] =
    client.state === 'backoff'
      ? 'backoff'
      : client.state === 'stopped'
        ? 'stopped'
        : client.state === 'streaming'
          ? stalled
            ? 'stalled'
            : 'streaming'
          : 'connecting';
  return {
    state,
    messagesPerSecond: stats.messagesPerSecond,
    total: stats.messagesTotal,
    reconnects: stats.reconnects,
    ...(stats.backoffMs > 0 ? { backoffMs: stats.backoffMs } : {}),
    ...(backoffReason === undefined ? {} : { backoffReason }),
    ...(stats.lagMs === undefined ? {} : { lagMs: stats.lagMs }),
  };
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

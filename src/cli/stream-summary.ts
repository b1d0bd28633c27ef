/**
 * The one-line summary `spritzer stream` and `spritzer demo` print on stderr when they stop:
 * how many messages of each kind, in how long, how many reconnects, and anything the console
 * did not print.
 */
import type { MessageKind } from '../messages/types.js';
import type { SinkCounters } from '../sinks/sink.js';
import type { StreamStats } from '../stream/stream-stats.js';
import type { TerminalStyle } from './terminal-style.js';

/** What the summary reports. */
export interface StreamSummaryInput {
  /** The messages the loop handled, by kind (the client may hold more it never handed out). */
  readonly delivered: Readonly<Record<MessageKind, number>>;
  readonly stats: StreamStats;
  /** The console's counters; absent when nothing was printed (`--format none`). */
  readonly console?: SinkCounters;
  readonly elapsedMs: number;
  /** Stopped by Ctrl-C. */
  readonly interrupted: boolean;
  readonly style: TerminalStyle;
}

/** Singular and plural of each message kind, in the order the summary lists them. */
const kindNames: readonly (readonly [MessageKind, string, string])[] = [
  ['tweet', 'tweet', 'tweets'],
  ['delete', 'delete', 'deletes'],
  ['scrub_geo', 'scrub_geo', 'scrub_geos'],
  ['status_withheld', 'withheld tweet', 'withheld tweets'],
  ['user_withheld', 'withheld user', 'withheld users'],
  ['limit', 'limit notice', 'limit notices'],
  ['warning', 'warning', 'warnings'],
  ['disconnect', 'disconnect', 'disconnects'],
  ['unknown', 'unknown message', 'unknown messages'],
  ['malformed', 'malformed message', 'malformed messages'],
];

const numberFormat = new Intl.NumberFormat('en-US');

/** Formats the summary line. */
export function summarizeStream(input: StreamSummaryInput): string {
  const { stats, style, delivered } = input;
  const total = Object.values(delivered).reduce((sum, count) => sum + count, 0);
  const kinds = kindNames
    .filter(([kind]) => delivered[kind] > 0)
    .map(([kind, one, many]) => {
      const count = delivered[kind];
      return `${numberFormat.format(count)} ${count === 1 ? one : many}`;
    });
  const seconds = (input.elapsedMs / 1000).toFixed(1);
  const parts = [
    `${numberFormat.format(total)} message${total === 1 ? '' : 's'} in ${seconds} s${kinds.length === 0 ? '' : ` (${kinds.join(', ')})`}`,
    `${numberFormat.format(stats.reconnects)} reconnect${stats.reconnects === 1 ? '' : 's'}`,
  ];
  const duplicates = input.console?.duplicates ?? 0;
  if (duplicates > 0) {
    parts.push(`${numberFormat.format(duplicates)} re-sent tweets not printed again`);
  }
  if (stats.oversized > 0) parts.push(`${numberFormat.format(stats.oversized)} oversized skipped`);
  if (stats.truncated > 0)
    parts.push(`${numberFormat.format(stats.truncated)} cut off by a disconnect`);
  const label = input.interrupted ? 'interrupted' : 'stopped';
  return `${style.bold(`■ ${label}:`)} ${style.dim(parts.join(' · '))}`;
}

/**
 * The status line: one line at the bottom of the terminal, on stderr, redrawn a few times a
 * second while a stream runs (state, messages/s, total, reconnects, backoff, lag). It is drawn
 * only when stderr is a terminal, and erased before each batch of output so it never mixes with
 * the data on stdout.
 */
import type { Writable } from 'node:stream';
import { terminalColumns, type TerminalStyle } from '../terminal-style.js';

/** What the status line shows. */
export interface StatusSnapshot {
  readonly state: 'connecting' | 'streaming' | 'backoff' | 'stalled' | 'stopped';
  /** Rolling rate of messages received. */
  readonly messagesPerSecond: number;
  /** Messages received since the command started. */
  readonly total: number;
  readonly reconnects: number;
  /** The wait before the next connection attempt, while in backoff. */
  readonly backoffMs?: number;
  /** Why the client is backing off, e.g. `HTTP 503`. */
  readonly backoffReason?: string;
  /** Now minus the newest message's `timestamp_ms`. */
  readonly lagMs?: number;
}

const numberFormat = new Intl.NumberFormat('en-US');

/**
 * Formats a snapshot as one line of at most `columns - 1` characters (a full-width line would
 * make the terminal wrap).
 */
export function formatStatusLine(
  snapshot: StatusSnapshot,
  style: TerminalStyle,
  columns: number,
): string {
  const label = stateLabel(snapshot);
  const parts = [
    `${numberFormat.format(Math.round(snapshot.messagesPerSecond))} msg/s`,
    `${numberFormat.format(snapshot.total)} total`,
    `${numberFormat.format(snapshot.reconnects)} reconnect${snapshot.reconnects === 1 ? '' : 's'}`,
  ];
  if (snapshot.lagMs !== undefined) parts.push(`lag ${formatSeconds(snapshot.lagMs)}`);
  const rest = ` · ${parts.join(' · ')}`;
  const width = Math.max(10, columns - 1);
  if (label.length + rest.length <= width) {
    const paint = snapshot.state === 'streaming' ? style.green : style.yellow;
    return `${paint(label)}${style.dim(rest)}`;
  }
  const text = `${label}${rest}`;
  return style.dim(`${text.slice(0, width - 1)}…`);
}

function stateLabel(snapshot: StatusSnapshot): string {
  switch (snapshot.state) {
    case 'connecting':
      return '… connecting';
    case 'streaming':
      return '▶ streaming';
    case 'stalled':
      return '⚠ stalled';
    case 'stopped':
      return '■ stopped';
    case 'backoff': {
      const wait = snapshot.backoffMs === undefined ? '' : ` ${formatSeconds(snapshot.backoffMs)}`;
      const reason = snapshot.backoffReason === undefined ? '' : ` (${snapshot.backoffReason})`;
      return `⏸ backoff${wait}${reason}`;
    }
  }
}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** Options of {@link StatusLine}. */
export interface StatusLineOptions {
  /** stderr; nothing is drawn unless it is a terminal. */
  readonly stream: Writable & { isTTY?: boolean; columns?: number };
  readonly style: TerminalStyle;
  /** Reads the current figures. */
  readonly read: () => StatusSnapshot;
  /** Redraw period. @default 250 ms */
  readonly intervalMs?: number;
  /** Timer functions (injected by tests). @default the global setInterval/clearInterval */
  readonly setInterval?: (callback: () => void, ms: number) => unknown;
  readonly clearInterval?: (handle: unknown) => void;
}

/** A self-redrawing status line on a terminal. */
export class StatusLine {
  readonly #options: StatusLineOptions;
  #handle: unknown;
  #shown = false;

  constructor(options: StatusLineOptions) {
    this.#options = options;
  }

  /** Whether the line is drawn at all (stderr is a terminal). */
  get enabled(): boolean {
    return this.#options.stream.isTTY === true;
  }

  /** Starts redrawing periodically. */
  start(): void {
    if (!this.enabled || this.#handle !== undefined) return;
    const schedule =
      this.#options.setInterval ??
      ((callback: () => void, ms: number) => setInterval(callback, ms).unref());
    this.#handle = schedule(() => {
      this.draw();
    }, this.#options.intervalMs ?? 250);
    this.draw();
  }

  /** Draws the current figures now, replacing the previous line. */
  draw(): void {
    if (!this.enabled) return;
    const { stream, style, read } = this.#options;
    // CR, then EL (ECMA-48 §8.3.41) erases the old line; the cursor stays on it.
    stream.write(`\r\x1b[2K${formatStatusLine(read(), style, terminalColumns(stream))}`);
    this.#shown = true;
  }

  /** Erases the line (before output is written, and at the end). */
  clear(): void {
    if (!this.#shown) return;
    this.#options.stream.write('\r\x1b[2K');
    this.#shown = false;
  }

  /** Stops redrawing and erases the line. */
  stop(): void {
    if (this.#handle !== undefined) {
      const cancel =
        this.#options.clearInterval ??
        ((handle: unknown) => {
          clearInterval(handle as NodeJS.Timeout);
        });
      cancel(this.#handle);
      this.#handle = undefined;
    }
    this.clear();
  }
}

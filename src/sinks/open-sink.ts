/**
 * Opens a sink from its `--to` URL. Each driver is loaded only when its sink is used, so the CLI
 * starts without loading pg, better-sqlite3 or the NATS client.
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Sink } from './sink.js';
import type { MessageRejection } from './sink-errors.js';
import { parseSinkUrl, type SinkSpec } from './sink-url.js';

/** What the opener of a sink is told besides the sink's counters. */
export interface SinkHooks {
  /**
   * Each message the sink can never take (skipped, counted, never retried; the rest of its batch
   * is stored). The JSONL file sink takes every message, so never calls it.
   */
  readonly onRejected?: (error: MessageRejection) => void;
}

/**
 * Opens the sink a spec describes.
 *
 * @throws SpritzerError `ERR_SINK_UNAVAILABLE` (or `ERR_CONFIG_INVALID` for refused credentials)
 *   when it cannot be opened
 */
export async function openSink(spec: SinkSpec, hooks: SinkHooks = {}): Promise<Sink> {
  const told = hooks.onRejected === undefined ? {} : { onRejected: hooks.onRejected };
  switch (spec.type) {
    case 'file': {
      const { openJsonlFileSink } = await import('./jsonl-file.js');
      return openJsonlFileSink(spec.options);
    }
    case 'sqlite': {
      const { openSqliteSink } = await import('./sqlite.js');
      return openSqliteSink({ ...spec.options, ...told });
    }
    case 'postgres': {
      const { openPostgresSink } = await import('./postgres.js');
      return openPostgresSink({ ...spec.options, ...told });
    }
    case 'nats': {
      const { openNatsSink } = await import('./nats.js');
      return openNatsSink({ ...spec.options, ...told });
    }
  }
}

/**
 * Parses and opens a `--to` URL.
 *
 * @throws RangeError `ERR_INVALID_ARG_VALUE` (as a rejection) for a malformed URL; SpritzerError as {@link openSink}
 */
export async function openSinkUrl(url: string, hooks: SinkHooks = {}): Promise<Sink> {
  // async: a malformed URL rejects, as every other failure does, rather than throwing.
  return openSink(parseSinkUrl(url), hooks);
}

/**
 * Where spill journals live by default: `$XDG_STATE_HOME/spritzer/spill`, else
 * `~/.local/state/spritzer/spill` (XDG Base Directory: state data that persists between runs).
 *
 * @see https://specifications.freedesktop.org/basedir-spec/latest/
 */
export function defaultSpillDir(env: Readonly<Record<string, string | undefined>>): string {
  const stateHome = env.XDG_STATE_HOME;
  const base =
    stateHome !== undefined && stateHome.startsWith('/')
      ? stateHome
      : join(env.HOME ?? homedir(), '.local', 'state');
  return join(base, 'spritzer', 'spill');
}

/** The journal file of one sink: its type and a hash of its name, e.g. `sqlite-1a2b3c4d5e6f.spill`. */
export function spillJournalPath(directory: string, sink: Sink): string {
  const type = /^[a-z]+/.exec(sink.name)?.[0] ?? 'sink';
  const digest = createHash('sha256').update(sink.name).digest('hex').slice(0, 12);
  return join(directory, `${type}-${digest}.spill`);
}

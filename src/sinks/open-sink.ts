/**
 * Opens a sink from its `--to` URL. Each driver is loaded only when its sink is used, so the CLI
 * starts without loading pg, better-sqlite3 or the NATS client.
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Sink } from './sink.js';
import { parseSinkUrl, type SinkSpec } from './sink-url.js';

/**
 * Opens the sink a spec describes.
 *
 * @throws SpritzerError `ERR_SINK_UNAVAILABLE` (or `ERR_CONFIG_INVALID` for refused credentials)
 *   when it cannot be opened
 */
export async function openSink(spec: SinkSpec): Promise<Sink> {
  switch (spec.type) {
    case 'file': {
      const { openJsonlFileSink } = await import('./jsonl-file.js');
      return openJsonlFileSink(spec.options);
    }
    case 'sqlite': {
      const { openSqliteSink } = await import('./sqlite.js');
      return openSqliteSink(spec.options);
    }
    case 'postgres': {
      const { openPostgresSink } = await import('./postgres.js');
      return openPostgresSink(spec.options);
    }
    case 'nats': {
      const { openNatsSink } = await import('./nats.js');
      return openNatsSink(spec.options);
    }
  }
}

/**
 * Parses and opens a `--to` URL.
 *
 * @throws RangeError `ERR_INVALID_ARG_VALUE` for a malformed URL; SpritzerError as {@link openSink}
 */
export function openSinkUrl(url: string): Promise<Sink> {
  return openSink(parseSinkUrl(url));
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

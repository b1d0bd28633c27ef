/**
 * Parses a sink URL (the CLI's `--to`) into a sink and its options (docs/sinks.md):
 *
 *   file:PATH[?rotate-size=100MB&rotate-every=1h&gzip=true&dedup-window=100000]
 *   sqlite:PATH[?deletes=tombstone&busy-timeout=5s]
 *   postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?deletes=tombstone&…libpq options]
 *   nats://HOST:PORT[,HOST:PORT…]/STREAM[?replicas=3&subject-prefix=spritzer&max-in-flight=256
 *          &ack-timeout=5s&duplicate-window=2m]
 */
import { invalidArgType, invalidArgValue } from '../errors.js';
import type { JsonlFileSinkOptions } from './jsonl-file.js';
import type { NatsSinkOptions } from './nats.js';
import type { PostgresSinkOptions } from './postgres.js';
import type { DeletePolicy } from './sink.js';
import type { SqliteSinkOptions } from './sqlite.js';

/** A parsed `--to`: which sink, and its options. */
export type SinkSpec =
  | { readonly type: 'file'; readonly options: JsonlFileSinkOptions }
  | { readonly type: 'sqlite'; readonly options: SqliteSinkOptions }
  | { readonly type: 'postgres'; readonly options: PostgresSinkOptions }
  | { readonly type: 'nats'; readonly options: NatsSinkOptions };

const forms =
  'use file:PATH, sqlite:PATH, postgres://USER@HOST/DATABASE or nats://HOST:PORT/STREAM';

/**
 * Parses a sink URL.
 *
 * @param text - the sink URL, e.g. `sqlite:tweets.db`
 * @param name - what the caller called the URL, named in errors: the CLI passes `--to`
 * @default name `'url'`
 * @throws TypeError `ERR_INVALID_ARG_TYPE` when `text` is not a string
 * @throws RangeError `ERR_INVALID_ARG_VALUE` naming `name` and what to fix
 */
export function parseSinkUrl(text: string, name = 'url'): SinkSpec {
  if (typeof text !== 'string') {
    throw invalidArgType(name, 'a sink URL string such as sqlite:tweets.db', text);
  }
  const fail = failNaming(name);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'file':
      return parseFile(text, name);
    case 'sqlite':
      return parseSqlite(text, name);
    case 'postgres':
    case 'postgresql':
      return parsePostgres(text, name);
    case 'nats':
      return parseNats(text, name);
    default:
      throw fail(
        `"${redactPassword(text)}" names no known sink; ${forms}${schemeHint(text, scheme)}`,
      );
  }
}

function parseFile(text: string, name: string): SinkSpec {
  const fail = failNaming(name);
  const { path, query } = splitPathAndQuery(text, 'file', fail);
  const options = new QueryOptions(query, text, name);
  const rotateBytes = options.size('rotate-size');
  const rotateIntervalMs = options.duration('rotate-every');
  const gzip = options.boolean('gzip');
  const dedupWindow = options.integer('dedup-window');
  options.rejectUnknown();
  return {
    type: 'file',
    options: {
      path,
      ...(rotateBytes === undefined ? {} : { rotateBytes }),
      ...(rotateIntervalMs === undefined ? {} : { rotateIntervalMs }),
      ...(gzip === undefined ? {} : { gzip }),
      ...(dedupWindow === undefined ? {} : { dedupWindow }),
    },
  };
}

function parseSqlite(text: string, name: string): SinkSpec {
  const fail = failNaming(name);
  const { path, query } = splitPathAndQuery(text, 'sqlite', fail);
  const options = new QueryOptions(query, text, name);
  const deletes = options.deletePolicy();
  const busyTimeoutMs = options.duration('busy-timeout');
  options.rejectUnknown();
  return {
    type: 'sqlite',
    options: {
      path,
      ...(deletes === undefined ? {} : { deletes }),
      ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
    },
  };
}

function parsePostgres(text: string, name: string): SinkSpec {
  const fail = failNaming(name);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail(`"${redactPassword(text)}" is not a valid postgres:// URL`);
  }
  if (url.hostname === '' || url.pathname.length <= 1) {
    throw fail(
      `"${redactPassword(text)}" needs a host and a database: postgres://USER@HOST/DATABASE`,
    );
  }
  const options = new QueryOptions(url.searchParams, redactPassword(text), name);
  const deletes = options.deletePolicy();
  const connectTimeoutMs = options.duration('connect-timeout');
  // Everything else (sslmode, application_name, …) is for the driver.
  url.searchParams.delete('deletes');
  url.searchParams.delete('connect-timeout');
  return {
    type: 'postgres',
    options: {
      connectionString: url.toString(),
      ...(deletes === undefined ? {} : { deletes }),
      ...(connectTimeoutMs === undefined ? {} : { connectTimeoutMs }),
    },
  };
}

function parseNats(text: string, name: string): SinkSpec {
  const fail = failNaming(name);
  // Not WHATWG URL: a cluster's servers are a comma-separated list in the authority.
  const match = /^nats:\/\/([^/?#]+)\/([^/?#]+)(?:\?([^#]*))?$/i.exec(text);
  if (match === null) {
    throw fail(`"${redactPassword(text)}" must be nats://HOST:PORT[,HOST:PORT…]/STREAM`);
  }
  const servers = (match[1] ?? '').split(',');
  for (const server of servers) {
    if (!/^(\[[0-9a-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/i.test(server)) {
      throw fail(
        `"${server.replace(/^[^@]*@/u, '***@')}" in ${redactPassword(text)} must be HOST:PORT (no credentials)`,
      );
    }
  }
  const stream = decodeURIComponent(match[2] ?? '');
  const options = new QueryOptions(new URLSearchParams(match[3] ?? ''), text, name);
  const replicas = options.integer('replicas');
  const subjectPrefix = options.string('subject-prefix');
  const maxInFlight = options.integer('max-in-flight');
  const ackTimeoutMs = options.duration('ack-timeout');
  const duplicateWindowMs = options.duration('duplicate-window');
  const dedupWindow = options.integer('dedup-window');
  options.rejectUnknown();
  return {
    type: 'nats',
    options: {
      servers,
      stream,
      ...(replicas === undefined ? {} : { replicas }),
      ...(subjectPrefix === undefined ? {} : { subjectPrefix }),
      ...(maxInFlight === undefined ? {} : { maxInFlight }),
      ...(ackTimeoutMs === undefined ? {} : { ackTimeoutMs }),
      ...(duplicateWindowMs === undefined ? {} : { duplicateWindowMs }),
      ...(dedupWindow === undefined ? {} : { dedupWindow }),
    },
  };
}

/** `file:/a/b.jsonl?x=1` → path `/a/b.jsonl`, query `x=1`; `file:///a/b` → `/a/b`. */
function splitPathAndQuery(
  text: string,
  scheme: string,
  fail: Fail,
): { path: string; query: URLSearchParams } {
  let rest = text.slice(scheme.length + 1);
  if (rest.startsWith('//')) {
    if (!rest.startsWith('///'))
      throw fail(`"${text}" must be ${scheme}:PATH or ${scheme}:///ABSOLUTE/PATH`);
    rest = rest.slice(2);
  }
  const question = rest.indexOf('?');
  const path = question < 0 ? rest : rest.slice(0, question);
  if (path === '') throw fail(`"${text}" names no file; ${scheme}:PATH`);
  return { path, query: new URLSearchParams(question < 0 ? '' : rest.slice(question + 1)) };
}

const sizeUnits: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

const durationUnits: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Parses a byte size: `1048576`, `100MB`, `1GiB`.
 *
 * @throws RangeError `ERR_INVALID_ARG_VALUE`
 */
export function parseByteSize(name: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = sizeUnits[(match?.[2] ?? 'x').toLowerCase()];
  const bytes = unit === undefined ? Number.NaN : Math.round(Number(match?.[1]) * unit);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw invalidArgValue(
      name,
      `must be a size such as 1048576, 100MB or 1GiB; received "${text}"`,
    );
  }
  return bytes;
}

/**
 * Parses a duration: `500ms`, `30s`, `15m`, `1h`, `1d`.
 *
 * @throws RangeError `ERR_INVALID_ARG_VALUE`
 */
export function parseDuration(name: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/i.exec(text.trim());
  const unit = durationUnits[(match?.[2] ?? 'x').toLowerCase()];
  const ms = unit === undefined ? Number.NaN : Math.round(Number(match?.[1]) * unit);
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw invalidArgValue(
      name,
      `must be a duration such as 500ms, 30s, 15m or 1h; received "${text}"`,
    );
  }
  return ms;
}

/** Reads `?name=value` options, remembering which were used so unknown ones are refused. */
class QueryOptions {
  readonly #query: URLSearchParams;
  readonly #url: string;
  readonly #known = new Set<string>();
  readonly #fail: Fail;

  constructor(query: URLSearchParams, url: string, name: string) {
    this.#query = query;
    this.#url = url;
    this.#fail = failNaming(name);
  }

  string(name: string): string | undefined {
    this.#known.add(name);
    const values = this.#query.getAll(name);
    if (values.length > 1) throw this.#fail(`sets ${name} twice in ${this.#url}`);
    return values[0];
  }

  integer(name: string): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) <= 0) {
      throw this.#fail(`option ${name} must be a positive integer; received "${text}"`);
    }
    return Number(text);
  }

  size(name: string): number | undefined {
    const text = this.string(name);
    return text === undefined ? undefined : this.#option(name, () => parseByteSize(name, text));
  }

  duration(name: string): number | undefined {
    const text = this.string(name);
    return text === undefined ? undefined : this.#option(name, () => parseDuration(name, text));
  }

  /** Runs a value parser; its error names the URL's parameter and this option, as the others do. */
  #option<T>(name: string, parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      const reason = (error as Error).message.replace(/^The ".*?" argument /su, '');
      throw this.#fail(`option ${name} ${reason}`);
    }
  }

  boolean(name: string): boolean | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (text === 'true' || text === 'false') return text === 'true';
    throw this.#fail(`option ${name} must be true or false; received "${text}"`);
  }

  deletePolicy(): DeletePolicy | undefined {
    const text = this.string('deletes');
    if (text === undefined || text === 'remove' || text === 'tombstone') return text;
    throw this.#fail(`option deletes must be remove or tombstone; received "${text}"`);
  }

  rejectUnknown(): void {
    for (const name of this.#query.keys()) {
      if (!this.#known.has(name)) {
        throw this.#fail(`has an unknown option "${name}" in ${this.#url}; see docs/sinks.md`);
      }
    }
  }
}

/** For a bare path (no scheme), the URL it most likely meant, from its extension. */
function schemeHint(text: string, scheme: string | undefined): string {
  if (scheme !== undefined && scheme.length > 1) return '';
  if (/\.jsonl?(?:\.gz)?$/iu.test(text)) return ` (did you mean file:${text}?)`;
  if (/\.(?:db|sqlite3?)$/iu.test(text)) return ` (did you mean sqlite:${text}?)`;
  return '';
}

/** Makes the error of a bad URL. */
type Fail = (reason: string) => RangeError;

/** The {@link Fail} that names the caller's name for the URL (`url`, `--to`). */
function failNaming(name: string): Fail {
  return (reason) => invalidArgValue(name, reason);
}

function redactPassword(text: string): string {
  return text.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

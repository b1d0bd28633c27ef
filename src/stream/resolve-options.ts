/**
 * Checks the stream client's options at the public boundary and fills in the defaults, so that
 * caller mistakes throw before any connection is attempted.
 */
import { describeValue, invalidArgType, invalidArgValue } from '../errors.js';
import { authorizationFor, type StreamAuth } from '../http/stream-auth.js';
import { defaultUserAgent } from '../http/user-agent.js';
import { DEFAULT_MAX_QUEUED_BYTES, DEFAULT_MAX_QUEUED_MESSAGES } from './bounded-queue.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './message-framer.js';
import { DEFAULT_STALL_TIMEOUT_MS } from './stall-detector.js';
import { encodeStreamParameters, STREAM_PARAMETER_NAMES } from './stream-parameters.js';
import { type StreamTimers, systemTimers } from './timers.js';
import type { StreamEvent, StreamOptions } from './types.js';
import { refuseUnknownKeys } from '../unknown-key.js';

/** Every option `openStream` takes; any other key is a mistake (a typo would be ignored). */
const OPTION_NAMES: readonly (keyof StreamOptions)[] = [
  'url',
  'auth',
  'parameters',
  'method',
  'raw',
  'compression',
  'ca',
  'userAgent',
  'stallTimeoutMs',
  'stableIntervalMs',
  'maxMessageBytes',
  'maxQueuedMessages',
  'maxQueuedBytes',
  'maxRetries',
  'signal',
  'timers',
  'random',
  'onEvent',
];

/** Default time a connection must stay up to be healthy without a message: 30 s. */
export const DEFAULT_STABLE_INTERVAL_MS = 30_000;

/** The options with every default applied and the request prepared. */
export interface ResolvedStreamOptions {
  /** The URL requested (parameters in its query for GET). */
  readonly url: URL;
  /** The URL as shown in messages and events: no credentials, no query. */
  readonly displayUrl: string;
  readonly method: 'GET' | 'POST';
  /** The form body of a POST. */
  readonly form: string | undefined;
  readonly auth: StreamAuth;
  readonly delimited: boolean;
  readonly raw: boolean;
  readonly compression: boolean;
  readonly ca: string | Buffer | undefined;
  readonly userAgent: string;
  readonly stallTimeoutMs: number;
  readonly stableIntervalMs: number;
  readonly maxMessageBytes: number;
  readonly maxQueuedMessages: number;
  readonly maxQueuedBytes: number;
  readonly maxRetries: number;
  readonly signal: AbortSignal | undefined;
  readonly timers: StreamTimers;
  readonly random: () => number;
  readonly onEvent: ((event: StreamEvent) => void) | undefined;
}

/**
 * @throws TypeError `ERR_INVALID_ARG_TYPE` / RangeError `ERR_INVALID_ARG_VALUE` for a malformed
 *   option (including credentials that cannot sign a request)
 * @throws SpritzerError `ERR_STREAM_FILTER_INVALID` for parameters the service would refuse
 */
export function resolveStreamOptions(options: StreamOptions): ResolvedStreamOptions {
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw invalidArgType('options', 'an object', options);
  }
  refuseUnknownKeys(options, OPTION_NAMES, 'options', {
    what: 'an option of openStream',
    listName: 'options',
  });
  const url = parseStreamUrl(options.url);
  const parameters = options.parameters ?? {};
  if (
    typeof parameters !== 'object' ||
    (parameters as unknown) === null ||
    Array.isArray(parameters)
  ) {
    throw invalidArgType('options.parameters', "an object such as { track: ['cats'] }", parameters);
  }
  const endpoint = url.pathname.endsWith('/filter.json')
    ? 'filter'
    : url.pathname.endsWith('/sample.json')
      ? 'sample'
      : 'other';
  const pairs = encodeStreamParameters(parameters, endpoint);
  const hasPredicate =
    parameters.track !== undefined ||
    parameters.follow !== undefined ||
    parameters.locations !== undefined;
  const method = options.method ?? (hasPredicate ? 'POST' : 'GET');
  if ((method as string) !== 'GET' && (method as string) !== 'POST') {
    throw invalidArgValue(
      'options.method',
      `must be 'GET' or 'POST'; received ${JSON.stringify(method)}`,
    );
  }
  let form: string | undefined;
  if (method === 'POST') form = new URLSearchParams(pairs).toString();
  else for (const [name, value] of pairs) url.searchParams.append(name, value);
  const resolved: ResolvedStreamOptions = {
    url,
    displayUrl: `${url.origin}${url.pathname}`,
    method,
    form,
    auth: checkAuth(options.auth),
    delimited: parameters.delimited === 'length',
    raw: flag(options.raw, 'raw', false),
    compression: flag(options.compression, 'compression', true),
    ca: certificate(options.ca),
    userAgent: userAgent(options.userAgent),
    stallTimeoutMs: positive(options.stallTimeoutMs, 'stallTimeoutMs', DEFAULT_STALL_TIMEOUT_MS),
    stableIntervalMs: positive(
      options.stableIntervalMs,
      'stableIntervalMs',
      DEFAULT_STABLE_INTERVAL_MS,
    ),
    maxMessageBytes: positive(
      options.maxMessageBytes,
      'maxMessageBytes',
      DEFAULT_MAX_MESSAGE_BYTES,
    ),
    maxQueuedMessages: positive(
      options.maxQueuedMessages,
      'maxQueuedMessages',
      DEFAULT_MAX_QUEUED_MESSAGES,
    ),
    maxQueuedBytes: positive(options.maxQueuedBytes, 'maxQueuedBytes', DEFAULT_MAX_QUEUED_BYTES),
    maxRetries: retries(options.maxRetries),
    signal: abortSignal(options.signal),
    timers: timers(options.timers),
    random:
      callback(options.random, 'random', 'a function returning numbers in [0, 1)') ?? Math.random,
    onEvent: callback(options.onEvent, 'onEvent', 'a function (event) => void'),
  };
  // Sign once now, so that malformed credentials throw here rather than in the connect loop.
  try {
    authorizationFor(resolved.auth, { method, url, ...(form !== undefined && { form }) });
  } catch (error) {
    throw signOptionsError(error);
  }
  return resolved;
}

/**
 * The signer names its own `options.…`; here those are `options.auth.signOptions.…` (the
 * credentials were checked before, so every other argument error is the client's own).
 */
function signOptionsError(error: unknown): unknown {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (
    (code !== 'ERR_INVALID_ARG_TYPE' && code !== 'ERR_INVALID_ARG_VALUE') ||
    typeof message !== 'string' ||
    !/^The "options[."]/u.test(message)
  ) {
    return error;
  }
  const renamed = message.replace(/^The "options/u, 'The "options.auth.signOptions');
  return code === 'ERR_INVALID_ARG_TYPE'
    ? Object.assign(new TypeError(renamed), { code })
    : Object.assign(new RangeError(renamed), { code });
}

function parseStreamUrl(value: unknown): URL {
  if (!(value instanceof URL) && typeof value !== 'string') {
    throw invalidArgType('options.url', 'a string or a URL', value);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidArgValue(
      'options.url',
      `must be an absolute URL; received ${JSON.stringify(String(value))}`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidArgValue(
      'options.url',
      `must be an http: or https: URL; received ${url.protocol}`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw invalidArgValue('options.url', 'must not carry credentials; use options.auth');
  }
  const inQuery = [...url.searchParams.keys()].find((name) =>
    (STREAM_PARAMETER_NAMES as readonly string[]).includes(name),
  );
  if (inQuery !== undefined) {
    throw invalidArgValue(
      'options.url',
      `must not carry the stream parameter ${inQuery} in its query; pass it in options.parameters, where it is checked before connecting`,
    );
  }
  return url;
}

function checkAuth(auth: unknown): StreamAuth {
  if (typeof auth !== 'object' || auth === null)
    throw invalidArgType('options.auth', 'an object', auth);
  const { type } = auth as { type?: unknown };
  if (type !== 'oauth1' && type !== 'basic' && type !== 'bearer') {
    throw invalidArgValue(
      'options.auth.type',
      `must be 'oauth1', 'basic' or 'bearer'; received ${typeof type === 'string' && type.length <= 12 ? JSON.stringify(type) : describeValue(type)}`,
    );
  }
  const fields = auth as Record<string, unknown>;
  if (type === 'oauth1') {
    checkOAuth1Credentials(fields);
    return auth as StreamAuth;
  }
  const required = type === 'basic' ? ['username', 'password'] : ['token'];
  for (const name of required) {
    if (typeof fields[name] !== 'string')
      throw invalidArgType(`options.auth.${name}`, 'a string', fields[name]);
  }
  if (type === 'bearer' && fields.token === '') {
    throw invalidArgValue('options.auth.token', 'must not be empty');
  }
  return auth as StreamAuth;
}

/**
 * OAuth 1.0a keys live under `auth.credentials`; keys given beside `type` instead (the shape of
 * several peer libraries) get a hint with the expected shape.
 */
function checkOAuth1Credentials(auth: Record<string, unknown>): void {
  const { credentials } = auth;
  if (typeof credentials !== 'object' || credentials === null) {
    const flat = ['consumerKey', 'consumerSecret', 'token', 'tokenSecret'].some(
      (name) => name in auth,
    );
    throw invalidArgType(
      'options.auth.credentials',
      `an object { consumerKey, consumerSecret, token, tokenSecret }${flat ? " (the keys go inside it: auth: { type: 'oauth1', credentials: { consumerKey, … } })" : ''}`,
      credentials,
    );
  }
  const keys = credentials as Record<string, unknown>;
  for (const name of ['consumerKey', 'consumerSecret', 'token', 'tokenSecret']) {
    const optional = name === 'token' || name === 'tokenSecret';
    if (optional && keys[name] === undefined) continue;
    if (typeof keys[name] !== 'string') {
      throw invalidArgType(`options.auth.credentials.${name}`, 'a string', keys[name]);
    }
  }
  if (keys.consumerKey === '') {
    throw invalidArgValue('options.auth.credentials.consumerKey', 'must not be empty');
  }
}

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') {
    throw invalidArgType(`options.${name}`, 'a positive integer (a number, not a string)', value);
  }
  if (!Number.isSafeInteger(value) || value < 1) {
    throw invalidArgValue(`options.${name}`, `must be a positive integer; received ${value}`);
  }
  return value;
}

function retries(value: number | undefined): number {
  if (value === undefined || value === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (typeof value !== 'number') {
    throw invalidArgType(
      'options.maxRetries',
      'a non-negative integer or Infinity (a number, not a string)',
      value,
    );
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalidArgValue(
      'options.maxRetries',
      `must be a non-negative integer or Infinity; received ${value}`,
    );
  }
  return value;
}

function flag(value: boolean | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidArgType(`options.${name}`, 'true or false', value);
  return value;
}

function certificate(value: string | Buffer | undefined): string | Buffer | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' && !Buffer.isBuffer(value)) {
    throw invalidArgType('options.ca', 'a PEM certificate as a string or a Buffer', value);
  }
  // A path (e.g. the emulator's caCertPath) would be ignored by TLS, and every attempt refused.
  if (!value.includes('-----BEGIN')) {
    throw invalidArgValue(
      'options.ca',
      'must be the certificate itself in PEM (-----BEGIN CERTIFICATE-----…), not a path or DER: pass readFileSync(path)',
    );
  }
  return value;
}

function userAgent(value: string | undefined): string {
  if (value === undefined) return defaultUserAgent();
  if (typeof value !== 'string') throw invalidArgType('options.userAgent', 'a string', value);
  if (value === '' || /[\r\n]/u.test(value)) {
    throw invalidArgValue(
      'options.userAgent',
      'must be one non-empty line, e.g. "my-app/1.0"; leave it out for the default',
    );
  }
  return value;
}

/** An AbortSignal, from this realm or another (a duck-typed check, as undici makes). */
function abortSignal(value: AbortSignal | undefined): AbortSignal | undefined {
  if (value === undefined) return undefined;
  const signal = value as Partial<AbortSignal> | null;
  if (
    typeof signal !== 'object' ||
    signal === null ||
    typeof signal.aborted !== 'boolean' ||
    typeof signal.addEventListener !== 'function' ||
    typeof signal.removeEventListener !== 'function'
  ) {
    throw invalidArgType(
      'options.signal',
      'an AbortSignal (e.g. AbortSignal.timeout(60_000) or controller.signal)',
      value,
    );
  }
  return value;
}

function timers(value: StreamTimers | undefined): StreamTimers {
  if (value === undefined) return systemTimers;
  if (typeof value !== 'object' || (value as unknown) === null) {
    throw invalidArgType('options.timers', 'an object { now, setTimeout, clearTimeout }', value);
  }
  for (const name of ['now', 'setTimeout', 'clearTimeout'] as const) {
    const member = (value as unknown as Record<string, unknown>)[name];
    if (typeof member !== 'function') {
      throw invalidArgType(`options.timers.${name}`, 'a function', member);
    }
  }
  return value;
}

function callback<F>(value: F | undefined, name: string, expected: string): F | undefined {
  if (value === undefined || typeof value === 'function') return value;
  throw invalidArgType(`options.${name}`, expected, value);
}

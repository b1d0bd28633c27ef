/**
 * Checks the stream client's options at the public boundary and fills in the defaults, so that
 * caller mistakes throw before any connection is attempted.
 */
import { invalidArgType, invalidArgValue } from '../errors.js';
import { authorizationFor, type StreamAuth } from '../http/stream-auth.js';
import { defaultUserAgent } from '../http/user-agent.js';
import { DEFAULT_MAX_QUEUED_BYTES, DEFAULT_MAX_QUEUED_MESSAGES } from './bounded-queue.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './message-framer.js';
import { DEFAULT_STALL_TIMEOUT_MS } from './stall-detector.js';
import { encodeStreamParameters } from './stream-parameters.js';
import { type StreamTimers, systemTimers } from './timers.js';
import type { StreamEvent, StreamOptions } from './types.js';

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
    raw: options.raw ?? false,
    compression: options.compression ?? true,
    ca: options.ca,
    userAgent: options.userAgent ?? defaultUserAgent(),
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
    signal: options.signal,
    timers: options.timers ?? systemTimers,
    random: options.random ?? Math.random,
    onEvent: options.onEvent,
  };
  // Sign once now, so that malformed credentials throw here rather than in the connect loop.
  authorizationFor(resolved.auth, { method, url, ...(form !== undefined && { form }) });
  return resolved;
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
  return url;
}

function checkAuth(auth: unknown): StreamAuth {
  if (typeof auth !== 'object' || auth === null)
    throw invalidArgType('options.auth', 'an object', auth);
  const { type } = auth as { type?: unknown };
  if (type !== 'oauth1' && type !== 'basic' && type !== 'bearer') {
    throw invalidArgValue(
      'options.auth.type',
      `must be 'oauth1', 'basic' or 'bearer'; received ${String(type)}`,
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
  if (!Number.isSafeInteger(value) || value < 1) {
    throw invalidArgValue(`options.${name}`, `must be a positive integer; received ${value}`);
  }
  return value;
}

function retries(value: number | undefined): number {
  if (value === undefined || value === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalidArgValue(
      'options.maxRetries',
      `must be a non-negative integer or Infinity; received ${value}`,
    );
  }
  return value;
}

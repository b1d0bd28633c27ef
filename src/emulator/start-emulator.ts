/**
 * `startEmulator`: the local Twitter service in-process, on one origin: the OAuth 1.0a provider,
 * the REST subset, the v1.1 sample and filter streams over the synthetic world, and the
 * `/_emulator/` admin endpoints.
 */
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { describeValue, invalidArgType, invalidArgValue, SpritzerError } from '../errors.js';
import { refuseUnknownKeys } from '../unknown-key.js';
import { createMemoryNonceStore, type SignatureMethod } from '../oauth1/index.js';
import { createWorld, type WorldOptions } from '../world/index.js';
import { hashKey, Random } from '../world/random.js';
import { adminRoutes } from './admin/admin-routes.js';
import { FaultPlan } from './faults/fault-plan.js';
import { makeFixtures } from './fixtures.js';
import { createRequestHandler, isLoopback } from './http/request-handler.js';
import { oauthRoutes } from './provider/oauth-routes.js';
import { TokenStore } from './provider/token-store.js';
import { restRoutes } from './rest/rest-routes.js';
import { GenerationPool } from './stream/generation-pool.js';
import { StreamHub } from './stream/stream-hub.js';
import { streamRoutes } from './stream/stream-routes.js';
import { createTlsCertificate } from './tls-certificate.js';
import type { EmulatorOptions, RunningEmulator } from './types.js';

/** Seeds each connection's chunk boundaries apart from the world's own draws. */
const chunkingStream = 977;

/**
 * Starts the emulator. It binds 127.0.0.1 on a free port by default and serves everything on one
 * origin (`url`). The fixture app and user are registered, with a pre-authorized access token.
 *
 * @param options - see {@link EmulatorOptions}; every field is optional
 * @returns the running emulator: its URL, fixtures, stats, faults and `close()`
 * @throws TypeError/RangeError (ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE) for a bad option
 * @throws SpritzerError ERR_EMULATOR_LISTEN_FAILED when the address cannot be bound,
 *   ERR_EMULATOR_TLS_FAILED when the certificate cannot be made
 * @example
 * ```ts
 * const emulator = await startEmulator({ rate: 'max' });
 * console.log(emulator.url, emulator.fixtures.consumerKey);
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const settings = resolveOptions(options);
  const { now, seed, rate, host } = settings;
  const startedAt = now();
  const worldOptions: WorldOptions = {
    ...options.world,
    seed,
    // Event times are the emulator's clock: the world starts now, at the firehose rate.
    startTimeMs: Math.floor(startedAt / 1000) * 1000,
    eventsPerSecond: rate === 'max' ? 5700 : rate,
  };
  const world = createWorld(worldOptions);
  const { fixtures, user } = makeFixtures(seed, options.fixtures);
  const tokens = new TokenStore();
  tokens.addApp({
    consumerKey: fixtures.consumerKey,
    secret: fixtures.consumerSecret,
    name: options.appName ?? 'Spritzer Demo',
  });
  tokens.issueAccessToken(fixtures.consumerKey, user, {
    token: fixtures.accessToken,
    secret: fixtures.accessTokenSecret,
  });
  const faults = new FaultPlan(options.faults ?? [], seed);
  const hub = new StreamHub({
    world,
    now,
    rate,
    filterShare: settings.filterShare,
    limitNoticeIntervalMs: settings.limitNoticeIntervalMs,
    keepAliveIntervalMs: settings.keepAliveIntervalMs,
    queue: settings.queue,
    closeGraceMs: settings.closeGraceMs,
    maxRecordedTweetIds: settings.maxRecordedTweetIds,
    tickIntervalMs: settings.tickIntervalMs,
    connectionRateLimit: settings.connectionRateLimit,
    faults,
    random: (connectionId) => {
      const random = new Random(hashKey(seed, chunkingStream, connectionId));
      return () => random.next();
    },
    // Started by the first max-rate stream that runs a while, stopped by close().
    generationPool:
      rate === 'max' && settings.generationWorkers > 0
        ? new GenerationPool(worldOptions, settings.generationWorkers)
        : undefined,
    feedDepth: 2 * settings.generationWorkers,
  });
  const verification = {
    tokens,
    nonceStore: createMemoryNonceStore(),
    timestampWindowSec: settings.timestampWindowSec,
    signatureMethods:
      options.signatureMethods ??
      ((settings.tls
        ? ['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1', 'PLAINTEXT']
        : ['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1']) satisfies SignatureMethod[]),
  };
  const routes = [
    ...oauthRoutes({
      ...verification,
      user,
      isCallbackAllowed: callbackPolicy(options.callbackUrls),
      authenticitySecret: randomBytes(32),
    }),
    ...restRoutes({ ...verification, world, hub }),
    ...streamRoutes({ ...verification, hub }),
    ...adminRoutes({ hub, faults }),
  ];
  const certificate = settings.tls
    ? await createTlsCertificate(host, options.certificateDirectory)
    : undefined;
  const handler = createRequestHandler({
    routes,
    scheme: certificate ? 'https' : 'http',
    now,
    log: options.log,
  });
  const server: Server = certificate
    ? createHttpsServer({ key: certificate.key, cert: certificate.cert }, handler)
    : createHttpServer(handler);
  // A temporary certificate directory of our own making goes when the emulator does.
  const removeCertificate = async (): Promise<void> => {
    if (certificate && options.certificateDirectory === undefined) {
      await rm(dirname(certificate.certPath), { recursive: true, force: true });
    }
  };
  let port: number;
  try {
    port = await listen(server, host, settings.port);
  } catch (error) {
    await hub.close();
    await removeCertificate();
    throw error;
  }
  const urlHost =
    host === '0.0.0.0'
      ? '127.0.0.1'
      : host === '::'
        ? '[::1]'
        : isIP(host) === 6
          ? `[${host}]`
          : host;
  let closing: Promise<void> | undefined;
  return {
    url: `${certificate ? 'https' : 'http'}://${urlHost}:${port}`,
    fixtures,
    ...(certificate && { caCertPath: certificate.certPath }),
    stats: () => hub.stats(),
    addFaults: (rules) => {
      faults.add(rules);
    },
    clearFaults: () => {
      faults.clear();
    },
    close: () => {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
        });
        server.closeIdleConnections();
        await hub.close();
        server.closeAllConnections();
        await closed;
        await removeCertificate();
      })();
      return closing;
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        new SpritzerError(
          'ERR_EMULATOR_LISTEN_FAILED',
          `cannot listen on ${host}:${port} (${error.code ?? error.message}); ${
            /^[a-z][a-z0-9+.-]*:\/\//iu.test(host)
              ? `give the host without a scheme, e.g. ${host.replace(/^[a-z][a-z0-9+.-]*:\/\/([^/:]*).*$/iu, '$1')}`
              : 'choose another host or port (options.host/options.port; --host/--port in the CLI)'
          }`,
          { cause: error },
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/** `oob` always; the given URLs when listed, else any http(s) URL on a loopback host. */
function callbackPolicy(
  callbackUrls: readonly string[] | undefined,
): (callback: string) => boolean {
  return (callback) => {
    if (callback === 'oob') return true;
    if (callbackUrls !== undefined) return callbackUrls.includes(callback);
    let url: URL;
    try {
      url = new URL(callback);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const hostname = url.hostname.replace(/^\[|\]$/gu, '');
    return hostname === 'localhost' || isLoopback(hostname);
  };
}

interface ResolvedSettings {
  readonly host: string;
  readonly port: number;
  readonly seed: number;
  readonly rate: number | 'max';
  readonly generationWorkers: number;
  readonly tls: boolean;
  readonly now: () => number;
  readonly keepAliveIntervalMs: number;
  readonly timestampWindowSec: number;
  readonly filterShare: number;
  readonly limitNoticeIntervalMs: number;
  readonly maxRecordedTweetIds: number;
  readonly tickIntervalMs: number;
  readonly closeGraceMs: number;
  readonly connectionRateLimit: { maxAttempts: number; windowMs: number } | undefined;
  readonly queue: { maxBytes: number; warnPercent: number; warningIntervalMs: number };
}

/** Every option `startEmulator` takes; any other key is a mistake (a typo would be ignored). */
const OPTION_NAMES: readonly (keyof EmulatorOptions)[] = [
  'host',
  'port',
  'seed',
  'rate',
  'generationWorkers',
  'tls',
  'certificateDirectory',
  'keepAliveIntervalMs',
  'faults',
  'connectionRateLimit',
  'queue',
  'filterShare',
  'limitNoticeIntervalMs',
  'now',
  'timestampWindowSec',
  'signatureMethods',
  'fixtures',
  'appName',
  'callbackUrls',
  'world',
  'maxRecordedTweetIds',
  'tickIntervalMs',
  'closeGraceMs',
  'log',
];

const FIXTURE_NAMES = [
  'consumerKey',
  'consumerSecret',
  'accessToken',
  'accessTokenSecret',
  'screenName',
  'userId',
  'name',
];

/**
 * The default per-connection queue: 8 MiB, or 3 s of the paced sample when that is more. The
 * sample arrives in one burst a second (snowflake milliseconds 657–666), ~45 bytes per firehose
 * event per second (~1 % of events, ~4.5 KB a message), and a queue smaller than a burst closed
 * every sample stream with code 4 above ~190,000 events/s however fast its client read.
 */
function defaultQueueBytes(rate: number | 'max'): number {
  const eightMiB = 8 * 1024 * 1024;
  return rate === 'max' ? eightMiB : Math.max(eightMiB, Math.ceil(rate * 45 * 3));
}

/** Applies defaults and checks every option at the public boundary. */
function resolveOptions(options: EmulatorOptions): ResolvedSettings {
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw invalidArgType('options', 'an object', options);
  }
  refuseUnknownKeys(options, OPTION_NAMES, 'options', {
    what: 'an option of startEmulator',
    listName: 'options',
    see: ' (docs/emulator.md)',
  });
  checkOptionalStrings(options);
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '')
    throw invalidArgType('options.host', 'a string', host);
  const rate = options.rate ?? 5700;
  if (rate !== 'max') {
    if (typeof rate !== 'number') throw invalidArgType('options.rate', "a number or 'max'", rate);
    checkNumber(rate, 'options.rate', 0.001, 1_000_000);
  }
  if (options.faults !== undefined && !Array.isArray(options.faults)) {
    throw invalidArgType('options.faults', 'an array of fault rules', options.faults);
  }
  for (const name of ['queue', 'connectionRateLimit', 'fixtures'] as const) {
    const value: unknown = options[name];
    // `connectionRateLimit: false` turns the limit off.
    if (name === 'connectionRateLimit' && value === false) continue;
    if (value !== undefined && (typeof value !== 'object' || value === null)) {
      throw invalidArgType(`options.${name}`, 'an object', value);
    }
  }
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw invalidArgType('options.now', 'a function', options.now);
  }
  const limit = options.connectionRateLimit ?? { maxAttempts: 40, windowMs: 60_000 };
  if (limit !== false) {
    checkInteger(limit.maxAttempts, 'options.connectionRateLimit.maxAttempts', 1);
    checkInteger(limit.windowMs, 'options.connectionRateLimit.windowMs', 1);
  }
  const queue = {
    maxBytes: options.queue?.maxBytes ?? defaultQueueBytes(rate),
    warnPercent: options.queue?.warnPercent ?? 60,
    warningIntervalMs: options.queue?.warningIntervalMs ?? 300_000,
  };
  checkInteger(queue.maxBytes, 'options.queue.maxBytes', 1024);
  checkNumber(queue.warnPercent, 'options.queue.warnPercent', 1, 100);
  checkInteger(queue.warningIntervalMs, 'options.queue.warningIntervalMs', 0);
  const filterShare = options.filterShare ?? 0.01;
  checkNumber(filterShare, 'options.filterShare', Number.MIN_VALUE, 1);
  const resolved: ResolvedSettings = {
    host,
    port: options.port ?? 0,
    seed: options.seed ?? 1,
    rate,
    // One worker per core, at most 2: with the slice buffers reused, the event loop needs only
    // ~3 µs of a core per message, and on 2 cores 2 workers carried 1.17–1.30× what 1 did
    // (docs/emulator.md, "Speed").
    generationWorkers: options.generationWorkers ?? Math.min(2, availableParallelism()),
    tls: options.tls ?? false,
    now: options.now ?? Date.now,
    keepAliveIntervalMs: options.keepAliveIntervalMs ?? 30_000,
    timestampWindowSec: options.timestampWindowSec ?? 300,
    filterShare,
    limitNoticeIntervalMs: options.limitNoticeIntervalMs ?? 1000,
    maxRecordedTweetIds: options.maxRecordedTweetIds ?? 20_000,
    tickIntervalMs: options.tickIntervalMs ?? 10,
    closeGraceMs: options.closeGraceMs ?? 1000,
    connectionRateLimit: limit === false ? undefined : limit,
    queue,
  };
  checkInteger(resolved.port, 'options.port', 0, 65_535);
  checkInteger(resolved.generationWorkers, 'options.generationWorkers', 0, 16);
  checkInteger(resolved.seed, 'options.seed', Number.MIN_SAFE_INTEGER);
  checkInteger(resolved.keepAliveIntervalMs, 'options.keepAliveIntervalMs', 1);
  checkInteger(resolved.timestampWindowSec, 'options.timestampWindowSec', 1);
  checkInteger(resolved.limitNoticeIntervalMs, 'options.limitNoticeIntervalMs', 0);
  checkInteger(resolved.maxRecordedTweetIds, 'options.maxRecordedTweetIds', 0);
  checkInteger(resolved.tickIntervalMs, 'options.tickIntervalMs', 1);
  checkInteger(resolved.closeGraceMs, 'options.closeGraceMs', 0);
  if (typeof resolved.tls !== 'boolean')
    throw invalidArgType('options.tls', 'a boolean', resolved.tls);
  return resolved;
}

function checkNumber(value: unknown, name: string, minimum: number, maximum: number): void {
  if (typeof value !== 'number') throw invalidArgType(name, 'a number', value);
  if (!(value >= minimum && value <= maximum)) {
    throw invalidArgValue(name, `must be between ${minimum} and ${maximum}; received ${value}`);
  }
}

function checkInteger(
  value: unknown,
  name: string,
  minimum: number,
  maximum = Number.MAX_SAFE_INTEGER,
): void {
  checkNumber(value, name, minimum, maximum);
  if (!Number.isInteger(value))
    throw invalidArgValue(name, `must be an integer; received ${String(value)}`);
}

/** The options that hold text, functions or lists: checked here so a slip fails at start. */
function checkOptionalStrings(options: EmulatorOptions): void {
  for (const name of ['certificateDirectory', 'appName'] as const) {
    const value: unknown = options[name];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw invalidArgType(`options.${name}`, 'a non-empty string', value);
    }
  }
  if (options.log !== undefined && typeof options.log !== 'function') {
    throw invalidArgType(
      'options.log',
      'a function (line) => void, e.g. (line) => console.error(line)',
      options.log,
    );
  }
  for (const [name, known] of [
    ['queue', ['maxBytes', 'warnPercent', 'warningIntervalMs']],
    ['connectionRateLimit', ['maxAttempts', 'windowMs']],
  ] as const) {
    const value: unknown = options[name];
    if (typeof value === 'object' && value !== null) {
      refuseUnknownKeys(value, known, `options.${name}`, {
        what: `a field of options.${name}`,
        listName: 'fields',
      });
    }
  }
  const { callbackUrls, signatureMethods, fixtures } = options;
  if (callbackUrls !== undefined) {
    if (!Array.isArray(callbackUrls)) {
      throw invalidArgType('options.callbackUrls', 'an array of absolute URLs', callbackUrls);
    }
    callbackUrls.forEach((url: unknown, index) => {
      if (typeof url !== 'string' || !URL.canParse(url)) {
        throw invalidArgValue(
          `options.callbackUrls[${index}]`,
          `must be an absolute URL such as http://127.0.0.1:8080/callback; received ${typeof url === 'string' ? JSON.stringify(url) : describeValue(url)}`,
        );
      }
    });
  }
  if (signatureMethods !== undefined && !Array.isArray(signatureMethods)) {
    throw invalidArgType(
      'options.signatureMethods',
      "an array such as ['HMAC-SHA1', 'HMAC-SHA256']",
      signatureMethods,
    );
  }
  const world: unknown = options.world;
  if (world !== undefined && (typeof world !== 'object' || world === null)) {
    throw invalidArgType(
      'options.world',
      'an object of world options (docs/world.md)',
      options.world,
    );
  }
  if (typeof fixtures === 'object' && (fixtures as unknown) !== null) {
    refuseUnknownKeys(fixtures, FIXTURE_NAMES, 'options.fixtures', {
      what: 'a fixture',
      listName: 'fixtures',
    });
    for (const [name, value] of Object.entries(fixtures) as [string, unknown][]) {
      if (value !== undefined && (typeof value !== 'string' || value === '')) {
        throw invalidArgType(`options.fixtures.${name}`, 'a non-empty string', value);
      }
    }
    if (fixtures.userId !== undefined && !/^[1-9]\d{0,19}$/u.test(fixtures.userId)) {
      throw invalidArgValue(
        'options.fixtures.userId',
        `must be a decimal user id such as "1400000000000000001"; received ${JSON.stringify(fixtures.userId)}`,
      );
    }
  }
}

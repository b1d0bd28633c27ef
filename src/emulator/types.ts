/**
 * Public types of the emulator: how to start it and what a running one offers.
 */
import type { SignatureMethod } from '../oauth1/index.js';
import type { WorldOptions } from '../world/index.js';
import type { FaultRule } from './faults/fault-rule.js';
import type { ConnectionRateLimit } from './stream/connection-rate-limiter.js';
import type { StreamQueueOptions } from './stream/stream-connection.js';
import type { EmulatorStats } from './stream/stream-stats.js';

/**
 * The fixture app's client credentials and the fixture user's pre-authorized access token.
 * Local fixtures, not secrets of any real service; deterministic for a given seed.
 */
export interface EmulatorFixtures {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  /** An access token of the fixture user, for tests that skip the 3-legged flow. */
  readonly accessToken: string;
  readonly accessTokenSecret: string;
  /** The fixture user, signed in on the authorize page. */
  readonly screenName: string;
  readonly userId: string;
}

/** Options of {@link startEmulator}; every one is optional. */
export interface EmulatorOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** TCP port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Seeds the world, the fixtures, fault probabilities and chunk boundaries. @default 1 */
  readonly seed?: number;
  /**
   * Firehose rate in events per second (the sample is ~1 % of it), paced by the world's clock;
   * or `'max'`: each stream connection gets events as fast as its client reads.
   * @default 5700 (the real mean, 2013)
   */
  readonly rate?: number | 'max';
  /**
   * At rate `max`: worker threads that generate streams as bytes (the sample from its start;
   * filter streams and narrowed samples once they have run for a while), so generating and
   * writing use different cores. 0 generates on the event loop. The bytes are the same for any
   * number.
   * @default the available cores, at most 2
   */
  readonly generationWorkers?: number;
  /** Serve HTTPS with a self-signed certificate generated at start. @default false */
  readonly tls?: boolean;
  /** Where the `--tls` certificate (PEM) is written. @default a new temporary directory, removed by `close()` */
  readonly certificateDirectory?: string;
  /** A keep-alive `\r\n` after this much silence on a stream, ms. @default 30000 */
  readonly keepAliveIntervalMs?: number;
  /** Fault rules for stream connection attempts (see docs/emulator.md, "Faults"). @default [] */
  readonly faults?: readonly FaultRule[];
  /**
   * Stream connection attempts allowed per token in a sliding window before HTTP 420; `false`
   * turns the limit off. @default { maxAttempts: 40, windowMs: 60000 }
   */
  readonly connectionRateLimit?: ConnectionRateLimit | false;
  /** The per-connection queue. @default { maxBytes: 8 MiB, warnPercent: 60, warningIntervalMs: 300000 } */
  readonly queue?: Partial<StreamQueueOptions>;
  /**
   * Share (0–1] of the firehose's Tweets a filter stream may receive; matches beyond it are
   * withheld and counted in `limit` notices. 1 turns the cap off. @default 0.01
   */
  readonly filterShare?: number;
  /** At most one `limit` notice per this many ms per connection. @default 1000 */
  readonly limitNoticeIntervalMs?: number;
  /** The emulator's clock in ms (OAuth timestamps, `Date` headers, pacing, stats). @default Date.now */
  readonly now?: () => number;
  /** Accepted `oauth_timestamp` skew either way, s. @default 300 */
  readonly timestampWindowSec?: number;
  /**
   * Signature methods accepted. @default ['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1'], plus
   * 'PLAINTEXT' with `tls`
   */
  readonly signatureMethods?: readonly SignatureMethod[];
  /** Override fixture credentials and the fixture user. @default derived from the seed */
  readonly fixtures?: Partial<EmulatorFixtures> & { readonly name?: string };
  /** The fixture app's name on the authorize page. @default 'Spritzer Demo' */
  readonly appName?: string;
  /**
   * Callback URLs the fixture app approves besides `oob`; others get 403 with XML code 415.
   * @default every http(s) URL on a loopback host (127.0.0.0/8, localhost, [::1])
   */
  readonly callbackUrls?: readonly string[];
  /** More world options (population, mix, clock). Seed, start and rate come from above. */
  readonly world?: Omit<WorldOptions, 'seed' | 'startTimeMs' | 'eventsPerSecond'>;
  /**
   * Tweet ids listed per connection in the stats before counting the rest (the stats keep the
   * open connections and the 100 most recently closed). @default 20000
   */
  readonly maxRecordedTweetIds?: number;
  /** How often pacing, keep-alives and notices are checked, ms. @default 10 */
  readonly tickIntervalMs?: number;
  /** After ending a stream, wait this long for the client before destroying the socket, ms. @default 1000 */
  readonly closeGraceMs?: number;
  /** Receives one line per request (method, path without query, status); never secrets. */
  readonly log?: (line: string) => void;
}

/** A running emulator. */
export interface RunningEmulator {
  /** The one origin serving OAuth, REST, streams and `/_emulator/`, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly fixtures: EmulatorFixtures;
  /** With `tls`: the PEM certificate to trust (`NODE_EXTRA_CA_CERTS`, `SSL_CERT_FILE`). */
  readonly caCertPath?: string;
  /** The same snapshot as `GET /_emulator/stats`. */
  stats(): EmulatorStats;
  /** Installs fault rules (as `POST /_emulator/faults`). @throws ERR_INVALID_ARG_* on a bad rule */
  addFaults(rules: readonly FaultRule[]): void;
  /** Removes every fault rule. */
  clearFaults(): void;
  /**
   * Stops: every open stream gets disconnect code 1 (Shutdown), then the server closes.
   * Resolves when every socket has closed.
   */
  close(): Promise<void>;
}

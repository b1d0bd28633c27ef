/**
 * The stream client: the only part of spritzer that holds a stream's socket and timers.
 *
 * bytes → (inflate, flushed per chunk) → framer → classify → bounded queue → async iterator.
 * A failed or ended connection is reported, then retried after the delay the reconnect policy
 * gives; the client stops only for a failure retrying cannot fix, or when told to.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/connecting
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { Gunzip, Inflate } from 'node:zlib';
import { invalidArgType, invalidArgValue, SpritzerError } from '../errors.js';
import { clockSkewMs } from '../http/clock-skew.js';
import { HttpStatusError, summarizeErrorBody } from '../http/http-status-error.js';
import { openStreamRequest } from '../http/open-stream-request.js';
import { createBodyDecoder, readErrorBody } from '../http/response-body.js';
import { authorizationFor } from '../http/stream-auth.js';
import { classifyRawMessage } from '../messages/classify-raw.js';
import { classifyMessage } from '../messages/classify.js';
import { type DisconnectCodeInfo, describeDisconnectCode } from '../messages/disconnect-codes.js';
import type { RawStreamMessage, StreamMessage } from '../messages/types.js';
import { BoundedQueue } from './bounded-queue.js';
import { MessageFramer } from './message-framer.js';
import {
  type BackoffSchedule,
  type ReconnectFailure,
  backoffScheduleOf,
  decideReconnect,
  failureForStatus,
} from './reconnect-policy.js';
import type { ResolvedStreamOptions } from './resolve-options.js';
import { StallDetector, type StallReason } from './stall-detector.js';
import { type StreamStats, StreamStatsRecorder } from './stream-stats.js';
import type { TimerHandle } from './timers.js';
import type {
  StopReason,
  StreamClient,
  StreamEvent,
  StreamEventType,
  StreamState,
} from './types.js';
import { readMessageTimestampMs } from './message-timestamp.js';

type AnyMessage = StreamMessage | RawStreamMessage;
type BodyDecoder = Gunzip | Inflate;

/** The event types {@link StreamClientImpl.on} accepts (as in `StreamEventType`). */
const EVENT_TYPES: readonly StreamEventType[] = [
  'connecting',
  'connected',
  'message',
  'keep-alive',
  'backoff',
  'stalled',
  'disconnect-message',
  'error',
  'stopped',
];
/** How one connection attempt ended. */
type AttemptOutcome =
  /** The service answered with another status than 200. */
  | { readonly kind: 'status'; readonly status: number; readonly error: SpritzerError }
  /** No response: refused, reset, DNS, TLS, or a stall before the headers. */
  | { readonly kind: 'unanswered'; readonly error: SpritzerError }
  /** A 200 stream that ended: cleanly, reset, stalled, corrupt, or after a disconnect message. */
  | {
      readonly kind: 'ended';
      readonly error: SpritzerError;
      readonly healthy: boolean;
      readonly lifetimeMs: number;
      readonly disconnect?: DisconnectCodeInfo | undefined;
    }
  /** The client was stopped. */
  | { readonly kind: 'stopped' };

/** One connection attempt and, once answered with 200, its body pipeline. */
interface Connection {
  readonly request: ClientRequest;
  readonly framer: MessageFramer;
  readonly stall: StallDetector;
  readonly startedAt: number;
  response?: IncomingMessage;
  /** What the consumer's backpressure pauses: the decoder, or the response itself. */
  source?: Readable;
  /** The body's decoder, when it is compressed. */
  decoder?: BodyDecoder | undefined;
  connectedAt?: number;
  /** A message (not a keep-alive) arrived. */
  gotMessage: boolean;
  /** A `disconnect` message arrived: the connection ends after the current chunk. */
  disconnect?: DisconnectCodeInfo | undefined;
  /** An error that ended the body while the decoder drains what it already holds. */
  pendingError?: SpritzerError | undefined;
  finished: boolean;
  finish(outcome: AttemptOutcome): void;
}

interface Waiter<M> {
  resolve(result: IteratorResult<M>): void;
  reject(error: unknown): void;
}

type Listener = (event: StreamEvent) => void;

/** Implements {@link StreamClient}; made by `openStream`. */
export class StreamClientImpl<M extends AnyMessage> implements StreamClient<M> {
  readonly #options: ResolvedStreamOptions;
  readonly #classify: (raw: Buffer) => M;
  readonly #queue: BoundedQueue<M>;
  readonly #stats = new StreamStatsRecorder();
  readonly #listeners = new Map<StreamEventType, Set<Listener>>();
  readonly #waiters: Waiter<M>[] = [];
  #state: StreamState = 'idle';
  #stopError: SpritzerError | undefined;
  #stopErrorDelivered = false;
  #connection: Connection | undefined;
  #backoff: { readonly timer: TimerHandle; readonly wake: () => void } | undefined;
  #pausedByConsumer = false;
  #attempts = 0;
  /** Some attempt got an HTTP response: the service's certificate was trusted then. */
  #everAnswered = false;
  readonly #scheduleAttempts: Record<BackoffSchedule, number> = {
    immediate: 0,
    linear: 0,
    exponential: 0,
    'rate-limit': 0,
  };
  #failuresInARow = 0;
  #lastResetAt = Number.NEGATIVE_INFINITY;
  readonly #onAbort = (): void => {
    this.#stop('aborted', undefined);
  };

  /** @param options - checked and completed by `resolveStreamOptions` */
  constructor(options: ResolvedStreamOptions) {
    this.#options = options;
    this.#classify = (options.raw ? classifyRawMessage : classifyMessage) as (raw: Uint8Array) => M;
    this.#queue = new BoundedQueue(options.maxQueuedMessages, options.maxQueuedBytes);
  }

  get state(): StreamState {
    return this.#state;
  }

  get stats(): StreamStats {
    this.#stats.counts.queued = this.#queue.length;
    this.#stats.counts.queuedBytes = this.#queue.bytes;
    return this.#stats.snapshot(this.#options.timers.now());
  }

  on<T extends StreamEventType>(
    type: T,
    listener: (event: Extract<StreamEvent, { type: T }>) => void,
  ): () => void {
    if (!EVENT_TYPES.includes(type)) {
      const given: unknown = type;
      throw invalidArgValue(
        'type',
        `must be a stream event type: ${EVENT_TYPES.join(', ')}; received ${JSON.stringify(String(given))} (messages come from iterating the client: for await (const message of stream))`,
      );
    }
    if (typeof listener !== 'function') {
      throw invalidArgType('listener', 'a function (event) => void', listener);
    }
    let listeners = this.#listeners.get(type);
    if (listeners === undefined) {
      listeners = new Set();
      this.#listeners.set(type, listeners);
    }
    const added = listener as Listener;
    listeners.add(added);
    return () => {
      listeners.delete(added);
    };
  }

  stop(): void {
    this.#stop('stopped', undefined);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<M>> {
    if (this.#state === 'idle') this.#start();
    const message = this.#queue.shift();
    if (message !== undefined) {
      if (this.#pausedByConsumer && this.#queue.canResume) this.#resumeSource();
      return Promise.resolve({ value: message, done: false });
    }
    if (this.#state === 'stopped') return this.#endOfMessages();
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
    });
  }

  /** The consumer left its loop: stop, and drop what it will never take. */
  return(): Promise<IteratorResult<M>> {
    this.#stop('stopped', undefined);
    this.#queue.clear();
    return Promise.resolve({ value: undefined, done: true });
  }

  #start(): void {
    const { signal } = this.#options;
    if (signal?.aborted === true) {
      this.#stop('aborted', undefined);
      return;
    }
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#state = 'connecting';
    void this.#run().catch((error: unknown) => {
      // Defensive: a bug in the loop must stop the client loudly, never leave it hanging.
      this.#stop(
        'failed',
        new SpritzerError('ERR_STREAM_NETWORK', `the stream client failed: ${String(error)}`, {
          cause: error,
        }),
      );
    });
  }

  /** Connects, and reconnects after each failure until stopped. */
  async #run(): Promise<void> {
    for (;;) {
      const outcome = await this.#attempt();
      if (this.#state === 'stopped' || outcome.kind === 'stopped') return;
      if (outcome.kind === 'ended' && outcome.disconnect?.action === 'finish') {
        this.#stop('finished', undefined);
        return;
      }
      this.#emit({ type: 'error', error: outcome.error });
      const failure = this.#assess(outcome);
      if (failure === undefined) return;
      const decision = this.#decide(failure, outcome.error);
      if (decision === undefined) return;
      this.#state = 'backoff';
      this.#stats.counts.backoffMs = decision.delayMs;
      this.#emit({
        type: 'backoff',
        delayMs: decision.delayMs,
        reason: outcome.error.message,
        schedule: decision.schedule,
        attempt: decision.attempt,
        error: outcome.error,
      });
      // Listeners may have stopped the client.
      if (!this.#isBackingOff()) return;
      await this.#wait(decision.delayMs);
      this.#stats.counts.backoffMs = 0;
      if (!this.#isBackingOff()) return;
    }
  }

  /**
   * Turns an attempt's outcome into the failure the policy weighs, or stops the client when the
   * outcome is final (a refusal, a stop-coded disconnect message).
   */
  #assess(outcome: Exclude<AttemptOutcome, { kind: 'stopped' }>): ReconnectFailure | undefined {
    if (outcome.kind === 'status') {
      const failure = failureForStatus(outcome.status);
      if (failure.kind === 'refused') {
        this.#stop('failed', outcome.error);
        return undefined;
      }
      return failure;
    }
    if (outcome.kind === 'unanswered') {
      // A certificate refused before the service ever answered is a configuration problem no
      // retry fixes; once it has answered, a refusal may be transient (a portal, a rotation).
      if (!this.#everAnswered && isUntrustedCertificate(outcome.error.cause)) {
        this.#stop(
          'failed',
          new SpritzerError(
            'ERR_STREAM_CERTIFICATE_UNTRUSTED',
            `${withoutRetryNote(outcome.error.message)}; stopped: no attempt has been answered, so retrying cannot help`,
            { cause: outcome.error.cause },
          ),
        );
        return undefined;
      }
      return { kind: 'network' };
    }
    const action = outcome.disconnect?.action;
    if (
      outcome.disconnect !== undefined &&
      (action === 'stop' || action === 'stop-authorization')
    ) {
      this.#stop('failed', disconnectError(outcome.disconnect, action));
      return undefined;
    }
    // An established connection that was healthy reconnects at once ("Reconnecting"), but at
    // most once per stable interval: a server that accepts, sends a message and drops climbs
    // the network backoff instead of looping.
    const now = this.#options.timers.now();
    const { stableIntervalMs } = this.#options;
    const healthy = outcome.healthy || outcome.lifetimeMs >= stableIntervalMs;
    if (!healthy) return { kind: 'network' };
    this.#failuresInARow = 0;
    if (outcome.lifetimeMs < stableIntervalMs && now - this.#lastResetAt < stableIntervalMs) {
      return { kind: 'network' };
    }
    this.#resetBackoff(now);
    return { kind: 'dropped' };
  }

  #resetBackoff(now: number): void {
    this.#lastResetAt = now;
    for (const schedule of Object.keys(this.#scheduleAttempts) as BackoffSchedule[]) {
      this.#scheduleAttempts[schedule] = 0;
    }
  }

  #decide(
    failure: ReconnectFailure,
    error: SpritzerError,
  ): { delayMs: number; schedule: BackoffSchedule; attempt: number } | undefined {
    this.#failuresInARow += 1;
    if (this.#failuresInARow > this.#options.maxRetries) {
      this.#stop(
        'failed',
        new SpritzerError(
          'ERR_STREAM_RETRIES_EXHAUSTED',
          `gave up after ${this.#failuresInARow} failed connection ${this.#failuresInARow === 1 ? 'attempt' : 'attempts'} in a row (maxRetries ${this.#options.maxRetries}); last: ${withoutRetryNote(error.message)}; check that the service is reachable and answers, or raise maxRetries`,
          { cause: error },
        ),
      );
      return undefined;
    }
    const schedule = backoffScheduleOf(failure);
    if (schedule === undefined) return undefined;
    this.#scheduleAttempts[schedule] += 1;
    const attempt = this.#scheduleAttempts[schedule];
    const decision = decideReconnect(failure, attempt, this.#options.random);
    if (decision.action === 'stop') return undefined;
    return { delayMs: decision.delayMs, schedule, attempt };
  }

  #isBackingOff(): boolean {
    return this.#state === 'backoff';
  }

  /** Waits out a backoff; {@link stop} cuts it short. */
  #wait(delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      if (delayMs === 0) {
        // Reconnect at once, but from a fresh turn of the event loop.
        setImmediate(resolve);
        return;
      }
      const wake = (): void => {
        this.#backoff = undefined;
        resolve();
      };
      this.#backoff = { timer: this.#options.timers.setTimeout(wake, delayMs), wake };
    });
  }

  /** One connection attempt, from the request to the end of its body. */
  #attempt(): Promise<AttemptOutcome> {
    const { timers, url, method, form } = this.#options;
    this.#attempts += 1;
    this.#stats.counts.connects += 1;
    if (this.#attempts > 1) this.#stats.counts.reconnects += 1;
    this.#state = 'connecting';
    this.#emit({ type: 'connecting', attempt: this.#attempts, url: this.#options.displayUrl });
    return new Promise((resolve) => {
      const request = openStreamRequest({
        url,
        method,
        form,
        authorization: authorizationFor(this.#options.auth, {
          method,
          url,
          ...(form !== undefined && { form }),
        }),
        userAgent: this.#options.userAgent,
        compression: this.#options.compression,
        ca: this.#options.ca,
      });
      const connection: Connection = {
        request,
        framer: this.#makeFramer(() => connection),
        stall: new StallDetector({
          timeoutMs: this.#options.stallTimeoutMs,
          timers,
          onStall: (reason, silentMs) => {
            this.#onStall(connection, reason, silentMs);
          },
        }),
        startedAt: timers.now(),
        gotMessage: false,
        finished: false,
        finish: (outcome) => {
          this.#finishConnection(connection, outcome, resolve);
        },
      };
      this.#connection = connection;
      connection.stall.start();
      request.on('response', (response) => {
        this.#onResponse(connection, response);
      });
      request.on('error', (error) => {
        const lost = this.#lostConnection(connection, error).error;
        if (connection.response === undefined) {
          connection.finish({ kind: 'unanswered', error: lost });
        } else if (connection.connectedAt !== undefined) {
          // Once a 200 body flows, a socket error lets the decoder drain first, like a reset; a
          // refusal's status is reported once its body has been read.
          this.#endBody(connection, connection.decoder, lost);
        }
      });
    });
  }

  /** The framer of one connection; `current` returns that connection once it exists. */
  #makeFramer(current: () => Connection): MessageFramer {
    return new MessageFramer(
      {
        message: (raw) => {
          this.#onMessage(current(), raw);
        },
        keepAlive: () => {
          const connection = current();
          if (connection.finished) return;
          connection.stall.keepAlive(this.#options.timers.now());
          this.#stats.counts.keepAlives += 1;
          this.#emit({ type: 'keep-alive' });
        },
        oversized: (bytes) => {
          if (current().finished) return;
          this.#stats.counts.oversized += 1;
          this.#emit({
            type: 'error',
            error: new SpritzerError(
              'ERR_STREAM_MESSAGE_TOO_LARGE',
              `skipped a message of ${bytes} bytes, over the ${this.#options.maxMessageBytes}-byte limit; raise maxMessageBytes to receive it`,
            ),
          });
        },
        framingProblem: (problem) => {
          if (current().finished) return;
          this.#stats.counts.framingErrors += 1;
          const detail =
            problem.kind === 'length-mismatch'
              ? `a delimited=length count of ${problem.expectedBytes} bytes preceded a message of ${problem.actualBytes} bytes (\\r\\n included)`
              : `a message of ${problem.lineBytes} bytes arrived where a delimited=length count was expected`;
          this.#emit({
            type: 'error',
            error: new SpritzerError(
              'ERR_STREAM_FRAMING',
              `${detail}; resynchronized on the \\r\\n terminator and delivered the message`,
            ),
          });
        },
      },
      { delimited: this.#options.delimited, maxMessageBytes: this.#options.maxMessageBytes },
    );
  }

  #onResponse(connection: Connection, response: IncomingMessage): void {
    if (connection.finished) {
      response.destroy();
      return;
    }
    const { timers } = this.#options;
    const status = response.statusCode ?? 0;
    connection.response = response;
    this.#everAnswered = true;
    this.#stats.response(status);
    if (status !== 200) {
      const receivedAt = timers.now();
      void readErrorBody(response).then((body) => {
        const error = new HttpStatusError({
          status,
          statusText: response.statusMessage,
          body: summarizeErrorBody(body, response.headers['content-type']),
          url: this.#options.displayUrl,
          clockSkewMs: clockSkewMs(response.headers.date, receivedAt),
        });
        connection.finish({ kind: 'status', status, error });
      });
      return;
    }
    const encoding = response.headers['content-encoding'];
    const decoder = createBodyDecoder(encoding);
    if (decoder === null) {
      connection.finish({
        kind: 'unanswered',
        error: new SpritzerError(
          'ERR_STREAM_GZIP',
          `the stream's Content-Encoding ${JSON.stringify(encoding)} is not gzip or deflate; connect without compression`,
        ),
      });
      return;
    }
    const now = timers.now();
    connection.connectedAt = now;
    this.#state = 'streaming';
    this.#emit({
      type: 'connected',
      status,
      encoding: decoder === undefined ? 'identity' : (encoding ?? '').trim().toLowerCase(),
      elapsedMs: now - connection.startedAt,
    });
    response.on('data', (chunk: Buffer) => {
      this.#stats.counts.bytesRaw += chunk.length;
      connection.stall.data(timers.now());
      if (decoder === undefined) this.#onBytes(connection, chunk);
    });
    response.on('error', (error) => {
      this.#endBody(connection, decoder, this.#lostConnection(connection, error).error);
    });
    response.on('close', () => {
      if (!response.complete) {
        this.#endBody(
          connection,
          decoder,
          new SpritzerError(
            'ERR_STREAM_NETWORK',
            'the connection closed in the middle of the stream',
          ),
        );
      }
    });
    if (decoder === undefined) {
      response.on('end', () => {
        connection.finish(this.#endedOutcome(connection, endedError()));
      });
      connection.source = response;
    } else {
      decoder.on('data', (chunk: Buffer) => {
        this.#onBytes(connection, chunk);
      });
      decoder.on('end', () => {
        connection.finish(this.#endedOutcome(connection, connection.pendingError ?? endedError()));
      });
      decoder.on('error', (error) => {
        const gzipError = new SpritzerError(
          'ERR_STREAM_GZIP',
          `the compressed stream is corrupt (${error.message}); reconnecting`,
          { cause: error },
        );
        // Corruption is the cause even when the connection also broke off.
        connection.finish(this.#endedOutcome(connection, gzipError));
      });
      response.pipe(decoder);
      connection.source = decoder;
      connection.decoder = decoder;
    }
    if (this.#pausedByConsumer) this.#pauseConnection(connection);
  }

  /**
   * The body ended abnormally. Without a decoder every byte was already framed; with one, let it
   * finish inflating what it holds so no complete message is lost, then report `error`.
   */
  #endBody(connection: Connection, decoder: BodyDecoder | undefined, error: SpritzerError): void {
    if (connection.finished || connection.pendingError !== undefined) return;
    if (decoder === undefined) {
      connection.finish(this.#endedOutcome(connection, error));
      return;
    }
    connection.pendingError = error;
    // Not end(): a cut gzip member would make the decoder fail and drop what it holds. A flush
    // calls back once every byte received so far is inflated and handed on.
    decoder.flush(() => {
      setImmediate(() => {
        connection.finish(this.#endedOutcome(connection, error));
      });
    });
    // A consumer-paused decoder must flow for the flush to complete.
    decoder.resume();
  }

  #onBytes(connection: Connection, chunk: Buffer): void {
    if (connection.finished) return;
    this.#stats.counts.bytesInflated += chunk.length;
    connection.framer.push(chunk);
    // Listeners run inside push() and may have stopped the client.
    if (connection.disconnect !== undefined && isOpen(connection)) {
      connection.finish(
        this.#endedOutcome(
          connection,
          new SpritzerError(
            'ERR_STREAM_DISCONNECTED',
            `the service sent disconnect code ${connection.disconnect.code} (${connection.disconnect.name}: ${connection.disconnect.meaning})`,
          ),
        ),
      );
      return;
    }
    if (!this.#pausedByConsumer && this.#queue.isFull) {
      this.#pausedByConsumer = true;
      this.#stats.counts.pauses += 1;
      this.#pauseConnection(connection);
    }
  }

  #onMessage(connection: Connection, raw: Buffer): void {
    if (connection.finished) return;
    const now = this.#options.timers.now();
    connection.stall.message(now);
    connection.gotMessage = true;
    const message = this.#classify(raw);
    this.#stats.message(message.kind, now);
    if (message.kind === 'tweet') {
      const timestampMs = readMessageTimestampMs(message);
      if (timestampMs !== undefined) this.#stats.counts.lagMs = now - timestampMs;
    } else if (message.kind !== 'unknown' && message.kind !== 'malformed') {
      this.#onNotice(connection, message);
    }
    if ((this.#listeners.get('message')?.size ?? 0) > 0 || this.#options.onEvent !== undefined) {
      this.#emit({ type: 'message', kind: message.kind, bytes: raw.length });
    }
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) waiter.resolve({ value: message, done: false });
    else this.#queue.push(message, raw.length);
  }

  /** Notices feed the stats; a `disconnect` ends the connection after the current chunk. */
  #onNotice(connection: Connection, message: AnyMessage): void {
    const data = noticeData(message);
    if (data === undefined) return;
    const timestampMs = Number(data.timestamp_ms);
    if (Number.isFinite(timestampMs) && timestampMs > 0) {
      this.#stats.counts.lagMs = this.#options.timers.now() - timestampMs;
    }
    if (message.kind === 'limit' && typeof data.track === 'number') {
      this.#stats.counts.limitTrack = data.track;
    } else if (message.kind === 'warning' && typeof data.percent_full === 'number') {
      this.#stats.counts.percentFull = data.percent_full;
    } else if (message.kind === 'disconnect' && typeof data.code === 'number') {
      const info = describeDisconnectCode(data.code);
      connection.disconnect = info;
      this.#stats.disconnect(info.code);
      this.#emit({
        type: 'disconnect-message',
        code: info.code,
        name: info.name,
        meaning: info.meaning,
        reason: typeof data.reason === 'string' ? data.reason : '',
        streamName: typeof data.stream_name === 'string' ? data.stream_name : '',
        action: info.action,
      });
    }
  }

  #onStall(connection: Connection, reason: StallReason, silentMs: number): void {
    if (connection.finished) return;
    if (connection.response !== undefined && connection.connectedAt === undefined) {
      // A refusal whose body never ends: report its status with the body read so far.
      connection.response.destroy();
      return;
    }
    this.#emit({ type: 'stalled', reason, silentMs });
    if (reason === 'keep-alive-only') return;
    this.#stats.counts.stalls += 1;
    const seconds = Math.round(silentMs / 1000);
    const what =
      reason === 'no-data'
        ? `no data for ${seconds} s`
        : `bytes but no complete message or keep-alive for ${seconds} s`;
    const error = new SpritzerError(
      'ERR_STREAM_STALLED',
      `the stream stalled (${what}, over the ${this.#options.stallTimeoutMs / 1000} s stall timeout); reconnecting`,
    );
    connection.finish(
      connection.connectedAt === undefined
        ? { kind: 'unanswered', error }
        : this.#endedOutcome(connection, error),
    );
  }

  #lostConnection(connection: Connection, error: Error): AttemptOutcome & { error: SpritzerError } {
    const code = (error as { code?: unknown }).code;
    const detail = typeof code === 'string' ? `${code}: ${error.message}` : error.message;
    const wrapped = new SpritzerError(
      'ERR_STREAM_NETWORK',
      `the connection to ${this.#options.displayUrl} failed (${detail})${certificateHint(error)}; reconnecting`,
      { cause: error },
    );
    return connection.connectedAt === undefined
      ? { kind: 'unanswered', error: wrapped }
      : this.#endedOutcome(connection, wrapped);
  }

  #endedOutcome(
    connection: Connection,
    error: SpritzerError,
  ): AttemptOutcome & { error: SpritzerError } {
    const now = this.#options.timers.now();
    return {
      kind: 'ended',
      error,
      healthy: connection.gotMessage,
      lifetimeMs: now - (connection.connectedAt ?? now),
      disconnect: connection.disconnect,
    };
  }

  #finishConnection(
    connection: Connection,
    outcome: AttemptOutcome,
    resolve: (outcome: AttemptOutcome) => void,
  ): void {
    if (connection.finished) return;
    connection.finished = true;
    connection.stall.stop();
    connection.request.destroy();
    connection.response?.destroy();
    if (connection.source !== connection.response) connection.source?.destroy();
    if (this.#connection === connection) this.#connection = undefined;
    const droppedBytes = connection.framer.reset();
    if (droppedBytes > 0 && outcome.kind !== 'stopped') {
      this.#stats.counts.truncated += 1;
      this.#emit({
        type: 'error',
        error: new SpritzerError(
          'ERR_STREAM_ENDED',
          `the connection ended in the middle of a message; its first ${droppedBytes} bytes were dropped`,
        ),
      });
    }
    resolve(outcome);
  }

  #pauseConnection(connection: Connection): void {
    connection.source?.pause();
    // A paused socket is the consumer's doing, not a stall.
    connection.stall.stop();
  }

  #resumeSource(): void {
    this.#pausedByConsumer = false;
    const connection = this.#connection;
    if (connection?.source === undefined || connection.finished) return;
    connection.stall.start();
    connection.source.resume();
  }

  #stop(reason: StopReason, error: SpritzerError | undefined): void {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    this.#stopError = error;
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    if (this.#backoff !== undefined) {
      this.#options.timers.clearTimeout(this.#backoff.timer);
      this.#backoff.wake();
    }
    this.#stats.counts.backoffMs = 0;
    this.#connection?.finish({ kind: 'stopped' });
    this.#emit({ type: 'stopped', reason, ...(error !== undefined && { error }) });
    if (this.#queue.length === 0) {
      for (const waiter of this.#waiters.splice(0)) {
        this.#endOfMessages().then(
          (result) => {
            waiter.resolve(result);
          },
          (error: unknown) => {
            waiter.reject(error);
          },
        );
      }
    }
  }

  /** After the last queued message: the stop error once, if there is one, then done. */
  #endOfMessages(): Promise<IteratorResult<M>> {
    if (this.#stopError !== undefined && !this.#stopErrorDelivered) {
      this.#stopErrorDelivered = true;
      return Promise.reject(this.#stopError);
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  #emit(event: StreamEvent): void {
    const listeners = this.#listeners.get(event.type);
    const onEvent = this.#options.onEvent;
    if (onEvent !== undefined) callListener(onEvent, event);
    if (listeners === undefined) return;
    for (const listener of listeners) callListener(listener, event);
  }
}

/** A listener's exception must not corrupt the client's state: rethrow it on its own turn. */
function callListener(listener: Listener, event: StreamEvent): void {
  try {
    listener(event);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** Not finished; a function, so that a check after a listener ran is not narrowed away. */
function isOpen(connection: Connection): boolean {
  return !connection.finished;
}

function endedError(): SpritzerError {
  return new SpritzerError('ERR_STREAM_ENDED', 'the service ended the stream; reconnecting');
}

function disconnectError(
  info: DisconnectCodeInfo,
  action: 'stop' | 'stop-authorization',
): SpritzerError {
  if (action === 'stop-authorization') {
    return new SpritzerError(
      'ERR_STREAM_TOKEN_REVOKED',
      `the service sent disconnect code ${info.code} (${info.name}: ${info.meaning}); authorize again`,
    );
  }
  return new SpritzerError(
    'ERR_STREAM_DISCONNECTED',
    `the service sent disconnect code ${info.code} (${info.name}: ${info.meaning}); stopped rather than fight the other connection: stop the other client or use other credentials`,
  );
}

/** The notice's fields: parsed already (typed mode), or parsed now (raw mode; notices are small). */
function noticeData(message: AnyMessage): Record<string, unknown> | undefined {
  if ('data' in message) return message.data as Record<string, unknown>;
  try {
    const parsed = JSON.parse(message.raw.toString('utf8')) as Record<string, unknown>;
    return parsed[message.kind] as Record<string, unknown> | undefined;
  } catch {
    return undefined;
  }
}

/**
 * A failure's message without the "reconnecting" / "backing off" note it ends with while the
 * client retries, for the error that says the client gave up.
 */
function withoutRetryNote(message: string): string {
  return message.replace(/(?:; reconnecting|[;:] backing off before the next attempt)$/u, '');
}

/** Whether a socket error is TLS refusing the server's certificate (Node's OpenSSL codes). */
function isUntrustedCertificate(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/u.test(code);
}

/** For a certificate the client does not trust, how to trust it. */
function certificateHint(error: Error): string {
  return isUntrustedCertificate(error)
    ? ": the server's certificate is not trusted; for a private CA or a self-signed certificate (spritzer emulate --tls), pass its PEM as options.ca (CLI: NODE_EXTRA_CA_CERTS=FILE)"
    : '';
}

/**
 * The stream client's public types: its options, its lifecycle events and the client itself.
 */
import type { SpritzerError } from '../errors.js';
import type { StreamAuth } from '../http/stream-auth.js';
import type { DisconnectAction } from '../messages/disconnect-codes.js';
import type { MessageKind, RawStreamMessage, StreamMessage } from '../messages/types.js';
import type { BackoffSchedule } from './reconnect-policy.js';
import type { StallReason } from './stall-detector.js';
import type { StreamParameters } from './stream-parameters.js';
import type { StreamStats } from './stream-stats.js';
import type { StreamTimers } from './timers.js';

/** How to connect and how to behave. Only `url` and `auth` are required. */
export interface StreamOptions {
  /** The endpoint, e.g. `https://stream.twitter.com/1.1/statuses/filter.json`. */
  readonly url: string | URL;
  readonly auth: StreamAuth;
  /** Stream parameters, checked before connecting (`ERR_STREAM_FILTER_INVALID`). */
  readonly parameters?: StreamParameters;
  /**
   * GET puts the parameters in the query; POST sends them as a form body (for long filters).
   * @default 'POST' when track, follow or locations is given, else 'GET'
   */
  readonly method?: 'GET' | 'POST';
  /**
   * Deliver {@link RawStreamMessage}s (framed and classified, never parsed) instead of
   * {@link StreamMessage}s.
   * @default false
   */
  readonly raw?: boolean;
  /** Ask for a gzip/deflate body, inflated with a flush per chunk. @default true */
  readonly compression?: boolean;
  /** Extra CA certificate (PEM) to trust, e.g. the emulator's; Node's roots stay trusted. */
  readonly ca?: string | Buffer;
  /** @default `spritzer/<version> node/<version>` */
  readonly userAgent?: string;
  /** Silence, in ms, after which a connection is stalled (see stall-detector.ts). @default 90 000 */
  readonly stallTimeoutMs?: number;
  /**
   * How long, in ms, a connection must stay up to count as healthy without a message; also the
   * shortest spacing of two immediate reconnects (so a server that accepts, sends one message
   * and drops can never drive a hot loop).
   * @default 30 000
   */
  readonly stableIntervalMs?: number;
  /** Largest message accepted, in bytes; larger ones are skipped and counted. @default 1 MiB */
  readonly maxMessageBytes?: number;
  /** Messages queued for the consumer before the socket is paused. @default 1000 */
  readonly maxQueuedMessages?: number;
  /** Bytes queued for the consumer before the socket is paused. @default 16 MiB */
  readonly maxQueuedBytes?: number;
  /**
   * Failed connection attempts in a row (without a healthy connection between them) after which
   * the client gives up with `ERR_STREAM_RETRIES_EXHAUSTED`.
   * @default Infinity
   */
  readonly maxRetries?: number;
  /** Stops the client when aborted, like {@link StreamClient.stop}. */
  readonly signal?: AbortSignal;
  /** Clock and timers. @default the system's */
  readonly timers?: StreamTimers;
  /** Uniform numbers in [0, 1) for backoff jitter. @default Math.random */
  readonly random?: () => number;
  /** Receives every lifecycle event (also available through {@link StreamClient.on}). */
  readonly onEvent?: (event: StreamEvent) => void;
}

/** Why the client stopped. */
export type StopReason =
  /** {@link StreamClient.stop} was called, or the consumer left its loop. */
  | 'stopped'
  /** The `signal` was aborted. */
  | 'aborted'
  /** The service ended the stream for good (`disconnect` code 5 or 9). */
  | 'finished'
  /** A failure that retrying cannot fix; `error` says which. */
  | 'failed';

/** A lifecycle event. */
export type StreamEvent =
  /** A connection attempt starts (`attempt` counts from 1 over the client's life). */
  | { readonly type: 'connecting'; readonly attempt: number; readonly url: string }
  /** The service answered 200 and the body is flowing. */
  | {
      readonly type: 'connected';
      readonly status: number;
      /** `gzip`, `deflate` or `identity`. */
      readonly encoding: string;
      /** From the start of the attempt to the response headers. */
      readonly elapsedMs: number;
    }
  /** A message was received (and queued for the consumer). */
  | { readonly type: 'message'; readonly kind: MessageKind; readonly bytes: number }
  /** A keep-alive line was received. */
  | { readonly type: 'keep-alive' }
  /** The client waits before reconnecting; `reason` is the failure's message. */
  | {
      readonly type: 'backoff';
      readonly delayMs: number;
      readonly reason: string;
      readonly schedule: BackoffSchedule;
      /** The attempt number on this schedule (1 for the first failure in a row). */
      readonly attempt: number;
      readonly error: SpritzerError;
    }
  /** Silence: `no-data` and `incomplete-message` close the connection; `keep-alive-only` is a report. */
  | { readonly type: 'stalled'; readonly reason: StallReason; readonly silentMs: number }
  /** The service sent a `disconnect` message; `action` is what the client does about it. */
  | {
      readonly type: 'disconnect-message';
      readonly code: number;
      /** The documented name of the code, e.g. `Duplicate stream`. */
      readonly name: string;
      readonly meaning: string;
      /** The `reason` and `stream_name` fields as the service sent them. */
      readonly reason: string;
      readonly streamName: string;
      readonly action: DisconnectAction;
    }
  /** A problem: a failed or ended connection, a skipped message, a framing error. */
  | { readonly type: 'error'; readonly error: SpritzerError }
  /** The client stopped for good; the iterator ends after the queued messages. */
  | { readonly type: 'stopped'; readonly reason: StopReason; readonly error?: SpritzerError };

/** The event types. */
export type StreamEventType = StreamEvent['type'];

/** Where the client is. */
export type StreamState = 'idle' | 'connecting' | 'streaming' | 'backoff' | 'stopped';

/**
 * A stream that reconnects by itself. Iterate it to receive messages; it starts connecting on the
 * first iteration. The iterator ends after {@link stop}, an aborted signal or a finished stream
 * (messages already received are still delivered first), and throws the error when the client
 * stops for good on a failure (a refused request, a token revoked, another client taking over).
 */
export interface StreamClient<
  M extends StreamMessage | RawStreamMessage = StreamMessage,
> extends AsyncIterableIterator<M> {
  /** Where the client is now. */
  readonly state: StreamState;
  /** A snapshot of the counters. */
  readonly stats: StreamStats;
  /**
   * Subscribes to one type of lifecycle event.
   * @returns a function that unsubscribes
   */
  on<T extends StreamEventType>(
    type: T,
    listener: (event: Extract<StreamEvent, { type: T }>) => void,
  ): () => void;
  /**
   * Stops at once: closes the connection, cancels every timer (stall, backoff) and ends the
   * iterator once the queued messages are taken. Safe to call at any time, and twice.
   */
  stop(): void;
}

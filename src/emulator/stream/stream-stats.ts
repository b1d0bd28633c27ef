/**
 * What `GET /_emulator/stats` reports: every stream connection attempt with its time, and per
 * connection exactly which complete messages were written, so a client test can compare what it
 * delivered with what was sent.
 */
import type { StreamEndpoint } from '../filter/stream-parameters.js';
import type { StreamFault } from '../faults/fault-rule.js';

/** The kinds of message a stream connection writes. */
export type OutboundKind =
  | 'tweet'
  | 'delete'
  | 'scrub_geo'
  | 'status_withheld'
  | 'user_withheld'
  | 'limit'
  | 'warning'
  | 'disconnect';

/** A fault as it was applied to a connection. */
export interface AppliedFault {
  readonly kind: StreamFault['kind'];
  /** The emulator's clock when it fired, ms. */
  readonly at: number;
  /** Complete messages and payload bytes written before it fired. */
  readonly afterMessages: number;
  readonly afterBytes: number;
  /** What it did, e.g. the id of the Tweet it truncated; or why it was skipped. */
  readonly detail?: string;
  /** True when it could not apply (e.g. `corrupt-gzip` on an uncompressed stream). */
  readonly skipped?: boolean;
}

/** One stream connection's counters. */
export interface StreamConnectionStats {
  /** The connection's id: the number of the attempt that opened it. */
  readonly id: number;
  readonly endpoint: StreamEndpoint;
  /** The access token (`oauth_token`, an identifier, not a secret). */
  readonly token: string;
  readonly openedAt: number;
  readonly closedAt: number | null;
  /**
   * Why it closed: `client` (the client went away), `disconnect:N` (the emulator sent
   * disconnect code N: 1 shutdown, 4 stall, 7 same token connected again, or a fault),
   * `fault:KIND`, or `null` while open.
   */
  readonly closeReason: string | null;
  readonly gzip: boolean;
  readonly delimited: boolean;
  /** Complete messages written, of every kind (keep-alives not counted). */
  readonly messages: number;
  readonly messagesByKind: Readonly<Partial<Record<OutboundKind, number>>>;
  /** The `id_str` of every complete Tweet written, in order (up to the recording limit). */
  readonly tweetIds: readonly string[];
  /** Tweets written beyond the recording limit (not listed in `tweetIds`). */
  readonly tweetIdsOmitted: number;
  /** Payload bytes written (before gzip; framing and keep-alives included). */
  readonly bytes: number;
  /** Bytes of the response body as sent (after gzip). */
  readonly wireBytes: number;
  readonly keepAlives: number;
  /** Messages and bytes waiting to be written (the emulator's queue plus Node's buffer). */
  readonly queueDepth: { readonly messages: number; readonly bytes: number };
  /** The largest `queueDepth.bytes` seen. */
  readonly peakQueueBytes: number;
  /**
   * Messages selected for this connection but never written: `limit` (over the filter share,
   * counted in `limit` notices), `queue` (discarded from the queue when the connection closed).
   */
  readonly drops: { readonly limit: number; readonly queue: number };
  readonly faults: readonly AppliedFault[];
}

/** One request to a stream endpoint, accepted or not. */
export interface ConnectionAttempt {
  /** 1-based, in arrival order; fault rules select attempts by this number. */
  readonly attempt: number;
  /** The emulator's clock when the request arrived, ms. */
  readonly at: number;
  readonly endpoint: StreamEndpoint;
  readonly method: string;
  /** The `oauth_token` the request named, if any. */
  readonly token: string | null;
  /** The HTTP status answered (200 when the stream opened). */
  readonly status: number;
}

/** The emulator's stats (`GET /_emulator/stats`). */
export interface EmulatorStats {
  /** The emulator's clock, ms. */
  readonly now: number;
  readonly attempts: readonly ConnectionAttempt[];
  /** Open connections and the most recently closed ones, oldest first. */
  readonly connections: readonly StreamConnectionStats[];
  readonly firehose: {
    /** Firehose events per second, or `max`. */
    readonly rate: number | 'max';
    /** World events produced so far (the firehose's position). */
    readonly eventsProduced: number;
    /**
     * Paced mode: every event due up to this clock reading has been produced (a slow machine
     * catches up over several ticks); the clock itself while no stream is open; `null` at rate
     * `max` or, with a stream open, before the first tick.
     */
    readonly producedThroughMs: number | null;
    /**
     * Paced mode: events skipped because the firehose fell more than 2 s behind the clock (a
     * machine too slow for the rate, or a clock that jumped); 0 at rate `max`.
     */
    readonly eventsSkipped: number;
    /** Rate `max`: generation worker threads ready to take slices of the sample (0: none yet). */
    readonly generationWorkersReady: number;
    /**
     * Rate `max`: sample slices generated into a buffer that a connection had written out and
     * handed back (not a new allocation).
     */
    readonly generationBuffersReused: number;
    /** Tweets posted through `statuses/update`. */
    readonly tweetsPosted: number;
  };
}

/**
 * The NATS JetStream sink (`nats://HOST:PORT[,HOST:PORT…]/STREAM`), on the official NATS client
 * (v3: `@nats-io/transport-node` and `@nats-io/jetstream`).
 *
 * Publishes each message's exact bytes on a documented subject with a message id (`Nats-Msg-Id`):
 * the tweet id, or the compliance notice's key (e.g. `delete:1234`). JetStream drops a re-sent id
 * within the stream's duplicate window, so re-sends after a reconnect or a replay are harmless.
 * Creates the stream if missing (`PREFIX.>`, file storage, the configured replicas). Waits for
 * every ack, with at most `maxInFlight` publishes unacknowledged; `write` resolves when the whole
 * batch is acknowledged (stored by a quorum of the stream's replicas).
 *
 * Subjects, under a prefix (default `spritzer`): `PREFIX.tweet.<lang>` (the tweet's BCP 47 `lang`,
 * `und` when absent), `PREFIX.delete`, `PREFIX.scrub_geo`, `PREFIX.status_withheld`,
 * `PREFIX.user_withheld`. Other messages are not published (counted as skipped, by kind).
 *
 * A log, like the JSONL file: published bytes are never rewritten, so a `scrub_geo` notice is not
 * applied to the tweets before it (nor to the copies of them inside retweets and quotes); it is
 * published after them, for consumers to apply (docs/sinks.md, "scrub_geo and embedded copies").
 *
 * @see https://docs.nats.io/using-nats/developer/develop_jetstream/model_deep_dive#message-deduplication
 */
import {
  jetstream,
  jetstreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  type PubAck,
} from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { invalidArgValue, SpritzerError } from '../errors.js';
import type { StreamMessage } from '../messages/types.js';
import { isComplianceMessage, toComplianceRecord } from './compliance-record.js';
import { RecentIds } from './recent-ids.js';
import type { Sink, SinkCounters } from './sink.js';
import { SinkCounterSet } from './sink-counters.js';
import {
  closedError,
  describeIoError,
  messageRejection,
  type MessageRejection,
} from './sink-errors.js';
import { assertMessageBatch } from './message-check.js';
import { SerialQueue } from './serial-queue.js';

/** Options of {@link openNatsSink}. */
export interface NatsSinkOptions {
  /** `host:port` of one or more servers of the cluster. */
  readonly servers: readonly string[];
  /** The JetStream stream's name. */
  readonly stream: string;
  /** The first token of every subject. @default 'spritzer' */
  readonly subjectPrefix?: string;
  /** Replicas of the stream when this sink creates it (1, 3 or 5 in a cluster). @default 1 */
  readonly replicas?: number;
  /** JetStream's duplicate window when this sink creates the stream. @default 120000 ms */
  readonly duplicateWindowMs?: number;
  /** Publishes waiting for their ack at most. @default 256 */
  readonly maxInFlight?: number;
  /** How long to wait for one ack before the batch fails (and spills). @default 5000 ms */
  readonly ackTimeoutMs?: number;
  /** How long to wait for the first connection and for JetStream to answer. @default 5000 ms */
  readonly connectTimeoutMs?: number;
  /** How many recently deleted tweet ids to remember, to hold back a tweet deleted before it arrived. @default 100000 */
  readonly dedupWindow?: number;
  /**
   * Told of each message NATS can never take (a message id holding CR or LF, which a header
   * value cannot; a message over the server's `max_payload`): it is skipped, counted
   * (`invalid`) and never retried, and the rest of its batch is published.
   */
  readonly onRejected?: (error: MessageRejection) => void;
}

/**
 * A BCP 47 tag as one subject token: `.`, `*`, `>` and whitespace are not allowed in tokens.
 * Anything but a non-empty string (absent, null, a number in a malformed tweet) is `und`.
 */
export function subjectToken(lang: unknown): string {
  if (typeof lang !== 'string' || lang === '') return 'und';
  return lang.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * Connects, creates the stream if missing, and returns the NATS JetStream sink.
 *
 * @throws RangeError `ERR_INVALID_ARG_VALUE` for a bad option
 * @throws SpritzerError `ERR_SINK_UNAVAILABLE` when no server answers or JetStream is off
 */
export async function openNatsSink(options: NatsSinkOptions): Promise<Sink> {
  const prefix = options.subjectPrefix ?? 'spritzer';
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix)) {
    throw invalidArgValue(
      'subjectPrefix',
      `must be dot-separated tokens of letters, digits, _ and -; received ${prefix}`,
    );
  }
  if (!/^[A-Za-z0-9_-]+$/.test(options.stream)) {
    throw invalidArgValue('stream', `must be letters, digits, _ and -; received ${options.stream}`);
  }
  const replicas = options.replicas ?? 1;
  if (![1, 2, 3, 4, 5].includes(replicas)) {
    throw invalidArgValue('replicas', `must be 1 to 5; received ${replicas}`);
  }
  const maxInFlight = positive('maxInFlight', options.maxInFlight ?? 256);
  const ackTimeoutMs = positive('ackTimeoutMs', options.ackTimeoutMs ?? 5000);
  const connectTimeoutMs = positive('connectTimeoutMs', options.connectTimeoutMs ?? 5000);
  const duplicateWindowMs = positive('duplicateWindowMs', options.duplicateWindowMs ?? 120_000);
  const name = `nats://${options.servers.join(',')}/${options.stream}`;
  let connection: NatsConnection;
  try {
    connection = await connect({
      servers: [...options.servers],
      name: 'spritzer',
      timeout: connectTimeoutMs,
      // Keep trying for ever: an outage is the spill journal's business, not a reason to stop.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
  } catch (error) {
    throw new SpritzerError(
      'ERR_SINK_UNAVAILABLE',
      `cannot connect to ${name} (${describeIoError(error)}); is nats-server running with -js?`,
      { cause: error },
    );
  }
  try {
    // Each API request waits at most a second; ensureStream retries until the deadline, since a
    // new cluster answers nothing until it has elected its metadata leader.
    const manager = await jetstreamManager(connection, { timeout: 1000, checkAPI: false });
    await ensureStream(manager, {
      stream: options.stream,
      subjects: [`${prefix}.>`],
      replicas,
      duplicateWindowMs,
      deadline: Date.now() + connectTimeoutMs,
    });
  } catch (error) {
    await connection.close().catch(() => undefined);
    // An API error is the server refusing the stream's configuration; anything else (timeouts)
    // means JetStream is not answering.
    const refused = error instanceof JetStreamApiError;
    const hint = !refused
      ? 'is JetStream enabled (nats-server -js)?'
      : error.code === subjectsOverlap
        ? `another stream already takes ${prefix}.>: choose another ?subject-prefix= or use that stream`
        : `check ?replicas= (at most the number of servers) and the server's JetStream limits`;
    throw new SpritzerError(
      refused ? 'ERR_CONFIG_INVALID' : 'ERR_SINK_UNAVAILABLE',
      `cannot set up stream ${options.stream} on ${name} (${describeIoError(error)}); ${hint}`,
      { cause: error },
    );
  }
  return new NatsSink({
    name,
    connection,
    client: jetstream(connection, { timeout: ackTimeoutMs }),
    prefix,
    maxInFlight,
    ackTimeoutMs,
    deleted: new RecentIds(options.dedupWindow ?? 100_000),
    onRejected: options.onRejected,
  });
}

// JetStream API error codes (nats-server's server/errors.json).
const clusterNoPeers = 10005; // JSClusterNoPeersErrF: "no suitable peers for placement"
const subjectsOverlap = 10065; // JSStreamSubjectOverlapErr: "subjects overlap with an existing stream"

interface StreamSetup {
  readonly stream: string;
  readonly subjects: string[];
  readonly replicas: number;
  readonly duplicateWindowMs: number;
  readonly deadline: number;
}

/** Looks the stream up and adds it when missing; retries while a cluster elects its leaders. */
async function ensureStream(manager: JetStreamManager, setup: StreamSetup): Promise<void> {
  for (;;) {
    try {
      await manager.streams.info(setup.stream);
      return;
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) {
        await manager.streams.add({
          name: setup.stream,
          subjects: setup.subjects,
          num_replicas: setup.replicas,
          duplicate_window: nanos(setup.duplicateWindowMs),
        });
        return;
      }
      // While a new cluster elects its leaders and meets its peers, requests time out or get
      // 503 "JetStream system temporarily unavailable" or 10005 "no suitable peers for
      // placement"; any other API error (bad configuration) is final.
      const retryable =
        !(error instanceof JetStreamApiError) ||
        error.status === 503 ||
        error.code === clusterNoPeers;
      if (!retryable || Date.now() >= setup.deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Why NATS can never take a publication, or undefined: the message id travels as the
 * `Nats-Msg-Id` header, whose value cannot hold CR or LF; the payload is at most the server's
 * `max_payload` (the INFO it sent on connecting).
 * https://docs.nats.io/reference/reference-protocols/nats-protocol#info
 */
function publicationProblem(
  msgID: string,
  payload: Buffer,
  maxPayload: number | undefined,
): string | undefined {
  if (/[\r\n]/.test(msgID)) return 'its message id holds CR or LF, which a NATS header cannot';
  if (maxPayload !== undefined && payload.length > maxPayload) {
    return `it is ${payload.length} bytes, over the server's max_payload of ${maxPayload}`;
  }
  return undefined;
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw invalidArgValue(name, `must be a positive integer; received ${value}`);
  }
  return value;
}

interface NatsSinkParts {
  readonly name: string;
  readonly connection: NatsConnection;
  readonly client: JetStreamClient;
  readonly prefix: string;
  readonly maxInFlight: number;
  readonly ackTimeoutMs: number;
  readonly deleted: RecentIds;
  readonly onRejected: ((error: MessageRejection) => void) | undefined;
}

interface Publication {
  readonly subject: string;
  readonly msgID: string;
  readonly payload: Buffer;
  readonly kind: 'tweet' | 'compliance';
}

class NatsSink implements Sink {
  readonly name: string;
  readonly #parts: NatsSinkParts;
  readonly #counters = new SinkCounterSet();
  #closed = false;
  /**
   * Writes and close, one at a time in call order: a batch is published whole after the one
   * before it (never interleaved with it), and sees the deletes it acknowledged.
   */
  readonly #queue = new SerialQueue();

  // Publishes made while disconnected are lost with their acks (they would only time out), so
  // a write waits for the client to reconnect, for at most one ack timeout, before it fails.
  #connected = true;
  #reconnected: (() => void)[] = [];

  constructor(parts: NatsSinkParts) {
    this.name = parts.name;
    this.#parts = parts;
    void this.#watchConnection();
  }

  async #watchConnection(): Promise<void> {
    for await (const status of this.#parts.connection.status()) {
      if (status.type === 'disconnect') this.#connected = false;
      else if (status.type === 'reconnect') {
        this.#connected = true;
        const waiters = this.#reconnected;
        this.#reconnected = [];
        for (const wake of waiters) wake();
      }
    }
  }

  /** Resolves once connected, or after `ms`, whichever comes first. */
  #waitForConnection(ms: number): Promise<void> {
    if (this.#connected) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#reconnected.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async write(batch: readonly StreamMessage[]): Promise<void> {
    assertMessageBatch(batch);
    if (this.#closed) throw closedError(this.name);
    await this.#queue.run(() => this.#publishBatch(batch));
  }

  async #publishBatch(batch: readonly StreamMessage[]): Promise<void> {
    await this.#waitForConnection(this.#parts.ackTimeoutMs);
    if (!this.#connected) {
      throw new SpritzerError(
        'ERR_SINK_UNAVAILABLE',
        `cannot publish to ${this.name}: disconnected, reconnecting; are the servers up?`,
      );
    }
    const counts = new SinkCounterSet();
    const deletedNow = new Set<string>();
    const publications: Publication[] = [];
    const rejected: MessageRejection[] = [];
    const maxPayload = this.#parts.connection.info?.max_payload;
    const refused = (what: string, msgID: string, payload: Buffer): boolean => {
      const problem = publicationProblem(msgID, payload, maxPayload);
      if (problem === undefined) return false;
      counts.skip('invalid');
      rejected.push(messageRejection(this.name, what, problem));
      return true;
    };
    for (const message of batch) {
      if (message.kind === 'tweet') {
        const id = message.data.id_str;
        if (this.#parts.deleted.has(id) || deletedNow.has(id)) {
          counts.skip('deleted');
          continue;
        }
        if (refused(`tweet ${JSON.stringify(id)}`, id, message.raw)) continue;
        const subject = `${this.#parts.prefix}.tweet.${subjectToken(message.data.lang)}`;
        publications.push({ subject, msgID: id, payload: message.raw, kind: 'tweet' });
      } else if (isComplianceMessage(message)) {
        const record = toComplianceRecord(message);
        if (refused(`a ${record.kind} notice`, record.key, message.raw)) continue;
        if (record.kind === 'delete' && record.statusId !== null) deletedNow.add(record.statusId);
        const subject = `${this.#parts.prefix}.${record.kind}`;
        publications.push({ subject, msgID: record.key, payload: message.raw, kind: 'compliance' });
      } else counts.skip(message.kind);
    }
    const acks = await this.#publishAll(publications);
    acks.forEach((ack, index) => {
      const tweet = publications[index]?.kind === 'tweet';
      if (ack.duplicate) {
        if (tweet) counts.duplicates += 1;
        else counts.skip('duplicate-notice');
      } else if (tweet) counts.stored += 1;
      else counts.compliance += 1;
    });
    // Only a batch that was acknowledged changes what the sink remembers.
    for (const id of deletedNow) this.#parts.deleted.add(id);
    this.#counters.add(counts);
    for (const rejection of rejected) this.#parts.onRejected?.(rejection);
  }

  flush(): Promise<void> {
    // Every write resolves only once JetStream has acknowledged (stored) each message.
    return Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // After the writes already called.
    await this.#queue.run(() => this.#parts.connection.close());
  }

  counters(): SinkCounters {
    return this.#counters.snapshot();
  }

  /** Publishes in order with at most `maxInFlight` unacknowledged; rejects if any ack fails. */
  async #publishAll(publications: readonly Publication[]): Promise<PubAck[]> {
    const { client, maxInFlight, ackTimeoutMs } = this.#parts;
    const pending: Promise<PubAck>[] = [];
    let failure: unknown;
    for (const [index, publication] of publications.entries()) {
      if (index >= maxInFlight) {
        // Acks come back in order, so waiting for the oldest keeps the window at maxInFlight.
        await (pending[index - maxInFlight] as Promise<PubAck>).catch((error: unknown) => {
          failure ??= error;
        });
      }
      if (failure !== undefined) break;
      const ack = client.publish(publication.subject, publication.payload, {
        msgID: publication.msgID,
        timeout: ackTimeoutMs,
      });
      ack.catch(() => undefined); // observed below; keeps an early failure from going unhandled
      pending.push(ack);
    }
    const settled = await Promise.allSettled(pending);
    const rejected = settled.find((result) => result.status === 'rejected');
    failure ??= rejected?.reason;
    if (failure !== undefined) throw this.#failure(failure);
    return settled.map((result) => (result as PromiseFulfilledResult<PubAck>).value);
  }

  #failure(error: unknown): SpritzerError {
    // A JetStream API error other than 503 is the stream refusing the message (e.g. too large);
    // timeouts, no responders and a lost connection mean the servers are away.
    const refused = error instanceof JetStreamApiError && error.status !== 503;
    return new SpritzerError(
      refused ? 'ERR_SINK_WRITE_FAILED' : 'ERR_SINK_UNAVAILABLE',
      `cannot publish to ${this.name} (${describeIoError(error)})${refused ? '' : '; are the servers up and the stream available?'}`,
      { cause: error },
    );
  }
}

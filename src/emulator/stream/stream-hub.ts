/**
 * Every stream connection of one emulator: the firehose that feeds them, paced by the world's
 * own clock or as fast as each client reads; the sample and filter selections; the filter
 * share with its `limit` notices; one connection per token (a new one disconnects the old with
 * code 7); connection attempts, their rate limit and the stats.
 *
 * Paced mode: an event is due when its `timestampMs` is reached by the emulator's clock (the
 * world starts at the emulator's start and runs at `rate` events per second on average, with its
 * daily cycle and bursts). A firehose that falls more than `maxLagMs` behind the clock (a loaded
 * machine, a rate above what it can generate, a clock that jumped) skips ahead and counts the
 * events it skipped, so no stream is ever served stale Tweets. Max mode: each connection pulls events from its own cursor whenever
 * its socket can take more, starting where the firehose was.
 */
import type { ServerResponse } from 'node:http';
import type { World, WorldEvent } from '../../world/index.js';
import type { FaultPlan } from '../faults/fault-plan.js';
import type { StreamFault } from '../faults/fault-rule.js';
import type { StreamEndpoint, StreamParameters } from '../filter/stream-parameters.js';
import { ConnectionRateLimiter, type ConnectionRateLimit } from './connection-rate-limiter.js';
import { type BatchFeed, matchFeed, sampleFeed } from './batch-feed.js';
import type { GenerationPool } from './generation-pool.js';
import { eventVerdict, type MatchBatch } from './match-batch.js';
import { batchMessages, type SampleBatch } from './sample-batch.js';
import { StreamConnection, type StreamQueueOptions } from './stream-connection.js';
import { limitMessage, type OutboundMessage } from './stream-messages.js';
import type { ConnectionAttempt, EmulatorStats, StreamConnectionStats } from './stream-stats.js';

/** How the hub runs; `startEmulator` fills it from the emulator's options. */
export interface StreamHubOptions {
  /** The synthetic world the firehose comes from; event times are the emulator's clock. */
  readonly world: World;
  readonly now: () => number;
  /** Firehose events per second (paced by the world's clock), or `max`. */
  readonly rate: number | 'max';
  /** Share of the firehose's Tweets a filter stream may receive before `limit` notices. */
  readonly filterShare: number;
  /** At most one `limit` notice per this many ms per connection. */
  readonly limitNoticeIntervalMs: number;
  readonly keepAliveIntervalMs: number;
  readonly queue: StreamQueueOptions;
  readonly closeGraceMs: number;
  readonly maxRecordedTweetIds: number;
  /** How often the paced firehose, keep-alives and notices are checked, ms. */
  readonly tickIntervalMs: number;
  readonly connectionRateLimit: ConnectionRateLimit | undefined;
  readonly faults: FaultPlan;
  /** Seeds each connection's chunking randomness. */
  readonly random: (connectionId: number) => () => number;
  /**
   * Max mode: worker threads that generate each connection's messages as bytes (the whole sample
   * at once; filter streams once they have run on the event loop for a while); without it, every
   * connection generates on the event loop.
   */
  readonly generationPool?: GenerationPool | undefined;
  /** Slices each worker-fed connection requests ahead. */
  readonly feedDepth?: number;
}

/** What the stream route knows when it opens a connection. */
export interface OpenStreamRequest {
  readonly attempt: number;
  readonly token: string;
  readonly screenName: string;
  readonly parameters: StreamParameters;
  readonly response: ServerResponse;
  readonly gzip: boolean;
  readonly faults: readonly StreamFault[];
}

interface Subscriber {
  readonly connection: StreamConnection;
  readonly parameters: StreamParameters;
  readonly follow: ReadonlySet<string> | undefined;
  /** Filter share credit, in Tweets. */
  allowance: number;
  /** Matching Tweets withheld by the share, since the connection opened. */
  undelivered: number;
  reportedUndelivered: number;
  lastNoticeAt: number;
  /** Authors delivered on this connection: their compliance notices are delivered too. */
  readonly authors: Set<string>;
  /** Max mode, on the event loop: this connection's own cursor, and the next event's index. */
  iterator: Iterator<WorldEvent> | undefined;
  nextIndex: number;
  /** Max mode, on the event loop: the time spent generating for this connection, ms. */
  busyMs: number;
  /** Max mode, a sample taking every sampled message, with workers: its batches. */
  feed: BatchFeed<SampleBatch> | undefined;
  /** Max mode, any other stream, once the workers are ready: its batches. */
  matches: BatchFeed<MatchBatch> | undefined;
}

/** How long a paced tick may produce events, ms; a backlog is caught up over several ticks. */
const maxTickMs = 20;
/**
 * How far the paced firehose may fall behind the clock before it skips ahead, ms. Without a bound,
 * a firehose that fell behind (the whole firehose generated and matched for a filter on a loaded
 * machine) only fell further, burning CPU to catch up, and every stream opened meanwhile (a
 * reconnect with the same token, say) received Tweets 15–60 s old before any current one.
 */
export const maxLagMs = 2000;
/** How long one pull may scan the firehose for matches before yielding to the event loop, ms. */
const maxPullMs = 5;
/**
 * Max mode: how long a stream generates on the event loop before the generation workers start
 * (a short stream never pays their start), ms.
 */
const workerStartMs = 200;
const maxAuthorsRemembered = 10_000;
const maxClosedConnections = 100;
/** Tokens whose last Tweets are kept for the `duplicate` fault. */
const maxTokensRemembered = 100;
const maxAttemptsRemembered = 10_000;

/** The streams of one emulator. */
export class StreamHub {
  readonly #options: StreamHubOptions;
  readonly #rateLimiter: ConnectionRateLimiter | undefined;
  readonly #subscribers = new Map<StreamConnection, Subscriber>();
  readonly #byToken = new Map<string, StreamConnection>();
  readonly #closed: StreamConnectionStats[] = [];
  readonly #attempts: { -readonly [K in keyof ConnectionAttempt]: ConnectionAttempt[K] }[] = [];
  readonly #recentTweetsByToken = new Map<string, OutboundMessage[]>();
  readonly #idle: (() => void)[] = [];
  #attemptCount = 0;
  #ticker: NodeJS.Timeout | undefined;
  /** Paced mode: the next firehose event not yet produced, and the iterator positioned there. */
  #cursor = 0;
  #iterator: { kind: 'all' | 'sample'; events: Iterator<WorldEvent> } | undefined;
  #held: WorldEvent | undefined;
  /** Max mode: where a new connection starts (the furthest any connection has read). */
  #maxCursor = 0;
  #producedThroughMs: number | null = null;
  /** Paced mode: firehose events skipped because the firehose fell more than maxLagMs behind. */
  #eventsSkipped = 0;
  #tweetsPosted = 0;

  constructor(options: StreamHubOptions) {
    this.#options = options;
    this.#rateLimiter =
      options.connectionRateLimit && new ConnectionRateLimiter(options.connectionRateLimit);
  }

  /** Records a stream connection attempt; returns its number (1-based). */
  beginAttempt(endpoint: StreamEndpoint, method: string, token: string | null): number {
    this.#attemptCount += 1;
    this.#attempts.push({
      attempt: this.#attemptCount,
      at: this.#options.now(),
      endpoint,
      method,
      token,
      status: 0,
    });
    if (this.#attempts.length > maxAttemptsRemembered) this.#attempts.shift();
    return this.#attemptCount;
  }

  /** Records the status an attempt was answered with. */
  finishAttempt(attempt: number, status: number): void {
    const record = this.#attempts.find((entry) => entry.attempt === attempt);
    if (record) record.status = status;
  }

  /** Whether this attempt exceeds the connection rate limit (answer 420). */
  isRateLimited(key: string): boolean {
    return this.#rateLimiter?.attempt(key, this.#options.now()) ?? false;
  }

  /** The faults the plan gives this attempt. */
  selectFaults(attempt: number): StreamFault[] {
    return this.#options.faults.select(attempt);
  }

  /** Opens a stream; an open stream with the same token is disconnected with code 7. */
  open(request: OpenStreamRequest): StreamConnection {
    const previous = this.#byToken.get(request.token);
    const previousTweets = previous
      ? previous.recentTweets()
      : (this.#recentTweetsByToken.get(request.token) ?? []);
    // "Disconnect messages", code 7 Admin logout: "the same credentials were used to connect a
    // new stream and the oldest was disconnected".
    previous?.disconnect(7, 'disconnect:7');
    if (this.#subscribers.size === 0 && this.#options.rate !== 'max') this.#seek();
    const connection: StreamConnection = new StreamConnection({
      id: request.attempt,
      token: request.token,
      streamName: `${request.screenName}-statuses${request.attempt}`,
      parameters: request.parameters,
      response: request.response,
      gzip: request.gzip,
      faults: request.faults,
      now: this.#options.now,
      keepAliveIntervalMs: this.#options.keepAliveIntervalMs,
      queue: this.#options.queue,
      random: this.#options.random(request.attempt),
      maxRecordedTweetIds: this.#options.maxRecordedTweetIds,
      closeGraceMs: this.#options.closeGraceMs,
      ...(this.#options.rate === 'max' && {
        pull: (maxBytes: number): OutboundMessage[] | 'wait' => this.#pull(connection, maxBytes),
        ...(this.#options.generationPool && {
          recycle: (buffer: ArrayBufferLike): void => {
            this.#options.generationPool?.recycle(buffer);
          },
        }),
      }),
      onClosed: (closed) => {
        this.#onClosed(closed);
      },
    });
    const follow = request.parameters.description.follow;
    this.#subscribers.set(connection, {
      connection,
      parameters: request.parameters,
      follow: follow && new Set(follow),
      allowance: 1,
      undelivered: 0,
      reportedUndelivered: 0,
      lastNoticeAt: this.#options.now(),
      authors: new Set(),
      iterator: undefined,
      nextIndex: this.#maxCursor,
      busyMs: 0,
      feed: this.#sampleFeed(connection, request.parameters),
      matches: undefined,
    });
    this.#byToken.set(request.token, connection);
    const duplicate = request.faults.find((fault) => fault.kind === 'duplicate');
    const duplicateCount = duplicate ? (duplicate.count ?? 10) : undefined;
    connection.start(
      duplicateCount === undefined ? [] : previousTweets.slice(-duplicateCount),
      duplicateCount,
    );
    this.#startTicker();
    return connection;
  }

  /** A Tweet posted through `statuses/update` enters the firehose now. */
  publish(event: WorldEvent): void {
    this.#tweetsPosted += 1;
    for (const subscriber of this.#subscribers.values()) {
      const message = this.#offer(subscriber, event);
      if (message) subscriber.connection.enqueue(message);
    }
  }

  /** An open connection by id. */
  connection(id: number): StreamConnection | undefined {
    for (const connection of this.#subscribers.keys()) if (connection.id === id) return connection;
    return undefined;
  }

  /** Every open connection. */
  openConnections(): StreamConnection[] {
    return [...this.#subscribers.keys()];
  }

  /** A snapshot of attempts and connections. */
  stats(): EmulatorStats {
    const open = [...this.#subscribers.keys()].map((connection) => connection.stats());
    return {
      now: this.#options.now(),
      attempts: this.#attempts.map((attempt) => ({ ...attempt })),
      connections: [...this.#closed, ...open].sort((a, b) => a.id - b.id),
      firehose: {
        rate: this.#options.rate,
        eventsProduced: this.#options.rate === 'max' ? this.#maxCursor : this.#cursor,
        // With no stream open nothing is due to anyone: the paced firehose is caught up with the
        // clock (as #produce says on each tick while it runs; the ticker stops with the last).
        producedThroughMs:
          this.#options.rate !== 'max' && this.#subscribers.size === 0
            ? this.#options.now()
            : this.#producedThroughMs,
        eventsSkipped: this.#eventsSkipped,
        generationWorkersReady: this.#options.generationPool?.readyCount ?? 0,
        generationBuffersReused: this.#options.generationPool?.reusedBuffers ?? 0,
        tweetsPosted: this.#tweetsPosted,
      },
    };
  }

  /**
   * Stops the firehose and closes every stream with disconnect code 1 (Shutdown); resolves when
   * every connection has closed (the grace period bounds the wait).
   */
  async close(): Promise<void> {
    for (const connection of this.#subscribers.keys()) connection.disconnect(1, 'disconnect:1');
    if (this.#subscribers.size > 0) {
      await new Promise<void>((resolve) => this.#idle.push(resolve));
    }
    this.#stopTicker();
    await this.#options.generationPool?.close();
  }

  /** Max mode: a worker-fed sample for a sample connection that takes every sampled message. */
  #sampleFeed(
    connection: StreamConnection,
    parameters: StreamParameters,
  ): BatchFeed<SampleBatch> | undefined {
    const pool = this.#options.generationPool;
    if (this.#options.rate !== 'max' || !pool) return undefined;
    if (parameters.endpoint !== 'sample' || !parameters.selectsAll) return undefined;
    return sampleFeed(this.#feedOptions(pool, connection, this.#maxCursor));
  }

  /**
   * Max mode, any stream but the whole sample: once it has generated on the event loop for
   * `workerStartMs`, the workers start (unless another stream started them); once they are
   * ready, they make its batches from where the event loop got to.
   */
  #matchFeed(subscriber: Subscriber): BatchFeed<MatchBatch> | undefined {
    const pool = this.#options.generationPool;
    if (!pool) return undefined;
    if (!pool.isReady) {
      if (subscriber.busyMs >= workerStartMs) pool.start();
      return undefined;
    }
    const { parameters } = subscriber;
    subscriber.iterator = undefined;
    return matchFeed(
      this.#feedOptions(pool, subscriber.connection, subscriber.nextIndex),
      { endpoint: parameters.endpoint, description: parameters.description },
      parameters,
    );
  }

  #feedOptions(pool: GenerationPool, connection: StreamConnection, start: number) {
    return {
      pool,
      world: this.#options.world,
      start,
      depth: this.#options.feedDepth ?? 4,
      onReady: () => {
        connection.resume();
      },
    };
  }

  #onClosed(connection: StreamConnection): void {
    const subscriber = this.#subscribers.get(connection);
    subscriber?.feed?.close();
    subscriber?.matches?.close();
    this.#subscribers.delete(connection);
    if (this.#byToken.get(connection.token) === connection) this.#byToken.delete(connection.token);
    this.#recentTweetsByToken.delete(connection.token);
    this.#recentTweetsByToken.set(connection.token, connection.recentTweets());
    if (this.#recentTweetsByToken.size > maxTokensRemembered) {
      const oldest = this.#recentTweetsByToken.keys().next().value;
      if (oldest !== undefined) this.#recentTweetsByToken.delete(oldest);
    }
    this.#closed.push(connection.stats());
    if (this.#closed.length > maxClosedConnections) this.#closed.shift();
    if (this.#subscribers.size === 0) {
      this.#stopTicker();
      for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  #startTicker(): void {
    if (this.#ticker) return;
    this.#ticker = setInterval(() => {
      this.#tick();
    }, this.#options.tickIntervalMs);
    this.#ticker.unref();
  }

  #stopTicker(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  #tick(): void {
    const now = this.#options.now();
    if (this.#options.rate !== 'max') this.#produce(now);
    for (const subscriber of this.#subscribers.values()) {
      const notice = this.#limitNotice(subscriber, now);
      if (notice) subscriber.connection.enqueue(notice);
      subscriber.connection.tick();
    }
  }

  /** Paced mode: dispatch every event whose time has come. */
  #produce(now: number): void {
    const subscribers = [...this.#subscribers.values()];
    if (subscribers.length === 0) {
      this.#producedThroughMs = now;
      return;
    }
    const { world } = this.#options;
    this.#skipStale(now);
    // Below 1,000 events/s a sample window is often empty and the sample iterator would scan
    // far ahead for its next event; the whole firehose is cheap at such rates.
    const sparse = this.#options.rate !== 'max' && this.#options.rate < 1000;
    const kind =
      sparse || subscribers.some((s) => s.parameters.endpoint === 'filter') ? 'all' : 'sample';
    if (this.#iterator?.kind !== kind) {
      const start = this.#held?.index ?? this.#cursor;
      this.#held = undefined;
      this.#iterator = {
        kind,
        events: kind === 'all' ? world.events(start) : world.sampleEvents(start),
      };
    }
    // Nothing due: do not ask an iterator, which would generate the next event ahead of time.
    if (this.#held === undefined && world.timeOf(this.#cursor) > now) {
      this.#producedThroughMs = now;
      return;
    }
    const deadline = performance.now() + maxTickMs;
    for (let produced = 1; ; produced += 1) {
      if (produced % 64 === 0 && performance.now() > deadline) return;
      const event = this.#held ?? nextEvent(this.#iterator.events);
      if (event === undefined) break;
      if (event.timestampMs > now) {
        this.#held = event;
        this.#producedThroughMs = now;
        return;
      }
      this.#held = undefined;
      this.#cursor = event.index + 1;
      for (const subscriber of subscribers) {
        const message = this.#offer(subscriber, event);
        if (message) subscriber.connection.enqueue(message);
      }
    }
  }

  /** Paced mode: when the next event is more than `maxLagMs` old, resume at `now - maxLagMs`. */
  #skipStale(now: number): void {
    const { world } = this.#options;
    const next = this.#held?.index ?? this.#cursor;
    const oldest = now - maxLagMs;
    if ((this.#held?.timestampMs ?? world.timeOf(next)) >= oldest) return;
    const resume = world.indexAt(oldest);
    if (resume <= next) return;
    this.#eventsSkipped += resume - next;
    this.#cursor = resume;
    this.#held = undefined;
    this.#iterator = undefined;
  }

  /** Paced mode with nobody connected: move the cursor to the first event not yet due. */
  #seek(): void {
    this.#iterator = undefined;
    this.#held = undefined;
    this.#cursor = Math.max(this.#cursor, this.#options.world.indexAt(this.#options.now() + 1));
  }

  /** Max mode: the next messages for one connection, from its own cursor. */
  #pull(connection: StreamConnection, maxBytes: number): OutboundMessage[] | 'wait' {
    const subscriber = this.#subscribers.get(connection);
    if (!subscriber) return [];
    if (subscriber.feed) {
      const batch = subscriber.feed.take();
      if (batch === undefined) return 'wait';
      if (batch.to > this.#maxCursor) this.#maxCursor = batch.to;
      return batchMessages(batch);
    }
    subscriber.matches ??= this.#matchFeed(subscriber);
    const messages = subscriber.matches
      ? this.#takeMatches(subscriber, subscriber.matches)
      : this.#generate(subscriber, maxBytes);
    if (messages === 'wait') return 'wait';
    const notice = this.#limitNotice(subscriber, this.#options.now());
    if (notice) messages.push(notice);
    return messages;
  }

  /** Max mode, on the event loop: events from the connection's cursor, for at most `maxPullMs`. */
  #generate(subscriber: Subscriber, maxBytes: number): OutboundMessage[] {
    const { world } = this.#options;
    subscriber.iterator ??=
      subscriber.parameters.endpoint === 'sample'
        ? world.sampleEvents(subscriber.nextIndex)
        : world.events(subscriber.nextIndex);
    const messages: OutboundMessage[] = [];
    let bytes = 0;
    const started = performance.now();
    const deadline = started + maxPullMs;
    for (let scanned = 1; bytes < maxBytes; scanned += 1) {
      if (scanned % 16 === 0 && performance.now() > deadline) break;
      const event = nextEvent(subscriber.iterator);
      if (event === undefined) break;
      subscriber.nextIndex = event.index + 1;
      if (event.index >= this.#maxCursor) this.#maxCursor = event.index + 1;
      const message = this.#offer(subscriber, event);
      if (message) {
        messages.push(message);
        bytes += message.json.length + 2;
      }
    }
    subscriber.busyMs += performance.now() - started;
    return messages;
  }

  /** Max mode, with workers: the next batch, through the connection's own state in order. */
  #takeMatches(subscriber: Subscriber, feed: BatchFeed<MatchBatch>): OutboundMessage[] | 'wait' {
    const batch = feed.take();
    if (batch === undefined) return 'wait';
    if (batch.to > this.#maxCursor) this.#maxCursor = batch.to;
    const messages = batchMessages(batch);
    // A sample's messages are all delivered (`message`); a filter's pass its connection's state.
    if (subscriber.parameters.endpoint === 'sample') return messages;
    const userIds = batch.userIds.split(',');
    const delivered: OutboundMessage[] = [];
    for (let index = 0; index < messages.length; index += 1) {
      const message = messages[index] as OutboundMessage;
      const userId = userIds[index] || undefined;
      this.#accrue(subscriber, batch.tweetsThrough[index] as number);
      if (this.#admit(subscriber, message.kind === 'tweet' ? 'tweet' : 'notice', userId)) {
        delivered.push(message);
      }
    }
    this.#accrue(subscriber, batch.tweetsAfter);
    return delivered;
  }

  /** What a firehose event means for one connection: a message to send, or nothing. */
  #offer(subscriber: Subscriber, event: WorldEvent): OutboundMessage | undefined {
    const { parameters } = subscriber;
    if (parameters.endpoint === 'filter' && event.kind === 'tweet') this.#accrue(subscriber, 1);
    const verdict = eventVerdict(this.#options.world, parameters, event);
    if (verdict === 'skip') return undefined;
    if (verdict === 'message') return toMessage(event);
    return this.#admit(subscriber, verdict, event.userId) ? toMessage(event) : undefined;
  }

  /**
   * Filter streams: whether a matching Tweet is within the filter share (then its author is
   * remembered), or whether a compliance notice concerns a user the stream follows or was sent.
   */
  #admit(subscriber: Subscriber, verdict: 'tweet' | 'notice', userId: string | undefined): boolean {
    if (verdict === 'notice') {
      // Compliance notices reach a filter stream when they concern a user it follows or whose
      // Tweets it was sent (a delete may come before its Tweet; clients must honour it anyway).
      if (userId === undefined) return false;
      return subscriber.follow?.has(userId) === true || subscriber.authors.has(userId);
    }
    if (this.#options.filterShare < 1) {
      if (subscriber.allowance < 1) {
        subscriber.undelivered += 1;
        subscriber.connection.countLimitDrops(1);
        return false;
      }
      subscriber.allowance -= 1;
    }
    if (userId !== undefined) rememberAuthor(subscriber.authors, userId);
    return true;
  }

  /** Filter streams: each firehose Tweet, matching or not, adds the share to the allowance. */
  #accrue(subscriber: Subscriber, tweets: number): void {
    const share = this.#options.filterShare;
    if (share >= 1) return;
    // One Tweet at a time, exactly as the event loop adds them, so the allowance (a float) is
    // the same whichever thread scanned the Tweets.
    const cap = Math.max(1, share * 10_000);
    for (let count = 0; count < tweets; count += 1) {
      subscriber.allowance = Math.min(cap, subscriber.allowance + share);
    }
  }

  /** "limit notices": the cumulative count of matches withheld, at most once per interval. */
  #limitNotice(subscriber: Subscriber, now: number): OutboundMessage | undefined {
    if (subscriber.undelivered === subscriber.reportedUndelivered) return undefined;
    if (now - subscriber.lastNoticeAt < this.#options.limitNoticeIntervalMs) return undefined;
    subscriber.reportedUndelivered = subscriber.undelivered;
    subscriber.lastNoticeAt = now;
    return limitMessage(subscriber.undelivered, now);
  }
}

function nextEvent(events: Iterator<WorldEvent>): WorldEvent | undefined {
  const step = events.next();
  return step.done === true ? undefined : step.value;
}

function toMessage(event: WorldEvent): OutboundMessage {
  return event.kind === 'tweet' && event.statusId !== undefined
    ? { kind: 'tweet', json: event.json, id: event.statusId }
    : { kind: event.kind, json: event.json };
}

function rememberAuthor(authors: Set<string>, userId: string): void {
  if (authors.has(userId)) return;
  if (authors.size >= maxAuthorsRemembered) {
    const oldest = authors.values().next().value;
    if (oldest !== undefined) authors.delete(oldest);
  }
  authors.add(userId);
}

/**
 * One open stream: the wire format, a bounded queue measured against the client's real read
 * rate, keep-alives, stall warnings and the stall disconnect, and the mid-stream faults.
 *
 * Wire format ("Connecting to a streaming endpoint", "Processing streaming data"): HTTP/1.1
 * chunked, each message ending in `\r\n`, `delimited=length` prefixes, a keep-alive `\r\n` when
 * nothing was written for the keep-alive interval, gzip when the client accepts it (flushed with
 * Z_SYNC_FLUSH after every write so no message is held back). Each write is cut into 1–3 chunks at
 * random byte offsets, so messages do not fall neatly on chunk boundaries.
 *
 * The queue holds what was selected for the client but not yet handed to the socket. Writes stop
 * whenever the socket (through Node's buffer) is full, so the queue grows exactly as fast as the
 * client falls behind; at `warnPercent` of `maxBytes` a FALLING_BEHIND warning is sent (when asked
 * for, at most once per warning interval) and when it would overflow, the connection is closed
 * with disconnect code 4 and the queue discarded. Memory per connection is bounded by `maxBytes`.
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { constants as zlibConstants, createGzip, type Gzip } from 'node:zlib';
import type { StreamFault } from '../faults/fault-rule.js';
import { httpDate } from '../http/exchange.js';
import type { StreamParameters } from '../filter/stream-parameters.js';
import {
  disconnectMessage,
  fallingBehindMessage,
  frameMessage,
  type OutboundMessage,
} from './stream-messages.js';
import type { AppliedFault, OutboundKind, StreamConnectionStats } from './stream-stats.js';

/** Limits of a connection's queue. */
export interface StreamQueueOptions {
  /** Bytes the queue may hold before the connection is closed with disconnect code 4. */
  readonly maxBytes: number;
  /** Send FALLING_BEHIND when the queue is this full, in percent (with `stall_warnings=true`). */
  readonly warnPercent: number;
  /** At most one FALLING_BEHIND per this many ms ("about once every 5 minutes"). */
  readonly warningIntervalMs: number;
}

/** Everything a connection needs; the stream route builds it. */
export interface StreamConnectionOptions {
  /** The connection id: the number of the attempt that opened it. */
  readonly id: number;
  readonly token: string;
  /** `stream_name` of its disconnect messages. */
  readonly streamName: string;
  readonly parameters: StreamParameters;
  readonly response: ServerResponse;
  readonly gzip: boolean;
  /** Mid-stream faults to apply (refusals and duplicates are handled before). */
  readonly faults: readonly StreamFault[];
  readonly now: () => number;
  readonly keepAliveIntervalMs: number;
  readonly queue: StreamQueueOptions;
  /** Uniform [0, 1) draws for chunk boundaries; seeded per connection. */
  readonly random: () => number;
  /** How many Tweet ids the stats list before counting the rest as omitted. */
  readonly maxRecordedTweetIds: number;
  /** After ending the response, destroy the socket if the client has not read it all by then. */
  readonly closeGraceMs: number;
  /**
   * Pull mode (`rate: 'max'`): called whenever the socket can take more; returns the next
   * messages (about `maxBytes` of them), none for now (ask again soon), or `wait`: none until
   * the caller calls {@link StreamConnection.resume}.
   */
  readonly pull?: (maxBytes: number) => readonly OutboundMessage[] | 'wait';
  /**
   * Pull mode: takes back the buffer under pulled messages once it may be reused: every message
   * over it written out (the socket, or gzip, took the bytes) and none of them still among the
   * Tweets kept for the `duplicate` fault. Never called once the connection stops being open.
   */
  readonly recycle?: (buffer: ArrayBufferLike) => void;
  /** Called once, when the connection has closed. */
  readonly onClosed: (connection: StreamConnection) => void;
}

type State = 'open' | 'stalled' | 'dripping' | 'closing' | 'closed';

interface QueuedMessage {
  readonly message: OutboundMessage;
  /** `delimited=length`: the length prefix (`LENGTH\r\n`), else ''. */
  readonly prefix: string;
  /** The framed message's size on the wire (the JSON is ASCII: one byte a character). */
  readonly bytes: number;
}

/** Complete Tweets remembered for the `duplicate` fault of the next connection. */
const recentTweetsKept = 1000;
/** Bytes written in one go: large enough for throughput, small enough to interleave sockets. */
const batchBytes = 64 * 1024;
/**
 * The same through gzip: each write costs zlib round trips through its thread pool (the write and
 * two sync flushes), so larger writes carry ~30 % more messages per second at rate `max`.
 */
const gzipBatchBytes = 256 * 1024;
/**
 * Bytes Node may buffer for the socket before the writer waits for `drain`: enough to keep the
 * kernel's buffer fed between drains (Node's own high-water mark is 16 KiB).
 */
const socketBufferBytes = 256 * 1024;
/** Bytes one pump may write before yielding to the event loop. */
const pumpBudgetBytes = 1024 * 1024;

const cutFaults = new Set<StreamFault['kind']>(['close', 'end', 'reset', 'stall', 'drip']);

/** Pull mode: a buffer under pulled messages that went out, kept until it may be recycled. */
interface WrittenSource {
  readonly buffer: ArrayBufferLike;
  /** Tweets over it (each may be among the recent Tweets kept for the `duplicate` fault). */
  tweets: number;
  /** The number of the last write that carried bytes from it. */
  lastWrite: number;
}

/** One open stream connection. */
export class StreamConnection {
  readonly id: number;
  readonly token: string;
  readonly #options: StreamConnectionOptions;
  readonly #response: ServerResponse;
  readonly #socket: Socket;
  readonly #gzip: Gzip | undefined;
  /** Bytes written in one go. */
  readonly #batchBytes: number;
  #state: State = 'open';
  #queue: QueuedMessage[] = [];
  #queueHead = 0;
  #queueBytes = 0;
  #waitingForDrain = false;
  /** Pull mode: the last pull answered `wait`. */
  #waitingForPull = false;
  #pumpScheduled = false;
  #pendingFaults: StreamFault[];
  #dripIntervalMs: number;
  #lastWriteAt: number;
  #lastWarningAt: number | undefined;
  #graceTimer: NodeJS.Timeout | undefined;
  // Counters reported in the stats.
  readonly #openedAt: number;
  #closedAt: number | null = null;
  #closeReason: string | null = null;
  #messages = 0;
  readonly #messagesByKind: Partial<Record<OutboundKind, number>> = {};
  readonly #tweetIds: string[] = [];
  #tweetIdsOmitted = 0;
  #bytes = 0;
  #wireBytes = 0;
  #keepAlives = 0;
  #peakQueueBytes = 0;
  #limitDrops = 0;
  #queueDrops = 0;
  readonly #appliedFaults: AppliedFault[] = [];
  #recentTweets: OutboundMessage[] = [];
  // Pull mode: the buffers of pulled messages, in the order they went out (see #recycleSources).
  readonly #pulledBuffers = new WeakSet<ArrayBufferLike>();
  #sources: WrittenSource[] = [];
  #sourceTweets = 0;
  #writes = 0;
  #flushedWrites = 0;

  constructor(options: StreamConnectionOptions) {
    this.#options = options;
    this.id = options.id;
    this.token = options.token;
    this.#response = options.response;
    this.#socket = options.response.socket as Socket;
    this.#pendingFaults = [...options.faults];
    this.#dripIntervalMs = options.keepAliveIntervalMs;
    this.#openedAt = options.now();
    this.#lastWriteAt = this.#openedAt;
    // Level 1 (Z_BEST_SPEED): about twice the throughput of the default level 6 for about a
    // third more bytes on the wire (docs/emulator.md, "Speed").
    this.#gzip = options.gzip ? createGzip({ level: zlibConstants.Z_BEST_SPEED }) : undefined;
    this.#batchBytes = options.gzip ? gzipBatchBytes : batchBytes;
  }

  /**
   * Sends the response head and starts writing, beginning with `replay` (the `duplicate` fault's
   * Tweets from the previous connection). `duplicateCount`: the fault asked for that many, so it
   * is listed in the stats (skipped when there was nothing to replay).
   */
  start(replay: readonly OutboundMessage[] = [], duplicateCount?: number): void {
    if (duplicateCount !== undefined) {
      this.#appliedFaults.push({
        kind: 'duplicate',
        at: this.#options.now(),
        afterMessages: 0,
        afterBytes: 0,
        detail: `replayed ${replay.length} of the ${duplicateCount} Tweets asked for`,
        ...(replay.length === 0 && { skipped: true }),
      });
    }
    for (const message of replay) this.#push(this.#entry(message));
    const response = this.#response;
    // Observed stream response headers (geduldig/TwitterAPI#26): chunked, application/json,
    // connection: close, x-connection-hash.
    response.writeHead(200, {
      date: httpDate(this.#openedAt),
      'content-type': 'application/json',
      connection: 'close',
      'x-connection-hash': connectionHash(this.#options.random),
      ...(this.#gzip && { 'content-encoding': 'gzip' }),
    });
    response.flushHeaders();
    response.on('close', () => {
      this.#onClosed();
    });
    if (this.#gzip) {
      this.#gzip.on('data', (chunk: Buffer) => {
        this.#wireBytes += chunk.length;
      });
      this.#gzip.on('error', () => {
        this.#socket.destroy();
      });
      this.#gzip.pipe(response);
    }
    this.#pump();
  }

  /** Whether the connection still takes messages. */
  get isOpen(): boolean {
    return this.#state === 'open';
  }

  /** Whether the connection has fully closed. */
  get isClosed(): boolean {
    return this.#state === 'closed';
  }

  /** The stream parameters the connection was opened with. */
  get parameters(): StreamParameters {
    return this.#options.parameters;
  }

  /**
   * Queues a message (paced mode). Sends FALLING_BEHIND as the queue fills and closes the
   * connection with disconnect code 4 when it would overflow.
   */
  enqueue(message: OutboundMessage): void {
    if (this.#state !== 'open') {
      if (this.#state === 'stalled' || this.#state === 'dripping') this.#queueDrops += 1;
      return;
    }
    const entry = this.#entry(message);
    const bytes = entry.bytes;
    const { maxBytes, warnPercent, warningIntervalMs } = this.#options.queue;
    // A burst larger than a batch goes to the socket at once: the queue measures what the
    // client cannot take, not what arrived within one tick.
    if (!this.#waitingForDrain && this.#queueBytes + bytes > this.#batchBytes) this.#pump();
    // The pump may have applied a fault that closed the connection.
    if ((this.#state as State) !== 'open') return;
    const depth = this.#bufferedBytes() + bytes;
    if (depth > maxBytes) {
      // "Disconnect messages", code 4 Stall: "the client is reading too slowly".
      this.#terminate('disconnect:4', 4);
      return;
    }
    this.#push(entry);
    const percent = Math.floor((depth / maxBytes) * 100);
    const now = this.#options.now();
    if (
      this.#options.parameters.stallWarnings &&
      percent >= warnPercent &&
      (this.#lastWarningAt === undefined || now - this.#lastWarningAt >= warningIntervalMs)
    ) {
      this.#lastWarningAt = now;
      const warning = this.#entry(fallingBehindMessage(percent));
      // The warning goes ahead of the backlog it warns about.
      this.#queue.splice(this.#queueHead, 0, warning);
      this.#queueBytes += warning.bytes;
    }
    this.#schedulePump();
  }

  /** Pull mode: messages are ready after a pull answered `wait`. */
  resume(): void {
    if (!this.#waitingForPull) return;
    this.#waitingForPull = false;
    this.#schedulePump();
  }

  /** Counts Tweets the filter share withheld (reported in `limit` notices and the stats). */
  countLimitDrops(count: number): void {
    this.#limitDrops += count;
  }

  /** Keep-alives and drips; called by the emulator's ticker. */
  tick(): void {
    if (this.#state !== 'open' && this.#state !== 'dripping') return;
    if (this.#waitingForDrain || this.#queue.length > this.#queueHead) return;
    const interval =
      this.#state === 'dripping' ? this.#dripIntervalMs : this.#options.keepAliveIntervalMs;
    if (this.#options.now() - this.#lastWriteAt < interval) return;
    // "Connecting to a streaming endpoint", heading "Stalls": a keep-alive newline.
    this.#keepAlives += 1;
    this.#write(Buffer.from('\r\n'));
    if (this.#state === 'open') this.#pump();
  }

  /**
   * Closes the connection, first sending `{"disconnect":{"code":…}}` when a code is given
   * (1 on shutdown, 7 when the same token connects again). Queued messages are discarded.
   */
  disconnect(code: number | undefined, reason: string): void {
    this.#terminate(reason, code);
  }

  /** Applies a fault now (admin endpoint); a trigger on it is ignored. */
  applyFault(fault: StreamFault): StreamFault | undefined {
    if (this.#state === 'closing' || this.#state === 'closed') return undefined;
    if (fault.kind === 'refuse' || fault.kind === 'duplicate') return undefined;
    // A trigger counts from now (`afterMessages: 5`: after 5 more messages); none: at once.
    const scheduled: Record<string, unknown> = { ...fault };
    if (fault.afterBytes !== undefined) scheduled.afterBytes = this.#bytes + fault.afterBytes;
    if (fault.afterMessages !== undefined || fault.afterBytes === undefined) {
      scheduled.afterMessages = this.#messages + (fault.afterMessages ?? 0);
    }
    this.#pendingFaults.push(scheduled as StreamFault);
    this.#pump();
    return scheduled as StreamFault;
  }

  /** The last complete Tweets written (up to 1,000), oldest first. */
  recentTweets(): OutboundMessage[] {
    return this.#recentTweets.slice(-recentTweetsKept);
  }

  /** A snapshot of the connection's counters. */
  stats(): StreamConnectionStats {
    const queued = this.#queue.length - this.#queueHead;
    const buffered = this.#bufferedBytes();
    return {
      id: this.id,
      endpoint: this.#options.parameters.endpoint,
      token: this.token,
      openedAt: this.#openedAt,
      closedAt: this.#closedAt,
      closeReason: this.#closeReason,
      gzip: this.#gzip !== undefined,
      delimited: this.#options.parameters.delimited,
      messages: this.#messages,
      messagesByKind: { ...this.#messagesByKind },
      tweetIds: [...this.#tweetIds],
      tweetIdsOmitted: this.#tweetIdsOmitted,
      bytes: this.#bytes,
      wireBytes: this.#gzip ? this.#wireBytes : this.#bytes,
      keepAlives: this.#keepAlives,
      queueDepth: { messages: queued, bytes: buffered },
      peakQueueBytes: Math.max(this.#peakQueueBytes, buffered),
      drops: { limit: this.#limitDrops, queue: this.#queueDrops },
      faults: [...this.#appliedFaults],
    };
  }

  #push(entry: QueuedMessage): void {
    this.#queue.push(entry);
    this.#queueBytes += entry.bytes;
    this.#peakQueueBytes = Math.max(this.#peakQueueBytes, this.#bufferedBytes());
  }

  #shift(): QueuedMessage | undefined {
    const entry = this.#queue[this.#queueHead];
    if (entry === undefined) return undefined;
    this.#queueHead += 1;
    this.#queueBytes -= entry.bytes;
    if (this.#queueHead === this.#queue.length) {
      this.#queue = [];
      this.#queueHead = 0;
    } else if (this.#queueHead > 1024 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#queueHead);
      this.#queueHead = 0;
    }
    return entry;
  }

  /** The emulator's queue plus what Node holds for the socket. */
  #bufferedBytes(): number {
    const gzipBuffered = this.#gzip ? this.#gzip.writableLength : 0;
    return this.#queueBytes + gzipBuffered + this.#response.writableLength;
  }

  #schedulePump(): void {
    if (this.#pumpScheduled || this.#waitingForDrain) return;
    this.#pumpScheduled = true;
    setImmediate(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  /** Writes queued (or pulled) messages while the socket takes them. */
  #pump(): void {
    let budget = pumpBudgetBytes;
    this.#waitingForPull = false;
    while (this.#state === 'open' && !this.#waitingForDrain && budget > 0) {
      if (this.#queue.length === this.#queueHead && this.#options.pull) {
        const pulled = this.#options.pull(this.#batchBytes);
        if (pulled === 'wait') this.#waitingForPull = true;
        else {
          let lastBuffer: ArrayBufferLike | undefined;
          for (const message of pulled) {
            this.#push(this.#entry(message));
            const buffer = message.framed?.buffer;
            if (buffer !== lastBuffer && buffer !== undefined && this.#options.recycle) {
              this.#pulledBuffers.add(buffer);
              lastBuffer = buffer;
            }
          }
        }
      }
      const written = this.#writeBatch();
      if (written === 0) break;
      budget -= written;
    }
    if (this.#state !== 'open' || this.#waitingForDrain) return;
    const idle = this.#queue.length === this.#queueHead;
    if (budget <= 0 || (this.#options.pull && idle && !this.#waitingForPull)) {
      this.#schedulePump();
    }
  }

  /** Writes up to one batch of queued messages, applying due faults; returns bytes written. */
  #writeBatch(): number {
    const batch: QueuedMessage[] = [];
    let batchLength = 0;
    let written = 0;
    const flush = (): void => {
      if (batch.length === 0) return;
      const write = this.#write(serializeBatch(batch, batchLength));
      if (this.#options.recycle) for (const { message } of batch) this.#noteSource(message, write);
      written += batchLength;
      batch.length = 0;
      batchLength = 0;
    };
    for (;;) {
      const next = this.#queue[this.#queueHead];
      const fault = this.#dueFault(next?.bytes ?? 0);
      if (fault !== undefined) {
        flush();
        this.#applyFault(fault.fault, fault.cutAt);
        if (this.#state !== 'open') return written || 1;
        continue;
      }
      if (next === undefined || batchLength >= this.#batchBytes) break;
      this.#shift();
      batch.push(next);
      batchLength += next.bytes;
      this.#countMessage(next.message, next.bytes);
    }
    flush();
    return written;
  }

  /** Pull mode: remembers that write number `write` carried bytes of a pulled buffer. */
  #noteSource(message: OutboundMessage, write: number): void {
    const buffer = message.framed?.buffer;
    // Only buffers this connection pulled: replayed Tweets lie in another connection's.
    if (buffer === undefined || !this.#pulledBuffers.has(buffer)) return;
    let source = this.#sources[this.#sources.length - 1];
    if (source?.buffer !== buffer) {
      source = { buffer, tweets: 0, lastWrite: write };
      this.#sources.push(source);
    }
    source.lastWrite = write;
    if (message.kind === 'tweet') {
      source.tweets += 1;
      this.#sourceTweets += 1;
    }
  }

  /** A write went out (to the socket, or into gzip): recycle the buffers nothing uses any more. */
  #flushed(write: number): void {
    this.#flushedWrites = Math.max(this.#flushedWrites, write);
    this.#recycleSources();
  }

  /**
   * Hands back the oldest written buffers while they are complete (a newer one has begun), their
   * last write went out, and the Tweets over newer buffers alone fill the recent-Tweets list
   * (which never holds more than the last `2 × recentTweetsKept`), so no message over them is
   * referenced any more. Never once the connection stops being open: its recent Tweets then go
   * to the next connection with the same token.
   */
  #recycleSources(): void {
    const recycle = this.#options.recycle;
    if (recycle === undefined || this.#state !== 'open') return;
    while (this.#sources.length > 1) {
      const oldest = this.#sources[0] as WrittenSource;
      if (oldest.lastWrite > this.#flushedWrites) return;
      if (this.#sourceTweets - oldest.tweets < recentTweetsKept * 2) return;
      this.#sources.shift();
      this.#sourceTweets -= oldest.tweets;
      recycle(oldest.buffer);
    }
  }

  /** A queue entry: the message and its size framed. */
  #entry(message: OutboundMessage): QueuedMessage {
    const length = message.framed?.length ?? message.json.length + 2;
    const prefix = this.#options.parameters.delimited ? `${length}\r\n` : '';
    return { message, prefix, bytes: prefix.length + length };
  }

  #countMessage(message: OutboundMessage, bytes: number): void {
    this.#messages += 1;
    this.#bytes += bytes;
    this.#messagesByKind[message.kind] = (this.#messagesByKind[message.kind] ?? 0) + 1;
    if (message.kind === 'tweet') {
      this.#recentTweets.push(message);
      if (this.#recentTweets.length > recentTweetsKept * 2) {
        this.#recentTweets = this.#recentTweets.slice(-recentTweetsKept);
      }
    }
    if (message.kind === 'tweet' && message.id !== undefined) {
      if (this.#tweetIds.length < this.#options.maxRecordedTweetIds) {
        this.#tweetIds.push(message.id);
      } else {
        this.#tweetIdsOmitted += 1;
      }
    }
  }

  /**
   * The first pending fault whose trigger is reached before the next message (of `nextBytes`
   * bytes) is written, and for a cut fault inside that message, how many of its bytes go first.
   */
  #dueFault(nextBytes: number): { fault: StreamFault; cutAt: number } | undefined {
    for (let index = 0; index < this.#pendingFaults.length; index += 1) {
      const fault = this.#pendingFaults[index] as StreamFault;
      if (fault.kind === 'refuse' || fault.kind === 'duplicate') continue;
      const { afterMessages, afterBytes } = fault;
      let due = false;
      let cutAt = 0;
      if (afterBytes !== undefined) {
        if (this.#bytes >= afterBytes) due = true;
        else if (
          cutFaults.has(fault.kind) &&
          nextBytes > 0 &&
          this.#bytes + nextBytes > afterBytes
        ) {
          due = true;
          cutAt = afterBytes - this.#bytes;
        }
      }
      if (afterMessages !== undefined || afterBytes === undefined) {
        if (this.#messages >= (afterMessages ?? 0)) due = true;
      }
      if (!due) continue;
      // A fault that rewrites the next message waits for one.
      if ((fault.kind === 'truncate' || fault.kind === 'wrong-length') && nextBytes === 0) continue;
      this.#pendingFaults.splice(index, 1);
      return { fault, cutAt };
    }
    return undefined;
  }

  #applyFault(fault: StreamFault, cutAt: number): void {
    const record = (detail?: string, skipped?: boolean): void => {
      this.#appliedFaults.push({
        kind: fault.kind,
        at: this.#options.now(),
        afterMessages: this.#messages,
        afterBytes: this.#bytes,
        ...(detail !== undefined && { detail }),
        ...(skipped === true && { skipped }),
      });
    };
    if (cutAt > 0) {
      // Part of the next message, then the fault: the client sees a cut line.
      const next = this.#shift();
      if (next) {
        this.#queueDrops += 1;
        this.#writeRaw(serializeBatch([next], next.bytes).subarray(0, cutAt));
      }
    }
    const delimited = this.#options.parameters.delimited;
    switch (fault.kind) {
      case 'close':
        record();
        this.#finish('fault:close', 'fin');
        return;
      case 'end':
        record();
        this.#finish('fault:end', 'end');
        return;
      case 'reset':
        record();
        this.#closeReason = 'fault:reset';
        this.#state = 'closing';
        this.#dropQueue();
        this.#resetWhenWritten();
        return;
      case 'disconnect':
        record(`code ${fault.code}`);
        this.#terminate(`disconnect:${fault.code}`, fault.code);
        return;
      case 'stall':
        record();
        this.#state = 'stalled';
        this.#dropQueue();
        return;
      case 'drip':
        record();
        this.#state = 'dripping';
        this.#dripIntervalMs = fault.intervalMs ?? this.#options.keepAliveIntervalMs;
        this.#dropQueue();
        return;
      case 'truncate': {
        const next = this.#shift();
        if (!next) return;
        this.#queueDrops += 1;
        const json = next.message.json;
        const half = json.slice(0, Math.max(1, Math.floor(json.length / 2)));
        record(describe(next.message));
        this.#writeRaw(Buffer.from(frameMessage(half, delimited), 'utf8'));
        return;
      }
      case 'wrong-length': {
        if (!delimited) {
          record('the stream is not delimited=length', true);
          return;
        }
        const next = this.#shift();
        if (!next) return;
        this.#queueDrops += 1;
        const delta = fault.delta ?? 10;
        record(`${describe(next.message)}; length off by ${delta}`);
        this.#writeRaw(Buffer.from(frameMessage(next.message.json, true, delta), 'utf8'));
        return;
      }
      case 'invalid-json':
        record();
        this.#writeRaw(
          Buffer.from(frameMessage('{"injected_by":"spritzer emulate",,"invalid":', delimited)),
        );
        return;
      case 'invalid-utf8': {
        record();
        const payload = Buffer.concat([
          Buffer.from('{"text":"'),
          Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff, 0xfe]),
          Buffer.from('","injected_by":"spritzer emulate"}'),
        ]);
        const prefix = delimited ? `${payload.length + 2}\r\n` : '';
        this.#writeRaw(Buffer.concat([Buffer.from(prefix), payload, Buffer.from('\r\n')]));
        return;
      }
      case 'oversized': {
        const total = fault.bytes ?? 4 * 1024 * 1024;
        const head = '{"oversized":"';
        const tail = '"}';
        const fill = Math.max(0, total - head.length - tail.length);
        record(`${head.length + fill + tail.length} bytes`);
        this.#writeRaw(Buffer.from(frameMessage(head + 'x'.repeat(fill) + tail, delimited)));
        return;
      }
      case 'corrupt-gzip':
        if (!this.#gzip) {
          record('the client did not ask for gzip', true);
          return;
        }
        record();
        this.#corruptGzip(this.#gzip);
        return;
      case 'refuse':
      case 'duplicate':
        return;
    }
  }

  /** Writes fault bytes, which count as payload bytes but not as messages. */
  #writeRaw(buffer: Buffer): void {
    this.#bytes += buffer.length;
    this.#write(buffer);
  }

  /**
   * Hands bytes to the socket (through gzip), cut into 1–3 chunks at random offsets.
   *
   * @returns the write's number (pull mode: {@link StreamConnection.#flushed} gets it once the
   *   socket, or gzip, has taken every byte)
   */
  #write(buffer: Buffer): number {
    const write = ++this.#writes;
    this.#lastWriteAt = this.#options.now();
    const out = this.#gzip ?? this.#response;
    const cuts = buffer.length < 2 ? 0 : 1 + Math.floor(this.#options.random() * 2);
    const offsets = new Set<number>();
    for (let i = 0; i < cuts; i += 1) {
      offsets.add(1 + Math.floor(this.#options.random() * (buffer.length - 1)));
    }
    const points = [0, ...[...offsets].sort((a, b) => a - b), buffer.length];
    out.cork();
    const onFlushed =
      this.#options.recycle &&
      ((): void => {
        this.#flushed(write);
      });
    for (let i = 0; i + 1 < points.length; i += 1) {
      const piece = buffer.subarray(points[i], points[i + 1]);
      // The callback of the last piece: stream callbacks run in write order.
      if (onFlushed && i + 2 === points.length) out.write(piece, onFlushed);
      else out.write(piece);
      // Compressed streams are also flushed inside a write, at an arbitrary boundary.
      if (this.#gzip && i === 0) this.#gzip.flush(zlibConstants.Z_SYNC_FLUSH);
    }
    process.nextTick(() => {
      out.uncork();
    });
    if (this.#gzip) this.#gzip.flush(zlibConstants.Z_SYNC_FLUSH);
    if (!this.#gzip) this.#wireBytes += buffer.length;
    if (out.writableLength > socketBufferBytes && !this.#waitingForDrain) {
      this.#waitingForDrain = true;
      out.once('drain', () => {
        this.#waitingForDrain = false;
        // Not inline: 'drain' can fire from a nextTick, and pumping there again and again would
        // starve the event loop (signals, other sockets) while a fast client keeps up.
        this.#schedulePump();
      });
    }
    return write;
  }

  #dropQueue(): void {
    this.#queueDrops += this.#queue.length - this.#queueHead;
    this.#queue = [];
    this.#queueHead = 0;
    this.#queueBytes = 0;
  }

  /** Ends the stream: an optional disconnect message, then the end of the response. */
  #terminate(reason: string, code: number | undefined): void {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    this.#dropQueue();
    if (code !== undefined) {
      const entry = this.#entry(disconnectMessage(code, this.#options.streamName));
      this.#countMessage(entry.message, entry.bytes);
      this.#write(serializeBatch([entry], entry.bytes));
    }
    this.#finish(reason, 'end');
  }

  /** `end`: finish the chunked body; `fin`: half-close TCP mid-body. */
  #finish(reason: string, how: 'end' | 'fin'): void {
    this.#closeReason ??= reason;
    this.#state = 'closing';
    this.#dropQueue();
    if (how === 'end') {
      if (this.#gzip) this.#gzip.end();
      else this.#response.end();
    } else if (this.#gzip) {
      this.#gzip.flush(zlibConstants.Z_SYNC_FLUSH, () => {
        setImmediate(() => this.#socket.end());
      });
    } else {
      this.#socket.end();
    }
    this.#graceTimer = setTimeout(() => {
      this.#socket.destroy();
    }, this.#options.closeGraceMs);
    this.#graceTimer.unref();
  }

  /**
   * `reset`: the RST goes out once what was counted as written has reached the kernel (through
   * gzip too), so the client gets the messages the stats list before ECONNRESET; a client that
   * does not read gets it after `closeGraceMs`.
   */
  #resetWhenWritten(): void {
    const reset = (): void => {
      if (this.#graceTimer) clearTimeout(this.#graceTimer);
      if (!this.#socket.destroyed) this.#socket.resetAndDestroy();
    };
    const afterSocket = (): void => {
      // The response may have corked the socket until the next tick.
      setImmediate(() => {
        if (this.#socket.destroyed) return;
        if (this.#socket.writableLength === 0) reset();
        else this.#socket.write(Buffer.alloc(0), reset);
      });
    };
    if (this.#gzip) this.#gzip.flush(zlibConstants.Z_SYNC_FLUSH, afterSocket);
    else afterSocket();
    this.#graceTimer = setTimeout(reset, this.#options.closeGraceMs);
    this.#graceTimer.unref();
  }

  #corruptGzip(gzip: Gzip): void {
    this.#closeReason = 'fault:corrupt-gzip';
    this.#state = 'closing';
    this.#dropQueue();
    gzip.flush(zlibConstants.Z_SYNC_FLUSH, () => {
      setImmediate(() => {
        gzip.unpipe(this.#response);
        // Not a deflate block: a reserved block type (BTYPE 11) makes any inflater fail.
        const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x37, 0xde, 0xad]);
        this.#wireBytes += garbage.length;
        // Inside a proper HTTP chunk, so the client's HTTP parser passes it to its inflater.
        this.#response.write(garbage, () => this.#socket.end());
      });
    });
    this.#graceTimer = setTimeout(() => {
      this.#socket.destroy();
    }, this.#options.closeGraceMs);
    this.#graceTimer.unref();
  }

  #onClosed(): void {
    if (this.#state === 'closed') return;
    if (this.#state !== 'closing') this.#dropQueue();
    this.#state = 'closed';
    this.#closedAt = this.#options.now();
    this.#closeReason ??= 'client';
    if (this.#graceTimer) clearTimeout(this.#graceTimer);
    this.#gzip?.destroy();
    this.#options.onClosed(this);
  }
}

/**
 * The wire bytes of framed messages: a view of the generation worker's buffer when the messages
 * lie next to each other in it (no copy), else written straight into one new buffer (no
 * intermediate strings). The JSON is ASCII, so latin1 is exact.
 */
function serializeBatch(batch: readonly QueuedMessage[], length: number): Buffer {
  const contiguous = contiguousBytes(batch, length);
  if (contiguous) return contiguous;
  const buffer = Buffer.allocUnsafe(length);
  let offset = 0;
  for (const { message, prefix } of batch) {
    if (prefix !== '') offset += buffer.write(prefix, offset, 'latin1');
    if (message.framed) {
      offset += message.framed.copy(buffer, offset);
      continue;
    }
    offset += buffer.write(message.json, offset, 'latin1');
    buffer[offset++] = 0x0d;
    buffer[offset++] = 0x0a;
  }
  return buffer;
}

/** One view over the batch's bytes when they are consecutive in one buffer, without prefixes. */
function contiguousBytes(batch: readonly QueuedMessage[], length: number): Buffer | undefined {
  const first = batch[0]?.message.framed;
  if (first === undefined) return undefined;
  let next = first.byteOffset;
  for (const { message, prefix } of batch) {
    const framed = message.framed;
    if (prefix !== '' || framed?.buffer !== first.buffer || framed.byteOffset !== next) {
      return undefined;
    }
    next += framed.length;
  }
  return Buffer.from(first.buffer, first.byteOffset, length);
}

function describe(message: OutboundMessage): string {
  return message.id === undefined ? message.kind : `${message.kind} ${message.id}`;
}

/** A 32-hex-digit connection hash, as the service sent in `x-connection-hash`. */
function connectionHash(random: () => number): string {
  let hash = '';
  for (let i = 0; i < 32; i += 1) hash += Math.floor(random() * 16).toString(16);
  return hash;
}

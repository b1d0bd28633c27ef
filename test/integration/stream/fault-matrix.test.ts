/**
 * The fault matrix: the stream client against the emulator on loopback, one fault at a time
 * (RST, FIN, a clean end, a stall, a drip of keep-alives, every refusal status, every disconnect
 * code, truncated/invalid/oversized lines, invalid UTF-8, a wrong delimited count, corrupt gzip,
 * duplicates across a reconnect). For each, the client recovers or stops as documented, and the
 * emulator's per-connection counters are the ground truth: every complete message it wrote on a
 * connection that ended is delivered exactly once, in order, and every bad line is reported.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulator } from '../../../src/emulator/index.js';
import type { EmulatorOptions, FaultRule, RunningEmulator } from '../../../src/emulator/index.js';
import type { StreamMessage } from '../../../src/messages/types.js';
import { openStream } from '../../../src/stream/open-stream.js';
import type { StreamClient, StreamEvent, StreamOptions } from '../../../src/stream/types.js';
import { ManualClock } from '../../unit/stream/manual-clock.js';
import { sampleStream } from './sample-stream.js';

/** The emulator with fault rules: events as fast as the client reads, no connection limit. */
function startFaultEmulator(
  faults: readonly FaultRule[],
  options: EmulatorOptions = {},
): Promise<RunningEmulator> {
  return startEmulator({
    rate: 'max',
    maxRecordedTweetIds: 1_000_000,
    keepAliveIntervalMs: 30_000,
    connectionRateLimit: false,
    // A FIN or an ended body is followed by a reset after the grace time; a client slowed by a
    // loaded machine may still be reading what came before it, and the reset would discard that.
    closeGraceMs: 30_000,
    ...options,
    faults,
  });
}

/** A delivered message and the connection (0-based, in order) it arrived on. */
interface Delivered {
  readonly message: StreamMessage;
  readonly connection: number;
}

/** One scenario: an emulator with faults, a client on a manual clock, and what both recorded. */
class Scenario {
  readonly delivered: Delivered[] = [];
  readonly events: StreamEvent[] = [];
  failure: unknown;
  #connections = -1;
  #arrivals: number[] = [];
  #waiters: { predicate: () => boolean; resolve: () => void }[] = [];
  #consumed: Promise<void> = Promise.resolve();

  private constructor(
    readonly emulator: RunningEmulator,
    readonly client: StreamClient,
    readonly clock: ManualClock,
  ) {}

  static async start(
    faults: readonly FaultRule[],
    options: { emulator?: EmulatorOptions; client?: Partial<StreamOptions> & { raw?: false } } = {},
  ): Promise<Scenario> {
    const emulator = await startFaultEmulator(faults, options.emulator);
    const holder: { scenario?: Scenario } = {};
    const clock = new ManualClock(Date.now());
    const client = openStream({
      ...sampleStream(emulator),
      timers: clock,
      random: () => 0,
      onEvent: (event) => holder.scenario?.onEvent(event),
      ...options.client,
    });
    const scenario = new Scenario(emulator, client, clock);
    holder.scenario = scenario;
    scenario.#consumed = scenario.#consume();
    return scenario;
  }

  onEvent(event: StreamEvent): void {
    this.events.push(event);
    if (event.type === 'connected') this.#connections += 1;
    if (event.type === 'message') this.#arrivals.push(this.#connections);
    this.#check();
  }

  async #consume(): Promise<void> {
    try {
      for await (const message of this.client) {
        this.delivered.push({ message, connection: this.#arrivals[this.delivered.length] ?? -1 });
        this.#check();
      }
    } catch (error) {
      this.failure = error;
    }
    this.#check();
  }

  #check(): void {
    this.#waiters = this.#waiters.filter((waiter) => {
      if (!waiter.predicate()) return true;
      waiter.resolve();
      return false;
    });
  }

  /** Waits (bounded: 10 s of real time) until the condition holds. */
  until(predicate: () => boolean, what: string): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`timed out waiting for ${what}`));
      }, 10_000);
      this.#waiters.push({
        predicate,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Delivered messages of one connection. */
  on(connection: number): StreamMessage[] {
    return this.delivered
      .filter((entry) => entry.connection === connection)
      .map((entry) => entry.message);
  }

  /** Messages received (not necessarily consumed yet) on one connection. */
  arrived(connection: number): number {
    return this.#arrivals.filter((index) => index === connection).length;
  }

  count(type: StreamEvent['type']): number {
    return this.events.filter((event) => event.type === type).length;
  }

  backoffs(): Extract<StreamEvent, { type: 'backoff' }>[] {
    return this.events.filter(
      (event): event is Extract<StreamEvent, { type: 'backoff' }> => event.type === 'backoff',
    );
  }

  /** Waits for the next backoff and runs out its delay on the manual clock. */
  async runBackoff(expectedDelayMs: number): Promise<void> {
    const seen = this.count('backoff');
    await this.until(() => this.count('backoff') > seen, 'a backoff');
    const backoff = this.backoffs()[seen];
    assert.equal(backoff?.delayMs, expectedDelayMs, backoff?.reason);
    this.clock.advance(expectedDelayMs);
  }

  /** Stops the client, lets the emulator see the close, and stops the emulator. */
  async finish(): Promise<void> {
    this.client.stop();
    await this.#consumed;
    await sleep(30);
    await this.emulator.close();
  }

  /**
   * The ground truth: on every connection but the last, the Tweets delivered are exactly the
   * Tweets the emulator wrote, in order, and so are the counts of every other kind; on the last
   * (cut by stop()) and on `lossy` ones (reset), what was delivered is a prefix of what was written.
   * `extraTweets` were delivered although the emulator does not count them as sent (a message
   * with a wrong `delimited` count: the client resynchronizes and delivers it).
   */
  assertDeliveredExactly(lossy: readonly number[] = [], extraTweets: readonly string[] = []): void {
    const connections = [...this.emulator.stats().connections].sort((a, b) => a.id - b.id);
    assert.equal(
      connections.length,
      this.#connections + 1,
      'every opened connection is known to the emulator',
    );
    connections.forEach((written, index) => {
      const received = this.on(index);
      const tweets = received.flatMap((message) =>
        message.kind === 'tweet' && !extraTweets.includes(message.data.id_str)
          ? [message.data.id_str]
          : [],
      );
      assert.equal(written.tweetIdsOmitted, 0);
      // A TCP reset discards what was still in flight: there, a prefix of what was written.
      if (index === connections.length - 1 || lossy.includes(index)) {
        assert.deepEqual(
          tweets,
          written.tweetIds.slice(0, tweets.length),
          `connection ${index}: a prefix`,
        );
        return;
      }
      assert.deepEqual(
        tweets,
        written.tweetIds,
        `connection ${index}: every tweet exactly once, in order`,
      );
      for (const [kind, count] of Object.entries(written.messagesByKind)) {
        const got = received.filter((message) => message.kind === kind).length;
        assert.equal(got, count, `connection ${index}: ${kind} messages`);
      }
    });
  }
}

const reconnectCodes = [1, 3, 4, 10, 11, 12];

describe('fault matrix against the emulator', { timeout: 120_000 }, () => {
  for (const [kind, expectedCode] of [
    ['reset', 'ERR_STREAM_NETWORK'],
    ['close', 'ERR_STREAM_NETWORK'],
    ['end', 'ERR_STREAM_ENDED'],
  ] as const) {
    for (const compression of [false, true]) {
      it(`${kind}${compression ? ' (gzip)' : ''}: reconnects and loses nothing that arrived`, async () => {
        const scenario = await Scenario.start(
          [{ fault: { kind, afterBytes: 30_000 }, attempts: [1] }],
          { client: { compression } },
        );
        try {
          await scenario.until(() => scenario.count('backoff') === 1, 'the backoff');
          const [backoff] = scenario.backoffs();
          assert.ok(backoff);
          assert.equal(backoff.error.code, expectedCode);
          // A connection that delivered messages was healthy: reconnect at once. A reset may
          // discard everything in flight, and then it was not.
          const healthy = scenario.arrived(0) > 0;
          if (kind !== 'reset') assert.ok(healthy, 'messages arrived before the fault');
          assert.equal(backoff.delayMs, healthy ? 0 : 250);
          scenario.clock.advance(backoff.delayMs);
          await scenario.until(
            () => scenario.on(1).length >= 5,
            'messages on the second connection',
          );
          // The fault cut a message: the partial message is reported, never delivered.
          const { truncated } = scenario.client.stats;
          assert.ok(truncated <= 1);
          const reported = scenario.events.filter(
            (event) =>
              event.type === 'error' && /in the middle of a message/.test(event.error.message),
          );
          assert.equal(reported.length, truncated);
          if (kind !== 'reset') assert.equal(truncated, 1, 'afterBytes cut a message');
        } finally {
          await scenario.finish();
        }
        scenario.assertDeliveredExactly(kind === 'reset' ? [0] : []);
      });
    }
  }

  it('stall: detected after 90 s of silence (manual clock), reconnects at once', async () => {
    const scenario = await Scenario.start([
      { fault: { kind: 'stall', afterMessages: 20 }, attempts: [1] },
    ]);
    try {
      await scenario.until(() => scenario.delivered.length >= 20, '20 messages');
      await sleep(50);
      scenario.clock.advance(90_000);
      await scenario.runBackoff(0);
      await scenario.until(() => scenario.on(1).length >= 5, 'messages after the stall');
      const stalled = scenario.events.find((event) => event.type === 'stalled');
      assert.equal(stalled?.type === 'stalled' && stalled.reason, 'no-data');
      assert.equal(scenario.backoffs()[0]?.error.code, 'ERR_STREAM_STALLED');
    } finally {
      await scenario.finish();
    }
    scenario.assertDeliveredExactly();
  });

  it('drip of keep-alives: reported as keep-alive-only, the connection is kept', async () => {
    const scenario = await Scenario.start([
      { fault: { kind: 'drip', afterMessages: 10, intervalMs: 20 }, attempts: [1] },
    ]);
    try {
      // Real keep-alives every 20 ms; the client's clock moves 30 s between them.
      for (let step = 1; step <= 3; step += 1) {
        await scenario.until(() => scenario.count('keep-alive') >= step * 2, 'keep-alives');
        scenario.clock.advance(30_000);
      }
      await scenario.until(() => scenario.count('stalled') >= 1, 'a stall report');
      const stalled = scenario.events.find((event) => event.type === 'stalled');
      assert.equal(stalled?.type === 'stalled' && stalled.reason, 'keep-alive-only');
      assert.equal(scenario.client.state, 'streaming');
      assert.equal(scenario.count('backoff'), 0);
    } finally {
      await scenario.finish();
    }
    scenario.assertDeliveredExactly();
  });

  for (const [status, code] of [
    [401, 'ERR_STREAM_UNAUTHORIZED'],
    [403, 'ERR_STREAM_FORBIDDEN'],
    [404, 'ERR_STREAM_NOT_FOUND'],
    [406, 'ERR_STREAM_PARAMETERS_REJECTED'],
    [413, 'ERR_STREAM_PARAMETERS_REJECTED'],
    [416, 'ERR_STREAM_PARAMETERS_REJECTED'],
  ] as const) {
    it(`refusal ${status}: stops with ${code}, never retries`, async () => {
      const scenario = await Scenario.start([{ fault: { kind: 'refuse', status } }]);
      try {
        await scenario.until(() => scenario.client.state === 'stopped', 'the stop');
        await scenario.until(() => scenario.failure !== undefined, 'the error');
        assert.equal((scenario.failure as { code?: string }).code, code);
        await sleep(50);
        assert.equal(scenario.emulator.stats().attempts.length, 1);
      } finally {
        await scenario.finish();
      }
    });
  }

  for (const [status, variant, delays] of [
    [420, 'calm', [60_000, 120_000]],
    [420, 'connection-limit', [60_000, 120_000]],
    [429, 'v2', [60_000, 120_000]],
    [503, undefined, [5000, 10_000]],
  ] as const) {
    it(`refusal ${status}${variant === undefined ? '' : ` (${variant})`}: backs off ${delays.join(', ')} ms, then streams`, async () => {
      const fault =
        variant === undefined
          ? ({ kind: 'refuse', status } as const)
          : ({ kind: 'refuse', status, variant } as const);
      const scenario = await Scenario.start([{ fault, attempts: [1, 2] }]);
      try {
        for (const delay of delays) await scenario.runBackoff(delay);
        await scenario.until(() => scenario.delivered.length >= 5, 'messages');
        assert.deepEqual(
          scenario.emulator.stats().attempts.map((attempt) => attempt.status),
          [status, status, 200],
        );
      } finally {
        await scenario.finish();
      }
      scenario.assertDeliveredExactly();
    });
  }

  for (const code of [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12]) {
    it(`disconnect code ${code}: ${reconnectCodes.includes(code) ? 'reconnects at once' : 'stops as documented'}`, async () => {
      const scenario = await Scenario.start([
        { fault: { kind: 'disconnect', code, afterMessages: 10 }, attempts: [1] },
      ]);
      try {
        if (reconnectCodes.includes(code)) {
          await scenario.runBackoff(0);
          await scenario.until(() => scenario.on(1).length >= 3, 'messages after reconnecting');
        } else {
          await scenario.until(() => scenario.client.state === 'stopped', 'the stop');
          const stopped = scenario.events.find(
            (event): event is Extract<StreamEvent, { type: 'stopped' }> => event.type === 'stopped',
          );
          assert.ok(stopped);
          const expected =
            code === 5 || code === 9
              ? undefined
              : code === 6
                ? 'ERR_STREAM_TOKEN_REVOKED'
                : 'ERR_STREAM_DISCONNECTED';
          assert.equal(stopped.error?.code, expected);
          assert.equal(stopped.reason, expected === undefined ? 'finished' : 'failed');
          await sleep(50);
          assert.equal(scenario.emulator.stats().attempts.length, 1, 'no reconnect');
        }
        const notice = scenario.events.find((event) => event.type === 'disconnect-message');
        assert.equal(notice?.type === 'disconnect-message' && notice.code, code);
      } finally {
        await scenario.finish();
      }
      scenario.assertDeliveredExactly();
    });
  }

  for (const [kind, stat] of [
    ['truncate', 'malformed'],
    ['invalid-json', 'malformed'],
    ['invalid-utf8', 'malformed'],
    ['oversized', 'oversized'],
  ] as const) {
    for (const compression of [false, true]) {
      it(`${kind}${compression ? ' (gzip)' : ''}: reported and counted, the stream goes on`, async () => {
        const scenario = await Scenario.start(
          [{ fault: { kind, afterMessages: 10 }, attempts: [1] }],
          {
            client: { compression },
          },
        );
        try {
          await scenario.until(
            () => scenario.client.stats[stat] === 1 && scenario.delivered.length >= 30,
            `one ${stat} message and 30 more`,
          );
          assert.equal(scenario.count('connected'), 1, 'no reconnect');
          const bad = scenario.delivered.find((entry) => entry.message.kind === 'malformed');
          if (stat === 'malformed') {
            assert.ok(bad?.message.kind === 'malformed');
            assert.match(
              bad.message.reason,
              kind === 'invalid-utf8' ? /^invalid UTF-8 at byte \d+/ : /^invalid JSON: /,
            );
          } else {
            assert.equal(bad, undefined);
            const reported = scenario.events.find((event) => event.type === 'error');
            assert.equal(
              reported?.type === 'error' && reported.error.code,
              'ERR_STREAM_MESSAGE_TOO_LARGE',
            );
          }
        } finally {
          await scenario.finish();
        }
        scenario.assertDeliveredExactly();
      });
    }
  }

  for (const kind of ['truncate', 'invalid-json', 'invalid-utf8'] as const) {
    it(`${kind} in raw passthrough: reported without parsing, ids exact`, async () => {
      const emulator = await startFaultEmulator([
        { fault: { kind, afterMessages: 10 }, attempts: [1] },
      ]);
      const stream = openStream({ ...sampleStream(emulator), raw: true });
      const ids: string[] = [];
      const malformed: string[] = [];
      try {
        for await (const message of stream) {
          if (message.kind === 'tweet' && message.id !== undefined) ids.push(message.id);
          if (message.kind === 'malformed') malformed.push(message.reason ?? '');
          if (ids.length >= 200) break;
        }
      } finally {
        stream.stop();
        await emulator.close();
      }
      assert.equal(malformed.length, 1);
      assert.match(
        malformed[0] ?? '',
        kind === 'invalid-utf8' ? /^invalid UTF-8 at byte \d+/ : /^(truncated|invalid JSON)/,
      );
      const [written] = emulator.stats().connections;
      assert.deepEqual(ids, written?.tweetIds.slice(0, ids.length));
    });
  }

  it('wrong delimited=length count: reported, resynchronized, the message delivered', async () => {
    const scenario = await Scenario.start(
      [{ fault: { kind: 'wrong-length', afterMessages: 10, delta: 7 }, attempts: [1] }],
      { client: { parameters: { delimited: 'length' } } },
    );
    let miscounted = '';
    try {
      await scenario.until(
        () => scenario.client.stats.framingErrors === 1 && scenario.delivered.length >= 30,
        'the framing error',
      );
      assert.equal(scenario.client.stats.malformed, 0);
      assert.equal(scenario.count('connected'), 1);
      // The emulator names the message it miscounted, and does not count it as sent.
      const [fault] = scenario.emulator.stats().connections[0]?.faults ?? [];
      miscounted = /^tweet (\d+);/.exec(fault?.detail ?? '')?.[1] ?? '';
      assert.notEqual(miscounted, '', fault?.detail);
      const delivered = scenario.delivered.filter(
        ({ message }) => message.kind === 'tweet' && message.data.id_str === miscounted,
      );
      assert.equal(delivered.length, 1, 'the miscounted message, delivered once');
    } finally {
      await scenario.finish();
    }
    scenario.assertDeliveredExactly([], [miscounted]);
  });

  it('corrupt gzip: reported, reconnects, loses nothing inflated before the damage', async () => {
    const scenario = await Scenario.start([
      { fault: { kind: 'corrupt-gzip', afterMessages: 15 }, attempts: [1] },
    ]);
    try {
      await scenario.runBackoff(0);
      await scenario.until(() => scenario.on(1).length >= 5, 'messages after reconnecting');
      assert.equal(scenario.backoffs()[0]?.error.code, 'ERR_STREAM_GZIP');
    } finally {
      await scenario.finish();
    }
    scenario.assertDeliveredExactly();
  });

  it('duplicates across a reconnect: each sent message delivered once per send', async () => {
    const scenario = await Scenario.start([
      { fault: { kind: 'end', afterMessages: 40 }, attempts: [1] },
      { fault: { kind: 'duplicate', count: 10 }, attempts: [2] },
    ]);
    const tweetIds = (connection: number): string[] =>
      scenario
        .on(connection)
        .flatMap((message) => (message.kind === 'tweet' ? [message.data.id_str] : []));
    const replayed = (): string[] => {
      const first = new Set(tweetIds(0));
      return tweetIds(1).filter((id) => first.has(id));
    };
    try {
      await scenario.runBackoff(0);
      // The replay is queued behind whatever the new connection already wrote.
      await scenario.until(() => replayed().length >= 10, 'the replayed tweets');
    } finally {
      await scenario.finish();
    }
    scenario.assertDeliveredExactly();
    assert.deepEqual(
      replayed(),
      tweetIds(0).slice(-10),
      'the last 10 tweets, sent and delivered again',
    );
  });

  it('accept-then-drop, every time: the network backoff climbs, never a hot loop', async () => {
    const scenario = await Scenario.start([{ fault: { kind: 'end', afterMessages: 0 } }]);
    try {
      for (const delay of [250, 500, 750, 1000, 1250]) await scenario.runBackoff(delay);
      await scenario.until(() => scenario.count('backoff') >= 6, 'a sixth failure');
      assert.equal(scenario.emulator.stats().attempts.length, 6);
    } finally {
      await scenario.finish();
    }
  });
});

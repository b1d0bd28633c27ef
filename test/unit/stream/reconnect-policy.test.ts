import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ReconnectFailure,
  decideReconnect,
  failureForStatus,
} from '../../../src/stream/reconnect-policy.js';

const noJitter = (): number => 0;
const fullJitter = (): number => 0.999_999;

function delays(failure: ReconnectFailure, attempts: number, random = noJitter): number[] {
  const result: number[] = [];
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const decision = decideReconnect(failure, attempt, random);
    assert.equal(decision.action, 'reconnect');
    result.push(decision.delayMs);
  }
  return result;
}

describe('decideReconnect: the documented schedules ("Connecting to a streaming endpoint")', () => {
  it('reconnects at once after an established connection drops', () => {
    assert.deepEqual(delays({ kind: 'dropped' }, 3, fullJitter), [0, 0, 0]);
  });

  it('backs off linearly for network errors: +250 ms an attempt, up to 16 s', () => {
    const schedule = delays({ kind: 'network' }, 70);
    assert.deepEqual(schedule.slice(0, 4), [250, 500, 750, 1000]);
    assert.equal(schedule[63], 16_000);
    assert.equal(schedule[64], 16_000);
    assert.equal(schedule[69], 16_000);
  });

  it('backs off exponentially for HTTP errors: 5 s doubling, up to 320 s', () => {
    assert.deepEqual(
      delays({ kind: 'http', status: 503 }, 9),
      [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 320_000, 320_000],
    );
  });

  it('backs off from 60 s doubling for 420 and 429, never faster than the docs (twitter/hbc#170)', () => {
    for (const status of [420, 429]) {
      const failure = failureForStatus(status);
      assert.equal(failure.kind, 'rate-limited');
      assert.deepEqual(
        delays(failure, 8),
        [60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 1_920_000, 1_920_000],
      );
    }
  });

  it('keeps doubling delays finite for any attempt count', () => {
    const decision = decideReconnect(
      { kind: 'http', status: 500 },
      Number.MAX_SAFE_INTEGER,
      noJitter,
    );
    assert.deepEqual(decision, { action: 'reconnect', delayMs: 320_000, schedule: 'exponential' });
  });

  it('adds jitter of at most 10 %, never shortening a documented delay', () => {
    const cases: [ReconnectFailure, number][] = [
      [{ kind: 'network' }, 250],
      [{ kind: 'http', status: 500 }, 5_000],
      [{ kind: 'rate-limited', status: 420 }, 60_000],
    ];
    for (const [failure, base] of cases) {
      const [low] = delays(failure, 1, noJitter);
      const [high] = delays(failure, 1, fullJitter);
      assert.equal(low, base);
      assert.ok(high !== undefined && high > base && high < base * 1.1 + 1, `${high} for ${base}`);
    }
  });

  it('stops for 401, 403, 404, 406, 413 and 416, and for stop-coded disconnects', () => {
    for (const status of [401, 403, 404, 406, 413, 416]) {
      assert.deepEqual(failureForStatus(status), { kind: 'refused', status });
      assert.deepEqual(decideReconnect(failureForStatus(status), 1), { action: 'stop' });
    }
    assert.deepEqual(decideReconnect({ kind: 'disconnect', code: 2 }, 1), { action: 'stop' });
  });

  it('treats every other status as an HTTP error', () => {
    for (const status of [301, 400, 410, 500, 502, 503, 504]) {
      assert.deepEqual(failureForStatus(status), { kind: 'http', status });
    }
  });

  it('rejects an attempt number that is not a positive integer', () => {
    for (const attempt of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => decideReconnect({ kind: 'network' }, attempt), {
        code: 'ERR_INVALID_ARG_VALUE',
        message: /"attempt" argument must be a positive integer/,
      });
    }
  });
});

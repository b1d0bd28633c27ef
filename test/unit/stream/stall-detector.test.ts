import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StallDetector, type StallReason } from '../../../src/stream/stall-detector.js';
import { ManualClock } from './manual-clock.js';

function detector(timeoutMs = 90_000): {
  clock: ManualClock;
  stalls: [StallReason, number][];
  detector: StallDetector;
} {
  const clock = new ManualClock(0);
  const stalls: [StallReason, number][] = [];
  const watching = new StallDetector({
    timeoutMs,
    timers: clock,
    onStall: (reason, silentMs) => stalls.push([reason, silentMs]),
  });
  return { clock, stalls, detector: watching };
}

describe('StallDetector', () => {
  it('fires once after the timeout of total silence, then stays quiet', () => {
    const { clock, stalls, detector: watching } = detector();
    watching.start();
    clock.advance(89_999);
    assert.deepEqual(stalls, []);
    clock.advance(1);
    assert.deepEqual(stalls, [['no-data', 90_000]]);
    clock.advance(1_000_000);
    assert.deepEqual(stalls, [['no-data', 90_000]]);
    assert.deepEqual(clock.pending(), []);
  });

  it('restarts on every complete frame, with one timer and no clearTimeout per frame', () => {
    const { clock, stalls, detector: watching } = detector();
    watching.start();
    for (let index = 0; index < 100; index += 1) {
      clock.advance(60_000);
      watching.message(clock.now());
      assert.ok(clock.pending().length <= 1);
    }
    assert.deepEqual(stalls, []);
    clock.advance(90_000);
    assert.deepEqual(stalls, [['no-data', 90_000]]);
  });

  it('calls a drip that completes no frame a stall', () => {
    const { clock, stalls, detector: watching } = detector();
    watching.start();
    for (let index = 0; index < 8; index += 1) {
      clock.advance(10_000);
      watching.data(clock.now());
    }
    clock.advance(10_000);
    assert.deepEqual(stalls, [['incomplete-message', 90_000]]);
  });

  it('reports keep-alives without messages once per timeout, without stopping', () => {
    const { clock, stalls, detector: watching } = detector();
    watching.start();
    for (let second = 30; second <= 300; second += 30) {
      clock.advance(30_000);
      watching.keepAlive(clock.now());
    }
    assert.deepEqual(stalls, [
      ['keep-alive-only', 90_000],
      ['keep-alive-only', 180_000],
      ['keep-alive-only', 270_000],
    ]);
    watching.message(clock.now());
    clock.advance(89_000);
    assert.equal(stalls.length, 3);
  });

  it('cancels its timer on stop, and a listener may stop it while it reports', () => {
    const { clock, detector: watching } = detector();
    watching.start();
    watching.stop();
    assert.deepEqual(clock.pending(), []);
    const stopping = new StallDetector({
      timeoutMs: 1000,
      timers: clock,
      onStall: () => {
        stopping.stop();
      },
    });
    stopping.start();
    clock.advance(500);
    stopping.keepAlive(clock.now());
    clock.advance(500);
    assert.deepEqual(clock.pending(), []);
  });
});

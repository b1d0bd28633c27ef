import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedQueue } from '../../../src/stream/bounded-queue.js';
import { readMessageTimestampMs } from '../../../src/stream/message-timestamp.js';
import { StreamStatsRecorder } from '../../../src/stream/stream-stats.js';

describe('StreamStatsRecorder', () => {
  it('computes a rolling rate over the last whole seconds', () => {
    const stats = new StreamStatsRecorder();
    const start = 1_000_000;
    assert.equal(stats.snapshot(start).messagesPerSecond, 0);
    // 5 messages a second for 20 s, then silence.
    for (let second = 0; second < 20; second += 1) {
      for (let index = 0; index < 5; index += 1)
        stats.message('tweet', start + second * 1000 + index * 100);
    }
    assert.equal(stats.snapshot(start + 20_000).messagesPerSecond, 5);
    assert.equal(stats.snapshot(start + 25_000).messagesPerSecond, 2.5);
    assert.equal(stats.snapshot(start + 60_000).messagesPerSecond, 0);
    assert.equal(stats.snapshot(start + 60_000).messagesTotal, 100);
    assert.equal(stats.snapshot(start + 60_000).messages.tweet, 100);
  });

  it('averages over the seconds elapsed when under the window', () => {
    const stats = new StreamStatsRecorder();
    for (let index = 0; index < 6; index += 1) stats.message('delete', 3000 + index);
    assert.equal(stats.snapshot(4500).messagesPerSecond, 6);
    assert.equal(stats.snapshot(5000).messagesPerSecond, 3);
  });

  it('counts responses by status class and malformed messages', () => {
    const stats = new StreamStatsRecorder();
    for (const status of [200, 420, 503, 301, 101]) stats.response(status);
    stats.message('malformed', 0);
    const snapshot = stats.snapshot(0);
    assert.deepEqual(snapshot.responses, { '1xx': 1, '2xx': 1, '3xx': 1, '4xx': 1, '5xx': 1 });
    assert.equal(snapshot.malformed, 1);
  });
});

describe('BoundedQueue', () => {
  it('is full at either bound and resumes at half of both', () => {
    const queue = new BoundedQueue<number>(4, 1000);
    for (let index = 0; index < 4; index += 1) queue.push(index, 10);
    assert.equal(queue.isFull, true);
    queue.shift();
    assert.equal(queue.isFull, false);
    assert.equal(queue.canResume, false);
    queue.shift();
    assert.equal(queue.canResume, true);
    const bytes = new BoundedQueue<string>(100, 100);
    bytes.push('big', 100);
    assert.equal(bytes.isFull, true);
  });

  it('keeps order and its byte count across many pushes and shifts', () => {
    const queue = new BoundedQueue<number>(10_000, 1e9);
    let next = 0;
    for (let round = 0; round < 50; round += 1) {
      for (let index = 0; index < 100; index += 1) queue.push(round * 100 + index, 3);
      for (let index = 0; index < 90; index += 1) assert.equal(queue.shift(), next++);
    }
    assert.equal(queue.length, 500);
    assert.equal(queue.bytes, 1500);
    while (queue.shift() !== undefined) next += 1;
    assert.equal(next, 5000);
    assert.equal(queue.bytes, 0);
  });
});

describe('readMessageTimestampMs', () => {
  it('reads a parsed message, and a raw tweet from its last bytes only', () => {
    const json =
      '{"id_str":"1","quoted_status":{"timestamp_ms":"1"},"timestamp_ms":"1767225600123"}';
    assert.equal(
      readMessageTimestampMs({ kind: 'tweet', raw: Buffer.from(json), id: '1' }),
      1767225600123,
    );
    assert.equal(
      readMessageTimestampMs({ kind: 'unknown', raw: Buffer.from(json), data: JSON.parse(json) }),
      1767225600123,
    );
    for (const other of [
      '{"timestamp_ms":"1767225600123","id_str":"1"}',
      '{"a":{"timestamp_ms":"1767225600123"} }',
      '{"timestamp_ms":""}',
    ]) {
      assert.equal(
        readMessageTimestampMs({ kind: 'tweet', raw: Buffer.from(other) }),
        undefined,
        other,
      );
    }
    assert.equal(
      readMessageTimestampMs({ kind: 'limit', raw: Buffer.from('{}'), data: { track: 1 } }),
      undefined,
    );
  });
});

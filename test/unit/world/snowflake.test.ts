import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { snowflakeId, snowflakeTimeMs, twitterEpochMs } from '../../../src/world/index.js';
import { hashKey } from '../../../src/world/random.js';

describe('snowflake ids', () => {
  it('match BigInt arithmetic for 10,000 times and low bits, above 2^53', () => {
    for (let key = 0; key < 10_000; key++) {
      const timeMs = Date.UTC(2013, 0, 1) + (hashKey(1, 1, key) % 4_000_000_000) * 100;
      const lowBits = hashKey(1, 2, key) & 0x3f_ffff;
      const expected = ((BigInt(timeMs - twitterEpochMs) << 22n) | BigInt(lowBits)).toString();
      const id = snowflakeId(timeMs, lowBits);
      assert.equal(id, expected);
      assert.ok(BigInt(id) > 2n ** 53n);
      assert.equal(snowflakeTimeMs(id), timeMs);
    }
  });

  it('format the first ids after the epoch and the last the 41 bits hold', () => {
    for (const [timeMs, lowBits] of [
      [twitterEpochMs, 0],
      [twitterEpochMs + 1, 5],
      [twitterEpochMs + 2_500_000, 4_194_303],
      [twitterEpochMs + 2 ** 41 - 1, 4_194_303],
    ] as const) {
      const expected = ((BigInt(timeMs - twitterEpochMs) << 22n) | BigInt(lowBits)).toString();
      assert.equal(snowflakeId(timeMs, lowBits), expected);
    }
  });

  it('decode the documented rule (id >> 22) + 1288834974657 for a real id', () => {
    // A retweet captured from the stream: created_at Thu Nov 01 18:49:32 +0000 2018,
    // timestamp_ms 1541098172747.
    assert.equal(snowflakeTimeMs('1058068540803203073'), 1_541_098_172_747);
  });
});

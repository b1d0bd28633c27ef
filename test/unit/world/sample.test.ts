import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createWorld,
  isSampled,
  sampleWindowEndMs,
  sampleWindowStartMs,
  snowflakeTimeMs,
  type WorldEvent,
} from '../../../src/world/index.js';
import { checkMessage } from './check-message.js';

describe('the 1 % sample', () => {
  const world = createWorld({ seed: 3, eventsPerSecond: 2000 });

  it('is exactly the firehose events whose snowflake millisecond is 657–666', () => {
    const sampled: WorldEvent[] = [];
    for (const event of world.sampleEvents()) {
      if (event.index >= 25_000) break;
      sampled.push(event);
    }
    const expected: number[] = [];
    for (const event of world.events()) {
      if (event.index >= 25_000) break;
      if (isSampled(event.timestampMs)) expected.push(event.index);
    }
    assert.deepEqual(
      sampled.map((event) => event.index),
      expected,
    );
    assert.ok(sampled.length > 180 && sampled.length < 320, `about 1 %: ${sampled.length}`);
    for (const event of sampled) {
      const millisecond = event.timestampMs % 1000;
      assert.ok(millisecond >= sampleWindowStartMs && millisecond < sampleWindowEndMs);
      assert.equal(world.event(event.index).json, event.json);
      checkMessage(event);
      if (event.kind === 'tweet') assert.ok(isSampled(event.statusId ?? ''));
    }
  });

  it('carries deletes only of sampled tweets, sometimes before the tweet is seen', () => {
    const deleting = createWorld({
      seed: 3,
      eventsPerSecond: 2000,
      shares: { delete: 0.3, deleteBeforeTweet: 0.2 },
    });
    let deletes = 0;
    let early = 0;
    for (const event of deleting.sampleEvents()) {
      if (event.index >= 60_000) break;
      if (event.kind !== 'delete') continue;
      deletes += 1;
      assert.ok(isSampled(event.statusId ?? ''), 'the deleted tweet is in the sample too');
      if (snowflakeTimeMs(event.statusId ?? '0') > event.timestampMs) early += 1;
    }
    assert.ok(deletes > 50, `deletes: ${deletes}`);
    assert.ok(early > 0, 'some deletes arrive before their tweet');
  });

  it('isSampled reads ids (string or bigint) and times', () => {
    const id = 1058068540803203073n; // timestamp_ms 1541098172747: millisecond 747
    assert.equal(isSampled(id), false);
    assert.equal(isSampled(String(id)), false);
    assert.equal(isSampled(1_541_098_172_660), true);
    assert.equal(isSampled(1_541_098_172_667), false);
  });
});

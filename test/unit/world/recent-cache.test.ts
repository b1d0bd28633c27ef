import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecentCache } from '../../../src/world/recent-cache.js';

describe('RecentCache', () => {
  it('returns what was stored and undefined for what was not', () => {
    const cache = new RecentCache<number, string>(4);
    cache.set(1, 'one');
    assert.equal(cache.get(1), 'one');
    assert.equal(cache.get(2), undefined);
  });

  it('holds at most two generations: the oldest entries go when a third begins', () => {
    const cache = new RecentCache<number, number>(4);
    for (let key = 0; key < 12; key++) cache.set(key, key * 10);
    for (let key = 0; key < 4; key++) assert.equal(cache.get(key), undefined, `key ${key}`);
    for (let key = 8; key < 12; key++) assert.equal(cache.get(key), key * 10, `key ${key}`);
    assert.equal(cache.get(7), 70);
  });

  it('keeps an entry that is used: a hit in the old generation moves it to the young one', () => {
    const cache = new RecentCache<number, number>(4);
    for (let key = 0; key < 4; key++) cache.set(key, key);
    for (let round = 0; round < 10; round++) {
      for (let key = 100 + round * 4; key < 104 + round * 4; key++) cache.set(key, key);
      assert.equal(cache.get(0), 0, `round ${round}`);
    }
    assert.equal(cache.get(1), undefined);
  });
});

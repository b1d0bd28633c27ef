import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryNonceStore } from '../../../src/oauth1/index.js';

describe('createMemoryNonceStore', () => {
  it('remembers a key until it expires, then accepts it again', () => {
    const store = createMemoryNonceStore();
    assert.equal(store.checkAndRemember('a', 100, 50), 'fresh');
    assert.equal(store.checkAndRemember('a', 100, 60), 'replayed');
    assert.equal(store.checkAndRemember('a', 100, 100), 'replayed');
    assert.equal(store.checkAndRemember('a', 200, 101), 'fresh');
    assert.equal(store.checkAndRemember('b', 100, 60), 'fresh');
  });

  it('when full, evicts only expired entries, and refuses rather than grows', () => {
    const store = createMemoryNonceStore({ maxEntries: 3 });
    assert.equal(store.checkAndRemember('a', 10, 0), 'fresh');
    assert.equal(store.checkAndRemember('b', 20, 0), 'fresh');
    assert.equal(store.checkAndRemember('c', 30, 0), 'fresh');
    // Nothing has expired at t=10: full, and every key is still remembered.
    assert.equal(store.checkAndRemember('d', 40, 10), 'full');
    assert.equal(store.checkAndRemember('a', 10, 10), 'replayed');
    // At t=11, "a" has expired and makes room for "d"; "b" and "c" are still remembered.
    assert.equal(store.checkAndRemember('d', 40, 11), 'fresh');
    assert.equal(store.checkAndRemember('e', 40, 11), 'full');
    assert.equal(store.checkAndRemember('b', 20, 11), 'replayed');
    assert.equal(store.checkAndRemember('c', 30, 11), 'replayed');
    assert.equal(store.checkAndRemember('d', 40, 11), 'replayed');
  });

  it('stays within maxEntries under a stream of distinct keys', () => {
    const store = createMemoryNonceStore({ maxEntries: 100 });
    let fresh = 0;
    let full = 0;
    for (let second = 0; second < 50; second += 1) {
      for (let index = 0; index < 10; index += 1) {
        const result = store.checkAndRemember(`${second}-${index}`, second + 5, second);
        if (result === 'fresh') fresh += 1;
        if (result === 'full') full += 1;
      }
    }
    // A 5 s window at 10 keys/s needs 60 entries: nothing is ever refused.
    assert.equal(fresh, 500);
    assert.equal(full, 0);
  });

  it('rejects a maxEntries that is not a positive integer', () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => createMemoryNonceStore({ maxEntries }), {
        code: 'ERR_INVALID_ARG_VALUE',
        message: /maxEntries/,
      });
    }
  });
});

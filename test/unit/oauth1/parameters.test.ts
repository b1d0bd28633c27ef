import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeParameters, parseFormParameters } from '../../../src/oauth1/parameters.js';

describe('parseFormParameters (RFC 5849 §3.4.1.3.1)', () => {
  it('splits the RFC §3.4.1.3.1 query and body, decoding once, duplicates kept, in order', () => {
    assert.deepEqual(parseFormParameters('b5=%3D%253D&a3=a&c%40=&a2=r%20b', true), [
      ['b5', '%3D%253D'],
      ['a3', 'a'],
      ['c%40', ''],
      ['a2', 'r%20b'],
    ]);
    assert.deepEqual(parseFormParameters('c2&a3=2+q', true), [
      ['c2', ''],
      ['a3', '2%20q'],
    ]);
  });

  it('skips empty segments and keeps an empty name', () => {
    assert.deepEqual(parseFormParameters('&a=1&&=x&', true), [
      ['a', '1'],
      ['', 'x'],
    ]);
    assert.deepEqual(parseFormParameters('', true), []);
  });

  it('splits at the first "=" only', () => {
    assert.deepEqual(parseFormParameters('a==b=', true), [['a', '%3Db%3D']]);
  });

  it('returns undefined for a malformed escape when strict', () => {
    assert.equal(parseFormParameters('a=%zz', true), undefined);
    assert.deepEqual(parseFormParameters('a=%zz', false), [['a', '%25zz']]);
  });
});

describe('normalizeParameters (RFC 5849 §3.4.1.3.2)', () => {
  // oauth.net wiki TestCases "Normalize Request Parameters".
  it('emits name= for an empty value', () => {
    assert.equal(normalizeParameters([['name', '']]), 'name=');
  });

  it('sorts by name, then value', () => {
    assert.equal(
      normalizeParameters([
        ['a', 'b'],
        ['c', 'd'],
      ]),
      'a=b&c=d',
    );
    assert.equal(
      normalizeParameters([
        ['c', 'd'],
        ['a', 'b'],
      ]),
      'a=b&c=d',
    );
  });

  it('sorts the same name by encoded value', () => {
    assert.equal(
      normalizeParameters([
        ['a', 'x!y'],
        ['a', 'x y'],
      ]),
      'a=x%20y&a=x%21y',
    );
  });

  it('sorts by encoded name', () => {
    assert.equal(
      normalizeParameters([
        ['x!y', 'a'],
        ['x', 'a'],
      ]),
      'x=a&x%21y=a',
    );
  });

  it('sorts after encoding, by bytes: upper case first, c%40 before c2, 10 before 9', () => {
    assert.equal(
      normalizeParameters([
        ['c2', ''],
        ['c@', ''],
        ['a', '1'],
        ['B', '2'],
        ['a', '10'],
        ['a', '9'],
        ['a', ''],
      ]),
      'B=2&a=&a=1&a=10&a=9&c%40=&c2=',
    );
  });

  it('sorts by name before value, not by the joined "name=value" string', () => {
    // "a=" < "a1" as names a < a1, though "a=z" > "a1=" as joined strings ("=" > "1").
    assert.equal(
      normalizeParameters([
        ['a1', ''],
        ['a', 'z'],
      ]),
      'a=z&a1=',
    );
  });

  it('rejects anything but string pairs', () => {
    assert.throws(() => normalizeParameters([['a']] as unknown as [string, string][]), {
      code: 'ERR_INVALID_ARG_TYPE',
    });
    assert.throws(() => normalizeParameters('a=b' as unknown as [string, string][]), {
      code: 'ERR_INVALID_ARG_TYPE',
    });
  });
});

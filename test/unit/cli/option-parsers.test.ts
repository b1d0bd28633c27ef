import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDurationMs, parsePositiveInteger } from '../../../src/cli/option-parsers.js';

describe('parsePositiveInteger', () => {
  it('accepts positive integers and refuses anything else', () => {
    assert.equal(parsePositiveInteger('20'), 20);
    for (const bad of ['0', '-1', '1.5', '1e3', 'ten', '', '99999999999999999999']) {
      assert.throws(() => parsePositiveInteger(bad), {
        code: 'commander.invalidArgument',
        message: 'must be a positive integer.',
      });
    }
  });
});

describe('parseDurationMs', () => {
  it('reads seconds, or a number with a unit', () => {
    assert.equal(parseDurationMs('90'), 90_000);
    assert.equal(parseDurationMs('2.5'), 2500);
    assert.equal(parseDurationMs('500ms'), 500);
    assert.equal(parseDurationMs('30s'), 30_000);
    assert.equal(parseDurationMs('5m'), 300_000);
    assert.equal(parseDurationMs('1h'), 3_600_000);
  });

  it('refuses zero, negatives and unknown units', () => {
    for (const bad of ['0', '0s', '-5', '5d', 's', '', '1.s']) {
      assert.throws(() => parseDurationMs(bad), {
        message: 'must be a positive duration such as 30, 30s, 5m or 1h.',
      });
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCreatedAt } from '../../../src/world/created-at.js';
import { hashKey } from '../../../src/world/random.js';

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The reference rendering, through Date. */
function viaDate(timeMs: number): string {
  const date = new Date(timeMs);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return (
    `${weekdays[date.getUTCDay()] ?? ''} ${months[date.getUTCMonth()] ?? ''} ${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000 ` +
    `${date.getUTCFullYear()}`
  );
}

describe('created_at', () => {
  it('renders the v1.1 format, e.g. "Wed Oct 10 20:19:24 +0000 2018"', () => {
    assert.equal(
      formatCreatedAt(Date.UTC(2018, 9, 10, 20, 19, 24, 999)),
      'Wed Oct 10 20:19:24 +0000 2018',
    );
  });

  it('agrees with Date for 20,000 times from 2006 to 2078, leap days included', () => {
    assert.equal(
      formatCreatedAt(Date.UTC(2024, 1, 29, 23, 59, 59)),
      'Thu Feb 29 23:59:59 +0000 2024',
    );
    for (let key = 0; key < 20_000; key++) {
      const timeMs = Date.UTC(2006, 0, 1) + (hashKey(3, 3, key) / 2 ** 32) * 2.3e12;
      assert.equal(formatCreatedAt(timeMs), viaDate(timeMs));
    }
  });
});

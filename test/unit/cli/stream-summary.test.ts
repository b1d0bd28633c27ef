import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeStream } from '../../../src/cli/stream-summary.js';
import { createTerminalStyle } from '../../../src/cli/terminal-style.js';
import type { MessageKind } from '../../../src/messages/types.js';
import { StreamStatsRecorder } from '../../../src/stream/stream-stats.js';

const style = createTerminalStyle(false);

/** Delivered counts: zero for every kind the client counts, then the given ones. */
function delivered(counts: Partial<Record<MessageKind, number>>): Record<MessageKind, number> {
  return { ...new StreamStatsRecorder().snapshot(0).messages, ...counts };
}

const printed = { stored: 0, duplicates: 0, compliance: 0, skipped: {} };

describe('summarizeStream', () => {
  it('counts what was delivered, by kind, with the time and reconnects', () => {
    const stats = new StreamStatsRecorder().snapshot(0);
    assert.equal(
      summarizeStream({
        delivered: delivered({ tweet: 1180, delete: 22, limit: 1, malformed: 1 }),
        stats: { ...stats, reconnects: 1 },
        console: printed,
        elapsedMs: 21_340,
        interrupted: false,
        style,
      }),
      '■ stopped: 1,204 messages in 21.3 s (1,180 tweets, 22 deletes, 1 limit notice, 1 malformed message) · 1 reconnect',
    );
  });

  it('says interrupted, and reports what the console did not print', () => {
    const stats = new StreamStatsRecorder().snapshot(0);
    assert.equal(
      summarizeStream({
        delivered: delivered({ tweet: 1 }),
        stats: { ...stats, reconnects: 2, oversized: 1, truncated: 3 },
        console: { ...printed, duplicates: 4 },
        elapsedMs: 50,
        interrupted: true,
        style,
      }),
      '■ interrupted: 1 message in 0.1 s (1 tweet) · 2 reconnects · 4 re-sent tweets not printed again · 1 oversized skipped · 3 cut off by a disconnect',
    );
  });
});

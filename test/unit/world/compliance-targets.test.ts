import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorld, snowflakeTimeMs, type WorldEvent } from '../../../src/world/index.js';

/** Statuses referred to by more than one notice of a kind, among `events`. */
function repeatedTargets(events: Iterable<WorldEvent>, endIndex: number): number {
  const seen = new Set<string>();
  let repeated = 0;
  for (const event of events) {
    if (event.index >= endIndex) break;
    if (event.kind !== 'delete' || event.statusId === undefined) continue;
    if (seen.has(event.statusId)) repeated += 1;
    seen.add(event.statusId);
  }
  return repeated;
}

describe('compliance notice targets', () => {
  it('no two firehose deletes refer to the same tweet, even at ten times the delete share', () => {
    // Deletes used to take the first tweet at or after a drawn time, so two deletes whose times
    // fell in one millisecond repeated a notice: 4 times in the first 100,000 events of seed 1.
    const world = createWorld({ seed: 1, shares: { delete: 0.3, deleteBeforeTweet: 0.2 } });
    let early = 0;
    const counted = (function* (): Generator<WorldEvent> {
      for (const event of world.events(0)) {
        if (event.kind === 'delete' && snowflakeTimeMs(event.statusId ?? '0') > event.timestampMs) {
          early += 1;
        }
        yield event;
      }
    })();
    assert.equal(repeatedTargets(counted, 20_000), 0);
    assert.ok(early > 500, `deletes before their tweet: ${early}`);
  });

  it('a sampled delete can refer to any tweet of the sample window, not only the first', () => {
    // Pinned to the first tweet of the window, one sampled delete in five repeated an earlier one.
    const world = createWorld({ seed: 5, eventsPerSecond: 2000, shares: { delete: 0.3 } });
    let deletes = 0;
    const counted = (function* (): Generator<WorldEvent> {
      for (const event of world.sampleEvents(0)) {
        if (event.kind === 'delete') deletes += 1;
        yield event;
      }
    })();
    const repeated = repeatedTargets(counted, 200_000);
    assert.ok(deletes > 500, `deletes: ${deletes}`);
    assert.ok(repeated <= deletes / 100, `${repeated} of ${deletes} sampled deletes repeat`);
  });
});

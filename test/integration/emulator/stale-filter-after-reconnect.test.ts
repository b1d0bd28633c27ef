/**
 * Regression: on a filter stream with `track=the`, after an earlier connection with the same
 * token, the first Tweets took 15 s to over 60 s to arrive while the emulator burned CPU. The paced
 * firehose (the whole firehose generated and matched while a filter is open) had fallen behind
 * the clock, and nothing bounded the lag: it only caught up at full CPU, and the new connection
 * (which took over the same token while the old one was still subscribed) was fed the backlog
 * first. Now the firehose never trails the clock by more than `maxLagMs`: it skips ahead and
 * counts what it skipped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEmulator } from '../../../src/emulator/index.js';
import { maxLagMs } from '../../../src/emulator/stream/stream-hub.js';
import { fixtureSigner, openStream } from './support/client.js';
import { ManualClock } from './support/clock.js';

describe('a paced filter stream after the firehose fell behind', () => {
  it('a new connection with the same token gets current Tweets, and a minute of lag is skipped, not caught up', async (t) => {
    const clock = new ManualClock();
    const rate = 2000;
    const emulator = await startEmulator({ seed: 3, rate, now: clock.read, filterShare: 1 });
    t.after(() => emulator.close());
    const url = `${emulator.url}/1.1/statuses/filter.json?track=the`;
    const options = { signer: fixtureSigner(emulator), sign: { now: clock.read } };
    const first = await openStream(url, options);
    t.after(() => {
      first.destroy();
    });
    await clock.advance(emulator, 1000);
    await first.until(() => first.messages().length > 0, 10_000, 'a first Tweet');

    // The clock runs a minute ahead of what the firehose produced (a machine too slow for
    // the rate, or a suspended process): ~120,000 events at 2,000/s. Only the last maxLagMs of
    // them may be generated (with the daily cycle's margin); the rest are skipped.
    const before = emulator.stats().firehose;
    await clock.advance(emulator, 60_000);
    const after = emulator.stats().firehose;
    const skipped = after.eventsSkipped - before.eventsSkipped;
    const generated = after.eventsProduced - before.eventsProduced - skipped;
    assert.ok(skipped > 90_000, `only ${skipped} events skipped`);
    assert.ok(
      generated < 3 * rate * (maxLagMs / 1000 + 1),
      `${generated} events generated to catch up: the backlog was not skipped`,
    );

    const openedAt = clock.read();
    const second = await openStream(url, options);
    t.after(() => {
      second.destroy();
    });
    assert.equal(second.response.statusCode, 200);
    await clock.advance(emulator, 1000);
    await second.until(() => second.messages().length > 0, 10_000, 'a Tweet on the new connection');
    const tweet = second.messages()[0] as { timestamp_ms: string };
    assert.ok(
      Number(tweet.timestamp_ms) >= openedAt - maxLagMs,
      `the first Tweet is ${openedAt - Number(tweet.timestamp_ms)} ms older than the connection`,
    );
    await first.closed();
    assert.equal(emulator.stats().connections[0]?.closeReason, 'disconnect:7');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorld, type WorldEvent } from '../../../src/world/index.js';
import { checkMessage } from './check-message.js';

function take(iterator: Iterable<WorldEvent>, count: number): WorldEvent[] {
  const events: WorldEvent[] = [];
  for (const event of iterator) {
    events.push(event);
    if (events.length >= count) break;
  }
  return events;
}

describe('world messages', () => {
  const world = createWorld({ seed: 42 });
  const events = take(world.events(), 12_000);

  it('every one of 12,000 events keeps every documented invariant', () => {
    for (const event of events) checkMessage(event);
  });

  it('covers every kind: originals, replies, quotes, retweets and each compliance notice', () => {
    const kinds = new Set<string>(events.map((event) => event.tweetKind ?? event.kind));
    for (const kind of ['original', 'reply', 'quote', 'retweet', 'delete']) {
      assert.ok(kinds.has(kind), `has ${kind}`);
    }
    const rare = createWorld({
      seed: 42,
      shares: { scrubGeo: 0.05, statusWithheld: 0.05, userWithheld: 0.05 },
    });
    const rareEvents = take(rare.events(), 2000);
    for (const event of rareEvents) checkMessage(event);
    const rareKinds = new Set<string>(rareEvents.map((event) => event.kind));
    for (const kind of ['scrub_geo', 'status_withheld', 'user_withheld']) {
      assert.ok(rareKinds.has(kind), `has ${kind}`);
    }
  });

  it('exercises the hard cases: long tweets, media, geo, emoji, HTML escapes, retweets of quotes', () => {
    const tweets = events.flatMap((event) => (event.tweet === undefined ? [] : [event.tweet]));
    assert.ok(
      tweets.some((tweet) => tweet.truncated),
      'a truncated tweet',
    );
    assert.ok(
      tweets.some((tweet) => tweet.retweeted_status?.truncated === true),
      'RT of a long tweet',
    );
    assert.ok(
      tweets.some((tweet) => (tweet.extended_entities?.media.length ?? 0) > 1),
      'several photos',
    );
    assert.ok(
      tweets.some((tweet) => tweet.coordinates !== null),
      'exact coordinates',
    );
    assert.ok(
      tweets.some((tweet) => tweet.coordinates === null && tweet.place !== null),
      'place only',
    );
    assert.ok(
      tweets.some((tweet) => /[\u{1F300}-\u{1FAFF}]/u.test(tweet.text)),
      'astral emoji',
    );
    assert.ok(
      tweets.some((tweet) => tweet.text.includes('&amp;')),
      'HTML-escaped ampersand',
    );
    assert.ok(
      tweets.some((tweet) => tweet.retweeted_status?.is_quote_status === true),
      'RT of a quote',
    );
    assert.ok(
      tweets.some((tweet) => tweet.entities.symbols.length > 0),
      'a cashtag',
    );
  });

  it('counts entity indices in code points: an emoji before an entity counts once', () => {
    const tweet = events
      .flatMap((event) => (event.tweet === undefined ? [] : [event.tweet]))
      .find((candidate) => {
        const first = candidate.entities.hashtags[0];
        if (first === undefined) return false;
        const before = Array.from(candidate.text).slice(0, first.indices[0]).join('');
        return /[\u{10000}-\u{10FFFF}]/u.test(before);
      });
    assert.ok(tweet !== undefined, 'a tweet with an astral emoji before a hashtag');
    const hashtag = tweet.entities.hashtags[0];
    assert.ok(hashtag !== undefined);
    const [start, end] = hashtag.indices;
    assert.equal(Array.from(tweet.text).slice(start, end).join(''), `#${hashtag.text}`);
    assert.notEqual(
      tweet.text.slice(start, end),
      `#${hashtag.text}`,
      'UTF-16 offsets would be wrong',
    );
  });
});

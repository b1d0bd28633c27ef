/**
 * The documented `track` examples ("Standard stream parameters", heading "track", as copied in
 * emulator-anchors.md §3.2) as golden tests, plus the rules stated around them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  collectTrackTokens,
  matchesTrack,
  splitTrackPhrases,
  toTrackPhrases,
} from '../../../../src/emulator/filter/track.js';
import { buildTweet, type TweetParts } from '../support/build-tweet.js';

function matches(track: string, tweet: string | TweetParts): boolean {
  const parts = typeof tweet === 'string' ? { text: tweet } : tweet;
  return matchesTrack(
    toTrackPhrases(splitTrackPhrases(track)),
    collectTrackTokens(buildTweet(parts)),
  );
}

const documentedExamples: readonly {
  track: string;
  matches: readonly string[];
  doesNotMatch: readonly string[];
}[] = [
  {
    track: 'Twitter',
    matches: [
      'TWITTER',
      'twitter',
      '"Twitter"',
      'twitter.',
      '#twitter',
      '@twitter',
      'http://twitter.com',
    ],
    doesNotMatch: ['TwitterTracker', '#newtwitter'],
  },
  {
    track: "Twitter's",
    matches: ["I like Twitter's new design"],
    doesNotMatch: ["Someday I'd like to visit @Twitter's office"],
  },
  {
    track: 'twitter api,twitter streaming',
    matches: [
      'The Twitter API is awesome',
      'The twitter streaming service is fast',
      'Twitter has a streaming API',
    ],
    doesNotMatch: ["I'm new to Twitter"],
  },
  {
    track: 'example.com',
    matches: ['Someday I will visit example.com'],
    doesNotMatch: ['There is no example.com/foobarbaz'],
  },
  {
    track: 'example.com/foobarbaz',
    matches: ['example.com/foobarbaz', 'www.example.com/foobarbaz'],
    doesNotMatch: ['example.com'],
  },
  {
    track: 'www.example.com/foobarbaz',
    matches: [],
    doesNotMatch: ['www.example.com/foobarbaz'],
  },
  {
    track: 'example com',
    matches: [
      'example.com',
      'www.example.com',
      'foo.example.com',
      'foo.example.com/bar',
      'I hope my startup isn’t just another example of a dot com boom!',
    ],
    doesNotMatch: [],
  },
];

describe('track: the documented examples table', () => {
  for (const example of documentedExamples) {
    for (const text of example.matches) {
      it(`${example.track} matches ${JSON.stringify(text)}`, () => {
        assert.equal(matches(example.track, text), true);
      });
    }
    for (const text of example.doesNotMatch) {
      it(`${example.track} does not match ${JSON.stringify(text)}`, () => {
        assert.equal(matches(example.track, text), false);
      });
    }
  }
});

describe('track: the rules around the table', () => {
  it('punctuation in a term is part of it; punctuation in the Tweet is ignored', () => {
    assert.equal(matches('hello', 'my brother says hello.'), true);
    assert.equal(matches('hello', 'hello world'), true);
    assert.equal(matches('hello.', 'hello world'), false);
    assert.equal(matches('hello.', 'my brother says hello.'), true);
  });

  it('UTF-8 characters match exactly, ignoring case but not accents', () => {
    assert.equal(matches('touché', 'TOUCHÉ indeed'), true);
    assert.equal(matches('touché', 'touche indeed'), false);
  });

  it('hashtags and mentions match without their sigils (2010 AND announcement)', () => {
    for (const text of [
      'Listening to the @chirp talk on search',
      "I'm at Chirp talking about search!",
      'loving this search talk #chirp',
    ]) {
      assert.equal(matches('chirp search,chirp streaming', text), true, text);
    }
  });

  it('a term written with its sigil matches that hashtag or mention', () => {
    assert.equal(matches('#twitter', 'love #twitter'), true);
    assert.equal(matches('@twitter', 'hi @twitter'), true);
    assert.equal(matches('#twitter', 'love twitter'), false);
  });

  it('matches the expanded URL with or without its scheme, and display_url', () => {
    assert.equal(matches('http://example.com/a', 'see example.com/a'), true);
    assert.equal(matches('example.com/a', 'see https://www.example.com/a'), true);
    assert.equal(matches('example.com/a', 'see example.com/ab'), false);
  });

  it('matches a retweet and a quote on the status they embed', () => {
    const original = buildTweet({ text: 'the streaming API is fast' });
    const retweet = buildTweet({ text: 'RT @someone: the streaming…', retweetOf: original });
    const quote = buildTweet({ text: 'agreed', quoteOf: original });
    const phrases = toTrackPhrases(['api']);
    assert.equal(matchesTrack(phrases, collectTrackTokens(retweet)), true);
    assert.equal(matchesTrack(phrases, collectTrackTokens(quote)), true);
  });

  it('matches a truncated Tweet on its extended_tweet full_text', () => {
    const tweet = buildTweet({ text: 'the beginning of a long tweet…' });
    tweet.truncated = true;
    tweet.extended_tweet = {
      full_text: 'the beginning of a long tweet that ends with spritzer',
      display_text_range: [0, 52],
      entities: { hashtags: [], urls: [], user_mentions: [], symbols: [] },
    };
    assert.equal(matchesTrack(toTrackPhrases(['spritzer']), collectTrackTokens(tweet)), true);
  });

  it('does not match a t.co link by its own text', () => {
    assert.equal(matches('t.co', 'see example.com'), false);
    assert.equal(matches('tco', 'see example.com'), false);
  });
});

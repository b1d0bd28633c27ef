/**
 * The raw prefilter of filter streams: it may only rule out Tweets the full selection rejects
 * (checked over thousands of the world's Tweets and crafted edge cases), and it rules out most
 * Tweets for an ordinary term, which is what it is for.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRawPrefilter } from '../../../../src/emulator/filter/raw-prefilter.js';
import {
  parseStreamParameters,
  type StreamParameters,
} from '../../../../src/emulator/filter/stream-parameters.js';
import { createWorld, serialize, type Tweet } from '../../../../src/world/index.js';
import { buildTweet } from '../support/build-tweet.js';

function filter(query: string): StreamParameters {
  const parsed = parseStreamParameters('filter', new URLSearchParams(query));
  if (!parsed.ok) throw new Error(`refused: ${parsed.refusal.body}`);
  return parsed.parameters;
}

/** The world's first Tweets, raw and parsed. */
function worldTweets(count: number): { json: string; tweet: Tweet }[] {
  const world = createWorld({ seed: 4 });
  const tweets: { json: string; tweet: Tweet }[] = [];
  for (const event of world.events(0)) {
    if (event.kind !== 'tweet' || event.tweet === undefined) continue;
    tweets.push({ json: event.json, tweet: event.tweet });
    if (tweets.length >= count) break;
  }
  return tweets;
}

/** A track term for the first link in the Tweets: its URL without the scheme and `www.`. */
function linkTerm(tweets: readonly { tweet: Tweet }[]): string {
  const url = tweets.find(({ tweet }) => tweet.entities.urls.length > 0)?.tweet.entities.urls[0];
  return (url?.expanded_url ?? 'example.com/none').replace(/^https?:\/\/(?:www\.)?/u, '');
}

describe('compileRawPrefilter', () => {
  const tweets = worldTweets(3000);

  it('never rules out a Tweet the full selection accepts', () => {
    const queries = [
      'track=the',
      'track=a,rt',
      'track=love,happy%20day',
      'track=%23music',
      'track=@' + ((tweets[0]?.tweet.entities.user_mentions[0]?.screen_name ?? 'x') + ',news'),
      `track=${encodeURIComponent(linkTerm(tweets))}`,
      'track=hello.,great',
      `follow=${tweets[1]?.tweet.user.id_str ?? '1'},${tweets[2]?.tweet.user.id_str ?? '2'}`,
      `track=coffee&follow=${tweets[5]?.tweet.user.id_str ?? '5'}`,
      'track=the&language=en&filter_level=low',
    ];
    for (const query of queries) {
      const parameters = filter(query);
      assert.ok(parameters.mayMatch, `${query}: a prefilter`);
      let ruledOut = 0;
      let accepted = 0;
      for (const { json, tweet } of tweets) {
        const selected = parameters.selects(tweet);
        if (selected) accepted += 1;
        if (!parameters.mayMatch(json)) {
          ruledOut += 1;
          assert.equal(selected, false, `${query}: ruled out a match: ${tweet.id_str}`);
        }
      }
      assert.ok(accepted > 0, `${query}: no Tweet matched, the check proves nothing`);
      assert.ok(ruledOut > 0, `${query}: nothing ruled out`);
    }
  });

  it('passes the Tweets whose text lower-cases into ASCII: U+0130 and the Kelvin sign', () => {
    const kelvin = buildTweet({ text: 'it is 300 \u212A outside' });
    const dotted = buildTweet({ text: '\u0130stanbul today' });
    const cases: [string, Tweet][] = [
      ['track=300%20k', kelvin],
      [`track=${encodeURIComponent('i\u0307stanbul')}`, dotted],
    ];
    for (const [query, tweet] of cases) {
      const parameters = filter(query);
      assert.equal(parameters.selects(tweet), true, `${query} matches in full`);
      assert.equal(parameters.mayMatch?.(serialize(tweet)), true, `${query} passes the prefilter`);
    }
  });

  it('rules out nearly every Tweet for an ordinary term and for followed ids', () => {
    const parameters = filter('track=spritzer&follow=783214');
    const ruledOut = tweets.filter(({ json }) => parameters.mayMatch?.(json) === false).length;
    assert.ok(ruledOut > tweets.length * 0.95, `only ${ruledOut} of ${tweets.length} ruled out`);
  });

  it('looks for track terms only where tokens come from, not in profiles or key names', () => {
    const tweet = buildTweet({ text: 'nothing to see', screenName: 'someone' });
    const profiled = {
      ...tweet,
      user: { ...tweet.user, name: 'The Other', description: 'the best of them all' },
    };
    const json = serialize(profiled);
    assert.equal(filter('track=the').mayMatch?.(json), false, 'the profile holds "the"');
    assert.equal(filter('track=a').mayMatch?.(json), false, 'key names hold "a"');
    assert.equal(filter('track=see').mayMatch?.(json), true, 'the text holds "see"');
    assert.equal(filter('track=someone').mayMatch?.(json), true, 'a screen name passes');
    // For a common word about half of the world's Tweets are ruled out (the whole JSON: ~20 %).
    const parameters = filter('track=the');
    const ruledOut = tweets.filter(({ json: raw }) => parameters.mayMatch?.(raw) === false).length;
    assert.ok(ruledOut > tweets.length * 0.4, `only ${ruledOut} of ${tweets.length} ruled out`);
  });

  it('has nothing to offer for locations or a phrase without ASCII word characters', () => {
    assert.equal(compileRawPrefilter({ locations: [], filterLevel: 'none' }), undefined);
    assert.equal(filter('track=%E6%97%A5%E6%9C%AC').mayMatch, undefined);
    assert.equal(filter('locations=-122.75,36.8,-121.75,37.8').mayMatch, undefined);
  });
});

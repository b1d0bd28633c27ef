import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createWorld } from '../../../src/world/index.js';

interface CaptureCase {
  readonly name: string;
  readonly id: string;
  readonly created_at?: string;
  readonly full_text: string;
  readonly text_before_link: string;
  readonly link_indices: [number, number];
  readonly display_text_range?: [number, number];
  readonly extended_display_text_range?: [number, number];
  readonly hashtags: [string, [number, number]][];
  readonly extended_hashtags?: [string, [number, number]][];
  readonly extended_url_indices?: [number, number][];
}

const vectors = JSON.parse(
  readFileSync(new URL('../../vectors/tweet-captures.json', import.meta.url), 'utf8'),
) as { source: string; cases: CaptureCase[] };

describe('long tweets against stream captures (test/vectors/tweet-captures.json)', () => {
  const world = createWorld({ seed: 1 });
  const author = world.makeUser({
    id: '2244994945',
    screenName: 'TwitterDev',
    name: 'Twitter Dev',
  });

  for (const vector of vectors.cases) {
    it(vector.name, () => {
      const { tweet } = world.composeTweet({ user: author, id: vector.id, text: vector.full_text });
      if (vector.created_at !== undefined) assert.equal(tweet.created_at, vector.created_at);
      assert.equal(tweet.truncated, true);
      assert.ok(tweet.text.startsWith(vector.text_before_link), tweet.text);
      assert.match(tweet.text.slice(vector.text_before_link.length), /^https:\/\/t\.co\/\w{10}$/);
      const link = tweet.entities.urls[tweet.entities.urls.length - 1];
      assert.deepEqual(link?.indices, vector.link_indices);
      assert.equal(link.expanded_url, `https://twitter.com/i/web/status/${vector.id}`);
      if (vector.display_text_range !== undefined) {
        assert.deepEqual(tweet.display_text_range, vector.display_text_range);
      }
      assert.deepEqual(
        tweet.entities.hashtags.map((hashtag) => [hashtag.text, hashtag.indices]),
        vector.hashtags,
      );
      const extended = tweet.extended_tweet;
      assert.ok(extended !== undefined);
      // The same text, HTML-escaped, with its links re-wrapped in new t.co codes.
      const maskLinks = (text: string): string => text.replace(/https:\/\/t\.co\/\w{10}/g, 't.co');
      assert.equal(
        maskLinks(extended.full_text),
        maskLinks(vector.full_text.replace(/&/g, '&amp;')),
      );
      if (vector.extended_display_text_range !== undefined) {
        assert.deepEqual(extended.display_text_range, vector.extended_display_text_range);
      }
      if (vector.extended_hashtags !== undefined) {
        assert.deepEqual(
          extended.entities.hashtags.map((hashtag) => [hashtag.text, hashtag.indices]),
          vector.extended_hashtags,
        );
      }
      if (vector.extended_url_indices !== undefined) {
        assert.deepEqual(
          extended.entities.urls.map((url) => url.indices),
          vector.extended_url_indices,
        );
      }
    });
  }
});

/**
 * `follow` and `locations` as documented in "Standard stream parameters" (headings "follow" and
 * "locations"): what each includes and, as importantly, what each leaves out.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchesFollow } from '../../../../src/emulator/filter/follow.js';
import { matchesLocations, type BoundingBox } from '../../../../src/emulator/filter/locations.js';
import { buildTweet } from '../support/build-tweet.js';

const followed = new Set(['6253282']);
const api = { userId: '6253282', screenName: 'twitterapi' };

describe('follow', () => {
  it('includes Tweets created by the user', () => {
    assert.equal(matchesFollow(followed, buildTweet({ text: 'hello', ...api })), true);
  });

  it('includes Tweets retweeted by the user and retweets of the user’s Tweets', () => {
    const other = buildTweet({ text: 'news', userId: '1', screenName: 'other' });
    const byUser = buildTweet({ text: 'RT @other: news', ...api, retweetOf: other });
    assert.equal(matchesFollow(followed, byUser), true);
    const original = buildTweet({ text: 'news', ...api });
    const ofUser = buildTweet({ text: 'RT @twitterapi: news', userId: '2', retweetOf: original });
    assert.equal(matchesFollow(followed, ofUser), true);
  });

  it('includes replies to the user and manual replies', () => {
    const reply = buildTweet({
      text: '@twitterapi thanks',
      userId: '3',
      inReplyToUserId: '6253282',
      inReplyToStatusId: '77',
      mentionIds: { twitterapi: '6253282' },
    });
    assert.equal(matchesFollow(followed, reply), true);
    const manual = buildTweet({
      text: '@twitterapi I agree',
      userId: '3',
      mentionIds: { twitterapi: '6253282' },
    });
    assert.equal(matchesFollow(followed, manual), true);
  });

  it('excludes mentions, manual retweets and protected users', () => {
    const mention = buildTweet({
      text: 'Hello @twitterapi!',
      userId: '3',
      mentionIds: { twitterapi: '6253282' },
    });
    assert.equal(matchesFollow(followed, mention), false);
    const manualRetweet = buildTweet({
      text: 'RT @twitterapi The API is great',
      userId: '3',
      mentionIds: { twitterapi: '6253282' },
    });
    assert.equal(matchesFollow(followed, manualRetweet), false);
    const hidden = buildTweet({ text: 'secret', ...api, protected: true });
    assert.equal(matchesFollow(followed, hidden), false);
  });
});

describe('locations', () => {
  const sanFrancisco: BoundingBox = { swLon: -122.75, swLat: 36.8, neLon: -121.75, neLat: 37.8 };
  const newYork: BoundingBox = { swLon: -74, swLat: 40, neLon: -73, neLat: 41 };

  it('tests coordinates (longitude first) against every box', () => {
    const inside = buildTweet({ text: 'x', coordinates: [-122.4, 37.7] });
    assert.equal(matchesLocations([sanFrancisco], inside), true);
    assert.equal(matchesLocations([newYork], inside), false);
    assert.equal(matchesLocations([newYork, sanFrancisco], inside), true);
    const swapped = buildTweet({ text: 'x', coordinates: [37.7, -122.4] });
    assert.equal(matchesLocations([sanFrancisco], swapped), false);
  });

  it('uses coordinates first, even when the place overlaps', () => {
    const tweet = buildTweet({
      text: 'x',
      coordinates: [-73.5, 40.5],
      placeBox: [-123, 37, -122, 38],
    });
    assert.equal(matchesLocations([sanFrancisco], tweet), false);
  });

  it('matches a place whose bounding box merely overlaps', () => {
    const tweet = buildTweet({ text: 'x', placeBox: [-121.9, 37.7, -120, 39] });
    assert.equal(matchesLocations([sanFrancisco], tweet), true);
    const apart = buildTweet({ text: 'x', placeBox: [-120, 37.7, -119, 39] });
    assert.equal(matchesLocations([sanFrancisco], apart), false);
  });

  it('never matches native retweets, nor Tweets with neither coordinates nor place', () => {
    const original = buildTweet({ text: 'x', coordinates: [-122.4, 37.7] });
    const retweet = buildTweet({ text: 'RT x', retweetOf: original, coordinates: [-122.4, 37.7] });
    assert.equal(matchesLocations([sanFrancisco], retweet), false);
    assert.equal(matchesLocations([sanFrancisco], buildTweet({ text: 'x' })), false);
  });
});

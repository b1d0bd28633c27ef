import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Tweet } from '../../../src/messages/tweet.js';
import { embeddedGeoCopies, GeoScrubs } from '../../../src/sinks/geo-scrubs.js';
import { tweetMessage, type TweetSpec } from './fixtures.js';

function tweet(spec: TweetSpec): Tweet {
  const message = tweetMessage(spec);
  assert.equal(message.kind, 'tweet');
  return message.data;
}

describe('embeddedGeoCopies', () => {
  it('finds the copies with geo at every depth, named by path, id and author', () => {
    const copies = embeddedGeoCopies(
      tweet({
        id: '100',
        userId: '2',
        point: [1, 2],
        retweeted: {
          id: '90',
          userId: '3',
          placeId: 'p',
          quoted: { id: '80', userId: '1', point: [3, 4] },
        },
      }),
    );
    assert.deepEqual(copies, [
      { path: 'retweeted_status', id: '90', userId: '3' },
      { path: 'retweeted_status.quoted_status', id: '80', userId: '1' },
    ]);
  });

  it('leaves out copies without geo, and a tweet that embeds nothing has none', () => {
    assert.deepEqual(
      embeddedGeoCopies(
        tweet({ id: '100', quoted: { id: '90', retweeted: { id: '80', point: [1, 2] } } }),
      ),
      [{ path: 'quoted_status.retweeted_status', id: '80', userId: '1001' }],
    );
    assert.deepEqual(embeddedGeoCopies(tweet({ id: '100', point: [1, 2] })), []);
  });

  it('skips an embedded object without id_str or user (a truncated copy)', () => {
    // tweetMessage's retweetOf writes a copy with id_str and user but no geo fields at all.
    assert.deepEqual(embeddedGeoCopies(tweet({ id: '100', retweetOf: '90' })), []);
    const bare = { ...tweet({ id: '100' }), quoted_status: { geo: null, place: {} } };
    assert.deepEqual(embeddedGeoCopies(bare as unknown as Tweet), []);
  });
});

describe('GeoScrubs', () => {
  it('covers a user’s ids up to and including the highest notice, exactly for 64-bit ids', () => {
    const scrubs = new GeoScrubs();
    scrubs.load('1', '9007199254740993');
    assert.equal(scrubs.covers('1', '9007199254740993'), true);
    assert.equal(scrubs.covers('1', '9007199254740994'), false);
    assert.equal(scrubs.covers('1', '999'), true);
    assert.equal(scrubs.covers('2', '1'), false);
  });

  it('counts a batch’s notices at once, keeps them on commit and forgets them on discard', () => {
    const scrubs = new GeoScrubs();
    scrubs.load('1', '50');
    scrubs.add('1', '40');
    assert.equal(scrubs.covers('1', '50'), true, 'a lower notice does not lower the mark');
    scrubs.add('1', '70');
    scrubs.add('2', '10');
    assert.equal(scrubs.covers('1', '70'), true);
    scrubs.discard();
    assert.equal(scrubs.covers('1', '70'), false);
    assert.equal(scrubs.covers('2', '10'), false);
    scrubs.add('2', '10');
    scrubs.commit();
    scrubs.discard();
    assert.equal(scrubs.covers('2', '10'), true);
  });
});

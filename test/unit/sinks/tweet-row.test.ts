import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Tweet } from '../../../src/messages/tweet.js';
import {
  idAtMost,
  parseTwitterDate,
  snowflakeTime,
  toTweetRow,
  toUserRow,
} from '../../../src/sinks/tweet-row.js';
import { RecentIds } from '../../../src/sinks/recent-ids.js';
import {
  readExactInteger,
  toComplianceRecord,
  type ComplianceMessage,
} from '../../../src/sinks/compliance-record.js';
import { statusWithheldMessage, tweetMessage, userWithheldMessage } from './fixtures.js';

const tweetOf = (spec: Parameters<typeof tweetMessage>[0]): Tweet => {
  const message = tweetMessage(spec);
  assert.equal(message.kind, 'tweet');
  return message.data;
};

describe('tweet rows', () => {
  it('takes the columns from the v1.1 object, the whole text of a truncated tweet, geo in GeoJSON order', () => {
    const tweet = {
      ...tweetOf({ id: '5', point: [-122.4, 37.8], placeId: 'abc' }),
      truncated: true,
    };
    const row = toTweetRow({
      ...tweet,
      text: 'short…',
      extended_tweet: {
        full_text: 'the whole text',
        display_text_range: [0, 14],
        entities: tweet.entities,
      },
    });
    assert.equal(row.text, 'the whole text');
    assert.equal(row.longitude, -122.4);
    assert.equal(row.latitude, 37.8);
    assert.equal(row.placeId, 'abc');
    assert.equal(row.createdAt, '2026-01-01T00:00:01.000Z');
    assert.equal(toUserRow(tweet).createdAt, '2018-10-10T20:19:24.000Z');
    assert.equal(toUserRow(tweet).lastStatusId, '5');
  });

  it('parses created_at exactly, and other date forms through Date', () => {
    assert.equal(parseTwitterDate('Wed Oct 10 20:19:24 +0000 2018'), '2018-10-10T20:19:24.000Z');
    assert.equal(parseTwitterDate('Wed Oct 10 20:19:24 +0200 2018'), '2018-10-10T18:19:24.000Z');
    assert.throws(() => parseTwitterDate('yesterday'), {
      code: 'ERR_INVALID_ARG_VALUE',
      message: /is not a date: yesterday/,
    });
  });

  it('reads the time out of a snowflake id, and nothing out of an older id', () => {
    // The documented example: 1050118621198921728 was created Wed Oct 10 20:19:24 +0000 2018.
    assert.equal(snowflakeTime('1050118621198921728'), '2018-10-10T20:19:24.211Z');
    assert.equal(snowflakeTime('20'), null);
  });

  it('compares 64-bit decimal ids exactly', () => {
    assert.equal(idAtMost('9007199254740993', '9007199254740992'), false);
    assert.equal(idAtMost('9007199254740992', '9007199254740993'), true);
    assert.equal(idAtMost('999', '1000'), true);
    assert.equal(idAtMost('1000', '1000'), true);
  });
});

describe('recent ids', () => {
  it('remembers the last N ids and forgets the oldest first', () => {
    const ids = new RecentIds(2);
    assert.equal(ids.add('a'), true);
    assert.equal(ids.add('a'), false);
    ids.add('b');
    ids.add('c');
    assert.deepEqual([ids.has('a'), ids.has('b'), ids.has('c'), ids.size], [false, true, true, 2]);
    assert.throws(() => new RecentIds(0), { code: 'ERR_INVALID_ARG_VALUE' });
  });
});

describe('compliance records', () => {
  it('reads exact ids from withheld notices, which carry no id_str', () => {
    const status = toComplianceRecord(
      statusWithheldMessage('1234567890123456789', '9007199254740993', [
        'DE',
        'AR',
      ]) as ComplianceMessage,
    );
    assert.deepEqual(
      { key: status.key, statusId: status.statusId, userId: status.userId },
      {
        key: 'status_withheld:1234567890123456789:DE,AR',
        statusId: '1234567890123456789',
        userId: '9007199254740993',
      },
    );
    const user = toComplianceRecord(
      userWithheldMessage('9007199254740995', ['XY']) as ComplianceMessage,
    );
    assert.equal(user.userId, '9007199254740995');
    assert.equal(user.timestampMs, null);
    assert.equal(readExactInteger(Buffer.from('{"user_id":1,"id":22}'), 'id'), '22');
  });
});

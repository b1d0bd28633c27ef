/**
 * Messages a table store can never take, run against each real store. Each one used to fail its
 * whole batch; the spill journal then retried that batch forever and the stream paused for
 * good. Now each is stored in a documented degraded form, or rejected (counted, reported, never
 * retried) while the rest of its batch is stored.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { SpritzerError } from '../../../src/errors.js';
import { classifyMessage } from '../../../src/messages/classify.js';
import type { StreamMessage } from '../../../src/messages/types.js';
import { deleteMessage, tweetMessage } from '../../unit/sinks/fixtures.js';
import type { TableStore } from './table-sink-suite.js';

/** A message from its JSON text, classified as the stream classifies it. */
function message(json: string): StreamMessage {
  return classifyMessage(Buffer.from(json));
}

/** A test tweet with its JSON changed by `edit`. */
function editedTweet(id: string, edit: (tweet: Record<string, unknown>) => void): StreamMessage {
  const tweet = JSON.parse(tweetMessage({ id }).raw.toString('utf8')) as Record<string, unknown>;
  edit(tweet);
  const result = message(JSON.stringify(tweet));
  assert.equal(result.kind, 'tweet', 'the edited tweet is still a tweet to the classifier');
  return result;
}

function user(tweet: Record<string, unknown>): Record<string, unknown> {
  return tweet.user as Record<string, unknown>;
}

/** Tweets and notices that are valid JSON of their kind but do not fit the tables. */
const rejectedMessages: readonly {
  readonly name: string;
  readonly message: () => StreamMessage;
  /** A part of the rejection's message: the field and what was wrong. */
  readonly problem: string;
}[] = [
  {
    name: 'a tweet whose id_str is not decimal',
    message: () => editedTweet('11', (tweet) => (tweet.id_str = '12x')),
    problem: 'id_str is "12x", not a 64-bit decimal id',
  },
  {
    name: 'a tweet whose id_str is above 2^63 - 1',
    message: () => editedTweet('11', (tweet) => (tweet.id_str = '9223372036854775808')),
    problem: 'id_str is "9223372036854775808", not a 64-bit decimal id',
  },
  {
    name: 'a tweet without user.id_str',
    message: () => editedTweet('11', (tweet) => delete user(tweet).id_str),
    problem: 'user.id_str is missing, not a 64-bit decimal id',
  },
  {
    name: 'a tweet whose created_at is not a date',
    message: () => editedTweet('11', (tweet) => (tweet.created_at = 'yesterday')),
    problem: 'created_at is "yesterday", not a date',
  },
  {
    name: 'a tweet whose author has 3e9 followers (beyond a 32-bit integer)',
    message: () => editedTweet('11', (tweet) => (user(tweet).followers_count = 3e9)),
    problem: 'user.followers_count is not an integer from 0 to 2147483647',
  },
  {
    name: 'a tweet whose coordinates are strings',
    message: () =>
      editedTweet('11', (tweet) => (tweet.coordinates = { type: 'Point', coordinates: ['a', 1] })),
    problem: 'coordinates.coordinates is ["a",1], not [longitude, latitude]',
  },
  {
    name: 'a retweet whose retweeted_status.id_str is not decimal',
    message: () => editedTweet('11', (tweet) => (tweet.retweeted_status = { id_str: '-5' })),
    problem: 'retweeted_status.id_str is "-5", not a 64-bit decimal id',
  },
  {
    name: 'a delete notice whose status.id_str is not decimal',
    message: () => message('{"delete":{"status":{"id":1,"id_str":"one","user_id_str":"1001"}}}'),
    problem: 'status.id_str is "one", not a 64-bit decimal id',
  },
  {
    name: 'a scrub_geo notice whose up_to_status_id_str is not decimal',
    message: () => message('{"scrub_geo":{"user_id_str":"1001","up_to_status_id_str":"1e5"}}'),
    problem: 'up_to_status_id_str is "1e5", not a 64-bit decimal id',
  },
  {
    name: 'a status_withheld notice whose id is a huge number',
    message: () =>
      message(
        '{"status_withheld":{"id":123456789012345678901234567890,"user_id":1,"withheld_in_countries":["DE"]}}',
      ),
    problem: 'id is "123456789012345678901234567890", not a 64-bit decimal id',
  },
  {
    name: 'a user_withheld notice whose countries are not codes',
    message: () => message('{"user_withheld":{"id":1001,"withheld_in_countries":[7]}}'),
    problem: 'withheld_in_countries holds 7, not a two-letter country code',
  },
];

/** Registers the poison-message tests for one kind of table store. */
export function poisonMessageSuite(makeStore: () => Promise<TableStore>): void {
  const storedIds = async (store: TableStore): Promise<string[]> =>
    (
      await store.query(
        'SELECT CAST(id AS TEXT) AS id FROM tweets WHERE deleted_at IS NULL ORDER BY id',
      )
    ).map((row) => row.id as string);

  for (const rejected of rejectedMessages) {
    it(`rejects ${rejected.name}, counted and reported, and stores the rest of its batch`, async () => {
      const store = await makeStore();
      const rejections: SpritzerError[] = [];
      const sink = await store.open({ onRejected: (error) => rejections.push(error) });
      await sink.write([
        tweetMessage({ id: '10' }),
        rejected.message(),
        tweetMessage({ id: '12' }),
      ]);
      await sink.close();
      assert.deepEqual(await storedIds(store), ['10', '12']);
      assert.deepEqual(sink.counters().skipped, { invalid: 1 });
      assert.deepEqual(
        rejections.map((error) => error.code),
        ['ERR_SINK_MESSAGE_REJECTED'],
      );
      const text = rejections.map((error) => error.message).join('\n');
      assert.match(text, new RegExp(`${escape(rejected.problem)};`));
      assert.match(text, /rest of its batch is stored$/);
    });
  }

  it('tombstones a stored tweet on a delete without user_id_str (deletes=tombstone), and keeps the tweet out when it comes again', async () => {
    const store = await makeStore();
    const sink = await store.open({ deletes: 'tombstone' });
    const withoutUser = message(
      '{"delete":{"status":{"id":21,"id_str":"21"},"timestamp_ms":"1767225700000"}}',
    );
    const aheadWithoutUser = message('{"delete":{"status":{"id":23,"id_str":"23"}}}');
    await sink.write([tweetMessage({ id: '21' }), withoutUser, aheadWithoutUser]);
    await sink.write([tweetMessage({ id: '21' }), tweetMessage({ id: '22' })]);
    await sink.write([tweetMessage({ id: '23' })]);
    await sink.close();
    assert.deepEqual(await storedIds(store), ['22']);
    const tombstones = await store.query(
      `SELECT CAST(id AS TEXT) AS id, text, raw FROM tweets WHERE deleted_at IS NOT NULL`,
    );
    assert.deepEqual(tombstones, [{ id: '21', text: null, raw: null }]);
    assert.equal(sink.counters().compliance, 2);
    assert.deepEqual(sink.counters().skipped, { deleted: 2 });
  });

  it('applies a delete whose user_id_str is not decimal as one without a user', async () => {
    const store = await makeStore();
    const sink = await store.open({ deletes: 'tombstone' });
    await sink.write([
      tweetMessage({ id: '31' }),
      message('{"delete":{"status":{"id":31,"id_str":"31","user_id_str":"nobody"}}}'),
    ]);
    await sink.close();
    assert.deepEqual(await storedIds(store), []);
    const [logged] = await store.query(
      `SELECT key, CAST(user_id AS TEXT) AS user_id FROM compliance`,
    );
    assert.deepEqual(logged, { key: 'delete:31', user_id: null });
  });

  it('applies a delete notice holding JSON \\u0000, and logs it', async () => {
    const store = await makeStore();
    const sink = await store.open();
    await sink.write([
      tweetMessage({ id: '41' }),
      message(
        '{"delete":{"status":{"id":41,"id_str":"41","user_id_str":"1001"},"why":"a\\u0000b"}}',
      ),
      tweetMessage({ id: '42' }),
    ]);
    await sink.close();
    assert.deepEqual(await storedIds(store), ['42']);
    assert.equal(sink.counters().compliance, 1);
    const [logged] = await store.query(
      `SELECT ${store.rawField('delete.why')} AS why FROM compliance`,
    );
    // SQLite keeps the exact bytes; PostgreSQL's jsonb cannot hold NUL: U+FFFD stands for it.
    assert.ok(['"a\\u0000b"', '"a\ufffdb"'].includes(logged?.why as string), String(logged?.why));
  });

  it('records a notice whose timestamp_ms is beyond any date without its time', async () => {
    const store = await makeStore();
    const sink = await store.open();
    await sink.write([
      tweetMessage({ id: '51' }),
      deleteMessage('51'),
      message('{"delete":{"status":{"id":52,"id_str":"52"},"timestamp_ms":"99999999999999999"}}'),
    ]);
    await sink.close();
    const rows = await store.query(
      `SELECT key, notice_at IS NULL AS no_time FROM compliance ORDER BY key`,
    );
    assert.deepEqual(
      rows.map((row) => [row.key, Boolean(row.no_time)]),
      [
        ['delete:51', false],
        ['delete:52', true],
      ],
    );
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

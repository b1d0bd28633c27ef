/**
 * The guarantees of the table sinks (SQLite, PostgreSQL), run against each real store: the same
 * schema, so the same SQL checks both.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Sink, TableSinkOptions } from '../../../src/sinks/sink.js';
import {
  deleteMessage,
  limitMessage,
  malformedMessage,
  scrubGeoMessage,
  statusWithheldMessage,
  tweetMessage,
  tweetRun,
  userWithheldMessage,
  type TweetSpec,
} from '../../unit/sinks/fixtures.js';

/** One fresh store of a table sink. */
export interface TableStore {
  /** Opens a sink on this store (again, after close, to test restarts). */
  open(options?: Pick<TableSinkOptions, 'deletes' | 'onRejected'>): Promise<Sink>;
  /** Runs a query; ids come back as text when the SQL casts them. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /**
   * SQL giving a field of `raw` as JSON text (`null` for JSON null, SQL NULL when absent); a
   * dotted path reaches into embedded objects (`retweeted_status.coordinates`).
   */
  rawField(field: string): string;
}

/** Registers the guarantee tests for one kind of table store. */
export function tableSinkSuite(makeStore: () => Promise<TableStore>): void {
  const ids = async (store: TableStore, where = 'deleted_at IS NULL'): Promise<string[]> =>
    (await store.query(`SELECT CAST(id AS TEXT) AS id FROM tweets WHERE ${where} ORDER BY id`)).map(
      (row) => row.id as string,
    );

  it('stores the documented columns, the raw JSON and the author', async () => {
    const store = await makeStore();
    const sink = await store.open();
    const tweet = tweetMessage({
      id: '1234567890123456789',
      userId: '9223372036854775000',
      screenName: 'ada',
      lang: 'fr',
      text: 'bonjour',
      point: [2.35, 48.85],
      placeId: '09f6a7707f18e0b1',
      replyTo: '1234567890123456700',
      retweetOf: '1234567890123456000',
    });
    await sink.write([tweet]);
    await sink.close();
    const [row] =
      await store.query(`SELECT CAST(id AS TEXT) AS id, CAST(user_id AS TEXT) AS user_id,
        screen_name, lang, text, CAST(in_reply_to_status_id AS TEXT) AS reply,
        CAST(retweeted_status_id AS TEXT) AS retweet, longitude, latitude, place_id,
        ${store.rawField('id_str')} AS raw_id_str, ${store.rawField('id')} AS raw_id FROM tweets`);
    assert.deepEqual(
      { ...row },
      {
        id: '1234567890123456789',
        user_id: '9223372036854775000',
        screen_name: 'ada',
        lang: 'fr',
        text: 'bonjour',
        reply: '1234567890123456700',
        retweet: '1234567890123456000',
        longitude: 2.35,
        latitude: 48.85,
        place_id: '09f6a7707f18e0b1',
        raw_id_str: '"1234567890123456789"',
        raw_id: '1234567890123456789',
      },
    );
    const [created] = await store.query(`SELECT created_at FROM tweets`);
    assert.equal(asIso(created?.created_at), '2026-01-01T00:00:01.000Z');
    const [user] = await store.query(`SELECT CAST(id AS TEXT) AS id, screen_name,
        CAST(last_status_id AS TEXT) AS last FROM users`);
    assert.deepEqual(
      { ...user },
      { id: '9223372036854775000', screen_name: 'ada', last: '1234567890123456789' },
    );
  });

  it('takes writes that are not awaited one by one: each batch lands whole, in call order', async () => {
    // A library user may call write(batch) several times without awaiting it (the JSONL file
    // sink failed 295 of 300 such writes until it queued them). Each batch here deletes the
    // last tweet of the batch before it: in call order every tweet is stored, then deleted.
    const store = await makeStore();
    const sink = await store.open();
    const tweets = tweetRun(300, 3_000_000_000_000_000n);
    const batches = Array.from({ length: 30 }, (_, index) => {
      const previous = tweets[index * 10 - 1];
      return [
        ...(previous?.kind === 'tweet'
          ? [deleteMessage(previous.data.id_str, previous.data.user.id_str)]
          : []),
        ...tweets.slice(index * 10, index * 10 + 10),
      ];
    });
    const results = await Promise.allSettled(batches.map((batch) => sink.write(batch)));
    await sink.close();
    assert.deepEqual(
      results.filter((result) => result.status === 'rejected'),
      [],
    );
    assert.equal(sink.counters().stored, 300);
    assert.equal(sink.counters().compliance, 29);
    assert.deepEqual(sink.counters().skipped, {});
    assert.equal((await ids(store)).length, 271);
  });

  it('is idempotent by tweet id: re-sent tweets (same batch or a later one) are counted, not stored twice', async () => {
    const store = await makeStore();
    const sink = await store.open();
    const run = tweetRun(20);
    // A notice between them splits the batch into two runs of tweets.
    await sink.write([...run, limitMessage(1), ...run.slice(0, 5)]);
    await sink.write(run);
    await sink.close();
    assert.equal((await ids(store)).length, 20);
    assert.equal(sink.counters().stored, 20);
    assert.equal(sink.counters().duplicates, 25);
    assert.equal((await store.query('SELECT id FROM users')).length, 7);
  });

  it('removes a tweet on delete, and never stores a tweet whose delete came first (even after a restart)', async () => {
    const store = await makeStore();
    let sink = await store.open();
    await sink.write([
      tweetMessage({ id: '100' }),
      tweetMessage({ id: '101' }),
      deleteMessage('100'),
    ]);
    await sink.write([deleteMessage('200')]);
    await sink.close();
    sink = await store.open();
    await sink.write([
      tweetMessage({ id: '200' }),
      tweetMessage({ id: '100' }),
      tweetMessage({ id: '201' }),
    ]);
    await sink.close();
    assert.deepEqual(await ids(store, '1 = 1'), ['101', '201']);
    assert.deepEqual(sink.counters().skipped, { deleted: 2 });
    const deleted = await store.query(
      'SELECT CAST(id AS TEXT) AS id FROM deleted_tweets ORDER BY id',
    );
    assert.deepEqual(
      deleted.map((row) => row.id),
      ['100', '200'],
    );
  });

  it('tombstones on request: the row keeps id, author and deleted_at; text, geo and raw are cleared', async () => {
    const store = await makeStore();
    const sink = await store.open({ deletes: 'tombstone' });
    await sink.write([
      tweetMessage({ id: '1000000000000000', point: [1, 2] }),
      deleteMessage('1000000000000000'),
    ]);
    await sink.write([
      deleteMessage('1000000000000001', '77'),
      tweetMessage({ id: '1000000000000001' }),
    ]);
    await sink.close();
    const rows =
      await store.query(`SELECT CAST(id AS TEXT) AS id, CAST(user_id AS TEXT) AS user_id, text,
        raw, longitude, deleted_at, created_at FROM tweets ORDER BY id`);
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.equal(row.text, null);
      assert.equal(row.raw, null);
      assert.equal(row.longitude, null);
      assert.notEqual(row.deleted_at, null);
    }
    const early = rows[1];
    assert.ok(early);
    assert.equal(
      early.user_id,
      '77',
      'a tombstone made before the tweet keeps the notice’s author',
    );
    // A snowflake id carries its creation time: (id >> 22) + 1288834974657 ms.
    assert.equal(asIso(early.created_at), '2010-11-06T19:56:33.236Z');
    assert.deepEqual(await ids(store), []);
    assert.deepEqual(sink.counters().skipped, { deleted: 1 });
  });

  it('applies scrub_geo to the user’s tweets up to the id, in the columns and the raw JSON, and to later arrivals', async () => {
    const store = await makeStore();
    const sink = await store.open();
    const at = (id: string, userId: string) =>
      tweetMessage({ id, userId, point: [10, 20], placeId: 'p' });
    await sink.write([at('10', '1'), at('20', '1'), at('30', '1'), at('15', '2')]);
    await sink.write([scrubGeoMessage('1', '20')]);
    await sink.write([at('19', '1'), at('21', '1')]);
    await sink.close();
    const rows = await store.query(`SELECT CAST(id AS TEXT) AS id, longitude, place_id,
        ${store.rawField('coordinates')} AS coordinates, ${store.rawField('place')} AS place
        FROM tweets ORDER BY id`);
    const geo = Object.fromEntries(
      rows.map((row) => [
        row.id as string,
        row.longitude !== null &&
          row.place_id !== null &&
          row.coordinates !== 'null' &&
          row.place !== 'null',
      ]),
    );
    assert.deepEqual(geo, {
      '10': false,
      '15': true,
      '19': false,
      '20': false,
      '21': true,
      '30': true,
    });
  });

  it('applies scrub_geo to copies of the user’s tweets inside other stored tweets (retweets, quotes, a retweet of a quote), before and after the notice and across a restart', async () => {
    // Regression: a scrub_geo notice cleared the user's own rows but left the coordinates of
    // their tweets copied into other users' retweets and quotes in the raw JSON.
    const store = await makeStore();
    // Ids above 2^53, far enough apart that the fixtures' exact-digit fix-up tells them apart.
    const big = (n: number): string => String(1_300_000_000_000_000_007n + BigInt(n) * 1000n);
    const geo = { point: [10, 20], placeId: 'p' } as const;
    const own = (n: number): TweetSpec => ({ id: big(n), userId: '1', ...geo });
    let sink = await store.open();
    await sink.write([
      tweetMessage({ id: big(40), userId: '2', retweeted: own(10) }),
      tweetMessage({ id: big(41), userId: '3', ...geo, quoted: own(10) }),
      tweetMessage({
        id: big(42),
        userId: '2',
        retweeted: { id: big(35), userId: '3', ...geo, quoted: own(12) },
      }),
      tweetMessage({ id: big(43), userId: '4', retweeted: own(30) }),
    ]);
    await sink.close();
    sink = await store.open();
    await sink.write([scrubGeoMessage('1', big(20))]);
    await sink.write([
      tweetMessage({ id: big(50), userId: '5', retweeted: own(15) }),
      tweetMessage({ id: big(51), userId: '5', quoted: own(25) }),
    ]);
    await sink.close();
    const paths = [
      'coordinates',
      'retweeted_status.coordinates',
      'retweeted_status.place',
      'retweeted_status.geo',
      'quoted_status.coordinates',
      'quoted_status.place',
      'retweeted_status.quoted_status.coordinates',
      'retweeted_status.quoted_status.place',
    ];
    const rows = await store.query(
      `SELECT CAST(id AS TEXT) AS id, longitude, ${paths.map((path, index) => `${store.rawField(path)} AS p${index}`).join(', ')},
        ${store.rawField('retweeted_status.id')} AS copied_id FROM tweets ORDER BY id`,
    );
    const present = (value: unknown): boolean => value !== null && value !== 'null';
    const found = Object.fromEntries(
      rows.map((row) => [
        String((BigInt(row.id as string) - 1_300_000_000_000_000_007n) / 1000n),
        paths.filter((_, index) => present(row[`p${index}`])).join(' '),
      ]),
    );
    assert.deepEqual(found, {
      '40': '',
      '41': 'coordinates',
      '42': 'retweeted_status.coordinates retweeted_status.place retweeted_status.geo',
      '43': 'retweeted_status.coordinates retweeted_status.place retweeted_status.geo',
      '50': '',
      '51': 'quoted_status.coordinates quoted_status.place',
    });
    const retweet = rows.find((row) => row.id === big(40));
    assert.equal(retweet?.copied_id, big(10), 'the copy keeps its exact 64-bit id');
    assert.equal(retweet.longitude, null);
    assert.equal(
      rows.find((row) => row.id === big(41))?.longitude,
      10,
      'the quoter keeps their geo',
    );
  });

  it('applies one batch’s messages in order: a delete before its tweet, a tweet re-sent after its delete, a scrub_geo between tweets, a notice twice', async () => {
    const store = await makeStore();
    const sink = await store.open();
    const at = (id: string) => tweetMessage({ id, userId: '9', point: [10, 20], placeId: 'p' });
    await sink.write([
      at('500'),
      deleteMessage('501', '9'),
      at('501'),
      scrubGeoMessage('9', '502'),
      at('502'),
      at('503'),
      deleteMessage('500', '9'),
      at('500'),
      deleteMessage('500', '9'),
    ]);
    await sink.close();
    const rows = await store.query(`SELECT CAST(id AS TEXT) AS id, longitude,
        ${store.rawField('coordinates')} AS coordinates FROM tweets ORDER BY id`);
    assert.deepEqual(
      rows.map((row) => [row.id, row.longitude, row.coordinates === 'null']),
      [
        ['502', null, true],
        ['503', 10, false],
      ],
    );
    assert.deepEqual(
      { ...sink.counters(), other: 0 },
      {
        stored: 3,
        duplicates: 0,
        compliance: 3,
        other: 0,
        skipped: { deleted: 2, 'duplicate-notice': 1 },
      },
    );
  });

  it('logs every compliance notice once, with exact ids, withheld countries included', async () => {
    const store = await makeStore();
    const sink = await store.open();
    const notices = [
      statusWithheldMessage('1234567890123456789', '9007199254740993', ['DE', 'AR']),
      userWithheldMessage('9007199254740995', ['XY']),
      deleteMessage('5'),
      scrubGeoMessage('6', '7'),
    ];
    await sink.write(notices);
    await sink.write(notices);
    await sink.close();
    const rows = await store.query(`SELECT key, kind, CAST(status_id AS TEXT) AS status_id,
        CAST(user_id AS TEXT) AS user_id FROM compliance ORDER BY key`);
    assert.deepEqual(
      rows.map((row) => ({ ...row })),
      [
        { key: 'delete:5', kind: 'delete', status_id: '5', user_id: '1001' },
        { key: 'scrub_geo:6:7', kind: 'scrub_geo', status_id: null, user_id: '6' },
        {
          key: 'status_withheld:1234567890123456789:DE,AR',
          kind: 'status_withheld',
          status_id: '1234567890123456789',
          user_id: '9007199254740993',
        },
        {
          key: 'user_withheld:9007199254740995:XY',
          kind: 'user_withheld',
          status_id: null,
          user_id: '9007199254740995',
        },
      ],
    );
    assert.equal(sink.counters().compliance, 4);
    assert.deepEqual(sink.counters().skipped, { 'duplicate-notice': 4 });
  });

  it('skips what is not a tweet or a notice with a counted reason, and stores the rest of the batch', async () => {
    const store = await makeStore();
    const sink = await store.open();
    await sink.write([
      malformedMessage('{"text":"cut'),
      tweetMessage({ id: '1' }),
      limitMessage(3),
      tweetMessage({ id: '2' }),
    ]);
    await sink.close();
    assert.deepEqual(await ids(store), ['1', '2']);
    assert.deepEqual(sink.counters().skipped, { malformed: 1, limit: 1 });
  });

  it('refuses writes after close, and close twice is safe', async () => {
    const store = await makeStore();
    const sink = await store.open();
    await sink.close();
    await sink.close();
    await assert.rejects(sink.write(tweetRun(1)), { code: 'ERR_SINK_CLOSED' });
  });
}

/** A timestamp column as ISO 8601: SQLite gives the stored text, pg a Date. */
function asIso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

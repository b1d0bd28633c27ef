/**
 * The REST subset (statuses/update with Twitter's refusals, statuses/show for posted and world
 * Tweets, verify_credentials) and the filter share with its cumulative `limit` notices.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { fixtureSigner, openStream, send } from './support/client.js';

interface PostedTweet {
  id_str: string;
  text: string;
  in_reply_to_status_id_str: string | null;
  entities: { hashtags: { text: string }[]; urls: { expanded_url: string }[] };
  user: { id_str: string };
}

describe('REST subset', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ rate: 'max', seed: 12 });
  });
  after(() => emulator.close());

  const post = (status?: string, extra: Record<string, string> = {}) =>
    send(`${emulator.url}/1.1/statuses/update.json`, {
      signer: fixtureSigner(emulator),
      form: { ...(status !== undefined && { status }), ...extra },
    });

  it('statuses/update composes a Tweet by the signed-in user; show finds it', async () => {
    const reply = await post('Trying #spritzer with https://example.com/docs');
    assert.equal(reply.status, 200, reply.body);
    const tweet = JSON.parse(reply.body) as PostedTweet;
    assert.equal(tweet.user.id_str, emulator.fixtures.userId);
    assert.deepEqual(
      tweet.entities.hashtags.map((hashtag) => hashtag.text),
      ['spritzer'],
    );
    assert.equal(tweet.entities.urls[0]?.expanded_url, 'https://example.com/docs');
    const shown = await send(`${emulator.url}/1.1/statuses/show.json?id=${tweet.id_str}`, {
      signer: fixtureSigner(emulator),
    });
    assert.equal(shown.status, 200);
    assert.equal(shown.body, reply.body);
    const byPath = await send(`${emulator.url}/1.1/statuses/show/${tweet.id_str}.json`, {
      signer: fixtureSigner(emulator),
    });
    assert.equal(byPath.body, reply.body);

    const answer = await post('@spritzer_dev replying to myself', {
      in_reply_to_status_id: tweet.id_str,
    });
    assert.equal((JSON.parse(answer.body) as PostedTweet).in_reply_to_status_id_str, tweet.id_str);

    const me = await send(`${emulator.url}/1.1/account/verify_credentials.json`, {
      signer: fixtureSigner(emulator),
    });
    const user = JSON.parse(me.body) as { status?: { id_str: string } };
    assert.ok(user.status, 'the latest status is embedded');
    const skipped = await send(
      `${emulator.url}/1.1/account/verify_credentials.json?skip_status=true`,
      { signer: fixtureSigner(emulator) },
    );
    assert.equal((JSON.parse(skipped.body) as { status?: unknown }).status, undefined);
  });

  it('refuses a missing status (170), a long one (186) and a duplicate (187), with code and 403', async () => {
    const cases: [string | undefined, number, string][] = [
      [undefined, 170, 'Missing required parameter: status.'],
      ['x'.repeat(281), 186, 'Tweet needs to be a bit shorter.'],
    ];
    for (const [status, code, message] of cases) {
      const reply = await post(status);
      assert.equal(reply.status, 403);
      assert.deepEqual(JSON.parse(reply.body), { errors: [{ code, message }] });
    }
    assert.equal((await post('é'.repeat(280))).status, 200, '280 characters are fine');
    const duplicate = await post('é'.repeat(280));
    assert.equal(duplicate.status, 403);
    assert.deepEqual(JSON.parse(duplicate.body), {
      errors: [{ code: 187, message: 'Status is a duplicate.' }],
    });
  });

  it('statuses/show finds a Tweet of the world by its id, and answers 144 for an unknown one', async () => {
    const stream = await openStream(`${emulator.url}/1.1/statuses/sample.json`, {
      signer: fixtureSigner(emulator),
    });
    await stream.until(
      () => stream.messages().some((message) => 'id_str' in (message as object)),
      10_000,
      'a Tweet',
    );
    stream.destroy();
    const line = stream.lines().find((candidate) => candidate.startsWith('{"created_at"')) ?? '';
    const id = (JSON.parse(line) as { id_str: string }).id_str;
    const shown = await send(`${emulator.url}/1.1/statuses/show.json?id=${id}`, {
      signer: fixtureSigner(emulator),
    });
    assert.equal(shown.status, 200);
    assert.equal(shown.body, line);
    const unknown = await send(`${emulator.url}/1.1/statuses/show.json?id=1`, {
      signer: fixtureSigner(emulator),
    });
    assert.equal(unknown.status, 404);
    assert.deepEqual(JSON.parse(unknown.body), {
      errors: [{ code: 144, message: 'No status found with that ID.' }],
    });
  });
});

describe('the filter share', () => {
  it('withholds matches beyond the share and reports them in cumulative limit notices', async (t) => {
    const emulator = await startEmulator({
      rate: 'max',
      filterShare: 0.002,
      limitNoticeIntervalMs: 0,
      closeGraceMs: 30_000,
    });
    t.after(() => emulator.close());
    // Retweets ("RT @…") are ~40 % of the firehose: far above a 0.2 % share.
    const reader = await openStream(`${emulator.url}/1.1/statuses/filter.json`, {
      signer: fixtureSigner(emulator),
      form: { track: 'rt' },
    });
    const limits = (): number[] =>
      reader
        .messages()
        .filter(
          (message): message is { limit: { track: number } } => 'limit' in (message as object),
        )
        .map((message) => message.limit.track);
    await reader.until(() => limits().length >= 5, 20_000, '5 limit notices');
    reader.destroy();
    const counts = limits();
    assert.ok(
      counts.every((count, i) => i === 0 || count >= (counts[i - 1] ?? 0)),
      `cumulative: ${counts.join(', ')}`,
    );
    assert.ok((counts.at(-1) ?? 0) > 0);
    const stats = emulator.stats();
    const connection = stats.connections[0];
    assert.ok(connection);
    assert.ok(connection.drops.limit >= (counts.at(-1) ?? 0));
    const delivered = connection.messagesByKind.tweet ?? 0;
    const scanned = stats.firehose.eventsProduced;
    assert.ok(delivered <= scanned * 0.002 + 100, `${delivered} Tweets for ${scanned} events`);
  });
});

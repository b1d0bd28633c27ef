/**
 * The whole path, as `spritzer stream --to` runs it: the emulator (real sockets, OAuth, gzip) with
 * a connection that drops, a reconnect on which the service re-sends the tweets it had just sent
 * (the `duplicate` fault) and a line that is not JSON, the stream client, and the sink pipeline
 * into every store at once. Each store ends up with exactly the distinct tweets received, less
 * the deleted ones.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import type { StreamMessage } from '../../../src/messages/types.js';
import { openSinkPipeline } from '../../../src/sinks/sink-pipeline.js';
import { openStream } from '../../../src/stream/open-stream.js';
import { makeTempDir } from '../../support/cli.js';
import { hasNatsServer, startNatsServer } from '../../support/nats.js';
import {
  hasPostgres,
  startPostgres,
  storedTweetIds,
  type PostgresServer,
} from '../../support/postgres.js';
import { readStream } from './nats-reader.js';

describe('stream → sinks, end to end', () => {
  let emulator: RunningEmulator;
  let postgres: PostgresServer | undefined;
  let nats: Awaited<ReturnType<typeof startNatsServer>> | undefined;
  before(async () => {
    emulator = await startEmulator({
      rate: 'max',
      seed: 11,
      faults: [
        { fault: { kind: 'close', afterMessages: 150 }, attempts: [1] },
        { fault: { kind: 'duplicate', count: 40 }, attempts: [2] },
        { fault: { kind: 'invalid-json', afterMessages: 60 }, attempts: [2] },
      ],
    });
    // Without the server packages these stores are left out (the sink tests say SKIPPED for them).
    if (hasPostgres) postgres = await startPostgres();
    if (hasNatsServer) nats = await startNatsServer();
  });
  after(async () => {
    await emulator.close();
    await postgres?.destroy();
    await nats?.destroy();
  });

  it('stores each distinct tweet once in every sink, deletes applied, across a reconnect with duplicates', async () => {
    const directory = makeTempDir();
    const file = join(directory, 'tweets.jsonl');
    const sqlite = join(directory, 'tweets.db');
    const postgresUrl = postgres === undefined ? undefined : await postgres.createDatabase('e2e');
    const natsServers = nats === undefined ? undefined : [`127.0.0.1:${nats.port}`];
    const pipeline = await openSinkPipeline(
      [
        `file:${file}`,
        `sqlite:${sqlite}`,
        ...(postgresUrl === undefined ? [] : [postgresUrl]),
        ...(natsServers === undefined ? [] : [`nats://${natsServers.join(',')}/E2E`]),
      ],
      { batchSize: 64, spillDir: join(directory, 'spill') },
    );
    const stop = new AbortController();
    const client = openStream({
      url: `${emulator.url}/1.1/statuses/sample.json`,
      auth: {
        type: 'oauth1',
        credentials: {
          consumerKey: emulator.fixtures.consumerKey,
          consumerSecret: emulator.fixtures.consumerSecret,
          token: emulator.fixtures.accessToken,
          tokenSecret: emulator.fixtures.accessTokenSecret,
        },
      },
      signal: stop.signal,
    });
    const received: StreamMessage[] = [];
    for await (const message of client) {
      received.push(message);
      await pipeline.write(message);
      if (received.length >= 600) break;
    }
    client.stop();
    await pipeline.close();

    const tweetIds = received.flatMap((message) =>
      message.kind === 'tweet' ? [message.data.id_str] : [],
    );
    const distinct = new Set(tweetIds);
    // The duplicate fault replays the last 40 tweets sent; those the cut connection had not
    // delivered yet arrive only once, so fewer than 40 may be duplicates here.
    const duplicates = tweetIds.length - distinct.size;
    assert.ok(duplicates > 0, 'the reconnect re-sent tweets');
    assert.ok(
      received.some((message) => message.kind === 'malformed'),
      'a line that is not JSON arrived',
    );
    const deleted = new Set(
      received.flatMap((message) =>
        message.kind === 'delete' ? [message.data.status.id_str] : [],
      ),
    );
    const expected = [...distinct].filter((id) => !deleted.has(id)).sort();
    // What the logs (file, NATS) keep: every distinct tweet, except one whose delete came first.
    const deletedSoFar = new Set<string>();
    const logged = new Set<string>();
    for (const message of received) {
      if (message.kind === 'delete') deletedSoFar.add(message.data.status.id_str);
      if (message.kind === 'tweet' && !deletedSoFar.has(message.data.id_str)) {
        logged.add(message.data.id_str);
      }
    }

    // The file: every distinct tweet once (a deleted one stays, followed by its notice, unless
    // the notice came first), the malformed line kept as received.
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const fileIds = lines.flatMap((line) => {
      try {
        const object = JSON.parse(line) as { id_str?: string; user?: unknown };
        return object.id_str !== undefined && object.user !== undefined ? [object.id_str] : [];
      } catch {
        return [];
      }
    });
    assert.equal(new Set(fileIds).size, fileIds.length, 'no tweet twice in the file');
    assert.deepEqual(new Set(fileIds), logged);
    assert.ok(
      lines.some((line) =>
        received.some((message) => message.kind === 'malformed' && message.raw.toString() === line),
      ),
    );

    const db = new Database(sqlite, { readonly: true });
    const sqliteIds = (
      db.prepare('SELECT CAST(id AS TEXT) AS id FROM tweets ORDER BY 1').all() as { id: string }[]
    ).map((row) => row.id);
    db.close();
    assert.deepEqual(sqliteIds, expected);

    const sqliteReport = pipeline.reports()[1];
    assert.ok(sqliteReport);
    assert.equal(sqliteReport.counters.skipped.malformed, 1);
    const { stored, duplicates: counted, skipped } = sqliteReport.counters;
    assert.ok(counted > 0);
    assert.equal(
      stored + counted + (skipped.deleted ?? 0),
      tweetIds.length,
      'every tweet accounted for once',
    );

    if (postgresUrl !== undefined) {
      assert.deepEqual(await storedTweetIds(postgresUrl), expected);
    }
    if (natsServers !== undefined) {
      const stored = await readStream(natsServers, 'E2E');
      const natsIds = stored
        .filter((message) => message.subject.includes('.tweet.'))
        .map((message) => message.msgId);
      assert.equal(new Set(natsIds).size, natsIds.length, 'no tweet twice in the stream');
      assert.deepEqual(new Set(natsIds), logged);
    }
  });
});

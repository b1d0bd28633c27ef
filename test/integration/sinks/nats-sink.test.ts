import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { classifyMessage } from '../../../src/messages/classify.js';
import type { StreamMessage } from '../../../src/messages/types.js';
import { openNatsSink } from '../../../src/sinks/nats.js';
import type { Sink } from '../../../src/sinks/sink.js';
import { SpillingSink } from '../../../src/sinks/spilling-sink.js';
import { makeTempDir } from '../../support/cli.js';
import {
  hasNatsServer,
  startNatsCluster,
  startNatsServer,
  type NatsCluster,
  type NatsServer,
} from '../../support/nats.js';
import { skipUnlessInstalled } from '../../support/system-package.js';
import {
  deleteMessage,
  limitMessage,
  malformedMessage,
  scrubGeoMessage,
  statusWithheldMessage,
  tweetMessage,
  tweetRun,
  userWithheldMessage,
} from '../../unit/sinks/fixtures.js';
import { ManualTimers } from '../../unit/sinks/manual-timers.js';
import { readStream, streamConfig } from './nats-reader.js';

const skip = skipUnlessInstalled('nats-server', hasNatsServer);
let streams = 0;
/** A new stream and its own subject prefix (two streams may not take the same subjects). */
const nextStream = (): { stream: string; subjectPrefix: string } => {
  streams += 1;
  return { stream: `T${streams}`, subjectPrefix: `spritzer${streams}` };
};

/** Replays a spilling sink's journal until it is empty: bounded in rounds, driven by its clock. */
async function replayAll(sink: SpillingSink, timers: ManualTimers): Promise<void> {
  for (let round = 0; round < 200 && sink.status().pendingMessages > 0; round += 1) {
    timers.advance(5000);
    await sink.flush();
  }
  assert.equal(
    sink.status().pendingMessages,
    0,
    'the spill journal drains once the servers are back',
  );
}

const tweetIdsOf = (
  messages: readonly { subject: string; msgId: string | undefined }[],
): string[] =>
  messages
    .filter((message) => message.subject.includes('.tweet.'))
    .map((message) => message.msgId ?? '');

const idsOf = (messages: readonly StreamMessage[]): string[] =>
  messages.flatMap((message) => (message.kind === 'tweet' ? [message.data.id_str] : []));

describe('NATS JetStream sink (one node)', { skip }, () => {
  let server: NatsServer & { destroy(): Promise<void> };
  let servers: string[];
  before(async () => {
    server = await startNatsServer();
    servers = [`127.0.0.1:${server.port}`];
  });
  after(async () => {
    await server.destroy();
  });

  it('rejects a tweet whose id_str holds a newline (no header can carry it), counted and reported, and publishes the rest; a lang that is not a string is und', async () => {
    const { stream, subjectPrefix } = nextStream();
    const rejections: string[] = [];
    const sink = await openNatsSink({
      servers,
      stream,
      subjectPrefix,
      onRejected: (error) => rejections.push(`${error.code} ${error.message}`),
    });
    const edited = (id: string, edit: (tweet: Record<string, unknown>) => void): StreamMessage => {
      const tweet = JSON.parse(tweetMessage({ id }).raw.toString()) as Record<string, unknown>;
      edit(tweet);
      return classifyMessage(Buffer.from(JSON.stringify(tweet)));
    };
    await sink.write([
      tweetMessage({ id: '1' }),
      edited('2', (tweet) => (tweet.id_str = '2\n3')),
      edited('4', (tweet) => (tweet.lang = 5)),
    ]);
    await sink.close();
    const stored = await readStream(servers, stream);
    assert.deepEqual(
      stored.map((message) => [message.subject, message.msgId]),
      [
        [`${subjectPrefix}.tweet.en`, '1'],
        [`${subjectPrefix}.tweet.und`, '4'],
      ],
    );
    assert.deepEqual(sink.counters().skipped, { invalid: 1 });
    assert.equal(rejections.length, 1);
    assert.match(
      rejections[0] ?? '',
      /^ERR_SINK_MESSAGE_REJECTED nats:.* rejected tweet "2\\n3": its message id holds CR or LF/,
    );
  });

  it('takes writes that are not awaited one by one: every batch is published whole, in call order', async () => {
    // A library user may call write(batch) several times without awaiting it. Broke: each write
    // published its own window of messages at once, so batches interleaved in the stream, and a
    // tweet published before the delete of the batch before it was acknowledged was not held back.
    const { stream, subjectPrefix } = nextStream();
    const sink = await openNatsSink({ servers, stream, subjectPrefix, maxInFlight: 4 });
    const tweets = tweetRun(200, 4_000_000_000_000_000n);
    const batches = Array.from({ length: 10 }, (_, index) =>
      tweets.slice(index * 20, index * 20 + 20),
    );
    // The last batch re-sends a tweet the one before it deletes: it must be held back.
    const deleted = tweets[150];
    assert.equal(deleted?.kind, 'tweet');
    batches[8]?.push(deleteMessage(deleted.data.id_str, deleted.data.user.id_str));
    batches[9]?.push(deleted);
    const results = await Promise.allSettled(batches.map((batch) => sink.write(batch)));
    await sink.close();
    assert.deepEqual(
      results.filter((result) => result.status === 'rejected'),
      [],
    );
    const stored = await readStream(servers, stream);
    assert.deepEqual(
      stored.map((message) => message.msgId),
      [
        ...idsOf(tweets.slice(0, 180)),
        `delete:${deleted.data.id_str}`,
        ...idsOf(tweets.slice(180)),
      ],
    );
    assert.equal(sink.counters().stored, 200);
    assert.deepEqual(sink.counters().skipped, { deleted: 1 });
  });

  it('creates the stream and publishes exact bytes on the documented subjects with message ids', async () => {
    const stream = 'DEFAULTS';
    const sink = await openNatsSink({ servers, stream, duplicateWindowMs: 600_000 });
    const messages = [
      tweetMessage({ id: '1234567890123456789', lang: 'en' }),
      tweetMessage({ id: '2', lang: 'zh-cn' }),
      tweetMessage({ id: '3', lang: '' }),
      deleteMessage('9'),
      scrubGeoMessage('5', '6'),
      statusWithheldMessage('7', '8', ['DE']),
      userWithheldMessage('8', ['XY']),
    ];
    await sink.write(messages);
    await sink.close();
    assert.deepEqual(await streamConfig(servers, stream), {
      subjects: ['spritzer.>'],
      replicas: 1,
      duplicateWindowNs: 600_000 * 1e6,
    });
    const stored = await readStream(servers, stream);
    assert.deepEqual(
      stored.map((message) => [message.subject, message.msgId]),
      [
        ['spritzer.tweet.en', '1234567890123456789'],
        ['spritzer.tweet.zh-cn', '2'],
        ['spritzer.tweet.und', '3'],
        ['spritzer.delete', 'delete:9'],
        ['spritzer.scrub_geo', 'scrub_geo:5:6'],
        ['spritzer.status_withheld', 'status_withheld:7:DE'],
        ['spritzer.user_withheld', 'user_withheld:8:XY'],
      ],
    );
    assert.deepEqual(
      stored.map((message) => message.data),
      messages.map((message) => message.raw.toString()),
    );
    assert.deepEqual(sink.counters(), {
      stored: 3,
      duplicates: 0,
      compliance: 4,
      other: 0,
      skipped: {},
    });
  });

  it('is idempotent across a reconnect: a new connection re-sending the same tweets adds nothing', async () => {
    const { stream, subjectPrefix } = nextStream();
    const run = tweetRun(40);
    const first = await openNatsSink({ servers, stream, subjectPrefix });
    await first.write(run.slice(0, 30));
    await first.close();
    const second = await openNatsSink({ servers, stream, subjectPrefix });
    await second.write(run.slice(20));
    await second.write(run.slice(35));
    await second.close();
    assert.deepEqual(tweetIdsOf(await readStream(servers, stream)), idsOf(run));
    assert.equal(second.counters().stored, 10);
    assert.equal(second.counters().duplicates, 15);
  });

  it('publishes deletes, and holds back a tweet whose delete came first', async () => {
    const { stream, subjectPrefix } = nextStream();
    const sink = await openNatsSink({ servers, stream, subjectPrefix });
    await sink.write([tweetMessage({ id: '1' }), deleteMessage('1'), deleteMessage('2')]);
    await sink.write([tweetMessage({ id: '2' }), tweetMessage({ id: '3' })]);
    await sink.close();
    const stored = await readStream(servers, stream);
    assert.deepEqual(
      stored.map((message) => message.msgId),
      ['1', 'delete:1', 'delete:2', '3'],
    );
    assert.deepEqual(sink.counters().skipped, { deleted: 1 });
  });

  it('skips limit notices and malformed lines with a counted reason', async () => {
    const { stream, subjectPrefix } = nextStream();
    const sink = await openNatsSink({ servers, stream, subjectPrefix });
    await sink.write([limitMessage(4), malformedMessage('{{'), tweetMessage({ id: '1' })]);
    await sink.close();
    assert.equal((await readStream(servers, stream)).length, 1);
    assert.deepEqual(sink.counters().skipped, { limit: 1, malformed: 1 });
  });

  it('fails fast while the server is down, and the spill journal delivers everything once it is back', async () => {
    const { stream, subjectPrefix } = nextStream();
    const timers = new ManualTimers();
    const sink = new SpillingSink(
      await openNatsSink({ servers, stream, subjectPrefix, ackTimeoutMs: 2000 }),
      {
        journalPath: join(makeTempDir(), 'nats.spill'),
        timers,
      },
    );
    const run = tweetRun(300);
    await sink.write(run.slice(0, 100));
    await server.stop();
    await sink.write(run.slice(100, 200));
    assert.equal(sink.status().state, 'spilling');
    assert.match(sink.status().lastError ?? '', /disconnected|timeout|closed/i);
    await server.start();
    await sink.write(run.slice(200));
    await replayAll(sink, timers);
    await sink.close();
    assert.deepEqual(tweetIdsOf(await readStream(servers, stream)), idsOf(run));
  });

  it('says when another stream already takes the subjects', async () => {
    await (await openNatsSink({ servers, stream: 'FIRST', subjectPrefix: 'taken' })).close();
    await assert.rejects(openNatsSink({ servers, stream: 'SECOND', subjectPrefix: 'taken' }), {
      code: 'ERR_CONFIG_INVALID',
      message:
        /another stream already takes taken\.>: choose another \?subject-prefix= or use that stream$/,
    });
  });

  it('says what is wrong when no server answers', async () => {
    await assert.rejects(
      openNatsSink({ servers: ['127.0.0.1:1'], stream: 'X', connectTimeoutMs: 1000 }),
      {
        code: 'ERR_SINK_UNAVAILABLE',
        message:
          /^cannot connect to nats:\/\/127\.0\.0\.1:1\/X \(.+\); is nats-server running with -js\?$/,
      },
    );
  });
});

describe('NATS JetStream sink (three-node cluster, R3 stream)', { skip }, () => {
  let cluster: NatsCluster;
  before(async () => {
    cluster = await startNatsCluster(3);
  });
  after(async () => {
    await cluster.destroy();
  });

  it('loses nothing when a node is killed mid-run', async () => {
    const servers = cluster.url.split(',');
    const timers = new ManualTimers();
    const inner: Sink = await openNatsSink({
      servers,
      stream: 'R3',
      replicas: 3,
      ackTimeoutMs: 2000,
      connectTimeoutMs: 20_000,
    });
    const sink = new SpillingSink(inner, { journalPath: join(makeTempDir(), 'r3.spill'), timers });
    const run = tweetRun(3000);
    const killAt = 1000;
    for (let index = 0; index < run.length; index += 100) {
      if (index === killAt) await cluster.nodes[0]?.kill();
      await sink.write(run.slice(index, index + 100));
    }
    await replayAll(sink, timers);
    await sink.close();
    assert.equal((await streamConfig(servers.slice(1), 'R3')).replicas, 3);
    // A batch cut by the kill can be stored in part (NATS has no transactions): its other
    // messages then land from the journal's replay, after later batches. Every tweet is there
    // exactly once; the order across the failover is not the stream's.
    const stored = tweetIdsOf(await readStream(servers.slice(1), 'R3'));
    assert.equal(stored.length, run.length, 'no tweet stored twice');
    assert.deepEqual([...stored].sort(), idsOf(run).sort());
  });
});

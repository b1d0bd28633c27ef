import assert from 'node:assert/strict';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { classifyMessage } from '../../../src/messages/classify.js';
import { SpritzerError } from '../../../src/errors.js';
import type { StreamMessage } from '../../../src/messages/types.js';
import type { Sink, SinkCounters } from '../../../src/sinks/sink.js';
import { openSinkUrl } from '../../../src/sinks/open-sink.js';
import { openSinkPipeline, SinkPipeline } from '../../../src/sinks/sink-pipeline.js';
import { SpillingSink } from '../../../src/sinks/spilling-sink.js';
import { makeTempDir } from '../../support/cli.js';
import { tweetRun } from './fixtures.js';
import { ManualTimers, settle } from './manual-timers.js';

/** A sink whose writes hang until released (a NATS write waiting ~29 s for its acks), or fail. */
class HeldSink implements Sink {
  readonly name = 'held:';
  readonly accepted: string[] = [];
  readonly #held: (() => void)[] = [];
  failing = false;

  write(batch: readonly StreamMessage[]): Promise<void> {
    if (this.failing) {
      return Promise.reject(new SpritzerError('ERR_SINK_UNAVAILABLE', 'connect ECONNREFUSED'));
    }
    return new Promise((resolve) => {
      this.#held.push(() => {
        for (const message of batch) this.accepted.push(message.raw.toString());
        resolve();
      });
    });
  }
  /** Lets the oldest held write finish; returns whether one was held. */
  release(): boolean {
    const next = this.#held.shift();
    next?.();
    return next !== undefined;
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  counters(): SinkCounters {
    return { stored: this.accepted.length, duplicates: 0, compliance: 0, skipped: {} };
  }
}

/** Whether `promise` has settled once pending callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await settle();
  return done;
}

const lineCount = (path: string): number =>
  readFileSync(path, 'utf8').split('\n').filter(Boolean).length;

describe('sink pipeline (--to)', () => {
  it('feeds every sink the same batches, by size or after maxDelayMs, and closes them all', async () => {
    const directory = makeTempDir();
    const file = join(directory, 't.jsonl');
    const db = join(directory, 't.db');
    const timers = new ManualTimers();
    const pipeline = await openSinkPipeline([`file:${file}`, `sqlite:${db}`], {
      batchSize: 10,
      maxDelayMs: 200,
      spillDir: join(directory, 'spill'),
      timers,
    });
    const run = tweetRun(25);
    for (const message of run) await pipeline.write(message);
    assert.equal(lineCount(file), 20, 'a full batch is written before write() returns');
    assert.equal(timers.pending, 1, 'the partial batch waits for its timer');
    timers.advance(199);
    assert.equal(timers.pending, 1);
    timers.advance(1);
    assert.equal(timers.pending, 0, 'after maxDelayMs the partial batch is dispatched');
    await pipeline.flush();
    assert.equal(lineCount(file), 25);
    await pipeline.close();
    const reports = pipeline.reports();
    assert.deepEqual(
      reports.map((report) => [report.name, report.counters.stored, report.spill.state]),
      [
        [`file:${file}`, 25, 'direct'],
        [`sqlite:${db}`, 25, 'direct'],
      ],
    );
    const sqlite = new Database(db, { readonly: true });
    assert.deepEqual(sqlite.prepare('SELECT count(*) AS n FROM tweets').get(), { n: 25 });
    sqlite.close();
  });

  it('tells onRejected of a message a sink can never take; the file sink stores it, nothing spills', async () => {
    const directory = makeTempDir();
    const file = join(directory, 't.jsonl');
    const db = join(directory, 't.db');
    const rejections: string[] = [];
    const pipeline = await openSinkPipeline([`file:${file}`, `sqlite:${db}`], {
      spillDir: join(directory, 'spill'),
      onRejected: (error) => rejections.push(`${error.code} ${error.message}`),
    });
    const poison = classifyMessage(Buffer.from('{"delete":{"status":{"id_str":"none"}}}'));
    for (const message of [...tweetRun(2), poison, ...tweetRun(2, 5n)]) {
      await pipeline.write(message);
    }
    await pipeline.close();
    assert.equal(lineCount(file), 5);
    assert.deepEqual(
      pipeline.reports().map((report) => [report.counters.skipped, report.spill.spilledMessages]),
      [
        [{}, 0],
        [{ invalid: 1 }, 0],
      ],
    );
    assert.deepEqual(rejections, [
      `ERR_SINK_MESSAGE_REJECTED sqlite:${db} rejected a delete notice: status.id_str is "none", not a 64-bit decimal id; it is skipped and the rest of its batch is stored`,
    ]);
  });

  it('writes what is buffered on close (Ctrl-C loses nothing received)', async () => {
    const directory = makeTempDir();
    const file = join(directory, 't.jsonl');
    const pipeline = await openSinkPipeline([`file:${file}`], {
      batchSize: 1000,
      maxDelayMs: 60_000,
      spillDir: join(directory, 'spill'),
      timers: new ManualTimers(),
    });
    for (const message of tweetRun(7)) await pipeline.write(message);
    await pipeline.close();
    await pipeline.close();
    assert.equal(lineCount(file), 7);
    await assert.rejects(pipeline.write(tweetRun(1)[0] as never), { code: 'ERR_SINK_CLOSED' });
  });

  it('closes the sinks already open when a later one cannot be opened', async () => {
    const directory = makeTempDir();
    await assert.rejects(
      openSinkPipeline(
        [`sqlite:${join(directory, 'ok.db')}`, 'postgres://u@127.0.0.1:1/x?connect-timeout=1s'],
        {
          spillDir: join(directory, 'spill'),
        },
      ),
      { code: 'ERR_SINK_UNAVAILABLE' },
    );
    // The first database was closed: another connection can take its write lock at once.
    const db = new Database(join(directory, 'ok.db'), { timeout: 0 });
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    db.close();
  });

  it('refuses a malformed --to before opening anything', async () => {
    await assert.rejects(openSinkPipeline(['file:/tmp/x', 'redis://h'], {}), {
      code: 'ERR_INVALID_ARG_VALUE',
      message: /"redis:\/\/h" names no known sink/,
    });
  });

  it('takes at most two batches while a sink write hangs, however often the batch timer fires', async () => {
    // Broke: each timer dispatch queued another batch behind the hung write, so a slow stream
    // kept being taken (and held in memory) for as long as the write hung.
    const inner = new HeldSink();
    const timers = new ManualTimers();
    const sink = new SpillingSink(inner, {
      journalPath: join(makeTempDir(), 'held.spill'),
      timers,
    });
    const pipeline = new SinkPipeline([sink], { batchSize: 10, maxDelayMs: 100, timers });
    const run = tweetRun(100);
    let taken = 0;
    for (const message of run) {
      if (!(await settled(pipeline.write(message)))) break;
      taken += 1;
      if (taken % 3 === 0) timers.advance(100);
    }
    assert.ok(taken <= 20, `took ${taken} messages while the first batch hung`);
    assert.ok(taken >= 10, `took only ${taken}`);
    for (let round = 0; round < 50 && inner.accepted.length < taken; round += 1) {
      inner.release();
      await settle();
      timers.advance(100);
    }
    const closing = pipeline.close();
    for (let round = 0; round < 50 && !(await settled(closing)); round += 1) inner.release();
    await closing;
    assert.deepEqual(
      inner.accepted,
      run.slice(0, taken + 1).map((message) => message.raw.toString()),
      'every message taken is written, in order',
    );
  });

  it('a sink whose spill journal fails too: the pipeline says so at once, stops, and counts each message it took as stored or lost', async () => {
    const directory = makeTempDir();
    const held = new HeldSink();
    const timers = new ManualTimers();
    const journalPath = join(directory, 'held.spill');
    const failing = new SpillingSink(held, { journalPath, timers });
    const file = join(directory, 't.jsonl');
    const healthy = new SpillingSink(await openSinkUrl(`file:${file}`), {
      journalPath: join(directory, 'file.spill'),
      timers,
    });
    const pipeline = new SinkPipeline([failing, healthy], {
      batchSize: 10,
      maxDelayMs: 100,
      timers,
    });
    symlinkSync('/dev/full', journalPath);
    held.failing = true;
    let failedWith: Error | undefined;
    void pipeline.failed.then((error) => (failedWith = error));
    const run = tweetRun(30, 7000n);
    let given = 0;
    let thrown: unknown;
    for (const message of run) {
      given += 1;
      try {
        await pipeline.write(message);
      } catch (error) {
        thrown = error;
        break;
      }
    }
    assert.equal(given, 10, 'the write that waited for the failed batch reports it');
    assert.equal((thrown as SpritzerError).code, 'ERR_SINK_MESSAGES_LOST');
    assert.equal(failedWith, thrown);
    // A caller that goes on writing: each write is refused, and each message still counted.
    for (const message of run.slice(10, 25)) {
      await assert.rejects(pipeline.write(message), { code: 'ERR_SINK_MESSAGES_LOST' });
    }
    assert.equal(lineCount(file), 20, 'a full batch is handed on, not held');
    await assert.rejects(pipeline.close(), {
      code: 'ERR_SINK_MESSAGES_LOST',
      lostMessages: 25,
      lostTweetIds: { first: '7000', last: '7024' },
    });
    const [lost, stored] = pipeline.reports().map(({ spill, counters }) => ({ spill, counters }));
    assert.equal(lost?.spill.state, 'failed');
    assert.equal(lost.spill.lostMessages, 25);
    assert.equal(stored?.counters.stored, 25, 'the other sink stores what was taken');
    assert.equal(lineCount(file), 25);
    await assert.rejects(pipeline.write(run[20] as StreamMessage), { code: 'ERR_SINK_CLOSED' });
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { classifyMessage } from '../../../src/messages/classify.js';
import { openSinkPipeline } from '../../../src/sinks/sink-pipeline.js';
import { makeTempDir } from '../../support/cli.js';
import { tweetRun } from './fixtures.js';
import { ManualTimers } from './manual-timers.js';

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
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { openJsonlFileSink, splitExtension } from '../../../src/sinks/jsonl-file.js';
import { makeTempDir } from '../../support/cli.js';
import {
  deleteMessage,
  limitMessage,
  malformedMessage,
  scrubGeoMessage,
  tweetMessage,
  tweetRun,
} from './fixtures.js';

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

describe('JSONL file sink', () => {
  it('writes the exact bytes of every message, one per line, malformed lines included', async () => {
    const path = join(makeTempDir(), 'tweets.jsonl');
    const sink = await openJsonlFileSink({ path });
    const bigId = tweetMessage({ id: '1234567890123456789', text: 'caf\\u00e9 \\/ ok' });
    const messages = [
      bigId,
      limitMessage(7),
      malformedMessage('{"truncated":'),
      scrubGeoMessage('1001', '5'),
    ];
    await sink.write(messages);
    await sink.close();
    const expected = Buffer.concat(messages.flatMap((message) => [message.raw, Buffer.from('\n')]));
    assert.deepEqual(readFileSync(path), expected);
    assert.match(readFileSync(path, 'utf8'), /"id":1234567890123456789,/);
    assert.deepEqual(sink.counters(), {
      stored: 1,
      duplicates: 0,
      compliance: 1,
      other: 2,
      skipped: {},
    });
    assert.equal(sink.name, `file:${path}`);
  });

  it('never truncates: appends to an existing file, after a newline when its last line was cut short', async () => {
    const path = join(makeTempDir(), 'tweets.jsonl');
    writeFileSync(path, '{"earlier":1}\n{"cut short');
    const sink = await openJsonlFileSink({ path });
    await sink.write(tweetRun(2));
    await sink.close();
    const text = readFileSync(path, 'utf8');
    assert.ok(text.startsWith('{"earlier":1}\n{"cut short\n{"created_at"'));
    assert.equal(lines(text).length, 4);
  });

  it('drops re-sent tweets and compliance notices (idempotent by tweet id)', async () => {
    const path = join(makeTempDir(), 'tweets.jsonl');
    const sink = await openJsonlFileSink({ path });
    const run = tweetRun(5);
    await sink.write([...run, run[0] as never]);
    await sink.write([...run, deleteMessage('42'), deleteMessage('42')]);
    await sink.close();
    assert.equal(lines(readFileSync(path, 'utf8')).length, 6);
    assert.deepEqual(sink.counters(), {
      stored: 5,
      duplicates: 6,
      compliance: 1,
      other: 0,
      skipped: { 'duplicate-notice': 1 },
    });
  });

  it('keeps the delete notice as the tombstone and holds back a tweet deleted before it arrived', async () => {
    const path = join(makeTempDir(), 'tweets.jsonl');
    const sink = await openJsonlFileSink({ path });
    await sink.write([tweetMessage({ id: '10' }), deleteMessage('10'), deleteMessage('11')]);
    await sink.write([tweetMessage({ id: '11' }), tweetMessage({ id: '12' })]);
    await sink.close();
    const written = lines(readFileSync(path, 'utf8')).map(
      (line) => JSON.parse(line) as Record<string, unknown>,
    );
    assert.deepEqual(
      written.map((object) => ('delete' in object ? 'delete' : (object.id_str as string))),
      ['10', 'delete', 'delete', '12'],
    );
    assert.deepEqual(sink.counters().skipped, { deleted: 1 });
  });

  it('writes gzip that decompresses to the same lines, readable after each write and complete after close', async () => {
    const path = join(makeTempDir(), 'tweets.jsonl.gz');
    const sink = await openJsonlFileSink({ path });
    const run = tweetRun(50);
    await sink.write(run.slice(0, 25));
    // Each write ends with a sync flush: what was written decompresses before the trailer exists
    // (what a crash would leave).
    const partial = gunzipSync(readFileSync(path), { finishFlush: 2 /* Z_SYNC_FLUSH */ });
    assert.equal(lines(partial.toString()).length, 25);
    await sink.write(run.slice(25));
    await sink.close();
    const whole = gunzipSync(readFileSync(path));
    assert.deepEqual(
      whole,
      Buffer.concat(run.flatMap((message) => [message.raw, Buffer.from('\n')])),
    );
  });

  it('moves an existing .gz aside instead of appending to it', async () => {
    const directory = makeTempDir();
    const path = join(directory, 'tweets.jsonl.gz');
    writeFileSync(path, 'earlier bytes');
    const sink = await openJsonlFileSink({ path, now: () => Date.parse('2026-03-04T05:06:07Z') });
    await sink.write(tweetRun(1));
    await sink.close();
    assert.deepEqual(readdirSync(directory).sort(), [
      'tweets-20260304T050607Z.jsonl.gz',
      'tweets.jsonl.gz',
    ]);
    assert.equal(
      readFileSync(join(directory, 'tweets-20260304T050607Z.jsonl.gz'), 'utf8'),
      'earlier bytes',
    );
    assert.equal(lines(gunzipSync(readFileSync(path)).toString()).length, 1);
  });

  it('rotates by size, never over an existing name, and loses no line', async () => {
    const directory = makeTempDir();
    const path = join(directory, 'tweets.jsonl');
    const sink = await openJsonlFileSink({
      path,
      rotateBytes: 4000,
      now: () => Date.parse('2026-01-01T00:00:00Z'),
    });
    const run = tweetRun(30);
    for (let index = 0; index < run.length; index += 3)
      await sink.write(run.slice(index, index + 3));
    await sink.close();
    const files = readdirSync(directory).sort();
    assert.ok(files.length > 3, files.join(' '));
    assert.ok(files.includes('tweets-20260101T000000Z.jsonl'));
    assert.ok(files.includes('tweets-20260101T000000Z-1.jsonl'));
    const ids = files.flatMap((file) =>
      lines(readFileSync(join(directory, file), 'utf8')).map(
        (line) => (JSON.parse(line) as { id_str: string }).id_str,
      ),
    );
    assert.deepEqual(
      ids.sort(),
      run.map((message) => (message.kind === 'tweet' ? message.data.id_str : '')).sort(),
    );
  });

  it('rotates by age at the first write after the interval, by the injected clock', async () => {
    const directory = makeTempDir();
    const path = join(directory, 'log');
    let now = Date.parse('2026-01-01T00:00:00Z');
    const sink = await openJsonlFileSink({ path, rotateIntervalMs: 3_600_000, now: () => now });
    await sink.write(tweetRun(1, 1n));
    now += 3_599_999;
    await sink.write(tweetRun(1, 2n));
    assert.deepEqual(readdirSync(directory), ['log']);
    now += 1;
    await sink.write(tweetRun(1, 3n));
    await sink.close();
    assert.deepEqual(readdirSync(directory).sort(), ['log', 'log-20260101T000000Z']);
    assert.equal(lines(readFileSync(join(directory, 'log-20260101T000000Z'), 'utf8')).length, 2);
    assert.equal(lines(readFileSync(path, 'utf8')).length, 1);
  });

  it('fails a write on a full disk without remembering it, then writes it once space is back', async () => {
    const directory = makeTempDir();
    const path = join(directory, 'tweets.jsonl');
    symlinkSync('/dev/full', path);
    const sink = await openJsonlFileSink({ path });
    const run = tweetRun(3);
    await assert.rejects(sink.write(run), { code: 'ERR_SINK_WRITE_FAILED', message: /ENOSPC/ });
    assert.equal(sink.counters().stored, 0);
    unlinkSync(path);
    await sink.write(run);
    await sink.close();
    assert.equal(lines(readFileSync(path, 'utf8')).length, 3);
    assert.equal(sink.counters().stored, 3);
  });

  it('refuses writes after close, and close twice is safe', async () => {
    const sink = await openJsonlFileSink({ path: join(makeTempDir(), 't.jsonl') });
    await sink.close();
    await sink.close();
    await assert.rejects(sink.write(tweetRun(1)), { code: 'ERR_SINK_CLOSED' });
  });

  it('reports a file it cannot open', async () => {
    await assert.rejects(
      openJsonlFileSink({ path: join(makeTempDir(), 'missing', 'dir', 't.jsonl') }),
      {
        code: 'ERR_SINK_UNAVAILABLE',
        message: /cannot open .*t\.jsonl for appending \(ENOENT\)/,
      },
    );
  });

  it('splits rotated names before the extension', () => {
    assert.deepEqual(splitExtension('/d/tweets.jsonl.gz'), {
      stem: '/d/tweets',
      extension: '.jsonl.gz',
    });
    assert.deepEqual(splitExtension('/d/a.b.c'), { stem: '/d/a.b', extension: '.c' });
    assert.deepEqual(splitExtension('/d/log'), { stem: '/d/log', extension: '' });
    assert.deepEqual(splitExtension('/d/.hidden'), { stem: '/d/.hidden', extension: '' });
  });
});

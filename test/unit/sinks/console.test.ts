import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { createMessageFormatter } from '../../../src/cli/output/message-formatter.js';
import { ConsoleSink } from '../../../src/sinks/console.js';
import { message, notices, tweet } from '../cli/output/sample-messages.js';

function collect(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return () => text;
}

describe('ConsoleSink', () => {
  it('prints each message in order and counts what it printed', async () => {
    const output = new PassThrough();
    const printed = collect(output);
    const sink = new ConsoleSink({
      output,
      format: createMessageFormatter({ format: 'json', color: false }),
    });
    await sink.write([tweet, notices.delete, notices.limit, notices.malformed]);
    await sink.close();
    const kinds = printed()
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { kind: string }).kind);
    assert.deepEqual(kinds, ['tweet', 'delete', 'limit', 'malformed']);
    assert.deepEqual(sink.counters(), {
      stored: 1,
      duplicates: 0,
      compliance: 1,
      other: 2,
      skipped: {},
    });
    assert.equal(sink.name, 'console');
  });

  it('prints a tweet re-sent after a reconnect only once', async () => {
    const output = new PassThrough();
    const printed = collect(output);
    const sink = new ConsoleSink({ output, format: (m) => `${m.kind}\n`, recentIdCapacity: 2 });
    const other = message('{"id_str":"2","text":"b","user":{}}');
    const third = message('{"id_str":"3","text":"c","user":{}}');
    await sink.write([tweet, other]);
    await sink.write([tweet, other, third, tweet]);
    assert.equal(printed(), 'tweet\ntweet\ntweet\ntweet\n');
    assert.equal(sink.counters().duplicates, 2);
    assert.equal(sink.counters().stored, 4);
  });

  it('writes raw bytes unchanged and calls beforeWrite once per batch', async () => {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    let cleared = 0;
    const sink = new ConsoleSink({
      output,
      format: createMessageFormatter({ format: 'raw', color: false }),
      beforeWrite: () => (cleared += 1),
    });
    await sink.write([tweet, notices.limit]);
    await sink.write([]);
    assert.deepEqual(
      Buffer.concat(chunks),
      Buffer.concat([tweet.raw, Buffer.from('\n'), notices.limit.raw, Buffer.from('\n')]),
    );
    assert.equal(cleared, 1);
  });

  it('waits while the output is full, and resumes when it drains', async () => {
    const output = new PassThrough({ highWaterMark: 16 });
    const sink = new ConsoleSink({ output, format: () => 'x'.repeat(64) });
    let written = false;
    const pending = sink.write([tweet]).then(() => (written = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(written, false);
    output.resume();
    await pending;
    assert.equal(written, true);
  });

  it('does not hang on an output that closed', async () => {
    const output = new PassThrough({ highWaterMark: 16 });
    const sink = new ConsoleSink({ output, format: () => 'x'.repeat(64) });
    const pending = sink.write([tweet]);
    output.destroy();
    await pending;
    await sink.close();
  });
});

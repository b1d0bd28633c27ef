import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { classifyRawMessage } from '../../../src/messages/classify-raw.js';
import { openSinkPipeline, openSinkUrl } from '../../../src/sinks/index.js';
import { makeTempDir } from '../../support/cli.js';
import { tweetMessage, tweetRun } from './fixtures.js';

const directory = makeTempDir('spritzer-sink-check-');
after(() => {
  rmSync(directory, { recursive: true, force: true });
});

const tweet = tweetMessage({ id: '1400000000000000001' });
/** What openStream({ raw: true }) yields for the same tweet: no `data`. */
const rawTweet = classifyRawMessage(tweet.raw);

describe('sinks: messages of the wrong shape', () => {
  for (const scheme of ['file', 'sqlite'] as const) {
    it(`${scheme}: refuses raw-mode messages and non-messages, naming the item, and stores nothing`, async () => {
      const sink = await openSinkUrl(`${scheme}:${join(directory, `t-${scheme}`)}`);
      try {
        await assert.rejects(sink.write([tweet, rawTweet] as never), {
          code: 'ERR_INVALID_ARG_VALUE',
          message:
            /^The "batch\[1\]" argument is a tweet message without data, as openStream\(\{ raw: true \}\) yields; sinks store typed messages: open the stream without raw, or pass classifyMessage\(message\.raw\)$/,
        });
        await assert.rejects(sink.write(['{"id_str":"1"}'] as never), {
          code: 'ERR_INVALID_ARG_TYPE',
          message:
            /^The "batch\[0\]" argument must be a stream message \{ kind, raw, data \} as openStream or classifyMessage\(bytes\) gives; received type string$/,
        });
        await assert.rejects(sink.write(tweet as never), {
          code: 'ERR_INVALID_ARG_TYPE',
          message: /^The "batch" argument must be an array of stream messages/,
        });
        assert.equal(sink.counters().stored, 0);
        await sink.write([tweet]);
        assert.equal(sink.counters().stored, 1);
      } finally {
        await sink.close();
      }
    });
  }

  it('the pipeline refuses a raw-mode message before it is batched (so it is never spilled)', async () => {
    const pipeline = await openSinkPipeline([`file:${join(directory, 'p.jsonl')}`], {
      spillDir: join(directory, 'spill'),
    });
    try {
      await assert.rejects(pipeline.write(rawTweet as never), {
        code: 'ERR_INVALID_ARG_VALUE',
        message: /^The "message" argument is a tweet message without data/,
      });
    } finally {
      await pipeline.close();
    }
  });
});

describe('openSinkPipeline: arguments of the wrong shape', () => {
  it('refuses one URL not in an array (its characters were read as URLs) without quoting it', async () => {
    await assert.rejects(
      openSinkPipeline('postgres://me:secret@h/db' as never),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'ERR_INVALID_ARG_TYPE');
        assert.equal(
          error.message,
          'The "urls" argument must be an array of sink URLs (one URL goes in an array too: [url]); received type string',
        );
        return true;
      },
    );
  });

  it('refuses an unknown option instead of using the default', async () => {
    await assert.rejects(openSinkPipeline([], { spill_dir: directory } as never), {
      code: 'ERR_INVALID_ARG_VALUE',
      message:
        /^The "options\.spill_dir" argument is not an option of openSinkPipeline \(did you mean "spillDir"\?\)/,
    });
  });
});

describe('JSONL file sink: writes the caller does not await', () => {
  it('lands every batch exactly once, rotating between writes (not under one)', async () => {
    const { openJsonlFileSink } = await import('../../../src/sinks/jsonl-file.js');
    const { mkdirSync, readdirSync, readFileSync } = await import('node:fs');
    const folder = join(directory, 'concurrent');
    mkdirSync(folder);
    const sink = await openJsonlFileSink({ path: join(folder, 't.jsonl'), rotateBytes: 4096 });
    const messages = tweetRun(300);
    // The same batch twice at once: the second is all duplicates, not a second copy.
    const writes = [sink.write(messages.slice(0, 10)), sink.write(messages.slice(0, 10))];
    for (let index = 10; index < messages.length; index += 10) {
      writes.push(sink.write(messages.slice(index, index + 10)));
    }
    const results = await Promise.allSettled(writes);
    assert.deepEqual(
      results.filter((result) => result.status === 'rejected'),
      [],
    );
    await sink.close();
    const files = readdirSync(folder);
    assert.ok(files.length > 2, 'it rotated');
    const ids = files
      .flatMap((file) => readFileSync(join(folder, file), 'utf8').split('\n').filter(Boolean))
      .map((line) => (JSON.parse(line) as { id_str: string }).id_str);
    // Every tweet exactly once (segment names order by second only, so compare as sets).
    assert.deepEqual(
      ids.sort(),
      messages.map((message) => (message.kind === 'tweet' ? message.data.id_str : '')).sort(),
    );
    assert.equal(sink.counters().stored, 300);
    assert.equal(sink.counters().duplicates, 10);
  });
});

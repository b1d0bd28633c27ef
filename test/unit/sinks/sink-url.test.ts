import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openSinkUrl } from '../../../src/sinks/open-sink.js';
import { openSinkPipeline } from '../../../src/sinks/sink-pipeline.js';
import { parseByteSize, parseDuration, parseSinkUrl } from '../../../src/sinks/sink-url.js';

describe('parseSinkUrl', () => {
  it('reads file sinks with rotation, gzip and de-duplication options', () => {
    assert.deepEqual(parseSinkUrl('file:tweets.jsonl'), {
      type: 'file',
      options: { path: 'tweets.jsonl' },
    });
    assert.deepEqual(
      parseSinkUrl('file:///data/t.jsonl.gz?rotate-size=100MB&rotate-every=1h&dedup-window=5000'),
      {
        type: 'file',
        options: {
          path: '/data/t.jsonl.gz',
          rotateBytes: 100_000_000,
          rotateIntervalMs: 3_600_000,
          dedupWindow: 5000,
        },
      },
    );
    assert.deepEqual(parseSinkUrl('file:/d/raw?gzip=true&rotate-size=1GiB'), {
      type: 'file',
      options: { path: '/d/raw', rotateBytes: 1024 ** 3, gzip: true },
    });
  });

  it('reads sqlite sinks with their delete policy and busy timeout', () => {
    assert.deepEqual(parseSinkUrl('sqlite:/data/tweets.db?deletes=tombstone&busy-timeout=2s'), {
      type: 'sqlite',
      options: { path: '/data/tweets.db', deletes: 'tombstone', busyTimeoutMs: 2000 },
    });
  });

  it('passes driver options of postgres URLs through and keeps its own', () => {
    assert.deepEqual(
      parseSinkUrl('postgres://u:secret@db.example:5433/tweets?sslmode=require&deletes=remove'),
      {
        type: 'postgres',
        options: {
          connectionString: 'postgres://u:secret@db.example:5433/tweets?sslmode=require',
          deletes: 'remove',
        },
      },
    );
    assert.equal(parseSinkUrl('postgresql://h/db').type, 'postgres');
  });

  it('reads nats URLs with a server list, the stream and the JetStream options', () => {
    assert.deepEqual(
      parseSinkUrl(
        'nats://10.0.0.1:4222,10.0.0.2:4222,[::1]:4223/TWEETS?replicas=3&subject-prefix=a.b&max-in-flight=64&ack-timeout=2s&duplicate-window=10m',
      ),
      {
        type: 'nats',
        options: {
          servers: ['10.0.0.1:4222', '10.0.0.2:4222', '[::1]:4223'],
          stream: 'TWEETS',
          replicas: 3,
          subjectPrefix: 'a.b',
          maxInFlight: 64,
          ackTimeoutMs: 2000,
          duplicateWindowMs: 600_000,
        },
      },
    );
  });

  it('refuses what it cannot use, naming the URL and the fix, and never echoes a password', () => {
    const cases: [string, RegExp][] = [
      [
        'mysql://h/db',
        /^The "url" argument "mysql:\/\/h\/db" names no known sink; use file:PATH, sqlite:PATH/,
      ],
      ['tweets.jsonl', /names no known sink/],
      ['file:', /names no file/],
      ['file://host/x', /must be file:PATH or file:\/\/\/ABSOLUTE\/PATH/],
      ['sqlite:/x.db?deletes=shred', /deletes must be remove or tombstone; received "shred"/],
      ['sqlite:/x.db?frobnicate=1', /unknown option "frobnicate"/],
      [
        'file:/x?rotate-size=lots',
        /must be a size such as 1048576, 100MB or 1GiB; received "lots"/,
      ],
      ['file:/x?rotate-every=soon', /must be a duration such as 500ms, 30s, 15m or 1h/],
      ['nats://h:4222', /must be nats:\/\/HOST:PORT\[,HOST:PORT…\]\/STREAM/],
      ['nats://h/S', /"h" in nats:\/\/h\/S must be HOST:PORT/],
      ['nats://h:1/S?replicas=x', /replicas must be a positive integer; received "x"/],
      ['postgres://u:hunter2@db.example', /needs a host and a database/],
      ['postgres://u:hunter2@/db', /is not a valid postgres:\/\/ URL/],
    ];
    for (const [url, message] of cases) {
      assert.throws(
        () => parseSinkUrl(url),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'ERR_INVALID_ARG_VALUE', url);
          assert.match(error.message, message);
          assert.doesNotMatch(error.message, /hunter2/);
          return true;
        },
      );
    }
  });

  it('parses sizes and durations with their units', () => {
    assert.equal(parseByteSize('x', '1048576'), 1_048_576);
    assert.equal(parseByteSize('x', '1.5kb'), 1500);
    assert.equal(parseByteSize('x', '2MiB'), 2 * 1024 ** 2);
    assert.equal(parseDuration('x', '500ms'), 500);
    assert.equal(parseDuration('x', '1.5s'), 1500);
    assert.equal(parseDuration('x', '2d'), 172_800_000);
    assert.throws(() => parseByteSize('--spill-limit', '0'), { code: 'ERR_INVALID_ARG_VALUE' });
    assert.throws(() => parseDuration('x', '10'), /must be a duration/);
  });
});

describe('parseSinkUrl from a library caller', () => {
  // Broke: every error named the CLI's flag, `The "--to" argument …`, also for a library caller
  // that never saw a --to (openSinkUrl, openSinkPipeline).
  it('names the library parameter, or the name the caller passes (the CLI: --to)', async () => {
    const url = 'sqlite:/x.db?busy-timeout=soon';
    assert.throws(() => parseSinkUrl(url), {
      message: /^The "url" argument option busy-timeout must be a duration/,
    });
    assert.throws(() => parseSinkUrl(url, '--to'), {
      code: 'ERR_INVALID_ARG_VALUE',
      message: /^The "--to" argument option busy-timeout must be a duration such as 500ms/,
    });
    assert.throws(() => parseSinkUrl('file:/x?rotate-size=lots', '--to'), {
      message:
        /^The "--to" argument option rotate-size must be a size such as 1048576, 100MB or 1GiB; received "lots"$/,
    });
    assert.throws(() => parseSinkUrl('file:', '--to'), {
      message: /^The "--to" argument "file:" names no file/,
    });
    assert.throws(() => parseSinkUrl(42 as never, 'sinkUrl'), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: /^The "sinkUrl" argument must be a sink URL string/,
    });
    // A promise that rejects (a synchronous throw would escape `.catch()`).
    const opened = openSinkUrl('redis://h');
    await assert.rejects(opened, {
      code: 'ERR_INVALID_ARG_VALUE',
      message: /^The "url" argument "redis:\/\/h" names no known sink/,
    });
    await assert.rejects(openSinkPipeline(['file:a.jsonl', 'nats://h:4222']), {
      code: 'ERR_INVALID_ARG_VALUE',
      message: /^The "urls\[1\]" argument "nats:\/\/h:4222" must be nats:\/\//,
    });
  });

  it('refuses a URL that is not a string with ERR_INVALID_ARG_TYPE', () => {
    for (const given of [undefined, { url: 'file:x.jsonl' }, new URL('file:///x.jsonl')]) {
      assert.throws(() => parseSinkUrl(given as never), {
        code: 'ERR_INVALID_ARG_TYPE',
        message:
          /^The "url" argument must be a sink URL string such as sqlite:tweets\.db; received /,
      });
    }
  });

  it('suggests the scheme a bare path most likely meant', () => {
    assert.throws(() => parseSinkUrl('/tmp/tweets.jsonl.gz'), {
      code: 'ERR_INVALID_ARG_VALUE',
      message:
        /names no known sink; use file:PATH, .* \(did you mean file:\/tmp\/tweets\.jsonl\.gz\?\)$/,
    });
    assert.throws(() => parseSinkUrl('tweets.db'), {
      message: /\(did you mean sqlite:tweets\.db\?\)$/,
    });
    assert.throws(() => parseSinkUrl('mysql://h/db'), {
      message:
        /names no known sink; use file:PATH, sqlite:PATH, postgres:\/\/USER@HOST\/DATABASE or nats:\/\/HOST:PORT\/STREAM$/,
    });
  });
});

describe('parseSinkUrl never quotes a password', () => {
  it('redacts it from an unknown scheme and from a malformed nats URL', () => {
    for (const url of [
      'mysql://me:hunter2@h/db',
      'postgress://me:hunter2@h/db',
      'nats://me:hunter2@h:4222/TWEETS',
      'nats://me:hunter2@h/TWEETS?x',
    ]) {
      assert.throws(
        () => parseSinkUrl(url),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'ERR_INVALID_ARG_VALUE');
          assert.doesNotMatch(error.message, /hunter2/);
          assert.match(error.message, /\*\*\*@/);
          return true;
        },
        url,
      );
    }
  });
});

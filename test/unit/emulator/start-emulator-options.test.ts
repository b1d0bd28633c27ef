import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEmulator, type EmulatorOptions } from '../../../src/emulator/index.js';

describe('startEmulator: options at the public boundary', () => {
  it('refuses a malformed option before binding, naming the option and what it takes', async () => {
    const cases: [unknown, string, RegExp][] = [
      [
        { rate: 'fast' },
        'ERR_INVALID_ARG_TYPE',
        /"options.rate" argument must be a number or 'max'/,
      ],
      [{ rate: 0 }, 'ERR_INVALID_ARG_VALUE', /"options.rate" argument must be between/],
      [{ faults: 'close' }, 'ERR_INVALID_ARG_TYPE', /"options.faults" argument must be an array/],
      [{ queue: 5 }, 'ERR_INVALID_ARG_TYPE', /"options.queue" argument must be an object/],
      [
        { connectionRateLimit: true },
        'ERR_INVALID_ARG_TYPE',
        /"options.connectionRateLimit" argument must be an object/,
      ],
      [{ fixtures: 'me' }, 'ERR_INVALID_ARG_TYPE', /"options.fixtures" argument must be an object/],
      [
        { generationWorkers: 17 },
        'ERR_INVALID_ARG_VALUE',
        /"options.generationWorkers" argument must be between 0 and 16/,
      ],
    ];
    for (const [options, code, message] of cases) {
      await assert.rejects(startEmulator(options as EmulatorOptions), { code, message });
    }
  });
});

describe('startEmulator: what an untyped caller gets wrong', () => {
  it('refuses unknown option and fixture names, and text or lists of the wrong type', async () => {
    const cases: [unknown, string, RegExp][] = [
      [
        { sed: 7 },
        'ERR_INVALID_ARG_VALUE',
        /^The "options\.sed" argument is not an option of startEmulator \(did you mean "seed"\?\); the options are host, port, seed, /,
      ],
      [
        { keepAliveInterval: 50 },
        'ERR_INVALID_ARG_VALUE',
        /\(did you mean "keepAliveIntervalMs"\?\)/,
      ],
      [
        { fixtures: { consumer_key: 'k' } },
        'ERR_INVALID_ARG_VALUE',
        /^The "options\.fixtures\.consumer_key" argument is not a fixture \(did you mean "consumerKey"\?\)/,
      ],
      [
        { fixtures: { consumerKey: 5 } },
        'ERR_INVALID_ARG_TYPE',
        /^The "options\.fixtures\.consumerKey" argument must be a non-empty string; received type number/,
      ],
      [
        { fixtures: { userId: 'spritzer_dev' } },
        'ERR_INVALID_ARG_VALUE',
        /"options\.fixtures\.userId" argument must be a decimal user id/,
      ],
      [
        { log: 'stderr' },
        'ERR_INVALID_ARG_TYPE',
        /^The "options\.log" argument must be a function \(line\) => void/,
      ],
      [
        { callbackUrls: 'http://127.0.0.1/cb' },
        'ERR_INVALID_ARG_TYPE',
        /"options\.callbackUrls" argument must be an array of absolute URLs/,
      ],
      [
        { callbackUrls: ['/cb'] },
        'ERR_INVALID_ARG_VALUE',
        /"options\.callbackUrls\[0\]" argument must be an absolute URL .*; received "\/cb"/,
      ],
      [
        { signatureMethods: 'HMAC-SHA1' },
        'ERR_INVALID_ARG_TYPE',
        /"options\.signatureMethods" argument must be an array/,
      ],
      [
        { appName: 7 },
        'ERR_INVALID_ARG_TYPE',
        /"options\.appName" argument must be a non-empty string/,
      ],
      [{ world: 'big' }, 'ERR_INVALID_ARG_TYPE', /"options\.world" argument must be an object/],
      [
        { queue: { maxbytes: 1024 } },
        'ERR_INVALID_ARG_VALUE',
        /^The "options\.queue\.maxbytes" argument is not a field of options\.queue \(did you mean "maxBytes"\?\)/,
      ],
      [
        { connectionRateLimit: { max: 3 } },
        'ERR_INVALID_ARG_VALUE',
        /"options\.connectionRateLimit\.max" argument is not a field of options\.connectionRateLimit/,
      ],
    ];
    for (const [options, code, message] of cases) {
      await assert.rejects(
        startEmulator(options as EmulatorOptions),
        { code, message },
        JSON.stringify(options),
      );
    }
  });

  it('says a host is given without a scheme when it cannot listen, and names options.port', async () => {
    await assert.rejects(startEmulator({ host: 'http://127.0.0.1' }), {
      code: 'ERR_EMULATOR_LISTEN_FAILED',
      message:
        /^cannot listen on http:\/\/127\.0\.0\.1:0 \(\w+\); give the host without a scheme, e\.g\. 127\.0\.0\.1$/,
    });
    const running = await startEmulator({ seed: 2 });
    try {
      const port = Number(new URL(running.url).port);
      await assert.rejects(startEmulator({ port }), {
        code: 'ERR_EMULATOR_LISTEN_FAILED',
        message: `cannot listen on 127.0.0.1:${port} (EADDRINUSE); choose another host or port (options.host/options.port; --host/--port in the CLI)`,
      });
    } finally {
      await running.close();
    }
  });
});

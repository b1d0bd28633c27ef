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

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { promptLine, promptYesNo } from '../../../src/cli/terminal-prompt.js';

function streams(options: { tty?: boolean } = {}) {
  const rawModes: boolean[] = [];
  const stdin = Object.assign(new PassThrough(), {
    isTTY: options.tty === true,
    setRawMode: (mode: boolean) => rawModes.push(mode),
  });
  const stderr = new PassThrough();
  let written = '';
  stderr.on('data', (chunk: Buffer) => (written += chunk.toString()));
  const controller = new AbortController();
  return {
    io: { stdin, stderr, signal: controller.signal },
    controller,
    rawModes,
    written: () => written,
  };
}

describe('promptLine', () => {
  it('reads the first line of a piped stdin, and the next line for the next prompt', async () => {
    const { io, written } = streams();
    io.stdin.end(' 1234567 \r\nsecond\nthird');
    assert.equal(await promptLine(io, 'PIN: ', { secret: true }), '1234567');
    assert.equal(await promptLine(io, 'Again: '), 'second');
    assert.equal(await promptLine(io, 'Last: '), 'third');
    assert.equal(await promptLine(io, 'Gone: '), undefined);
    assert.equal(written(), 'PIN: \nAgain: \nLast: \nGone: \n');
  });

  it('reads a secret from a terminal in raw mode without echoing it', async () => {
    const { io, rawModes, written } = streams({ tty: true });
    const answer = promptLine(io, 'PIN: ', { secret: true });
    io.stdin.write('12');
    io.stdin.write('x\u007f3\r');
    assert.equal(await answer, '123');
    assert.deepEqual(rawModes, [true, false]);
    assert.equal(written(), 'PIN: •••\b \b•\n');
    assert.doesNotMatch(written(), /1|2|3/);
  });

  it('treats Ctrl-C in raw mode as an interrupt', async () => {
    const { io, rawModes } = streams({ tty: true });
    let interrupted = false;
    const answer = promptLine(io, 'PIN: ', {
      secret: true,
      onInterrupt: () => (interrupted = true),
    });
    io.stdin.write('12\u0003');
    assert.equal(await answer, undefined);
    assert.equal(interrupted, true);
    assert.deepEqual(rawModes, [true, false]);
  });

  it('gives up when the signal aborts', async () => {
    const { io, controller } = streams({ tty: true });
    const answer = promptLine(io, 'PIN: ');
    controller.abort();
    assert.equal(await answer, undefined);
  });
});

describe('promptYesNo', () => {
  it('takes Enter and y as yes, n as no', async () => {
    for (const [input, expected] of [
      ['\n', true],
      ['Y\n', true],
      ['yes\n', true],
      ['n\n', false],
      ['', false],
    ] as const) {
      const { io } = streams();
      io.stdin.end(input);
      assert.equal(await promptYesNo(io, 'Open?'), expected, JSON.stringify(input));
    }
  });
});

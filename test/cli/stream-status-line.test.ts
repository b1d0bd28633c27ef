/**
 * The status line needs stderr to be a terminal, which a spawned binary's pipe is not: this test
 * runs `spritzer stream sample` in-process through `runCommand`, with a stderr that says it is a
 * terminal, against an emulator on loopback.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { CliContext } from '../../src/cli/context.js';
import { runCommand } from '../../src/cli/main.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { homeWithProfile } from './emulator-account.js';

let emulator: RunningEmulator;
before(async () => {
  emulator = await startEmulator({ seed: 12 });
});
after(async () => {
  await emulator.close();
});

function capture(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return () => text;
}

describe('spritzer stream on a terminal', () => {
  it('draws the status line on stderr, erases it before output, and never writes it to stdout', async () => {
    const home = await homeWithProfile(emulator);
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    const out = capture(stdout);
    const err = capture(stderr);
    const context: CliContext = {
      stdin: new PassThrough(),
      stdout,
      stderr,
      env: { HOME: home, XDG_CONFIG_HOME: `${home}/.config`, NO_COLOR: '1' },
      signal: new AbortController().signal,
      exitCode: 0,
    };
    const code = await runCommand(['stream', 'sample', '--limit', '40'], context);
    assert.equal(code, 0, err());
    assert.equal(out().split('\n').length, 41);
    assert.ok(!out().includes('\r') && !out().includes('msg/s'));
    assert.ok(
      err().startsWith('\r\u001b[2K… connecting · 0 msg/s · 0 total · 0 reconnects'),
      JSON.stringify(err().slice(0, 80)),
    );
    assert.ok(err().includes('\r\u001b[2K■ stopped: 40 messages in'), 'erased before the summary');
  });

  it('a terminal that reports 0 columns gets an 80-column status line, not a cut one', async () => {
    // Broke: a pty whose size was never set reports 0 columns, and the line shrank to
    // "▶ streami…".
    const home = await homeWithProfile(emulator);
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 0 });
    const err = capture(stderr);
    const context: CliContext = {
      stdin: new PassThrough(),
      stdout: new PassThrough().resume(),
      stderr,
      env: { HOME: home, XDG_CONFIG_HOME: `${home}/.config`, NO_COLOR: '1' },
      signal: new AbortController().signal,
      exitCode: 0,
    };
    const code = await runCommand(['stream', 'sample', '--limit', '5'], context);
    assert.equal(code, 0, err());
    assert.ok(
      err().startsWith('\r\u001b[2K… connecting · 0 msg/s · 0 total · 0 reconnects'),
      JSON.stringify(err().slice(0, 80)),
    );
  });
});

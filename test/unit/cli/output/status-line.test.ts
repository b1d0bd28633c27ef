import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import {
  StatusLine,
  formatStatusLine,
  type StatusSnapshot,
} from '../../../../src/cli/output/status-line.js';
import { createTerminalStyle } from '../../../../src/cli/terminal-style.js';

const plain = createTerminalStyle(false);
const streaming: StatusSnapshot = {
  state: 'streaming',
  messagesPerSecond: 57.4,
  total: 12345,
  reconnects: 1,
  lagMs: 1234,
};

describe('formatStatusLine', () => {
  it('shows state, rate, total, reconnects and lag', () => {
    assert.equal(
      formatStatusLine(streaming, plain, 120),
      '▶ streaming · 57 msg/s · 12,345 total · 1 reconnect · lag 1.2 s',
    );
  });

  it('shows the backoff wait and its reason', () => {
    const line = formatStatusLine(
      {
        state: 'backoff',
        messagesPerSecond: 0,
        total: 0,
        reconnects: 3,
        backoffMs: 20_000,
        backoffReason: 'HTTP 503',
      },
      plain,
      120,
    );
    assert.equal(line, '⏸ backoff 20 s (HTTP 503) · 0 msg/s · 0 total · 3 reconnects');
  });

  it('fits a narrow terminal without wrapping', () => {
    const line = formatStatusLine(streaming, plain, 30);
    assert.equal(line, '▶ streaming · 57 msg/s · 12,…');
    assert.equal(line.length, 29);
  });

  it('colors the state when color is on', () => {
    const line = formatStatusLine(streaming, createTerminalStyle(true), 120);
    assert.ok(line.startsWith('\x1b[32m▶ streaming\x1b[39m\x1b[2m · 57 msg/s'));
  });
});

describe('StatusLine', () => {
  function terminal(isTTY: boolean): {
    stream: PassThrough & { isTTY: boolean; columns: number };
    written: () => string;
  } {
    const stream = Object.assign(new PassThrough(), { isTTY, columns: 100 });
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { stream, written: () => text };
  }

  it('redraws on each tick, erases itself, and stops its timer', () => {
    const { stream, written } = terminal(true);
    let tick: (() => void) | undefined;
    let cleared: unknown;
    let total = 0;
    const line = new StatusLine({
      stream,
      style: plain,
      read: () => ({ state: 'streaming', messagesPerSecond: 57, total, reconnects: 1 }),
      setInterval: (callback) => {
        tick = callback;
        return 'timer';
      },
      clearInterval: (handle) => (cleared = handle),
    });
    line.start();
    total = 2;
    tick?.();
    line.clear();
    line.clear();
    line.stop();
    assert.equal(cleared, 'timer');
    assert.equal(
      written(),
      '\r\x1b[2K▶ streaming · 57 msg/s · 0 total · 1 reconnect' +
        '\r\x1b[2K▶ streaming · 57 msg/s · 2 total · 1 reconnect' +
        '\r\x1b[2K',
    );
  });

  it('draws nothing when stderr is not a terminal', () => {
    const { stream, written } = terminal(false);
    const line = new StatusLine({
      stream,
      style: plain,
      read: () => streaming,
      setInterval: () => assert.fail('no timer'),
    });
    line.start();
    line.draw();
    line.stop();
    assert.equal(line.enabled, false);
    assert.equal(written(), '');
  });
});

import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findBrowserOpener } from '../../../src/cli/open-browser.js';
import { makeTempDir } from '../../support/cli.js';

describe('findBrowserOpener', () => {
  it('honours $BROWSER first', () => {
    assert.deepEqual(findBrowserOpener({ BROWSER: 'firefox:chromium' }, 'linux'), {
      command: 'firefox',
      args: [],
    });
  });

  it('uses the platform opener on macOS and Windows', () => {
    assert.equal(findBrowserOpener({}, 'darwin')?.command, 'open');
    assert.equal(findBrowserOpener({}, 'win32')?.command, 'explorer.exe');
  });

  it('on Linux needs a graphical session and xdg-open on PATH', () => {
    const bin = makeTempDir();
    const xdgOpen = join(bin, 'xdg-open');
    writeFileSync(xdgOpen, '#!/bin/sh\n');
    chmodSync(xdgOpen, 0o755);
    assert.equal(findBrowserOpener({ PATH: bin }, 'linux'), undefined);
    assert.deepEqual(findBrowserOpener({ PATH: bin, DISPLAY: ':0' }, 'linux'), {
      command: xdgOpen,
      args: [],
    });
    assert.equal(
      findBrowserOpener({ PATH: makeTempDir(), WAYLAND_DISPLAY: 'wayland-0' }, 'linux'),
      undefined,
    );
  });
});

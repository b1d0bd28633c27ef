import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfigDir } from '../../../src/credentials/config-dir.js';

describe('resolveConfigDir', () => {
  it('uses $XDG_CONFIG_HOME/spritzer on Linux', () => {
    assert.equal(
      resolveConfigDir({ XDG_CONFIG_HOME: '/x/config', HOME: '/home/a' }, 'linux'),
      '/x/config/spritzer',
    );
  });

  it('falls back to ~/.config/spritzer when XDG_CONFIG_HOME is unset, empty or relative', () => {
    for (const xdg of [undefined, '', 'relative/dir']) {
      assert.equal(
        resolveConfigDir({ XDG_CONFIG_HOME: xdg, HOME: '/home/a' }, 'linux'),
        '/home/a/.config/spritzer',
      );
    }
  });

  it('lets SPRITZER_CONFIG_DIR override everything', () => {
    assert.equal(
      resolveConfigDir({ SPRITZER_CONFIG_DIR: '/etc/sp', XDG_CONFIG_HOME: '/x' }, 'linux'),
      '/etc/sp',
    );
  });

  it('uses %APPDATA% on Windows', () => {
    assert.match(
      resolveConfigDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32'),
      /AppData.Roaming.spritzer$/,
    );
  });
});

import assert from 'node:assert/strict';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SpritzerError } from '../../../src/errors.js';
import { readPrivateFile, writePrivateFileAtomic } from '../../../src/credentials/private-file.js';
import { makeTempDir } from '../../support/cli.js';

const posix = process.platform !== 'win32';

describe('writePrivateFileAtomic', () => {
  it('creates the directory 0700 and the file 0600, leaving no temporary file', async () => {
    const directory = join(makeTempDir(), 'nested', 'spritzer');
    const path = join(directory, 'secret.json');
    await writePrivateFileAtomic(path, '{"a":1}\n', 'test file');
    assert.equal(await readPrivateFile(path, 'test file'), '{"a":1}\n');
    if (posix) {
      assert.equal(statSync(directory).mode & 0o777, 0o700);
      assert.equal(statSync(path).mode & 0o777, 0o600);
    }
    assert.deepEqual(readdirSync(directory), ['secret.json']);
  });

  it('replaces the content of an existing file and keeps it 0600', async () => {
    const directory = makeTempDir();
    const path = join(directory, 'secret.json');
    writeFileSync(path, 'old', { mode: 0o600 });
    await writePrivateFileAtomic(path, 'new', 'test file');
    assert.equal(await readPrivateFile(path, 'test file'), 'new');
    if (posix) assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  it('reports a directory it cannot create as ERR_CREDENTIALS_FILE_IO and cleans up', async () => {
    const directory = makeTempDir();
    const blocker = join(directory, 'file');
    writeFileSync(blocker, '');
    await assert.rejects(writePrivateFileAtomic(join(blocker, 'x.json'), '{}', 'test file'), {
      code: 'ERR_CREDENTIALS_FILE_IO',
      message: /^cannot write the test file .*x\.json \((ENOTDIR|EEXIST)\)$/,
    });
    assert.deepEqual(readdirSync(directory), ['file']);
  });
});

describe('readPrivateFile', () => {
  it('returns undefined for a missing file', async () => {
    assert.equal(await readPrivateFile(join(makeTempDir(), 'none'), 'test file'), undefined);
  });

  it(
    'refuses a group- or world-readable file and says how to fix it',
    { skip: !posix },
    async () => {
      const path = join(makeTempDir(), 'secret.json');
      writeFileSync(path, '{}');
      for (const mode of [0o644, 0o640, 0o604, 0o660]) {
        chmodSync(path, mode);
        await assert.rejects(readPrivateFile(path, 'credentials file'), (error: unknown) => {
          assert.ok(error instanceof SpritzerError);
          assert.equal(error.code, 'ERR_CREDENTIALS_FILE_PERMISSIONS');
          assert.equal(
            error.message,
            `the credentials file ${path} has mode 0${mode.toString(8)} but holds secrets: run \`chmod 600 ${path}\``,
          );
          return true;
        });
      }
    },
  );

  it('checks permissions only when the content needs it', { skip: !posix }, async () => {
    const path = join(makeTempDir(), 'config.json');
    writeFileSync(path, '{"apiUrl":"x"}', { mode: 0o644 });
    chmodSync(path, 0o644);
    const needsSecret = (content: string): boolean => content.includes('Secret');
    assert.equal(
      await readPrivateFile(path, 'config file', { privateIf: needsSecret }),
      '{"apiUrl":"x"}',
    );
    writeFileSync(path, '{"consumerSecret":"x"}');
    await assert.rejects(readPrivateFile(path, 'config file', { privateIf: needsSecret }), {
      code: 'ERR_CREDENTIALS_FILE_PERMISSIONS',
    });
  });

  it('refuses a directory and a symbolic link', { skip: !posix }, async () => {
    const directory = makeTempDir();
    const inner = join(directory, 'dir');
    mkdirSync(inner);
    await assert.rejects(readPrivateFile(inner, 'credentials file'), {
      code: 'ERR_CREDENTIALS_FILE_INVALID',
      message: `the credentials file ${inner} is not a regular file; move it aside`,
    });
    const target = join(directory, 'target');
    writeFileSync(target, '{}', { mode: 0o600 });
    const link = join(directory, 'link');
    symlinkSync(target, link);
    await assert.rejects(readPrivateFile(link, 'credentials file'), {
      code: 'ERR_CREDENTIALS_FILE_IO',
      message: `cannot read the credentials file ${link} (ELOOP)`,
    });
  });

  it('refuses a file owned by another user', { skip: process.getuid?.() !== 0 }, async () => {
    const path = join(makeTempDir(), 'secret.json');
    writeFileSync(path, '{}', { mode: 0o600 });
    chownSync(path, 65534, 65534);
    await assert.rejects(readPrivateFile(path, 'credentials file'), {
      code: 'ERR_CREDENTIALS_FILE_PERMISSIONS',
      message: `the credentials file ${path} belongs to user 65534, not to you (0); it holds secrets, so spritzer only reads your own: chown it or remove it`,
    });
  });
});

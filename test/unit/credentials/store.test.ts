import assert from 'node:assert/strict';
import {
  chmodSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CredentialStore } from '../../../src/credentials/store.js';
import type { StoredProfile } from '../../../src/credentials/types.js';
import { makeTempDir } from '../../support/cli.js';
import { aliceProfile } from './profile-fixture.js';

const bobProfile: StoredProfile = {
  ...aliceProfile,
  name: 'bob',
  screenName: 'bob',
  accessToken: '42-bob',
  accessTokenSecret: 'ts-SECRET-bob',
};

function freshStore(): CredentialStore {
  return new CredentialStore(join(makeTempDir(), 'spritzer'));
}

describe('CredentialStore', () => {
  it('starts empty and says to authorize when asked for the default', async () => {
    const store = freshStore();
    assert.deepEqual(await store.list(), { defaultProfile: undefined, profiles: [] });
    await assert.rejects(store.get(), {
      code: 'ERR_CREDENTIALS_MISSING',
      message:
        'no authorized account: run `spritzer authorize` first (or set SPRITZER_ACCESS_TOKEN and SPRITZER_ACCESS_TOKEN_SECRET)',
    });
    await assert.rejects(store.get('alice'), {
      code: 'ERR_CREDENTIALS_PROFILE_NOT_FOUND',
      message: 'no profile named "alice": no account is authorized yet; run `spritzer authorize`',
    });
  });

  it('makes the first saved profile the default, and later ones only when asked', async () => {
    const store = freshStore();
    assert.equal(await store.save(aliceProfile), true);
    assert.equal(await store.save(bobProfile), false);
    assert.deepEqual(await store.get(), aliceProfile);
    assert.deepEqual(await store.get('bob'), bobProfile);
    const bobAgain = { ...bobProfile, accessToken: '42-new' };
    assert.equal(await store.save(bobAgain, { makeDefault: 'always' }), true);
    assert.deepEqual(await store.list(), {
      defaultProfile: 'bob',
      profiles: [aliceProfile, bobAgain],
    });
  });

  it('can save a profile that never becomes the default', async () => {
    const store = freshStore();
    assert.equal(await store.save(aliceProfile, { makeDefault: 'never' }), false);
    assert.equal((await store.list()).defaultProfile, undefined);
    await store.save(bobProfile);
    assert.equal(
      await store.save({ ...bobProfile, accessToken: 'x' }, { makeDefault: 'never' }),
      true,
    );
    assert.equal((await store.list()).defaultProfile, 'bob');
  });

  it('writes the file 0600 in a 0700 directory, as the documented JSON', async () => {
    const store = freshStore();
    await store.save(aliceProfile);
    if (process.platform !== 'win32') {
      assert.equal(statSync(store.path).mode & 0o777, 0o600);
      assert.equal(statSync(join(store.path, '..')).mode & 0o777, 0o700);
    }
    const document = JSON.parse(readFileSync(store.path, 'utf8')) as Record<string, unknown>;
    assert.equal(document.version, 1);
    assert.equal(document.default, 'alice');
    assert.deepEqual(Object.keys(document.profiles as object), ['alice']);
    assert.deepEqual(readdirSync(join(store.path, '..')), ['credentials.json']);
  });

  it('switches the default and lists unknown names in the error', async () => {
    const store = freshStore();
    await store.save(aliceProfile);
    await store.save(bobProfile);
    await store.setDefault('bob');
    assert.equal((await store.get()).name, 'bob');
    await assert.rejects(store.setDefault('carol'), {
      code: 'ERR_CREDENTIALS_PROFILE_NOT_FOUND',
      message: 'no profile named "carol" (known: alice, bob); see `spritzer accounts`',
    });
  });

  it('removes profiles; the last one left becomes the default', async () => {
    const store = freshStore();
    await store.save(aliceProfile);
    await store.save(bobProfile);
    await store.save({ ...bobProfile, name: 'carol' });
    assert.equal(await store.remove('alice'), undefined);
    await assert.rejects(store.get(), {
      code: 'ERR_CREDENTIALS_MISSING',
      message:
        'no default profile: choose one with `spritzer accounts --default NAME` or pass --profile NAME',
    });
    assert.equal(await store.remove('carol'), 'bob');
    assert.equal((await store.get()).name, 'bob');
    assert.equal(await store.remove('bob'), undefined);
    assert.deepEqual(await store.list(), { defaultProfile: undefined, profiles: [] });
    await assert.rejects(store.remove('bob'), { code: 'ERR_CREDENTIALS_PROFILE_NOT_FOUND' });
  });

  it('never overwrites a broken or exposed file', async () => {
    const store = freshStore();
    await store.save(aliceProfile);
    const broken = '{"version": 1, "profiles": ';
    writeFileSync(store.path, broken);
    await assert.rejects(store.save(bobProfile), { code: 'ERR_CREDENTIALS_FILE_INVALID' });
    await assert.rejects(store.list(), { code: 'ERR_CREDENTIALS_FILE_INVALID' });
    assert.equal(readFileSync(store.path, 'utf8'), broken);
    if (process.platform !== 'win32') {
      writeFileSync(store.path, '{"version":1,"default":null,"profiles":{}}');
      chmodSync(store.path, 0o644);
      await assert.rejects(store.save(bobProfile), { code: 'ERR_CREDENTIALS_FILE_PERMISSIONS' });
      assert.equal(statSync(store.path).mode & 0o777, 0o644);
    }
  });

  it('refuses an invalid profile name before touching the file', async () => {
    const store = freshStore();
    await assert.rejects(store.save({ ...aliceProfile, name: 'a b' }), {
      code: 'ERR_INVALID_ARG_VALUE',
      message: /^The "profile" argument must be 1-64 letters/,
    });
    assert.deepEqual(await store.list(), { defaultProfile: undefined, profiles: [] });
  });
});

describe('CredentialStore: several processes at once', () => {
  it('keeps every profile when processes save at the same time (no lost update)', async () => {
    const directory = join(makeTempDir(), 'spritzer');
    const root = new URL('../../../', import.meta.url).pathname;
    const writers = 6;
    const savesEach = 5;
    const script =
      "import { CredentialStore } from './src/credentials/store.ts';" +
      "import { aliceProfile } from './test/unit/credentials/profile-fixture.ts';" +
      'const [directory, writer, count] = process.argv.slice(1);' +
      'const store = new CredentialStore(directory);' +
      'for (let i = 0; i < Number(count); i++) {' +
      '  await store.save({ ...aliceProfile, name: `w${writer}-${i}` }, { makeDefault: "never" });' +
      '}';
    const children = Array.from({ length: writers }, (_, writer) =>
      spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          script,
          directory,
          String(writer),
          String(savesEach),
        ],
        { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
      ),
    );
    const results = await Promise.all(
      children.map(
        (child) =>
          new Promise<{ code: number | null; stderr: string }>((resolve) => {
            let stderr = '';
            child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
            child.on('close', (code) => {
              resolve({ code, stderr });
            });
          }),
      ),
    );
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    const names = (await new CredentialStore(directory).list()).profiles.map((p) => p.name);
    assert.equal(names.length, writers * savesEach, `kept: ${names.sort().join(' ')}`);
    assert.deepEqual(
      readdirSync(directory).sort(),
      ['credentials.json'],
      'no temporary or lock file is left behind',
    );
  });

  it('takes over the lock a crashed process left behind instead of waiting for it', async () => {
    const directory = join(makeTempDir(), 'spritzer');
    const lockPath = join(directory, 'credentials.json.lock');
    mkdirSync(lockPath, { recursive: true });
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lockPath, minuteAgo, minuteAgo);
    const store = new CredentialStore(directory);
    const started = Date.now();
    assert.equal(await store.save(aliceProfile), true);
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(readdirSync(directory), ['credentials.json']);
  });
});

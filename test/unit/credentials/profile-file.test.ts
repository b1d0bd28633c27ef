import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  emptyProfileFile,
  isValidProfileName,
  parseProfileFile,
  serializeProfileFile,
} from '../../../src/credentials/profile-file.js';
import type { StoredProfile } from '../../../src/credentials/types.js';
import { aliceProfile } from './profile-fixture.js';

const path = '/home/a/.config/spritzer/credentials.json';

function parseBroken(document: unknown): Error {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  try {
    parseProfileFile(text, path);
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected the file to be refused');
}

describe('the credentials file format', () => {
  it('round-trips profiles and the default', () => {
    const withoutUserId: StoredProfile = {
      name: 'bob@emulator',
      provider: { ...aliceProfile.provider, name: 'emulator' },
      consumerKey: 'ck',
      consumerSecret: 'cs',
      accessToken: 't',
      accessTokenSecret: 'ts',
      screenName: 'bob',
      createdAt: '2024-05-02T00:00:00.000Z',
    };
    const file = {
      defaultProfile: 'bob@emulator',
      profiles: new Map([
        ['alice', aliceProfile],
        ['bob@emulator', withoutUserId],
      ]),
    };
    const text = serializeProfileFile(file);
    assert.match(text, /^\{\n {2}"version": 1,\n {2}"default": "bob@emulator",/);
    assert.ok(text.endsWith('}\n'));
    assert.deepEqual(parseProfileFile(text, path), file);
  });

  it('writes an empty store as version 1 with no default', () => {
    const text = serializeProfileFile(emptyProfileFile);
    assert.deepEqual(JSON.parse(text), { version: 1, default: null, profiles: {} });
    assert.deepEqual(parseProfileFile(text, path), emptyProfileFile);
  });

  it('refuses broken content, naming the field and what to do', () => {
    const good = JSON.parse(
      serializeProfileFile({
        defaultProfile: 'alice',
        profiles: new Map([['alice', aliceProfile]]),
      }),
    ) as { profiles: { alice: Record<string, unknown> } };
    const withAlice = (patch: Record<string, unknown>): unknown => ({
      ...good,
      profiles: { alice: { ...good.profiles.alice, ...patch } },
    });
    const cases: [unknown, string][] = [
      ['[]', 'not a JSON object'],
      [{ ...good, version: 2 }, '"version" must be 1'],
      [{ ...good, profiles: [] }, '"profiles" must be an object'],
      [{ ...good, default: 'carol' }, '"default" must name one of the profiles'],
      [
        { ...good, profiles: { 'bad name': good.profiles.alice } },
        '"bad name" is not a valid profile name',
      ],
      [
        withAlice({ accessTokenSecret: '' }),
        'profiles.alice.accessTokenSecret must be a non-empty string',
      ],
      [withAlice({ consumerKey: 5 }), 'profiles.alice.consumerKey must be a non-empty string'],
      [withAlice({ provider: 'twitter' }), 'profiles.alice.provider must be an object'],
      [
        withAlice({ provider: { ...aliceProfile.provider, streamUrl: 'ftp://x' } }),
        'profiles.alice.provider.streamUrl must be an http or https URL',
      ],
      [withAlice({ createdAt: 'yesterday' }), 'profiles.alice.createdAt must be an ISO 8601 date'],
      [withAlice({ screenName: null }), 'profiles.alice.screenName must be a non-empty string'],
    ];
    for (const [document, detail] of cases) {
      const error = parseBroken(document);
      assert.equal((error as { code?: string }).code, 'ERR_CREDENTIALS_FILE_INVALID');
      assert.equal(
        error.message,
        `the credentials file ${path} is broken (${detail}); fix it, or move it aside and run \`spritzer authorize\` again`,
      );
    }
  });

  it('reports where invalid JSON breaks without quoting the file (it holds secrets)', () => {
    const error = parseBroken('{\n  "version": 1,\n  "profiles": {"a": "SECRET-VALUE" x}\n}');
    assert.match(error.message, /broken \(not valid JSON at line 3, column \d+\)/);
    assert.doesNotMatch(error.message, /SECRET/);
    const truncated = parseBroken(
      '{"version": 1, "profiles": {"alice": {"consumerSecret": "SECRET',
    );
    assert.match(truncated.message, /broken \(not valid JSON( at line 1, column \d+)?\)/);
    assert.doesNotMatch(truncated.message, /SECRET/);
    const garbage = parseBroken('SECRET garbage');
    assert.doesNotMatch(garbage.message, /SECRET/);
  });

  it('accepts screen names and provider-qualified names as profile names', () => {
    for (const name of ['alice', 'Alice_99', 'bob@emulator', 'work.bot-2', '__proto__x'.slice(2)]) {
      assert.ok(isValidProfileName(name), name);
    }
    for (const name of ['', '_x', '-x', 'a b', 'a/b', '__proto__', 'x'.repeat(65), 'é']) {
      assert.ok(!isValidProfileName(name), name);
    }
  });
});

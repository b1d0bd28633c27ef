import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CredentialStore } from '../../src/credentials/store.js';
import { makeTempDir, runCli } from '../support/cli.js';
import { aliceProfile } from '../unit/credentials/profile-fixture.js';

/** A temp HOME whose store (as runCli's XDG_CONFIG_HOME sees it) holds alice, then bob. */
async function homeWithProfiles(): Promise<{ home: string; store: CredentialStore }> {
  const home = makeTempDir('spritzer-home-');
  const store = new CredentialStore(join(home, '.config', 'spritzer'));
  await store.save(aliceProfile);
  await store.save({
    ...aliceProfile,
    name: 'bob@emulator',
    screenName: 'bob',
    provider: { ...aliceProfile.provider, name: 'emulator', apiUrl: 'http://127.0.0.1:7000' },
    accessTokenSecret: 'ts-SECRET-bob',
  });
  return { home, store };
}

describe('spritzer accounts', { concurrency: 3 }, () => {
  it('lists profiles with the default marked, and no secret', async () => {
    const { home } = await homeWithProfiles();
    const result = await runCli(['accounts'], { home });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0] ?? '', /^ {3}PROFILE +ACCOUNT +PROVIDER +CONSUMER KEY +AUTHORIZED$/);
    assert.match(
      lines[1] ?? '',
      /^\* {2}alice +@alice +twitter https:\/\/api\.twitter\.com +ck-alice +2024-05-01$/,
    );
    assert.match(lines[2] ?? '', /^ {3}bob@emulator +@bob +emulator http:\/\/127\.0\.0\.1:7000 /);
    assert.doesNotMatch(result.stdout + result.stderr, /SECRET/);
  });

  it('lists as JSON without secrets', async () => {
    const { home } = await homeWithProfiles();
    const result = await runCli(['accounts', '--json'], { home });
    assert.equal(result.code, 0, result.stderr);
    const listing = JSON.parse(result.stdout) as {
      default: string;
      profiles: { name: string; screenName: string }[];
    };
    assert.equal(listing.default, 'alice');
    assert.deepEqual(
      listing.profiles.map((profile) => profile.name),
      ['alice', 'bob@emulator'],
    );
    assert.doesNotMatch(result.stdout, /SECRET|Secret|6253282-token/);
  });

  it('switches the default and removes profiles', async () => {
    const { home, store } = await homeWithProfiles();
    const switched = await runCli(['accounts', '--default', 'bob@emulator'], { home });
    assert.equal(switched.code, 0, switched.stderr);
    assert.equal(switched.stderr, '"bob@emulator" is now the default profile\n');
    assert.equal((await store.list()).defaultProfile, 'bob@emulator');
    const removed = await runCli(['accounts', '--remove', 'bob@emulator'], { home });
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(
      removed.stderr,
      /^removed "bob@emulator" from .*credentials\.json; its token stays valid/,
    );
    assert.match(removed.stderr, /the default profile is "alice"\n$/);
    assert.equal((await store.list()).defaultProfile, 'alice');
  });

  it('exits 2 for an unknown profile, naming the known ones', async () => {
    const { home } = await homeWithProfiles();
    const result = await runCli(['accounts', '--default', 'carol'], { home });
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'spritzer: no profile named "carol" (known: alice, bob@emulator); see `spritzer accounts`\n',
    );
  });

  it('says how to add a profile when there is none', async () => {
    const result = await runCli(['accounts']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, 'no saved profile: run `spritzer authorize` to add one\n');
  });

  it('exits 2 on a store with wrong permissions or broken content, leaving it untouched', async () => {
    const { home, store } = await homeWithProfiles();
    if (process.platform !== 'win32') {
      chmodSync(store.path, 0o644);
      const exposed = await runCli(['accounts'], { home });
      assert.equal(exposed.code, 2);
      assert.equal(
        exposed.stderr,
        `spritzer: the credentials file ${store.path} has mode 0644 but holds secrets: run \`chmod 600 ${store.path}\`\n`,
      );
      chmodSync(store.path, 0o600);
    }
    writeFileSync(store.path, '{"version": 1, "profiles": {"alice": {"consumerSecret": "SECRET"');
    const broken = await runCli(['accounts', '--remove', 'alice'], { home });
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /^spritzer: the credentials file .* is broken \(not valid JSON/);
    assert.doesNotMatch(broken.stderr, /SECRET|at .*\.js/);
  });

  it('refuses --default with --remove', async () => {
    const result = await runCli(['accounts', '--default', 'a', '--remove', 'b']);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^spritzer: option '--default <profile>' cannot be used with option '--remove <profile>' for spritzer accounts; give only one of them \(see spritzer accounts --help\)\n$/,
    );
  });
});

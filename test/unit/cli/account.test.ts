import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveAccount } from '../../../src/cli/account.js';
import { CredentialStore } from '../../../src/credentials/store.js';
import { makeTempDir } from '../../support/cli.js';
import { aliceProfile } from '../credentials/profile-fixture.js';

async function storeWithAlice(): Promise<string> {
  const directory = join(makeTempDir(), 'spritzer');
  await new CredentialStore(directory).save(aliceProfile);
  return directory;
}

describe('resolveAccount', () => {
  it('uses the default profile with no flags', async () => {
    const configDir = await storeWithAlice();
    const account = await resolveAccount({}, { SPRITZER_CONFIG_DIR: configDir });
    assert.deepEqual(account, {
      provider: aliceProfile.provider,
      credentials: {
        consumerKey: 'ck-alice',
        consumerSecret: 'cs-SECRET-alice',
        token: '6253282-token',
        tokenSecret: 'ts-SECRET-alice',
      },
      profileName: 'alice',
      screenName: 'alice',
      tokenSource: 'profile',
    });
  });

  it('lets SPRITZER_ACCESS_TOKEN(_SECRET) override the saved token', async () => {
    const configDir = await storeWithAlice();
    const account = await resolveAccount(
      {},
      {
        SPRITZER_CONFIG_DIR: configDir,
        SPRITZER_ACCESS_TOKEN: 'env-token',
        SPRITZER_ACCESS_TOKEN_SECRET: 'env-secret',
      },
    );
    assert.equal(account.tokenSource, 'environment');
    assert.equal(account.credentials.token, 'env-token');
    assert.equal(account.credentials.consumerKey, 'ck-alice');
  });

  it('works from the environment alone, with no store', async () => {
    const account = await resolveAccount(
      { provider: 'emulator', apiUrl: 'http://127.0.0.1:9' },
      {
        SPRITZER_CONFIG_DIR: join(makeTempDir(), 'none'),
        SPRITZER_CONSUMER_KEY: 'k',
        SPRITZER_CONSUMER_SECRET: 's',
        SPRITZER_ACCESS_TOKEN: 't',
        SPRITZER_ACCESS_TOKEN_SECRET: 'ts',
      },
    );
    assert.equal(account.provider.streamUrl, 'http://127.0.0.1:9');
    assert.deepEqual(account.credentials, {
      consumerKey: 'k',
      consumerSecret: 's',
      token: 't',
      tokenSecret: 'ts',
    });
    assert.equal(account.profileName, undefined);
  });

  it('needs both token variables', async () => {
    await assert.rejects(
      resolveAccount({}, { SPRITZER_CONFIG_DIR: makeTempDir(), SPRITZER_ACCESS_TOKEN: 't' }),
      {
        code: 'ERR_CREDENTIALS_MISSING',
        message:
          'SPRITZER_ACCESS_TOKEN_SECRET is missing: set both SPRITZER_ACCESS_TOKEN and SPRITZER_ACCESS_TOKEN_SECRET, or neither to use a saved profile',
      },
    );
  });

  it('selects a profile by --profile, then SPRITZER_PROFILE', async () => {
    const configDir = await storeWithAlice();
    await new CredentialStore(configDir).save({ ...aliceProfile, name: 'bob', accessToken: 'b' });
    const env = { SPRITZER_CONFIG_DIR: configDir, SPRITZER_PROFILE: 'bob' };
    assert.equal((await resolveAccount({}, env)).credentials.token, 'b');
    assert.equal(
      (await resolveAccount({ profile: 'alice' }, env)).credentials.token,
      '6253282-token',
    );
    await assert.rejects(resolveAccount({ profile: 'carol' }, env), {
      code: 'ERR_CREDENTIALS_PROFILE_NOT_FOUND',
    });
  });

  it('says to authorize when nothing is saved', async () => {
    await assert.rejects(resolveAccount({}, { SPRITZER_CONFIG_DIR: makeTempDir() }), {
      code: 'ERR_CREDENTIALS_MISSING',
      message: /^no authorized account: run `spritzer authorize` first/,
    });
  });
});

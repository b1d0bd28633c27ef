import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  readConfigFile,
  resolveConsumer,
  resolveProvider,
  settingsFromEnv,
} from '../../../src/cli/config.js';
import { makeTempDir } from '../../support/cli.js';

describe('resolveProvider', () => {
  it('defaults to Twitter: OAuth and REST on api.twitter.com, streams on stream.twitter.com', () => {
    assert.deepEqual(resolveProvider([]), {
      name: 'twitter',
      apiUrl: 'https://api.twitter.com',
      streamUrl: 'https://stream.twitter.com',
      requestTokenUrl: 'https://api.twitter.com/oauth/request_token',
      authorizeUrl: 'https://api.twitter.com/oauth/authorize',
      accessTokenUrl: 'https://api.twitter.com/oauth/access_token',
    });
  });

  it('serves everything from the emulator URL, and needs that URL', () => {
    assert.deepEqual(
      resolveProvider([{ provider: 'emulator', apiUrl: 'http://127.0.0.1:4000/' }]),
      {
        name: 'emulator',
        apiUrl: 'http://127.0.0.1:4000',
        streamUrl: 'http://127.0.0.1:4000',
        requestTokenUrl: 'http://127.0.0.1:4000/oauth/request_token',
        authorizeUrl: 'http://127.0.0.1:4000/oauth/authorize',
        accessTokenUrl: 'http://127.0.0.1:4000/oauth/access_token',
      },
    );
    assert.throws(() => resolveProvider([{ provider: 'emulator' }]), {
      code: 'ERR_CONFIG_INVALID',
      message:
        'the emulator provider needs the URL `spritzer emulate` printed: pass --api-url URL (or set SPRITZER_API_URL)',
    });
  });

  it('describes any other provider by its URLs, keeping a path prefix', () => {
    const provider = resolveProvider([
      { apiUrl: 'https://example.com/api', authorizeUrl: 'https://example.com/login/authorize' },
    ]);
    assert.equal(provider.name, 'custom');
    assert.equal(provider.streamUrl, 'https://example.com/api');
    assert.equal(provider.requestTokenUrl, 'https://example.com/api/oauth/request_token');
    assert.equal(provider.authorizeUrl, 'https://example.com/login/authorize');
    assert.throws(() => resolveProvider([{ provider: 'tumblr' }]), {
      code: 'ERR_CONFIG_INVALID',
      message:
        'provider "tumblr" is not built in (built in: twitter, emulator); pass its --api-url URL',
    });
  });

  it('takes each field from the highest-precedence source that has it', () => {
    const flags = { streamUrl: 'http://127.0.0.1:2/' };
    const env = { apiUrl: 'http://127.0.0.1:1' };
    const file = { provider: 'emulator', apiUrl: 'http://127.0.0.1:9', streamUrl: 'http://x:9' };
    const provider = resolveProvider([flags, env, undefined, file]);
    assert.equal(provider.name, 'emulator');
    assert.equal(provider.apiUrl, 'http://127.0.0.1:1');
    assert.equal(provider.streamUrl, 'http://127.0.0.1:2');
  });

  it('ignores the URLs of a source that names another provider', () => {
    const savedTwitter = {
      provider: 'twitter',
      apiUrl: 'https://api.twitter.com',
      streamUrl: 'https://stream.twitter.com',
    };
    assert.throws(() => resolveProvider([{ provider: 'emulator' }, savedTwitter]), {
      code: 'ERR_CONFIG_INVALID',
    });
    const emulator = resolveProvider([
      { provider: 'emulator', apiUrl: 'http://127.0.0.1:5' },
      savedTwitter,
    ]);
    assert.equal(emulator.streamUrl, 'http://127.0.0.1:5');
  });

  it('refuses a URL that is not http(s)', () => {
    assert.throws(() => resolveProvider([{ apiUrl: 'api.twitter.com' }]), {
      code: 'ERR_CONFIG_INVALID',
      message:
        'apiUrl "api.twitter.com" is not an http(s) URL; pass a full URL such as https://api.example.com',
    });
    assert.throws(() => resolveProvider([{ streamUrl: 'ws://x' }]), {
      code: 'ERR_CONFIG_INVALID',
      message: /^streamUrl "ws:\/\/x" is not an http\(s\) URL/,
    });
  });
});

describe('resolveConsumer', () => {
  it('takes the key and the secret from the first source that has them', () => {
    assert.deepEqual(
      resolveConsumer([{ consumerKey: 'flag-key' }, { consumerSecret: 'env-secret' }]),
      { consumerKey: 'flag-key', consumerSecret: 'env-secret' },
    );
  });

  it("never pairs a key with another key's secret", () => {
    assert.throws(
      () =>
        resolveConsumer([
          { consumerKey: 'new-key' },
          { consumerKey: 'saved-key', consumerSecret: 'saved-secret' },
        ]),
      {
        code: 'ERR_CREDENTIALS_MISSING',
        message:
          'the consumer secret is missing: pass --consumer-secret, set SPRITZER_CONSUMER_SECRET, or add "consumerSecret" to config.json (your app\'s keys, from the provider\'s developer portal)',
      },
    );
  });

  it('says where a missing key can come from', () => {
    assert.throws(() => resolveConsumer([undefined, {}]), {
      code: 'ERR_CREDENTIALS_MISSING',
      message: /^the consumer key is missing: pass --consumer-key, set SPRITZER_CONSUMER_KEY/,
    });
  });
});

describe('settingsFromEnv', () => {
  it('reads the SPRITZER_* variables and ignores empty ones', () => {
    assert.deepEqual(
      settingsFromEnv({
        SPRITZER_PROVIDER: 'emulator',
        SPRITZER_API_URL: 'http://127.0.0.1:1',
        SPRITZER_CONSUMER_KEY: '',
        SPRITZER_CONSUMER_SECRET: 'cs',
        OTHER: 'x',
      }),
      {
        provider: 'emulator',
        apiUrl: 'http://127.0.0.1:1',
        streamUrl: undefined,
        requestTokenUrl: undefined,
        authorizeUrl: undefined,
        accessTokenUrl: undefined,
        consumerKey: undefined,
        consumerSecret: 'cs',
      },
    );
  });
});

describe('readConfigFile', () => {
  function configDir(content: string, mode = 0o600): string {
    const directory = makeTempDir();
    mkdirSync(directory, { recursive: true });
    const path = join(directory, 'config.json');
    writeFileSync(path, content);
    chmodSync(path, mode);
    return directory;
  }

  it('is empty when there is no file', async () => {
    assert.deepEqual(await readConfigFile(join(makeTempDir(), 'none')), {});
  });

  it('reads provider settings and client credentials', async () => {
    const directory = configDir(
      '{"provider":"emulator","apiUrl":"http://127.0.0.1:7","consumerKey":"k"}',
      0o644,
    );
    assert.deepEqual(await readConfigFile(directory), {
      provider: 'emulator',
      apiUrl: 'http://127.0.0.1:7',
      consumerKey: 'k',
    });
  });

  it(
    'requires mode 0600 once it holds the consumer secret',
    { skip: process.platform === 'win32' },
    async () => {
      const directory = configDir('{"consumerKey":"k","consumerSecret":"SECRET"}', 0o644);
      await assert.rejects(readConfigFile(directory), {
        code: 'ERR_CREDENTIALS_FILE_PERMISSIONS',
        message: /^the config file .*config\.json has mode 0644 but holds secrets: run `chmod 600 /,
      });
    },
  );

  it('refuses unknown fields and wrong types', async () => {
    await assert.rejects(readConfigFile(configDir('{"apiURL":"x"}')), {
      code: 'ERR_CONFIG_INVALID',
      message:
        /broken \(unknown field "apiURL"; known: provider, apiUrl, .*\); fix it or move it aside/,
    });
    await assert.rejects(readConfigFile(configDir('{"apiUrl":3}')), {
      code: 'ERR_CONFIG_INVALID',
      message: /broken \("apiUrl" must be a non-empty string\)/,
    });
    await assert.rejects(readConfigFile(configDir('{oops')), {
      code: 'ERR_CONFIG_INVALID',
      message: /broken \(not valid JSON\)/,
    });
    await assert.rejects(readConfigFile(configDir('["apiUrl"]')), {
      code: 'ERR_CONFIG_INVALID',
      message: /broken \(not a JSON object\)/,
    });
  });
});

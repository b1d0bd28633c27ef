/**
 * The emulator's sample stream as stream client options: its URL and the fixture user's
 * OAuth 1.0a credentials (local fixtures, not secrets of any real service).
 */
import type { RunningEmulator } from '../../../src/emulator/index.js';
import type { StreamOptions } from '../../../src/stream/types.js';

/** The sample stream's URL and the fixture user's OAuth 1.0a credentials. */
export function sampleStream(emulator: RunningEmulator): Pick<StreamOptions, 'url' | 'auth'> {
  const { consumerKey, consumerSecret, accessToken, accessTokenSecret } = emulator.fixtures;
  return {
    url: `${emulator.url}/1.1/statuses/sample.json`,
    auth: {
      type: 'oauth1',
      credentials: {
        consumerKey,
        consumerSecret,
        token: accessToken,
        tokenSecret: accessTokenSecret,
      },
    },
  };
}

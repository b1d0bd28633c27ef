/** A saved profile used by the credential tests. Its secrets contain "SECRET" so tests can grep for leaks. */
import type { StoredProfile } from '../../../src/credentials/types.js';

export const aliceProfile: StoredProfile = {
  name: 'alice',
  provider: {
    name: 'twitter',
    apiUrl: 'https://api.twitter.com',
    streamUrl: 'https://stream.twitter.com',
    requestTokenUrl: 'https://api.twitter.com/oauth/request_token',
    authorizeUrl: 'https://api.twitter.com/oauth/authorize',
    accessTokenUrl: 'https://api.twitter.com/oauth/access_token',
  },
  consumerKey: 'ck-alice',
  consumerSecret: 'cs-SECRET-alice',
  accessToken: '6253282-token',
  accessTokenSecret: 'ts-SECRET-alice',
  userId: '6253282',
  screenName: 'alice',
  createdAt: '2024-05-01T10:00:00.000Z',
};

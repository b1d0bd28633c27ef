/**
 * The credentials of X/Twitter's "Creating a signature" example
 * (developer.x.com/en/docs/authentication/oauth-1-0a/creating-a-signature), shared by the
 * oauth1 unit tests. Published test data; they protect nothing.
 */
import type { Credentials } from '../../../src/oauth1/index.js';

export const twitterCredentials: Credentials = {
  consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};

export const twitterNonce = 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg';
export const twitterTimestamp = 1318622958;

/** The page's request: POST with a query parameter and a form body (lower-case %2b on the wire). */
export const twitterRequest = {
  method: 'POST',
  url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
  form: 'status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21',
} as const;

/**
 * What the credential store keeps: one profile per authorized account, each with the provider
 * it belongs to and the client credentials its token was issued to.
 */

/**
 * Where an OAuth 1.0a provider answers: the three RFC 5849 §2 endpoints, the REST API and the
 * streams. Twitter serves OAuth and REST from one origin and streams from another.
 */
export interface ProviderEndpoints {
  /** `twitter`, `emulator`, or the name a user gave a custom provider. */
  readonly name: string;
  /** Base URL of the REST API, e.g. `https://api.twitter.com`; relative request paths resolve here. */
  readonly apiUrl: string;
  /** Base URL of the streams, e.g. `https://stream.twitter.com`. */
  readonly streamUrl: string;
  /** RFC 5849 §2.1 Temporary Credential Request endpoint (Twitter: `POST oauth/request_token`). */
  readonly requestTokenUrl: string;
  /** RFC 5849 §2.2 Resource Owner Authorization endpoint (Twitter: `GET oauth/authorize`). */
  readonly authorizeUrl: string;
  /** RFC 5849 §2.3 Token Request endpoint (Twitter: `POST oauth/access_token`). */
  readonly accessTokenUrl: string;
}

/** One authorized account: token credentials, the client credentials they belong to, and where. */
export interface StoredProfile {
  /** The profile's name in the store (by default the account's screen name). */
  readonly name: string;
  readonly provider: ProviderEndpoints;
  /** RFC 5849 client credentials the token was issued to. */
  readonly consumerKey: string;
  readonly consumerSecret: string;
  /** RFC 5849 token credentials (Twitter's "access token"). */
  readonly accessToken: string;
  readonly accessTokenSecret: string;
  /** The account, as the provider named it in the token response (Twitter: `user_id`, `screen_name`). */
  readonly userId?: string;
  readonly screenName?: string;
  /** When the token was obtained, ISO 8601. */
  readonly createdAt: string;
}

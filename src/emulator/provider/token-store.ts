/**
 * The provider's credentials: the fixture app (client credentials), temporary credentials
 * through their life (issued → authorized or denied → exchanged), and token credentials (access
 * tokens) until invalidated.
 *
 * Temporary credentials are single-use: once exchanged for an access token, or denied, they are
 * gone; a verifier (or PIN) works once. Memory is bounded: the oldest pending temporary
 * credentials are forgotten past `maxPending`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { ConsumerRecord, TokenRecord } from '../../oauth1/index.js';

/** A registered client application. */
export interface ClientApp extends ConsumerRecord {
  readonly consumerKey: string;
  /** Shown on the authorize page. */
  readonly name: string;
}

/** A user of the emulated service (the fixture user signs in on the authorize page). */
export interface ServiceUser {
  readonly userId: string;
  readonly screenName: string;
  readonly name: string;
}

/** Temporary credentials (RFC 5849 §2.1) and where they are in the flow. */
export interface TemporaryCredentials extends TokenRecord {
  readonly token: string;
  /** `oauth_callback`: an absolute URL or `oob`. */
  readonly callback: string;
  readonly createdAt: number;
  /** After the user approved (§2.2): the verifier (or 7-digit PIN for `oob`) and the user. */
  verifier?: string;
  user?: ServiceUser;
}

/** Token credentials (RFC 5849 §2.3): Twitter's access token. */
export interface AccessToken extends TokenRecord {
  readonly token: string;
  readonly user: ServiceUser;
}

/** Where the store keeps its records. */
export class TokenStore {
  readonly #apps = new Map<string, ClientApp>();
  readonly #pending = new Map<string, TemporaryCredentials>();
  readonly #accessTokens = new Map<string, AccessToken>();
  /** `consumerKey user_id` pairs the user has approved (for `oauth/authenticate`). */
  readonly #grants = new Set<string>();
  readonly #maxPending: number;

  /** @param maxPending - temporary credentials kept at once; the oldest are dropped beyond it */
  constructor(maxPending = 10_000) {
    this.#maxPending = maxPending;
  }

  /** Registers a client application. */
  addApp(app: ClientApp): void {
    this.#apps.set(app.consumerKey, app);
  }

  /** The app with this consumer key. */
  app(consumerKey: string): ClientApp | undefined {
    return this.#apps.get(consumerKey);
  }

  /** Issues temporary credentials (§2.1). */
  issueTemporary(consumerKey: string, callback: string, now: number): TemporaryCredentials {
    if (this.#pending.size >= this.#maxPending) {
      const oldest = this.#pending.keys().next().value;
      if (oldest !== undefined) this.#pending.delete(oldest);
    }
    const credentials: TemporaryCredentials = {
      token: randomToken(32),
      secret: randomToken(32),
      consumerKey,
      callback,
      createdAt: now,
    };
    this.#pending.set(credentials.token, credentials);
    return credentials;
  }

  /** Pending temporary credentials by token. */
  temporary(token: string): TemporaryCredentials | undefined {
    return this.#pending.get(token);
  }

  /**
   * Records the user's approval (§2.2): binds a verifier, a 7-digit PIN for `oob` ("PIN-based
   * authorization": "a Twitter generated ~7 digit PIN"), else 32 characters.
   */
  authorize(credentials: TemporaryCredentials, user: ServiceUser): string {
    credentials.user = user;
    credentials.verifier =
      credentials.callback === 'oob' ? String(randomInt(1_000_000, 10_000_000)) : randomToken(32);
    return credentials.verifier;
  }

  /** The user denied access: the temporary credentials are dropped. */
  deny(credentials: TemporaryCredentials): void {
    this.#pending.delete(credentials.token);
  }

  /**
   * Exchanges approved temporary credentials for an access token (§2.3). The verifier is compared
   * in constant time and works once; the temporary credentials are consumed on success.
   *
   * @returns the new access token, or `undefined` when the verifier is wrong or missing
   */
  exchange(
    credentials: TemporaryCredentials,
    verifier: string | undefined,
  ): AccessToken | undefined {
    const expected = credentials.verifier;
    const user = credentials.user;
    if (expected === undefined || user === undefined || verifier === undefined) return undefined;
    if (!constantTimeEqual(expected, verifier)) return undefined;
    this.#pending.delete(credentials.token);
    this.#grants.add(`${credentials.consumerKey} ${user.userId}`);
    return this.issueAccessToken(credentials.consumerKey, user);
  }

  /** Issues an access token directly (the pre-authorized fixture token). */
  issueAccessToken(
    consumerKey: string,
    user: ServiceUser,
    fixed?: { token: string; secret: string },
  ): AccessToken {
    // "Access tokens begin with the numeric user id and a hyphen" (POST oauth/access_token).
    const token: AccessToken = {
      token: fixed?.token ?? `${user.userId}-${randomToken(40)}`,
      secret: fixed?.secret ?? randomToken(45),
      consumerKey,
      user,
    };
    this.#accessTokens.set(token.token, token);
    return token;
  }

  /** A live access token by its identifier. */
  accessToken(token: string): AccessToken | undefined {
    return this.#accessTokens.get(token);
  }

  /** Whether the user already approved this app (`oauth/authenticate` skips the page then). */
  hasGrant(consumerKey: string, userId: string): boolean {
    return this.#grants.has(`${consumerKey} ${userId}`);
  }

  /** Invalidates an access token ("POST oauth/invalidate_token"); later use gets code 89. */
  invalidate(token: string): boolean {
    return this.#accessTokens.delete(token);
  }
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random alphanumeric token of `length` characters. */
export function randomToken(length: number): string {
  let token = '';
  for (let i = 0; i < length; i += 1) token += alphabet.charAt(randomInt(alphabet.length));
  return token;
}

/** Compares digests so the time taken does not depend on where the texts differ. */
function constantTimeEqual(a: string, b: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(a), digest(b));
}

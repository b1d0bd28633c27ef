/**
 * Saves the outcome of the OAuth dance as a profile in the credential store, with the provider
 * and the client credentials the token was issued for.
 */
import type { CredentialStore } from '../credentials/store.js';
import type { ProviderEndpoints, StoredProfile } from '../credentials/types.js';
import { SpritzerError } from '../errors.js';
import type { AuthorizationResult } from './authorization-flow.js';
import type { ConsumerCredentials } from './config.js';

/** What to save, and under which name. */
export interface SaveAuthorizationOptions {
  readonly store: CredentialStore;
  readonly result: AuthorizationResult;
  readonly provider: ProviderEndpoints;
  readonly consumer: ConsumerCredentials;
  /** The profile name; default: the screen name (else the user id, else the provider's name). */
  readonly name?: string | undefined;
  /** @default 'if-none' */
  readonly makeDefault?: 'if-none' | 'always' | 'never';
  /** The clock, for `createdAt`. @default Date.now */
  readonly now?: () => number;
}

/** Where the profile went. */
export interface SavedAuthorization {
  readonly name: string;
  readonly isDefault: boolean;
  readonly path: string;
}

/**
 * Saves the token. Without an explicit name, a profile of the same name that holds another
 * provider's or app's token is kept: the new one is saved as `<name>@<provider>` instead.
 *
 * @throws SpritzerError `ERR_USAGE` when both names are taken by other tokens; the store's errors
 */
export async function saveAuthorization(
  options: SaveAuthorizationOptions,
): Promise<SavedAuthorization> {
  const { store, result, provider, consumer } = options;
  const base = result.screenName ?? result.userId ?? provider.name;
  let name = options.name ?? base;
  if (options.name === undefined) {
    const { profiles } = await store.list();
    const clashes = (candidate: string): boolean =>
      profiles.some(
        (profile) =>
          profile.name === candidate &&
          (profile.provider.apiUrl !== provider.apiUrl ||
            profile.consumerKey !== consumer.consumerKey),
      );
    if (clashes(name)) name = `${base}@${provider.name}`;
    if (clashes(name)) {
      throw new SpritzerError(
        'ERR_USAGE',
        `profiles "${base}" and "${name}" already hold other tokens; choose a name with --profile NAME`,
      );
    }
  }
  const profile: StoredProfile = {
    name,
    provider,
    consumerKey: consumer.consumerKey,
    consumerSecret: consumer.consumerSecret,
    accessToken: result.token,
    accessTokenSecret: result.tokenSecret,
    ...(result.userId === undefined ? {} : { userId: result.userId }),
    ...(result.screenName === undefined ? {} : { screenName: result.screenName }),
    createdAt: new Date((options.now ?? Date.now)()).toISOString(),
  };
  const isDefault = await store.save(profile, { makeDefault: options.makeDefault ?? 'if-none' });
  return { name, isDefault, path: store.path };
}

/** `@screen_name (user id)`, or what is known of the account. */
export function describeAccount(result: AuthorizationResult): string {
  if (result.screenName !== undefined) {
    return `@${result.screenName}${result.userId === undefined ? '' : ` (user ${result.userId})`}`;
  }
  return result.userId === undefined ? 'the account' : `user ${result.userId}`;
}

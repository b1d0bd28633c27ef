/**
 * The account a command acts as (`stream`, `request`): a saved profile, with the environment's
 * `SPRITZER_ACCESS_TOKEN`/`SPRITZER_ACCESS_TOKEN_SECRET` overriding its token credentials, and
 * flags and `SPRITZER_*` variables overriding its provider and client credentials.
 */
import { SpritzerError } from '../errors.js';
import { resolveConfigDir } from '../credentials/config-dir.js';
import { CredentialStore } from '../credentials/store.js';
import type { ProviderEndpoints, StoredProfile } from '../credentials/types.js';
import type { Credentials } from '../oauth1/types.js';
import {
  readConfigFile,
  resolveConsumer,
  resolveProvider,
  settingsFromEnv,
  type ConfigFile,
} from './config.js';

/** Flags a command passes through: provider and client-credential settings, and a profile name. */
export type AccountFlags = ConfigFile & { readonly profile?: string | undefined };

/** Everything needed to sign requests as one account. */
export interface Account {
  readonly provider: ProviderEndpoints;
  /** Client and token credentials (RFC 5849 §1.1). */
  readonly credentials: Required<Credentials>;
  /** The profile used, if any. */
  readonly profileName?: string;
  /** The account's screen name, when known. */
  readonly screenName?: string;
  /** Where the token credentials came from. */
  readonly tokenSource: 'profile' | 'environment';
}

/**
 * Resolves the account to act as.
 *
 * The profile is `--profile`, else `SPRITZER_PROFILE`, else the store's default (not needed when
 * the environment supplies the token credentials).
 *
 * @param flags - the command's flags
 * @param env - the process environment
 * @throws SpritzerError `ERR_CREDENTIALS_MISSING`, `ERR_CREDENTIALS_PROFILE_NOT_FOUND`,
 *   `ERR_CONFIG_INVALID`, and the store's file errors
 */
export async function resolveAccount(
  flags: AccountFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Account> {
  const configDir = resolveConfigDir(env);
  const file = await readConfigFile(configDir);
  const envToken = tokenFromEnv(env);
  const profileName = flags.profile ?? nonEmpty(env.SPRITZER_PROFILE);
  const store = new CredentialStore(configDir);
  const sources = { flags, env: settingsFromEnv(env), file };
  if (envToken === undefined) {
    const profile = await store.get(profileName);
    const token = { token: profile.accessToken, tokenSecret: profile.accessTokenSecret };
    return assembleAccount(sources, profile, token, 'profile');
  }
  // The environment's token overrides the store's; the profile, if any, still supplies the
  // provider and client credentials the flags and variables leave out.
  const profile =
    profileName === undefined ? await defaultProfileIfAny(store) : await store.get(profileName);
  return assembleAccount(sources, profile, envToken, 'environment');
}

function assembleAccount(
  sources: { flags: AccountFlags; env: ConfigFile; file: ConfigFile },
  profile: StoredProfile | undefined,
  token: { token: string; tokenSecret: string },
  tokenSource: Account['tokenSource'],
): Account {
  const provider = resolveProvider([
    sources.flags,
    sources.env,
    profile === undefined ? undefined : { ...profile.provider, provider: profile.provider.name },
    sources.file,
  ]);
  const consumer = resolveConsumer([sources.flags, sources.env, profile, sources.file]);
  return {
    provider,
    credentials: { ...consumer, ...token },
    ...(profile === undefined ? {} : { profileName: profile.name }),
    ...(profile?.screenName === undefined ? {} : { screenName: profile.screenName }),
    tokenSource,
  };
}

async function defaultProfileIfAny(store: CredentialStore): Promise<StoredProfile | undefined> {
  try {
    return await store.get();
  } catch (error) {
    if (error instanceof SpritzerError && error.code === 'ERR_CREDENTIALS_MISSING')
      return undefined;
    throw error;
  }
}

function tokenFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): { token: string; tokenSecret: string } | undefined {
  const token = nonEmpty(env.SPRITZER_ACCESS_TOKEN);
  const tokenSecret = nonEmpty(env.SPRITZER_ACCESS_TOKEN_SECRET);
  if (token === undefined && tokenSecret === undefined) return undefined;
  if (token === undefined || tokenSecret === undefined) {
    throw new SpritzerError(
      'ERR_CREDENTIALS_MISSING',
      `${token === undefined ? 'SPRITZER_ACCESS_TOKEN' : 'SPRITZER_ACCESS_TOKEN_SECRET'} is missing: set both SPRITZER_ACCESS_TOKEN and SPRITZER_ACCESS_TOKEN_SECRET, or neither to use a saved profile`,
    );
  }
  return { token, tokenSecret };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

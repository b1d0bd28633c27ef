/**
 * Provider configuration and its precedence: command-line flags, then `SPRITZER_*` environment
 * variables, then the saved profile, then the config file (`<config dir>/config.json`), then the
 * built-in defaults.
 *
 * Built-in providers: `twitter` (OAuth and REST at https://api.twitter.com, streams at
 * https://stream.twitter.com) and `emulator` (`spritzer emulate`; everything at the URL it
 * prints). Any other OAuth 1.0a provider is described by its URLs.
 */
import { join } from 'node:path';
import { SpritzerError } from '../errors.js';
import { readPrivateFile } from '../credentials/private-file.js';
import type { ProviderEndpoints } from '../credentials/types.js';

/** The config file's name inside the config directory. */
export const configFileName = 'config.json';

/** Provider settings as one source gives them; any field may be missing. */
export interface ProviderSettings {
  readonly provider?: string | undefined;
  readonly apiUrl?: string | undefined;
  readonly streamUrl?: string | undefined;
  readonly requestTokenUrl?: string | undefined;
  readonly authorizeUrl?: string | undefined;
  readonly accessTokenUrl?: string | undefined;
}

/** Client credentials as one source gives them. */
export interface ConsumerSettings {
  readonly consumerKey?: string | undefined;
  readonly consumerSecret?: string | undefined;
}

/** The config file: defaults for every command (all optional). */
export type ConfigFile = ProviderSettings & ConsumerSettings;

/** RFC 5849 client credentials. */
export interface ConsumerCredentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
}

/** The built-in providers' base URLs; an absent URL must be configured. */
export const builtInProviders: Readonly<
  Record<string, { readonly apiUrl?: string; readonly streamUrl?: string }>
> = {
  // "Authentication: OAuth 1.0a": api.twitter.com serves oauth/* and REST; streams are served
  // by stream.twitter.com ("Connecting to a streaming endpoint").
  twitter: { apiUrl: 'https://api.twitter.com', streamUrl: 'https://stream.twitter.com' },
  emulator: {},
};

/** The name given to a provider configured only by its URLs. */
export const customProviderName = 'custom';

type ProviderUrlField = Exclude<keyof ProviderSettings, 'provider'>;

const envNames = {
  provider: 'SPRITZER_PROVIDER',
  apiUrl: 'SPRITZER_API_URL',
  streamUrl: 'SPRITZER_STREAM_URL',
  requestTokenUrl: 'SPRITZER_REQUEST_TOKEN_URL',
  authorizeUrl: 'SPRITZER_AUTHORIZE_URL',
  accessTokenUrl: 'SPRITZER_ACCESS_TOKEN_URL',
  consumerKey: 'SPRITZER_CONSUMER_KEY',
  consumerSecret: 'SPRITZER_CONSUMER_SECRET',
} as const;

const flagNames = {
  provider: '--provider',
  apiUrl: '--api-url',
  streamUrl: '--stream-url',
  requestTokenUrl: '--request-token-url',
  authorizeUrl: '--authorize-url',
  accessTokenUrl: '--access-token-url',
  consumerKey: '--consumer-key',
  consumerSecret: '--consumer-secret',
} as const;

/** The provider and client-credential settings the `SPRITZER_*` variables give. */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): ConfigFile {
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  return Object.fromEntries(Object.entries(envNames).map(([field, name]) => [field, read(name)]));
}

/**
 * Reads `<configDir>/config.json`; a missing file is an empty config. A file holding the
 * consumer secret must be private to its owner (mode 0600), like the credential store.
 *
 * @throws SpritzerError `ERR_CONFIG_INVALID` for broken content, and the credential store's
 *   file errors (`ERR_CREDENTIALS_FILE_PERMISSIONS`, `ERR_CREDENTIALS_FILE_IO`)
 */
export async function readConfigFile(configDir: string): Promise<ConfigFile> {
  const path = join(configDir, configFileName);
  const text = await readPrivateFile(path, 'config file', {
    privateIf: (content) => content.includes('consumerSecret'),
  });
  if (text === undefined) return {};
  const broken = (detail: string): SpritzerError =>
    new SpritzerError(
      'ERR_CONFIG_INVALID',
      `the config file ${path} is broken (${detail}); fix it or move it aside (see docs/cli.md)`,
    );
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw broken('not valid JSON');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw broken('not a JSON object');
  }
  const record = document as Record<string, unknown>;
  const known = new Set<string>(Object.keys(envNames));
  const config: Record<string, string> = {};
  for (const [field, value] of Object.entries(record)) {
    if (!known.has(field)) {
      throw broken(`unknown field "${field}"; known: ${[...known].join(', ')}`);
    }
    if (typeof value !== 'string' || value === '') {
      throw broken(`"${field}" must be a non-empty string`);
    }
    config[field] = value;
  }
  return config;
}

/**
 * The provider to talk to, from the settings of each source, highest precedence first. A
 * source's URLs apply only to the provider it names (or to any, when it names none), so
 * `--provider emulator` never inherits the URLs of a saved `twitter` profile. The stream URL and
 * the OAuth endpoints come only from the source of the API URL or a higher one, so
 * `--api-url URL` over a saved profile of the same provider streams from URL, not the profile's.
 *
 * Defaults: the built-in provider's URLs; the stream URL is the API URL; the OAuth endpoints
 * are Twitter's paths under the API URL (`/oauth/request_token`, `/oauth/authorize`,
 * `/oauth/access_token`).
 *
 * @param layers - e.g. `[flags, env, profile provider, config file]`; undefined entries skipped
 * @throws SpritzerError `ERR_CONFIG_INVALID` for an unusable URL or a provider without one
 */
export function resolveProvider(
  layers: readonly (ProviderSettings | undefined)[],
): ProviderEndpoints {
  const present = layers.filter((layer) => layer !== undefined);
  const named = present.find((layer) => layer.provider !== undefined)?.provider;
  const applicable = present.filter(
    (layer) => layer.provider === undefined || layer.provider === named,
  );
  const apiSource = applicable.findIndex((layer) => layer.apiUrl !== undefined);
  // The other URLs belong to the deployment the API URL names: a source below the one that gave
  // the API URL (a saved profile under --api-url) must not send the stream elsewhere.
  const describing = apiSource === -1 ? applicable : applicable.slice(0, apiSource + 1);
  const pick = (field: ProviderUrlField): string | undefined =>
    describing.find((layer) => layer[field] !== undefined)?.[field];
  const name = named ?? (pick('apiUrl') === undefined ? 'twitter' : customProviderName);
  const builtIn = builtInProviders[name];
  const apiUrl = pick('apiUrl') ?? builtIn?.apiUrl;
  if (apiUrl === undefined) {
    throw new SpritzerError(
      'ERR_CONFIG_INVALID',
      name === 'emulator'
        ? 'the emulator provider needs the URL `spritzer emulate` printed: pass --api-url URL (or set SPRITZER_API_URL)'
        : `provider "${name}" is not built in (built in: ${Object.keys(builtInProviders).join(', ')}); pass its --api-url URL`,
    );
  }
  const api = trimSlash(checkUrl(apiUrl, 'apiUrl'));
  const endpoint = (field: ProviderUrlField, fallback: string): string =>
    checkUrl(pick(field) ?? fallback, field);
  return {
    name,
    apiUrl: api,
    streamUrl: trimSlash(endpoint('streamUrl', builtIn?.streamUrl ?? api)),
    // "POST oauth/request_token", "GET oauth/authorize", "POST oauth/access_token"
    requestTokenUrl: endpoint('requestTokenUrl', `${api}/oauth/request_token`),
    authorizeUrl: endpoint('authorizeUrl', `${api}/oauth/authorize`),
    accessTokenUrl: endpoint('accessTokenUrl', `${api}/oauth/access_token`),
  };
}

/**
 * The client credentials, from each source highest precedence first. A source's secret is used
 * only with its own key, so a key from a flag never pairs with another app's saved secret.
 *
 * @throws SpritzerError `ERR_CREDENTIALS_MISSING` naming the flag and variable to set
 */
export function resolveConsumer(
  layers: readonly (ConsumerSettings | undefined)[],
): ConsumerCredentials {
  const present = layers.filter((layer) => layer !== undefined);
  const consumerKey = present.find((layer) => layer.consumerKey !== undefined)?.consumerKey;
  if (consumerKey === undefined) throw missingSetting('consumerKey', 'the consumer key');
  const consumerSecret = present.find(
    (layer) =>
      layer.consumerSecret !== undefined &&
      (layer.consumerKey === undefined || layer.consumerKey === consumerKey),
  )?.consumerSecret;
  if (consumerSecret === undefined) throw missingSetting('consumerSecret', 'the consumer secret');
  return { consumerKey, consumerSecret };
}

function missingSetting(field: keyof typeof envNames, what: string): SpritzerError {
  return new SpritzerError(
    'ERR_CREDENTIALS_MISSING',
    `${what} is missing: pass ${flagNames[field]}, set ${envNames[field]}, or add "${field}" to ${configFileName} (your app's keys, from the provider's developer portal)`,
  );
}

function checkUrl(url: string, field: string): string {
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new SpritzerError(
      'ERR_CONFIG_INVALID',
      `${field} "${url}" is not an http(s) URL; pass a full URL such as https://api.example.com`,
    );
  }
  return url;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

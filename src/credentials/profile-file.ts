/**
 * The credential store's file format (JSON, version 1), parsed strictly: a broken file is
 * reported with the field at fault, never repaired or reset.
 *
 * ```json
 * { "version": 1, "default": "alice",
 *   "profiles": { "alice": { "provider": { "name": "twitter", … }, "consumerKey": "…", … } } }
 * ```
 */
import { SpritzerError } from '../errors.js';
import type { ProviderEndpoints, StoredProfile } from './types.js';

/** The file format version this code reads and writes. */
export const profileFileVersion = 1;

/** The parsed content of the credential store. */
export interface ProfileFile {
  /** The profile used when none is named; always one of `profiles`, or undefined. */
  readonly defaultProfile: string | undefined;
  /** Profiles by name, in file order. */
  readonly profiles: ReadonlyMap<string, StoredProfile>;
}

/** An empty store. */
export const emptyProfileFile: ProfileFile = { defaultProfile: undefined, profiles: new Map() };

const profileNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

/** Whether a string may name a profile: 1–64 of `A–Z a–z 0–9 _ . @ -`, starting alphanumeric. */
export function isValidProfileName(name: string): boolean {
  return profileNamePattern.test(name);
}

/**
 * Parses and validates the store's JSON.
 *
 * @param text - the file's content
 * @param path - the file's path, for messages
 * @throws SpritzerError `ERR_CREDENTIALS_FILE_INVALID` naming the first field at fault
 */
export function parseProfileFile(text: string, path: string): ProfileFile {
  const broken = (detail: string): SpritzerError =>
    new SpritzerError(
      'ERR_CREDENTIALS_FILE_INVALID',
      `the credentials file ${path} is broken (${detail}); fix it, or move it aside and run \`spritzer authorize\` again`,
    );
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw broken(`not valid JSON${describeJsonErrorPosition(text, error)}`);
  }
  if (!isRecord(document)) throw broken('not a JSON object');
  if (document.version !== profileFileVersion) {
    throw broken(`"version" must be ${profileFileVersion}`);
  }
  const profilesField = document.profiles;
  if (!isRecord(profilesField)) throw broken('"profiles" must be an object');
  const profiles = new Map<string, StoredProfile>();
  for (const [name, value] of Object.entries(profilesField)) {
    if (!isValidProfileName(name)) throw broken(`"${name}" is not a valid profile name`);
    profiles.set(name, parseProfile(name, value, broken));
  }
  const defaultField = document.default;
  if (defaultField !== undefined && defaultField !== null) {
    if (typeof defaultField !== 'string' || !profiles.has(defaultField)) {
      throw broken('"default" must name one of the profiles');
    }
  }
  return { defaultProfile: defaultField ?? undefined, profiles };
}

/** Serializes the store as stable, human-readable JSON (two-space indent, trailing newline). */
export function serializeProfileFile(file: ProfileFile): string {
  const document = {
    version: profileFileVersion,
    default: file.defaultProfile ?? null,
    profiles: Object.fromEntries(
      [...file.profiles].map(([name, profile]) => [name, serializeProfile(profile)]),
    ),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function serializeProfile(profile: StoredProfile): Record<string, unknown> {
  return {
    provider: { ...profile.provider },
    consumerKey: profile.consumerKey,
    consumerSecret: profile.consumerSecret,
    accessToken: profile.accessToken,
    accessTokenSecret: profile.accessTokenSecret,
    ...(profile.userId === undefined ? {} : { userId: profile.userId }),
    ...(profile.screenName === undefined ? {} : { screenName: profile.screenName }),
    createdAt: profile.createdAt,
  };
}

const providerUrlFields = [
  'apiUrl',
  'streamUrl',
  'requestTokenUrl',
  'authorizeUrl',
  'accessTokenUrl',
] as const;

function parseProfile(
  name: string,
  value: unknown,
  broken: (detail: string) => SpritzerError,
): StoredProfile {
  const at = `profiles.${name}`;
  if (!isRecord(value)) throw broken(`${at} must be an object`);
  const text = (field: string, record: Record<string, unknown>, prefix: string): string => {
    const fieldValue = record[field];
    if (typeof fieldValue !== 'string' || fieldValue === '') {
      throw broken(`${prefix}.${field} must be a non-empty string`);
    }
    return fieldValue;
  };
  const optionalText = (field: string): string | undefined =>
    value[field] === undefined ? undefined : text(field, value, at);
  const providerField = value.provider;
  if (!isRecord(providerField)) throw broken(`${at}.provider must be an object`);
  const providerAt = `${at}.provider`;
  const urls = Object.fromEntries(
    providerUrlFields.map((field) => {
      const url = text(field, providerField, providerAt);
      if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
        throw broken(`${providerAt}.${field} must be an http or https URL`);
      }
      return [field, url];
    }),
  ) as Record<(typeof providerUrlFields)[number], string>;
  const provider: ProviderEndpoints = { name: text('name', providerField, providerAt), ...urls };
  const createdAt = text('createdAt', value, at);
  if (Number.isNaN(Date.parse(createdAt))) throw broken(`${at}.createdAt must be an ISO 8601 date`);
  const userId = optionalText('userId');
  const screenName = optionalText('screenName');
  return {
    name,
    provider,
    consumerKey: text('consumerKey', value, at),
    consumerSecret: text('consumerSecret', value, at),
    accessToken: text('accessToken', value, at),
    accessTokenSecret: text('accessTokenSecret', value, at),
    ...(userId === undefined ? {} : { userId }),
    ...(screenName === undefined ? {} : { screenName }),
    createdAt,
  };
}

/**
 * Where JSON.parse failed, as ` at line L, column C`. V8's message may quote the input, which
 * here holds secrets, so only the position is taken from it.
 */
function describeJsonErrorPosition(text: string, error: unknown): string {
  const match = /at position (\d+)/.exec((error as Error).message);
  if (match?.[1] === undefined) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

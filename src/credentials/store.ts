/**
 * The credential store: authorized accounts as named profiles, one of them the default, in one
 * private JSON file (mode 0600, written atomically) in spritzer's config directory. Changes are
 * read-modify-write under a lock (`credentials.json.lock`), so processes that authorize or edit
 * accounts at the same time never drop each other's profiles.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { lock } from 'proper-lockfile';
import { SpritzerError, invalidArgValue } from '../errors.js';
import {
  emptyProfileFile,
  isValidProfileName,
  parseProfileFile,
  serializeProfileFile,
  type ProfileFile,
} from './profile-file.js';
import { privateDirectoryMode, readPrivateFile, writePrivateFileAtomic } from './private-file.js';
import type { StoredProfile } from './types.js';

/** The store's file name inside the config directory. */
export const credentialsFileName = 'credentials.json';

const what = 'credentials file';

/**
 * How long a change waits for another process's lock: about 16 s in all, longer than
 * `staleLockMs`, so the lock of a process that died is taken over rather than waited out.
 */
const lockRetries = { retries: 40, factor: 1.3, minTimeout: 25, maxTimeout: 500 };
/** A lock whose holder has not refreshed it for this long is stale (its process died). */
const staleLockMs = 10_000;

/** The store's profiles, in file order, and which one is the default. */
export interface ProfileListing {
  readonly defaultProfile: string | undefined;
  readonly profiles: readonly StoredProfile[];
}

/** Named profiles of token credentials, persisted in `<directory>/credentials.json`. */
export class CredentialStore {
  /** The file the profiles live in. */
  readonly path: string;

  /** @param directory - the config directory (see `resolveConfigDir`) */
  constructor(directory: string) {
    this.path = join(directory, credentialsFileName);
  }

  /**
   * Every profile and the default.
   *
   * @throws SpritzerError `ERR_CREDENTIALS_FILE_PERMISSIONS`, `ERR_CREDENTIALS_FILE_INVALID`,
   *   `ERR_CREDENTIALS_FILE_IO`
   */
  async list(): Promise<ProfileListing> {
    const file = await this.read();
    return { defaultProfile: file.defaultProfile, profiles: [...file.profiles.values()] };
  }

  /**
   * One profile: the named one, or the default when `name` is undefined.
   *
   * @throws SpritzerError `ERR_CREDENTIALS_PROFILE_NOT_FOUND` when the named profile does not
   *   exist, `ERR_CREDENTIALS_MISSING` when no name is given and there is no default; the file
   *   errors of {@link CredentialStore.list}
   */
  async get(name?: string): Promise<StoredProfile> {
    const file = await this.read();
    if (name === undefined) {
      const defaultProfile =
        file.defaultProfile === undefined ? undefined : file.profiles.get(file.defaultProfile);
      if (defaultProfile !== undefined) return defaultProfile;
      throw new SpritzerError(
        'ERR_CREDENTIALS_MISSING',
        file.profiles.size === 0
          ? 'no authorized account: run `spritzer authorize` first (or set SPRITZER_ACCESS_TOKEN and SPRITZER_ACCESS_TOKEN_SECRET)'
          : 'no default profile: choose one with `spritzer accounts --default NAME` or pass --profile NAME',
      );
    }
    const profile = file.profiles.get(name);
    if (profile === undefined) throw notFound(name, file);
    return profile;
  }

  /**
   * Adds a profile, or replaces the one of the same name.
   *
   * @param options - `makeDefault`: `'if-none'` (the default) makes it the default profile when
   *   there is none; `'always'` makes it the default; `'never'` leaves the default as it is
   * @returns whether the profile is now the default
   * @throws RangeError `ERR_INVALID_ARG_VALUE` for an invalid profile name; the file errors of
   *   {@link CredentialStore.list} (a broken file is never overwritten)
   */
  async save(
    profile: StoredProfile,
    options: { makeDefault?: 'if-none' | 'always' | 'never' } = {},
  ): Promise<boolean> {
    assertProfileName(profile.name);
    return this.#change((file) => {
      const profiles = new Map(file.profiles);
      profiles.set(profile.name, profile);
      const makeDefault = options.makeDefault ?? 'if-none';
      const isDefault =
        makeDefault === 'always' ||
        (makeDefault === 'if-none' && file.defaultProfile === undefined) ||
        file.defaultProfile === profile.name;
      return {
        file: { defaultProfile: isDefault ? profile.name : file.defaultProfile, profiles },
        result: isDefault,
      };
    });
  }

  /**
   * Makes an existing profile the default.
   *
   * @throws SpritzerError `ERR_CREDENTIALS_PROFILE_NOT_FOUND`; the file errors of
   *   {@link CredentialStore.list}
   */
  async setDefault(name: string): Promise<void> {
    await this.#change((file) => {
      if (!file.profiles.has(name)) throw notFound(name, file);
      return { file: { defaultProfile: name, profiles: file.profiles }, result: undefined };
    });
  }

  /**
   * Removes a profile (its token stays valid at the provider: revoke it there). When the default
   * is removed and exactly one profile is left, that one becomes the default.
   *
   * @returns the default profile afterwards
   * @throws SpritzerError `ERR_CREDENTIALS_PROFILE_NOT_FOUND`; the file errors of
   *   {@link CredentialStore.list}
   */
  async remove(name: string): Promise<string | undefined> {
    return this.#change((file) => {
      if (!file.profiles.has(name)) throw notFound(name, file);
      const profiles = new Map(file.profiles);
      profiles.delete(name);
      let defaultProfile = file.defaultProfile === name ? undefined : file.defaultProfile;
      if (defaultProfile === undefined && profiles.size === 1) {
        defaultProfile = [...profiles.keys()][0];
      }
      return { file: { defaultProfile, profiles }, result: defaultProfile };
    });
  }

  private async read(): Promise<ProfileFile> {
    const text = await readPrivateFile(this.path, what);
    return text === undefined ? emptyProfileFile : parseProfileFile(text, this.path);
  }

  /** Reads, changes and writes the file while holding its lock; returns what `edit` returned. */
  async #change<T>(edit: (file: ProfileFile) => { file: ProfileFile; result: T }): Promise<T> {
    const lockPath = `${this.path}.lock`;
    let lost: Error | undefined;
    let release: () => Promise<void>;
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: privateDirectoryMode });
      release = await lock(this.path, {
        realpath: false,
        lockfilePath: lockPath,
        stale: staleLockMs,
        retries: lockRetries,
        onCompromised: (error) => {
          lost = error;
        },
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new SpritzerError(
        code === 'ELOCKED' ? 'ERR_CREDENTIALS_FILE_LOCKED' : 'ERR_CREDENTIALS_FILE_IO',
        code === 'ELOCKED'
          ? `another spritzer process has held the lock on the ${what} ${this.path} for over 15 s; try again, or remove ${lockPath} if no spritzer is running`
          : `cannot lock the ${what} ${this.path} (${(error as Error).message}); check that its directory is writable`,
        { cause: error },
      );
    }
    try {
      const edited = edit(await this.read());
      await writePrivateFileAtomic(this.path, serializeProfileFile(edited.file), what);
      if (lost !== undefined) {
        throw new SpritzerError(
          'ERR_CREDENTIALS_FILE_LOCKED',
          `the lock on the ${what} ${this.path} was lost while it was written (${lost.message}); run \`spritzer accounts\` to check the profiles`,
        );
      }
      return edited.result;
    } finally {
      await release().catch(() => undefined);
    }
  }
}

/**
 * @throws RangeError `ERR_INVALID_ARG_VALUE` unless the name is 1–64 of `A–Z a–z 0–9 _ . @ -`,
 *   starting with a letter or digit
 */
export function assertProfileName(name: string): void {
  if (!isValidProfileName(name)) {
    throw invalidArgValue(
      'profile',
      `must be 1-64 letters, digits, "_", ".", "@" or "-", starting with a letter or digit; received "${name}"`,
    );
  }
}

function notFound(name: string, file: ProfileFile): SpritzerError {
  const known = [...file.profiles.keys()];
  return new SpritzerError(
    'ERR_CREDENTIALS_PROFILE_NOT_FOUND',
    known.length === 0
      ? `no profile named "${name}": no account is authorized yet; run \`spritzer authorize\``
      : `no profile named "${name}" (known: ${known.join(', ')}); see \`spritzer accounts\``,
  );
}

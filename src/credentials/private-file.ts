/**
 * Files that hold secrets: read only when private to their owner, written atomically with mode
 * 0600 in a directory created with mode 0700.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SpritzerError } from '../errors.js';

/** Mode of a file that holds secrets. */
export const privateFileMode = 0o600;
/** Mode of a directory created to hold such files. */
export const privateDirectoryMode = 0o700;

const checksPermissions = process.platform !== 'win32';

/**
 * Reads a file that holds secrets, refusing it unless it is a regular file owned by the current
 * user and neither group- nor world-accessible (as OpenSSH treats private keys).
 *
 * @param path - the file
 * @param what - what the file is, for messages (e.g. `credentials file`)
 * @param options - `privateIf`: check the permissions only when the content needs it (a config
 *   file without secrets may be world-readable) @default always
 * @returns the content, or `undefined` when the file does not exist
 * @throws SpritzerError `ERR_CREDENTIALS_FILE_PERMISSIONS` when others may read or write it,
 *   `ERR_CREDENTIALS_FILE_IO` when it cannot be read
 */
export async function readPrivateFile(
  path: string,
  what: string,
  options: { privateIf?: (content: string) => boolean } = {},
): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (checksPermissions ? constants.O_NOFOLLOW : 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw ioError(`cannot read the ${what} ${path}`, error);
  }
  try {
    // fstat the open handle, not the path, so the checked file is the file read.
    const stats = await handle.stat();
    checkRegularFile(stats, path, what);
    const content = await handle.readFile('utf8');
    if (options.privateIf?.(content) ?? true) checkPrivate(stats, path, what);
    return content;
  } catch (error) {
    if (error instanceof SpritzerError) throw error;
    throw ioError(`cannot read the ${what} ${path}`, error);
  } finally {
    await handle.close();
  }
}

/**
 * Replaces a file's content atomically: writes a temporary file (mode 0600) next to it, flushes
 * it to disk, then renames it over the old one, so a reader sees the old or the new content,
 * never a mix. Creates the directory (mode 0700) when missing.
 *
 * @throws SpritzerError `ERR_CREDENTIALS_FILE_IO` when the file cannot be written
 */
export async function writePrivateFileAtomic(
  path: string,
  content: string,
  what: string,
): Promise<void> {
  const directory = dirname(path);
  const temporary = join(
    directory,
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await mkdir(directory, { recursive: true, mode: privateDirectoryMode });
    const handle = await open(temporary, 'wx', privateFileMode);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw ioError(`cannot write the ${what} ${path}`, error);
  }
  await syncDirectory(directory);
}

function checkRegularFile(stats: Stats, path: string, what: string): void {
  if (!stats.isFile()) {
    throw new SpritzerError(
      'ERR_CREDENTIALS_FILE_INVALID',
      `the ${what} ${path} is not a regular file; move it aside`,
    );
  }
}

function checkPrivate(stats: Stats, path: string, what: string): void {
  if (!checksPermissions) return;
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    throw new SpritzerError(
      'ERR_CREDENTIALS_FILE_PERMISSIONS',
      `the ${what} ${path} belongs to user ${stats.uid}, not to you (${uid}); it holds secrets, so spritzer only reads your own: chown it or remove it`,
    );
  }
  const mode = stats.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new SpritzerError(
      'ERR_CREDENTIALS_FILE_PERMISSIONS',
      `the ${what} ${path} has mode ${formatMode(mode)} but holds secrets: run \`chmod 600 ${path}\``,
    );
  }
}

/** Makes the rename durable (POSIX: fsync the directory); best effort where unsupported. */
async function syncDirectory(directory: string): Promise<void> {
  if (!checksPermissions) return;
  try {
    const handle = await open(directory, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is already atomic.
  }
}

function formatMode(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}

function ioError(what: string, error: unknown): SpritzerError {
  const reason = (error as NodeJS.ErrnoException).code ?? String(error);
  return new SpritzerError('ERR_CREDENTIALS_FILE_IO', `${what} (${reason})`, { cause: error });
}

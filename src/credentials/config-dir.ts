import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** The environment variables {@link resolveConfigDir} reads. */
export interface ConfigDirEnvironment {
  readonly SPRITZER_CONFIG_DIR?: string | undefined;
  readonly XDG_CONFIG_HOME?: string | undefined;
  readonly APPDATA?: string | undefined;
  readonly HOME?: string | undefined;
}

/**
 * The directory holding spritzer's config file and credential store.
 *
 * `SPRITZER_CONFIG_DIR` when set; on Windows `%APPDATA%\spritzer`; elsewhere
 * `$XDG_CONFIG_HOME/spritzer`, or `~/.config/spritzer` when `XDG_CONFIG_HOME` is unset or relative
 * (the XDG Base Directory Specification says relative paths are invalid and must be ignored).
 *
 * @param env - the process environment
 * @param platform - `process.platform` @default process.platform
 * @see https://specifications.freedesktop.org/basedir-spec/latest/#variables
 */
export function resolveConfigDir(
  env: ConfigDirEnvironment,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.SPRITZER_CONFIG_DIR !== undefined && env.SPRITZER_CONFIG_DIR !== '') {
    return env.SPRITZER_CONFIG_DIR;
  }
  if (platform === 'win32' && env.APPDATA !== undefined && env.APPDATA !== '') {
    return join(env.APPDATA, 'spritzer');
  }
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'spritzer');
  const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
  return join(home, '.config', 'spritzer');
}

/**
 * Opening a URL in the user's browser, when there is one: `$BROWSER` when set, else the
 * platform's opener (`open` on macOS, `xdg-open` on Linux and BSD with a graphical session,
 * `explorer.exe` on Windows). The URL is passed as an argument, never through a shell.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A program and the arguments before the URL. */
export interface BrowserOpener {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * The opener to use, or `undefined` when there is no browser to open (no `$BROWSER`, and no
 * graphical session or opener found).
 *
 * @param env - the process environment (`BROWSER`, `DISPLAY`, `WAYLAND_DISPLAY`, `PATH`)
 * @param platform - `process.platform`
 */
export function findBrowserOpener(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): BrowserOpener | undefined {
  const browser = env.BROWSER?.split(delimiter)[0];
  if (browser !== undefined && browser !== '') return { command: browser, args: [] };
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (platform === 'win32') return { command: 'explorer.exe', args: [] };
  const graphical = (env.DISPLAY ?? '') !== '' || (env.WAYLAND_DISPLAY ?? '') !== '';
  if (!graphical) return undefined;
  const xdgOpen = findOnPath('xdg-open', env.PATH ?? '');
  return xdgOpen === undefined ? undefined : { command: xdgOpen, args: [] };
}

/** Starts the opener in the background; a failure to start is reported, not thrown. */
export function openBrowser(
  opener: BrowserOpener,
  url: string,
  onError: (error: Error) => void,
): void {
  const child = spawn(opener.command, [...opener.args, url], {
    detached: true,
    stdio: 'ignore',
  });
  child.once('error', onError);
  child.unref();
}

function findOnPath(name: string, path: string): string | undefined {
  for (const directory of path.split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

/**
 * Spawns the real `spritzer` binary (bin/spritzer.js, running the build in dist/) with a clean
 * environment: a temp HOME and XDG dirs, NO_COLOR=1, and only the variables a test passes.
 * Run `npm run build` first (`npm test` does).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const binPath = fileURLToPath(new URL('../../bin/spritzer.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunCliOptions {
  /** Extra environment variables (the base is PATH, HOME, XDG_*, NO_COLOR=1). */
  readonly env?: Record<string, string>;
  /** Written to stdin, then stdin is closed. */
  readonly input?: string;
  /** HOME to use; a fresh temp dir by default. */
  readonly home?: string;
  /** Kill the process after this many ms (default 20 000) so a hung command fails the test. */
  readonly timeoutMs?: number;
}

/** Makes a fresh temporary directory for one test. */
export function makeTempDir(prefix = 'spritzer-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The clean environment of a CLI run: PATH, HOME and XDG dirs under `home`, NO_COLOR=1, `extra`. */
export function cliEnvironment(
  home: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    NO_COLOR: '1',
    ...extra,
  };
}

/** Runs `spritzer …args` to completion and collects its output. */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  const env = cliEnvironment(options.home ?? makeTempDir('spritzer-home-'), options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], { env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

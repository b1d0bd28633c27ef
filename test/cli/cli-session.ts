/**
 * An interactive run of the real `spritzer` binary for the CLI tests that must answer it while
 * it runs (read the authorization URL it prints, approve it, then type the PIN): same clean
 * environment as `runCli` (test/support/cli.ts), with stdin left open.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { binPath, cliEnvironment, makeTempDir, type CliResult } from '../support/cli.js';

/** A running `spritzer` process. */
export interface CliSession {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /**
   * Resolves with the first match of `pattern` in stderr, waiting up to `timeoutMs` (default
   * 30 s: generous, because the whole suite shares two cores; a passing run never waits long).
   */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The same for stdout. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process exits. */
  result(): Promise<CliResult>;
}

/** Starts `spritzer …args` with a temp HOME (or `home`) and the given extra environment. */
export function startCli(
  args: readonly string[],
  options: { home?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): CliSession {
  const home = options.home ?? makeTempDir('spritzer-home-');
  const child = spawn(process.execPath, [binPath, ...args], {
    env: cliEnvironment(home, options.env),
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const waiter of waiters) waiter();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of waiters) waiter();
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      for (const waiter of waiters) waiter();
      resolve({ code, signal, stdout, stderr });
    });
  });
  let done = false;
  void exited.then(() => (done = true));
  const waitFor = (
    text: () => string,
    name: string,
    pattern: RegExp,
    timeoutMs = 30_000,
  ): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(text());
        if (match !== null) {
          finish();
          resolve(match);
        } else if (done) {
          finish();
          reject(
            new Error(
              `spritzer exited before printing ${String(pattern)} on ${name}; stderr:\n${stderr}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(`no ${String(pattern)} on ${name} within ${timeoutMs} ms; stderr:\n${stderr}`),
        );
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    result: () => exited,
    waitForStderr: (pattern, timeoutMs) => waitFor(() => stderr, 'stderr', pattern, timeoutMs),
    waitForStdout: (pattern, timeoutMs) => waitFor(() => stdout, 'stdout', pattern, timeoutMs),
  };
}

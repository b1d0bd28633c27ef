import type { Readable, Writable } from 'node:stream';

/**
 * What a command may touch of the outside world. `main()` passes the process's own; tests and
 * the in-process demo may pass others.
 */
export interface CliContext {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM; long-running commands stop promptly and report exit code 130. */
  readonly signal: AbortSignal;
  /** Set by a command that must exit with a code other than 0 without throwing. */
  exitCode: number;
}

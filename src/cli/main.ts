import { CommanderError } from 'commander';
import type { CliContext } from './context.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { buildProgram } from './program.js';

/** The abort reason when stdout's reader has gone away (EPIPE). */
export const stdoutClosed = Symbol('stdout closed');

/**
 * Runs the `spritzer` command line and resolves with the process exit code.
 *
 * SIGINT/SIGTERM abort `context.signal`; commands stop promptly and the exit code becomes 130.
 * A second signal exits at once.
 *
 * @param argv - the arguments after the executable, e.g. `['oauth', 'sign', 'GET', url]`
 */
export async function main(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  const context: CliContext = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
    exitCode: ExitCode.ok,
  };
  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) process.exit(ExitCode.interrupted);
    interrupted = true;
    controller.abort();
  };
  // A reader that goes away (`spritzer generate | head`) is a normal end, not a crash: stop the
  // command as if interrupted, but exit 0.
  const onStdoutError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') throw error;
    controller.abort(stdoutClosed);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.stdout.on('error', onStdoutError);
  try {
    return await runCommand(argv, context);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Runs one command line against an explicit context (used by `main` and by in-process tests). */
export async function runCommand(argv: readonly string[], context: CliContext): Promise<number> {
  const program = buildProgram(context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    const interrupted = context.signal.aborted && context.signal.reason !== stdoutClosed;
    if (interrupted && context.exitCode === ExitCode.ok) {
      context.exitCode = ExitCode.interrupted;
    }
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; every other parse failure is a usage error.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    const showStack = context.env.SPRITZER_DEBUG === '1';
    const text =
      error instanceof Error
        ? showStack
          ? (error.stack ?? error.message)
          : error.message
        : String(error);
    context.stderr.write(`spritzer: ${text}\n`);
    return exitCodeFor(error);
  }
}

import { Command, CommanderError } from 'commander';
import type { CliContext } from './context.js';
import { exitCodeHelp } from './exit-codes.js';
import { packageVersion } from '../version.js';
import { registerCommands } from './commands/index.js';

/** Builds the `spritzer` command tree, writing through the given context. */
export function buildProgram(context: CliContext): Command {
  const program = new Command('spritzer')
    .description(
      'OAuth 1.0a-authorized streaming APIs: sign requests, authorize, stream, emulate, store.',
    )
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help for a command')
    .addHelpText('after', `\n${exitCodeHelp}\n`)
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    });
  applyExitOverride(program);
  registerCommands(program, context);
  return program;
}

/** Commander must report its errors instead of calling process.exit; applied to every command. */
function applyExitOverride(command: Command): void {
  command.exitOverride((error: CommanderError) => {
    throw error;
  });
}

export { CommanderError };

import { Command, CommanderError, Help, type ErrorOptions } from 'commander';
import type { CliContext } from './context.js';
import { exitCodeHelp } from './exit-codes.js';
import { packageVersion } from '../version.js';
import { registerCommands } from './commands/index.js';
import { commandPath, describeParseError } from './parse-error-message.js';

/**
 * A commander command whose parse errors read like every other spritzer error
 * (`spritzer: <what was wrong>; <what to do>`); its subcommands are of this class too.
 */
class SpritzerCommand extends Command {
  override createCommand(name?: string): Command {
    return new SpritzerCommand(name);
  }

  override error(message: string, errorOptions?: ErrorOptions): never {
    const code = errorOptions?.code ?? 'commander.error';
    return super.error(describeParseError(this, message, code), errorOptions);
  }

  /**
   * commander's (untyped) hook for a flag it does not know. A mistyped `--consumer-secrt=VALUE`
   * is looked up without its `=VALUE`, so the suggestion works and VALUE, maybe a secret, is
   * never printed.
   */
  unknownOption(flag: string): void {
    const base = Command.prototype as unknown as { unknownOption?: (flag: string) => void };
    base.unknownOption?.call(this, flag.replace(/=.*$/s, ''));
  }
}

/** Builds the `spritzer` command tree, writing through the given context. */
export function buildProgram(context: CliContext): Command {
  const program = new SpritzerCommand('spritzer')
    .description(
      'OAuth 1.0a-authorized streaming APIs: sign requests, authorize, stream, emulate, store.',
    )
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help for a command')
    .addHelpText('after', `\n${exitCodeHelp}`)
    // Help printed as an error (`spritzer`, `spritzer oauth`: no command named) ends by saying so.
    .addHelpText('afterAll', ({ error, command }) =>
      error
        ? `\nspritzer: no known command after ${commandPath(command)}; name one of those listed above`
        : '',
    )
    .showSuggestionAfterError(true)
    .configureHelp({ subcommandTerm: describeSubcommand })
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    });
  applyExitOverride(program);
  registerCommands(program, context);
  return program;
}

/**
 * How `spritzer --help` lists a command: a group with its subcommands (`stream sample|filter`,
 * `oauth sign`) rather than the catch-all argument `stream` keeps for its hints
 * (`stream [arguments...]`); any other command as commander does (`request [options] <path-or-url>`).
 */
function describeSubcommand(command: Command): string {
  if (command.commands.length === 0) return new Help().subcommandTerm(command);
  return `${command.name()} ${command.commands.map((subcommand) => subcommand.name()).join('|')}`;
}

/** Commander must report its errors instead of calling process.exit; applied to every command. */
function applyExitOverride(command: Command): void {
  command.exitOverride((error: CommanderError) => {
    throw error;
  });
}

export { CommanderError };

/**
 * `spritzer help [command...]`: the help of any command, nested ones included
 * (`spritzer help stream sample`), on stdout with exit code 0; an unknown name is a usage error
 * in the form of every other (`spritzer: unknown command 'strem' (did you mean stream?); …`).
 * It replaces commander's own help command, which read only the first name and answered an
 * unknown one with the whole program's help on stderr and nothing saying what was wrong.
 */
import { Command } from 'commander';
import { SpritzerError } from '../../errors.js';
import { commandPath } from '../parse-error-message.js';
import type { RegisterCommand } from './index.js';

/** Registers `spritzer help`. */
export const registerHelp: RegisterCommand = (program: Command) => {
  program.helpCommand(false);
  program
    .command('help')
    .description('show help for a command, e.g. spritzer help stream sample')
    .argument('[command...]', 'the command, and its subcommand if it has some')
    .action((names: string[]) => {
      let target = program;
      for (const name of names) {
        const next = target.commands.find(
          (command) => command.name() === name || command.aliases().includes(name),
        );
        if (next === undefined) reportUnknownCommand(target, name);
        target = next;
      }
      target.help();
    });
};

/** The unknown-command error of `parent`, with commander's suggestion when it can make one. */
function reportUnknownCommand(parent: Command, name: string): never {
  // commander's (untyped) unknownCommand() words the error, suggestion included, from args[0].
  const base = Command.prototype as unknown as { unknownCommand?: () => void };
  parent.args = [name];
  base.unknownCommand?.call(parent);
  const path = commandPath(parent);
  throw new SpritzerError('ERR_USAGE', `unknown command '${name}'; see ${path} --help`);
}

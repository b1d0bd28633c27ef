import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerAccounts } from './accounts.js';
import { registerAuthorize } from './authorize.js';
import { registerDemo } from './demo.js';
import { registerEmulate } from './emulate.js';
import { registerGenerate } from './generate.js';
import { registerHelp } from './help.js';
import { registerLoad } from './load.js';
import { registerOAuthSign } from './oauth-sign.js';
import { registerRequest } from './request.js';
import { registerStream } from './stream.js';

/** A command module registers its subcommand(s) on the program. One command per file. */
export type RegisterCommand = (program: Command, context: CliContext) => void;

/** Every command module, in the order `spritzer --help` lists them. */
const commands: readonly RegisterCommand[] = [
  registerAuthorize,
  registerAccounts,
  registerStream,
  registerRequest,
  registerDemo,
  registerEmulate,
  registerGenerate,
  registerLoad,
  registerOAuthSign,
  registerHelp,
];

/** Adds every command to the program. */
export function registerCommands(program: Command, context: CliContext): void {
  for (const register of commands) register(program, context);
}

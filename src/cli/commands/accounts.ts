/**
 * `spritzer accounts`: the saved profiles (never their secrets), which one is the default, and
 * how to switch or remove them.
 */
import { Option, type Command } from 'commander';
import { resolveConfigDir } from '../../credentials/config-dir.js';
import { CredentialStore } from '../../credentials/store.js';
import type { StoredProfile } from '../../credentials/types.js';
import type { CliContext } from '../context.js';
import { createTerminalStyle, shouldColor } from '../terminal-style.js';
import type { RegisterCommand } from './index.js';

interface AccountsOptions {
  readonly default?: string;
  readonly remove?: string;
  readonly json?: boolean;
}

const examples = `
Examples:
  $ spritzer accounts                   list the saved profiles; * marks the default
  $ spritzer accounts --default alice   use the profile "alice" when no --profile is given
  $ spritzer accounts --remove alice    forget "alice" (revoke the token at the provider too)
  $ spritzer accounts --json            the same list as JSON, for scripts

Profiles live in credentials.json (mode 0600) in the config directory: $SPRITZER_CONFIG_DIR, else
$XDG_CONFIG_HOME/spritzer, else ~/.config/spritzer; see docs/cli.md.`;

/** Registers `spritzer accounts`. */
export const registerAccounts: RegisterCommand = (program: Command, context: CliContext) => {
  program
    .command('accounts')
    .description('list the saved profiles (never their secrets), set the default, remove one')
    .addOption(
      new Option('--default <profile>', 'make this profile the default').conflicts('remove'),
    )
    .option('--remove <profile>', 'remove this profile from the store')
    .option('--json', 'print the list as one JSON object')
    .addHelpText('after', examples)
    .action(async (options: AccountsOptions) => {
      await runAccounts(options, context);
    });
};

async function runAccounts(options: AccountsOptions, context: CliContext): Promise<void> {
  const store = new CredentialStore(resolveConfigDir(context.env));
  if (options.default !== undefined) {
    await store.setDefault(options.default);
    context.stderr.write(`"${options.default}" is now the default profile\n`);
    return;
  }
  if (options.remove !== undefined) {
    const defaultProfile = await store.remove(options.remove);
    context.stderr.write(
      `removed "${options.remove}" from ${store.path}; its token stays valid until you revoke it at the provider\n` +
        (defaultProfile === undefined ? '' : `the default profile is "${defaultProfile}"\n`),
    );
    return;
  }
  const listing = await store.list();
  if (options.json === true) {
    const profiles = listing.profiles.map((profile) => describeProfile(profile));
    context.stdout.write(
      `${JSON.stringify({ default: listing.defaultProfile ?? null, profiles })}\n`,
    );
    return;
  }
  if (listing.profiles.length === 0) {
    context.stderr.write('no saved profile: run `spritzer authorize` to add one\n');
    return;
  }
  const style = createTerminalStyle(shouldColor(context.stdout, context.env));
  const rows = listing.profiles.map((profile) => [
    profile.name === listing.defaultProfile ? '*' : ' ',
    profile.name,
    profile.screenName === undefined ? '-' : `@${profile.screenName}`,
    `${profile.provider.name} ${profile.provider.apiUrl}`,
    profile.consumerKey,
    profile.createdAt.slice(0, 10),
  ]);
  const header = [' ', 'PROFILE', 'ACCOUNT', 'PROVIDER', 'CONSUMER KEY', 'AUTHORIZED'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (row: readonly string[]): string =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  context.stdout.write(`${style.dim(format(header))}\n`);
  for (const row of rows) {
    const line = format(row);
    context.stdout.write(`${row[0] === '*' ? style.bold(line) : line}\n`);
  }
}

/** A profile without its secrets. */
function describeProfile(profile: StoredProfile): Record<string, unknown> {
  return {
    name: profile.name,
    screenName: profile.screenName ?? null,
    userId: profile.userId ?? null,
    provider: profile.provider,
    consumerKey: profile.consumerKey,
    createdAt: profile.createdAt,
  };
}

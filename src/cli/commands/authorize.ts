/**
 * `spritzer authorize`: the 3-legged OAuth 1.0a dance (RFC 5849 §2) with PIN (`oob`, the
 * default) or a loopback callback, saving the token credentials as a profile.
 */
import { Option, type Command } from 'commander';
import { resolveConfigDir } from '../../credentials/config-dir.js';
import { CredentialStore, assertProfileName } from '../../credentials/store.js';
import { SpritzerError } from '../../errors.js';
import { runAuthorizationFlow, type AuthorizationResult } from '../authorization-flow.js';
import { describeAccount, saveAuthorization } from '../save-authorization.js';
import { readConfigFile, resolveConsumer, resolveProvider, settingsFromEnv } from '../config.js';
import type { CliContext } from '../context.js';
import { FlowNarrator } from '../flow-narrator.js';
import { parseDurationMs } from '../option-parsers.js';
import { startLoopbackCallback } from '../loopback-callback.js';
import { findBrowserOpener, openBrowser } from '../open-browser.js';
import {
  addProviderOptions,
  precedenceHelp,
  toAccountFlags,
  type ProviderOptionValues,
} from '../provider-options.js';
import { promptLine, promptYesNo } from '../terminal-prompt.js';
import { createTerminalStyle, shouldColor, type TerminalStyle } from '../terminal-style.js';
import type { RegisterCommand } from './index.js';

interface AuthorizeOptions extends ProviderOptionValues {
  readonly loopback?: boolean;
  readonly browser: boolean;
  readonly accessType?: 'read' | 'write';
  readonly default?: boolean;
  readonly explain?: boolean;
  readonly showSecrets?: boolean;
  readonly quiet?: boolean;
  /** --timeout, in ms. */
  readonly timeout: number;
}

const examples = `
Examples:
  $ export SPRITZER_CONSUMER_KEY=… SPRITZER_CONSUMER_SECRET=…   # your app's keys
  $ spritzer authorize                      PIN flow: open the URL, approve, type the PIN
  $ spritzer authorize --loopback           approve in the browser; spritzer receives the callback
  $ spritzer authorize --explain            show every step of the OAuth 1.0a dance
  $ echo 1234567 | spritzer authorize       the PIN from stdin (first line)
  $ spritzer authorize --provider emulator --api-url http://127.0.0.1:8080 \\
      --consumer-key KEY --consumer-secret SECRET     against \`spritzer emulate\`

The token is saved as a profile named after the account (--profile NAME to choose), which
becomes the default when there is none, so \`spritzer stream sample\` needs no further flags.
${precedenceHelp}`;

/** Registers `spritzer authorize`. */
export const registerAuthorize: RegisterCommand = (program: Command, context: CliContext) => {
  const command = program
    .command('authorize')
    .description('authorize an account (OAuth 1.0a PIN or loopback callback) and save its token');
  addProviderOptions(command, { oauthUrls: true })
    .option('--loopback', 'receive the callback on a one-shot server on 127.0.0.1 instead of a PIN')
    .option('--no-browser', 'do not offer to open the authorization URL in a browser')
    .addOption(
      new Option('--access-type <type>', "ask for less than the app's access level").choices([
        'read',
        'write',
      ]),
    )
    .option('--profile <name>', 'save as this profile (default: the screen name)')
    .option('--default', 'make the new profile the default even if there is one')
    .option('--explain', 'print each step of the OAuth dance, secrets redacted')
    .option('--show-secrets', 'do not redact secrets in --explain output')
    .option('-q, --quiet', 'print only the authorization URL and prompts')
    .addOption(
      new Option('--timeout <duration>', 'how long --loopback waits for the browser (e.g. 90s, 5m)')
        .default(300_000, '5m')
        .argParser(parseDurationMs),
    )
    .addHelpText('after', examples)
    .action(async (options: AuthorizeOptions) => {
      try {
        await runAuthorize(options, context);
      } catch (error) {
        // Ctrl-C: whatever step was running failed because of it; say so once, exit 130.
        if (!context.signal.aborted) throw error;
        context.stderr.write('authorization interrupted; nothing was saved\n');
      }
    });
};

async function runAuthorize(options: AuthorizeOptions, context: CliContext): Promise<void> {
  const configDir = resolveConfigDir(context.env);
  const env = settingsFromEnv(context.env);
  const file = await readConfigFile(configDir);
  const flags = toAccountFlags(options);
  const provider = resolveProvider([flags, env, file]);
  const consumer = resolveConsumer([flags, env, file]);
  if (options.profile !== undefined) assertProfileName(options.profile);
  // A store that cannot be read (broken, exposed, not a file) would refuse the token at the end,
  // after the user approved and the PIN was spent: find out before the dance starts.
  const store = new CredentialStore(configDir);
  await store.list();
  const style = createTerminalStyle(shouldColor(context.stderr, context.env));
  const say = (text: string): void => {
    if (options.quiet !== true) context.stderr.write(`${text}\n`);
  };
  const narrator = new FlowNarrator(
    options.explain === true
      ? {
          write: (text) => context.stderr.write(text),
          style,
          showSecrets: options.showSecrets === true,
        }
      : undefined,
  );
  say(
    style.dim(
      `Authorizing with ${provider.name} (${provider.apiUrl}) as app ${consumer.consumerKey}`,
    ),
  );

  let result: AuthorizationResult;
  if (options.loopback === true) {
    const loopback = await startLoopbackCallback({
      signal: context.signal,
      timeoutMs: options.timeout,
    });
    try {
      result = await runAuthorizationFlow({
        provider,
        consumer,
        callback: loopback.callbackUrl,
        narrator,
        signal: context.signal,
        approve: async (url, token) => {
          await showAuthorizationUrl(url, options, context, style);
          context.stderr.write(
            `Waiting for the provider to redirect to ${loopback.callbackUrl} …\n`,
          );
          return loopback.waitForVerifier(token);
        },
      });
    } finally {
      await loopback.close();
    }
  } else {
    result = await runAuthorizationFlow({
      provider,
      consumer,
      callback: 'oob',
      narrator,
      signal: context.signal,
      approve: async (url) => {
        await showAuthorizationUrl(url, options, context, style);
        const pin = await promptLine(context, 'Enter the PIN the provider shows: ', {
          secret: true,
          // Raw mode turns Ctrl-C into a character: deliver it as the signal it stands for.
          onInterrupt: () => process.kill(process.pid, 'SIGINT'),
        });
        if (pin === undefined || pin === '') {
          throw new SpritzerError(
            'ERR_USAGE',
            'no PIN was entered; run `spritzer authorize` again and type the PIN the provider shows (or pipe it on stdin)',
          );
        }
        return pin;
      },
    });
  }
  const saved = await saveAuthorization({
    store,
    result,
    provider,
    consumer,
    name: options.profile,
    makeDefault: options.default === true ? 'always' : 'if-none',
  });
  say(
    `${style.green('✔')} Authorized ${describeAccount(result)}; saved as profile "${saved.name}"${saved.isDefault ? ' (the default)' : ''} in ${saved.path}`,
  );
  if (saved.isDefault) say(style.dim('Next: spritzer stream sample'));
  else say(style.dim(`Next: spritzer stream sample --profile ${saved.name}`));
}

/** Prints the authorization URL and, on a terminal with a browser, offers to open it. */
async function showAuthorizationUrl(
  url: string,
  options: AuthorizeOptions,
  context: CliContext,
  style: TerminalStyle,
): Promise<void> {
  context.stderr.write(`Open this URL in a browser and approve spritzer:\n  ${style.bold(url)}\n`);
  const opener = options.browser ? findBrowserOpener(context.env) : undefined;
  const interactive = context.stdin.isTTY === true && context.stderr.isTTY === true;
  if (opener === undefined || !interactive) return;
  if (await promptYesNo(context, 'Open it in your browser now?')) {
    openBrowser(opener, url, (error) => {
      context.stderr.write(
        `could not start the browser (${error.message}); open the URL yourself\n`,
      );
    });
  }
}

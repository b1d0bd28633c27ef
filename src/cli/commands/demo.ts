/**
 * `spritzer demo` (what `npm start` runs): the seed post's whole experience, done properly, with
 * nothing to set up. It starts the emulator in-process, runs the PIN flow against it step by
 * step (playing the user through the authorize page's own form), saves the token, and streams
 * the sample in text format until Ctrl-C or `--limit`.
 */
import { Option, type Command } from 'commander';
import { performance } from 'node:perf_hooks';
import { resolveConfigDir } from '../../credentials/config-dir.js';
import { CredentialStore, assertProfileName } from '../../credentials/store.js';
import { SpritzerError } from '../../errors.js';
import { runAuthorizationFlow } from '../authorization-flow.js';
import { submitAuthorizePage } from '../authorize-page-form.js';
import { resolveProvider } from '../config.js';
import { addStopOptions, runConsoleStream } from '../console-stream.js';
import type { CliContext } from '../context.js';
import { FlowNarrator } from '../flow-narrator.js';
import { parsePositiveInteger, parseSeed } from '../option-parsers.js';
import { themes, type Theme } from '../output/message-formatter.js';
import { describeAccount, saveAuthorization } from '../save-authorization.js';
import { createTerminalStyle, shouldColor } from '../terminal-style.js';
import type { RegisterCommand } from './index.js';

interface DemoOptions {
  readonly limit?: number;
  readonly duration?: number;
  readonly theme: Theme;
  readonly seed: number;
  readonly rate: number;
  readonly profile: string;
  readonly quiet?: boolean;
}

const examples = `
Examples:
  $ npm start                          the same as spritzer demo
  $ spritzer demo                      authorize against the embedded emulator, then stream
  $ spritzer demo --limit 20           stop after 20 messages
  $ spritzer demo --theme matrix       green on black, as the seed post suggested

The token is saved as profile "demo" (never made the default: it belongs to this run's emulator).
Next steps: \`spritzer emulate\` for a standing emulator, \`spritzer authorize\` for a real provider.`;

/** Registers `spritzer demo`. */
export const registerDemo: RegisterCommand = (program: Command, context: CliContext) => {
  addStopOptions(
    program
      .command('demo')
      .description('the whole journey on an embedded emulator: authorize, then stream tweets'),
  )
    .addOption(new Option('--theme <theme>', 'text theme').choices(themes).default('default'))
    .addOption(
      new Option('--seed <n>', "the emulator world's seed (any integer, as emulate takes)")
        .argParser(parseSeed)
        .default(1),
    )
    .addOption(
      new Option('--rate <tweets/s>', 'firehose rate (the sample is about 1% of it)')
        .argParser(parsePositiveInteger)
        .default(5700),
    )
    .option('--profile <name>', 'the profile the token is saved as', 'demo')
    .option('-q, --quiet', 'only the tweets: no narration, status line or summary')
    .addHelpText('after', examples)
    .action(async (options: DemoOptions) => {
      await runDemo(options, context);
    });
};

async function runDemo(options: DemoOptions, context: CliContext): Promise<void> {
  assertProfileName(options.profile);
  const style = createTerminalStyle(shouldColor(context.stderr, context.env));
  const say = (text: string): void => {
    if (options.quiet !== true) context.stderr.write(`${text}\n`);
  };
  say(
    `${style.bold('spritzer demo')} ${style.dim('· OAuth 1.0a and the Twitter v1.1 sample stream, on an embedded emulator')}`,
  );
  // Loaded here, not at start-up: only the demo needs the emulator in the CLI's process.
  const { startEmulator } = await import('../../emulator/index.js');
  const emulator = await startEmulator({ seed: options.seed, rate: options.rate });
  try {
    const { fixtures } = emulator;
    say(
      `\n${style.green('▶')} Emulator listening on ${style.bold(emulator.url)} (seed ${options.seed}); its signed-in user is @${fixtures.screenName}`,
    );
    const provider = resolveProvider([{ provider: 'emulator', apiUrl: emulator.url }]);
    const consumer = { consumerKey: fixtures.consumerKey, consumerSecret: fixtures.consumerSecret };
    const narrator = new FlowNarrator(
      options.quiet === true
        ? undefined
        : { write: (text) => context.stderr.write(text), style, showSecrets: false },
    );
    const result = await runAuthorizationFlow({
      provider,
      consumer,
      callback: 'oob',
      narrator,
      signal: context.signal,
      approve: async (url) => {
        narrator.detail(
          `The demo plays @${fixtures.screenName}: it opens ${url} and presses "Authorize app".`,
        );
        const outcome = await submitAuthorizePage(url, {
          decision: 'allow',
          signal: context.signal,
        });
        if (outcome.kind !== 'pin') {
          throw new SpritzerError(
            'ERR_OAUTH_PROVIDER_RESPONSE',
            'the emulator did not show a PIN after approval; run `spritzer demo` again',
          );
        }
        narrator.detail(`The page shows a ${outcome.pin.length}-digit PIN: [redacted].`);
        return outcome.pin;
      },
    });
    const saved = await saveAuthorization({
      store: new CredentialStore(resolveConfigDir(context.env)),
      result,
      provider,
      consumer,
      name: options.profile,
      makeDefault: 'never',
    });
    say(
      `\n${style.green('✔')} Authorized ${describeAccount(result)}; token saved as profile "${saved.name}" in ${saved.path} (mode 0600)`,
    );
    say(
      `\n${style.green('▶')} Streaming GET ${provider.streamUrl}/1.1/statuses/sample.json ${style.dim('· Ctrl-C to stop')}\n`,
    );
    let firstMessageMs: number | undefined;
    await runConsoleStream(
      {
        stream: {
          url: `${provider.streamUrl}/1.1/statuses/sample.json`,
          auth: {
            type: 'oauth1',
            credentials: { ...consumer, token: result.token, tokenSecret: result.tokenSecret },
          },
        },
        format: 'text',
        theme: options.theme,
        limit: options.limit,
        durationMs: options.duration,
        quiet: options.quiet === true,
        onFirstMessage: () => {
          // performance.now() counts from the start of the process.
          firstMessageMs = performance.now();
        },
      },
      context,
    );
    if (firstMessageMs !== undefined) {
      say(
        style.dim(`first message ${(firstMessageMs / 1000).toFixed(2)} s after spritzer started`),
      );
    }
    say(
      style.dim(
        '\nNext: `spritzer emulate` runs the emulator on its own; `spritzer authorize` signs in to a real provider.',
      ),
    );
  } finally {
    await emulator.close();
  }
}

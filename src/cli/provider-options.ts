/**
 * The command-line options every command that talks to a provider shares: which provider, its
 * URLs, the client credentials, and which saved profile to act as.
 */
import type { Command } from 'commander';
import type { AccountFlags } from './account.js';

/** The parsed values of the options {@link addProviderOptions} adds. */
export interface ProviderOptionValues {
  readonly provider?: string;
  readonly apiUrl?: string;
  readonly streamUrl?: string;
  readonly requestTokenUrl?: string;
  readonly authorizeUrl?: string;
  readonly accessTokenUrl?: string;
  readonly consumerKey?: string;
  readonly consumerSecret?: string;
  readonly profile?: string;
}

/**
 * Adds `--provider`, `--api-url`, `--stream-url`, the three OAuth endpoint URLs (when
 * `include.oauthUrls`), and `--consumer-key`/`--consumer-secret`.
 */
export function addProviderOptions(command: Command, include: { oauthUrls: boolean }): Command {
  command
    .option('--provider <name>', 'twitter (default), emulator, or a name for another provider')
    .option('--api-url <url>', 'base URL of OAuth and REST (twitter: https://api.twitter.com)')
    .option('--stream-url <url>', 'base URL of the streams (twitter: https://stream.twitter.com)');
  if (include.oauthUrls) {
    command
      .option(
        '--request-token-url <url>',
        'temporary credentials endpoint (default: <api-url>/oauth/request_token)',
      )
      .option('--authorize-url <url>', 'authorization page (default: <api-url>/oauth/authorize)')
      .option(
        '--access-token-url <url>',
        'token credentials endpoint (default: <api-url>/oauth/access_token)',
      );
  }
  return command
    .option('--consumer-key <key>', "your app's consumer key (or SPRITZER_CONSUMER_KEY)")
    .option(
      '--consumer-secret <secret>',
      "your app's consumer secret (prefer SPRITZER_CONSUMER_SECRET: flags show in `ps`)",
    );
}

/** The option values as the precedence rules of config.ts take them. */
export function toAccountFlags(values: ProviderOptionValues): AccountFlags {
  return {
    provider: values.provider,
    apiUrl: values.apiUrl,
    streamUrl: values.streamUrl,
    requestTokenUrl: values.requestTokenUrl,
    authorizeUrl: values.authorizeUrl,
    accessTokenUrl: values.accessTokenUrl,
    consumerKey: values.consumerKey,
    consumerSecret: values.consumerSecret,
    profile: values.profile,
  };
}

/** Text for `--help` explaining where settings come from. */
export const precedenceHelp = `Settings come from, in order: flags, SPRITZER_* environment variables, the saved profile,
$XDG_CONFIG_HOME/spritzer/config.json, then the defaults (see docs/cli.md).`;

/**
 * `spritzer oauth sign`: signs one request offline and prints every step (normalized parameters,
 * signature base string, signature, Authorization header), the debugging tool OAuth users lack.
 */
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { SpritzerError } from '../../errors.js';
import {
  buildSigningKey,
  signRequest,
  type Credentials,
  type SignatureMethod,
  type SignedRequest,
  type SignOptions,
} from '../../oauth1/index.js';
import type { CliContext } from '../context.js';
import { createTerminalStyle, shouldColor } from '../terminal-style.js';
import type { RegisterCommand } from './index.js';

interface OAuthSignOptions {
  readonly data?: readonly string[];
  readonly consumerKey?: string;
  readonly consumerSecret?: string;
  readonly token?: string;
  readonly tokenSecret?: string;
  readonly signatureMethod: SignatureMethod;
  readonly privateKey?: string;
  readonly nonce?: string;
  readonly timestamp?: string;
  readonly realm?: string;
  readonly callback?: string;
  readonly verifier?: string;
  readonly version: boolean;
  readonly json?: boolean;
  readonly showSecrets?: boolean;
}

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const signatureMethodChoices: readonly SignatureMethod[] = [
  'HMAC-SHA1',
  'HMAC-SHA256',
  'PLAINTEXT',
  'RSA-SHA1',
];

const hiddenNote = '(hidden: pass --show-secrets to print it)';

const examples = `
Examples:
  $ spritzer oauth sign POST https://stream.twitter.com/1.1/statuses/filter.json \\
      --data 'track=twitter,javascript' --data follow=12,13 \\
      --consumer-key KEY --consumer-secret SECRET --token TOKEN --token-secret TOKEN_SECRET
  $ spritzer oauth sign POST https://api.twitter.com/oauth/request_token --callback oob \\
      --consumer-key KEY --consumer-secret SECRET --json
  $ SPRITZER_CONSUMER_KEY=KEY SPRITZER_CONSUMER_SECRET=SECRET \\
      spritzer oauth sign GET 'https://photos.example.net/photos?file=vacation.jpg' \\
      --nonce kllo9940pd9333jh --timestamp 1191242096

Keys may come from SPRITZER_CONSUMER_KEY, SPRITZER_CONSUMER_SECRET, SPRITZER_ACCESS_TOKEN and
SPRITZER_ACCESS_TOKEN_SECRET; flags win. --data values are form-body parameters taken literally
(nothing is decoded: + stays a plus). The URL is signed as it goes on the wire (non-ASCII and
characters such as {} percent-encoded as Node's URL parser sends them). The signing key, and a
PLAINTEXT signature (which is the key), print only with --show-secrets. See docs/oauth1.md.`;

/** Registers `spritzer oauth` and its `sign` subcommand. */
export const registerOAuthSign: RegisterCommand = (program: Command, context: CliContext) => {
  const oauth = program
    .command('oauth')
    .description('OAuth 1.0a tools: sign a request and show every step');
  oauth
    .command('sign')
    .description(
      'sign METHOD URL offline; print the normalized parameters, the signature base string, the signature and the Authorization header',
    )
    .argument('<method>', `HTTP method: ${methods.join(', ')}`)
    .argument('<url>', 'absolute http(s) URL, query included')
    .option(
      '--data <name=value>',
      'form-body parameter, repeatable (the same name may repeat); split at the first "="',
      (value: string, previous: readonly string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--consumer-key <key>', 'consumer key (env SPRITZER_CONSUMER_KEY)')
    .option(
      '--consumer-secret <secret>',
      'consumer secret (prefer env SPRITZER_CONSUMER_SECRET: flags show in `ps`)',
    )
    .option('--token <token>', 'access or temporary token (env SPRITZER_ACCESS_TOKEN)')
    .option(
      '--token-secret <secret>',
      'secret of --token (prefer env SPRITZER_ACCESS_TOKEN_SECRET: flags show in `ps`)',
    )
    .addOption(
      new Option('--signature-method <method>', 'signature method')
        .choices(signatureMethodChoices)
        .default('HMAC-SHA1'),
    )
    .option('--private-key <file>', 'PEM RSA private key (PKCS#1 or PKCS#8), for RSA-SHA1')
    .option('--nonce <nonce>', 'oauth_nonce (default: 32 random hex digits)')
    .option('--timestamp <seconds>', 'oauth_timestamp in seconds since 1970 (default: now)')
    .option('--realm <realm>', 'realm of the Authorization header (not signed)')
    .option('--callback <url|oob>', 'add oauth_callback (temporary-credentials request)')
    .option('--verifier <verifier>', 'add oauth_verifier (token-credentials request)')
    .option('--no-version', 'leave out oauth_version="1.0"')
    .option('--json', 'print one JSON object instead of text')
    .option('--show-secrets', 'also print the signing key (and PLAINTEXT signatures)')
    .addHelpText('after', examples)
    .action(async (method: string, url: string, options: OAuthSignOptions) => {
      await runOAuthSign(method, url, options, context);
    });
};

function usage(message: string): SpritzerError {
  return new SpritzerError('ERR_USAGE', message);
}

/** A flag, else its environment variable; empty counts as unset. */
function flagOrEnv(flag: string | undefined, env: string | undefined): string | undefined {
  if (flag !== undefined) return flag;
  return env === undefined || env === '' ? undefined : env;
}

function readCredentials(options: OAuthSignOptions, context: CliContext): Credentials {
  const consumerKey = flagOrEnv(options.consumerKey, context.env.SPRITZER_CONSUMER_KEY);
  const consumerSecret = flagOrEnv(options.consumerSecret, context.env.SPRITZER_CONSUMER_SECRET);
  const token = flagOrEnv(options.token, context.env.SPRITZER_ACCESS_TOKEN);
  const tokenSecret = flagOrEnv(options.tokenSecret, context.env.SPRITZER_ACCESS_TOKEN_SECRET);
  if (consumerKey === undefined || consumerKey === '') {
    throw usage('missing the consumer key: pass --consumer-key or set SPRITZER_CONSUMER_KEY');
  }
  // RSA-SHA1 signs with the private key; the consumer secret is not used (RFC 5849 §3.4.3).
  const secretNeeded = options.signatureMethod !== 'RSA-SHA1';
  if (consumerSecret === undefined && secretNeeded) {
    throw usage(
      'missing the consumer secret: pass --consumer-secret or set SPRITZER_CONSUMER_SECRET',
    );
  }
  if (token === undefined && tokenSecret !== undefined) {
    throw usage('a token secret needs its token: pass --token or set SPRITZER_ACCESS_TOKEN');
  }
  if (token !== undefined && tokenSecret === undefined && secretNeeded) {
    throw usage(
      'missing the token secret: pass --token-secret or set SPRITZER_ACCESS_TOKEN_SECRET',
    );
  }
  return {
    consumerKey,
    consumerSecret: consumerSecret ?? '',
    ...(token === undefined ? {} : { token, tokenSecret: tokenSecret ?? '' }),
  };
}

function readForm(
  data: readonly string[] | undefined,
  method: string,
): [string, string][] | undefined {
  if (data === undefined || data.length === 0) return undefined;
  if (method === 'GET' || method === 'HEAD') {
    throw usage(
      `--data is a form body, which ${method} requests do not have: put the parameters in the URL's query`,
    );
  }
  return data.map((item, index) => {
    const separator = item.indexOf('=');
    if (separator === -1)
      throw usage(`--data expects name=value; value number ${index + 1} has no "="`);
    const name = item.slice(0, separator);
    if (name.startsWith('oauth_')) {
      throw usage(
        `--data ${name}: protocol parameters are added by the command; use --callback, --verifier, --nonce or --timestamp`,
      );
    }
    return [name, item.slice(separator + 1)];
  });
}

function readUrl(text: string): URL {
  if (!URL.canParse(text)) {
    throw usage(
      'the URL is malformed: pass an absolute http: or https: URL, e.g. https://api.twitter.com/1.1/statuses/home_timeline.json',
    );
  }
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usage(
      `the URL's scheme is ${url.protocol}; OAuth 1.0a signs http: and https: URLs only (RFC 5849 §3.4.1.2)`,
    );
  }
  for (const name of url.searchParams.keys()) {
    if (name.startsWith('oauth_')) {
      throw usage(
        `the URL's query carries ${name}: protocol parameters are added by the command (in the Authorization header); remove it`,
      );
    }
  }
  return url;
}

async function readPrivateKey(options: OAuthSignOptions): Promise<string | undefined> {
  if (options.signatureMethod !== 'RSA-SHA1') {
    if (options.privateKey !== undefined) {
      throw usage('--private-key is used only with --signature-method RSA-SHA1');
    }
    return undefined;
  }
  if (options.privateKey === undefined) {
    throw usage('RSA-SHA1 needs --private-key FILE (a PEM RSA private key)');
  }
  try {
    return await readFile(options.privateKey, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an I/O error';
    throw usage(
      `cannot read --private-key ${options.privateKey} (${code}); pass a readable PEM file`,
    );
  }
}

function readSignOptions(options: OAuthSignOptions, privateKey: string | undefined): SignOptions {
  let timestamp: number | undefined;
  if (options.timestamp !== undefined) {
    timestamp = /^\d{1,15}$/.test(options.timestamp) ? Number(options.timestamp) : Number.NaN;
    if (Number.isNaN(timestamp)) {
      throw usage('--timestamp must be a whole number of seconds since 1970, e.g. 1318622958');
    }
  }
  if (options.nonce === '') throw usage('--nonce must not be empty');
  if (
    options.callback !== undefined &&
    options.callback !== 'oob' &&
    !URL.canParse(options.callback)
  ) {
    throw usage('--callback must be an absolute URL or oob (RFC 5849 §2.1)');
  }
  if (options.realm !== undefined && !/^[\x20-\x7e]*$/.test(options.realm)) {
    throw usage('--realm must contain only visible ASCII characters and spaces');
  }
  return {
    signatureMethod: options.signatureMethod,
    includeVersion: options.version,
    ...(privateKey === undefined ? {} : { privateKey }),
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(options.realm === undefined ? {} : { realm: options.realm }),
    ...(options.callback === undefined ? {} : { callback: options.callback }),
    ...(options.verifier === undefined ? {} : { verifier: options.verifier }),
  };
}

async function runOAuthSign(
  methodArgument: string,
  urlArgument: string,
  options: OAuthSignOptions,
  context: CliContext,
): Promise<void> {
  const method = methodArgument.toUpperCase();
  if (!(methods as readonly string[]).includes(method)) {
    throw usage(`unknown HTTP method "${methodArgument.slice(0, 20)}": use ${methods.join(', ')}`);
  }
  const url = readUrl(urlArgument);
  const form = readForm(options.data, method);
  const credentials = readCredentials(options, context);
  const signOptions = readSignOptions(options, await readPrivateKey(options));
  let signed: SignedRequest;
  try {
    signed = signRequest(
      { method, url, ...(form === undefined ? {} : { form }) },
      credentials,
      signOptions,
    );
  } catch (error) {
    if (error instanceof SpritzerError && error.code === 'ERR_OAUTH_KEY_INVALID') {
      throw usage(
        `--private-key ${options.privateKey ?? ''} is not a PEM RSA private key (PKCS#1 or PKCS#8); pass the key file`,
      );
    }
    throw error;
  }
  const report = describeSignedRequest(signed, credentials, options);
  if (options.json === true) {
    context.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  printText(report, context);
}

/** What the command prints, secrets hidden unless --show-secrets. */
interface SignReport {
  readonly method: string;
  readonly url: string;
  readonly baseStringUri: string;
  readonly normalizedParameters: string;
  readonly baseString: string;
  readonly signatureMethod: SignatureMethod;
  /** `null` when hidden (a PLAINTEXT signature is the signing key). */
  readonly signature: string | null;
  /** `null` when hidden (it carries a PLAINTEXT signature). */
  readonly authorization: string | null;
  readonly oauthParameters: Readonly<Record<string, string | null>>;
  readonly body: string | null;
  /** Present with --show-secrets only. */
  readonly signingKey?: string;
  readonly secretsHidden: boolean;
}

function describeSignedRequest(
  signed: SignedRequest,
  credentials: Credentials,
  options: OAuthSignOptions,
): SignReport {
  const show = options.showSecrets === true;
  // RFC 5849 §3.4.4: a PLAINTEXT signature is the signing key itself.
  const signatureIsSecret = signed.signatureMethod === 'PLAINTEXT' && !show;
  const oauthParameters: Record<string, string | null> = {};
  for (const [name, value] of signed.oauthParameters) {
    oauthParameters[name] = name === 'oauth_signature' && signatureIsSecret ? null : value;
  }
  const signingKey =
    show && signed.signatureMethod !== 'RSA-SHA1'
      ? buildSigningKey(credentials.consumerSecret, credentials.tokenSecret ?? '')
      : undefined;
  return {
    method: signed.method,
    url: signed.url,
    baseStringUri: signed.baseStringUri,
    normalizedParameters: signed.normalizedParameters,
    baseString: signed.baseString,
    signatureMethod: signed.signatureMethod,
    signature: signatureIsSecret ? null : signed.signature,
    authorization: signatureIsSecret ? null : signed.authorization,
    oauthParameters,
    body: signed.body ?? null,
    ...(signingKey === undefined ? {} : { signingKey }),
    secretsHidden: !show,
  };
}

function printText(report: SignReport, context: CliContext): void {
  const { bold, dim } = createTerminalStyle(shouldColor(context.stdout, context.env));
  const lines: [string, string][] = [
    ['Method', report.method],
    ['URL', report.url],
    ['Base string URI', report.baseStringUri],
    ['Normalized parameters', report.normalizedParameters],
    ['Signature base string', report.baseString],
    [
      'Signing key',
      report.signingKey ??
        dim(
          report.signatureMethod === 'RSA-SHA1'
            ? '(the RSA private key of --private-key)'
            : hiddenNote,
        ),
    ],
    ['Signature method', report.signatureMethod],
    [
      'Signature',
      report.signature ?? dim(`${hiddenNote}: a PLAINTEXT signature is the signing key`),
    ],
    ['Authorization', report.authorization ?? dim(hiddenNote)],
  ];
  if (report.body !== null) {
    lines.push(['Content-Type', 'application/x-www-form-urlencoded'], ['Body', report.body]);
  }
  context.stdout.write(lines.map(([label, value]) => `${bold(`${label}:`)} ${value}\n`).join(''));
}

/**
 * `spritzer request`: one signed REST call as the saved account, twurl-style: the response body
 * to stdout, `--include` for the status and headers, `--trace` for the signature base string and
 * the exchange with every secret redacted.
 */
import { request as httpRequest, STATUS_CODES, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Command } from 'commander';
import { SpritzerError } from '../../errors.js';
import { defaultUserAgent } from '../../http/user-agent.js';
import {
  describeProviderError,
  readProviderErrorBody,
} from '../../oauth1/flow/provider-error-body.js';
import { percentEncode } from '../../oauth1/percent-encode.js';
import { signRequest } from '../../oauth1/sign-request.js';
import { waitForDrain } from '../../sinks/console.js';
import { resolveAccount } from '../account.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { traceRequest, traceResponse } from '../http-trace.js';
import {
  addProviderOptions,
  precedenceHelp,
  toAccountFlags,
  type ProviderOptionValues,
} from '../provider-options.js';
import { createTerminalStyle, shouldColor } from '../terminal-style.js';
import { certificateAdvice } from '../tls-advice.js';
import type { RegisterCommand } from './index.js';

interface RequestOptions extends ProviderOptionValues {
  readonly method?: string;
  /** Absent without -d (no commander default: help would print "(default: [])"). */
  readonly data?: [string, string][];
  readonly header?: [string, string][];
  readonly include?: boolean;
  readonly trace?: boolean;
  readonly showSecrets?: boolean;
}

const examples = `
Examples:
  $ spritzer request /1.1/account/verify_credentials.json
  $ spritzer request /1.1/statuses/show.json -d id=1234567890
  $ spritzer request -X POST /1.1/statuses/update.json -d "status=hello, world"
  $ spritzer request --include --trace /1.1/account/verify_credentials.json
  $ spritzer request https://api.example.com/1/me.json --profile work

A path is resolved against the provider's API URL. -d values are sent as a form body (POST) or in
the query (GET, DELETE, HEAD), encoded as RFC 5849 §3.6 says. Exit code 3 when the provider
answers 401 (the token is revoked or wrong); 1 for other error statuses.
${precedenceHelp}`;

/** Methods whose -d parameters go in the query, not a body. */
const queryMethods = new Set(['GET', 'DELETE', 'HEAD']);
/** How much of an error body is kept to describe the error (the body itself goes to stdout). */
const errorExcerptBytes = 4096;

/** Registers `spritzer request`. */
export const registerRequest: RegisterCommand = (program: Command, context: CliContext) => {
  const command = program
    .command('request')
    .description('send one signed REST request as the saved account (like twurl)')
    .argument('<path-or-url>', 'a path under the API URL, or a full URL');
  addProviderOptions(command, { oauthUrls: false })
    .option('--profile <name>', 'the saved profile to act as (default: the default profile)')
    .option('-X, --method <method>', 'HTTP method (default: GET, or POST with -d)')
    .option('-d, --data <name=value>', 'a form or query parameter (repeatable)', collectPair)
    .option('-H, --header <header>', 'an extra header, "Name: value" (repeatable)', collectHeader)
    .option('-i, --include', 'print the status line and response headers before the body')
    .option('-t, --trace', 'print the base string, request and response on stderr')
    .option('--show-secrets', 'do not redact secrets in --trace output')
    .addHelpText('after', examples)
    .action(async (pathOrUrl: string, options: RequestOptions) => {
      await runRequest(pathOrUrl, options, context);
    });
};

async function runRequest(
  pathOrUrl: string,
  options: RequestOptions,
  context: CliContext,
): Promise<void> {
  const account = await resolveAccount(toAccountFlags(options), context.env);
  const data = options.data ?? [];
  const method = (options.method ?? (data.length > 0 ? 'POST' : 'GET')).toUpperCase();
  // RFC 9110 §9.1: a method is a token; without this check the signer's error names its own
  // argument ("request.method") instead of -X.
  if (!/^[!#$%&'*+.^_`|~0-9A-Z-]+$/.test(method)) {
    throw new SpritzerError(
      'ERR_USAGE',
      `-X ${JSON.stringify(options.method)} is not an HTTP method; use a method name such as GET, POST or DELETE`,
    );
  }
  const url = resolveUrl(pathOrUrl, account.provider.apiUrl);
  const inQuery = queryMethods.has(method);
  if (inQuery) {
    for (const [name, value] of data) {
      // RFC 5849 §3.6 encoding, so the URL signed is the URL sent.
      const pair = `${percentEncode(name)}=${percentEncode(value)}`;
      url.search = url.search === '' ? `?${pair}` : `${url.search}&${pair}`;
    }
  }
  const form = !inQuery && data.length > 0 ? data : undefined;
  const signed = signRequest(
    form === undefined ? { method, url } : { method, url, form },
    account.credentials,
  );
  const headers: Record<string, string> = {
    'user-agent': defaultUserAgent(),
    accept: '*/*',
  };
  for (const [name, value] of options.header ?? []) {
    if (name.toLowerCase() === 'authorization') {
      throw new SpritzerError(
        'ERR_USAGE',
        '-H authorization: spritzer signs the request itself; leave the Authorization header out',
      );
    }
    headers[name.toLowerCase()] = value;
  }
  headers.authorization = signed.authorization;
  if (signed.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  const style = createTerminalStyle(shouldColor(context.stderr, context.env));
  const trace = {
    write: (text: string) => context.stderr.write(text),
    style,
    showSecrets: options.showSecrets === true,
  };
  if (options.trace === true) {
    traceRequest(trace, {
      method,
      url: signed.url,
      headers,
      body: signed.body,
      baseString: signed.baseString,
    });
  }

  const response = await send(signed.url, method, headers, signed.body, context.signal);
  if (response === undefined) return;
  const statusText = response.statusMessage ?? STATUS_CODES[response.statusCode ?? 0] ?? '';
  const status = response.statusCode ?? 0;
  const headerPairs: [string, string][] = [];
  for (let index = 0; index + 1 < response.rawHeaders.length; index += 2) {
    headerPairs.push([response.rawHeaders[index] ?? '', response.rawHeaders[index + 1] ?? '']);
  }
  if (options.trace === true) traceResponse(trace, { status, statusText, headers: headerPairs });
  if (options.include === true) {
    context.stdout.write(
      `HTTP/${response.httpVersion} ${status} ${statusText}\n${headerPairs
        .map(([name, value]) => `${name}: ${value}\n`)
        .join('')}\n`,
    );
  }
  const { excerpt, endsWithNewline } = await pipeBody(response, context);
  // On a terminal, end the output with a line break so the prompt does not follow the body.
  if (!endsWithNewline && context.stdout.isTTY === true) context.stdout.write('\n');
  if (status >= 200 && status < 400) return;
  const said = describeProviderError(
    readProviderErrorBody(excerpt.toString('utf8'), response.headers['content-type']),
  );
  const detail = said === '' ? '' : `: ${said}`;
  context.stderr.write(
    `spritzer: HTTP ${status} ${statusText} from ${signed.url}${detail}; ${
      status === 401
        ? 'the credentials were refused (a revoked or expired token, wrong keys or a skewed clock): authorize again with `spritzer authorize`'
        : 'see the response above'
    }\n`,
  );
  context.exitCode = status === 401 ? ExitCode.authorization : ExitCode.failure;
}

/** A path (with or without its leading slash) under the API URL, or a full URL. */
function resolveUrl(pathOrUrl: string, apiUrl: string): URL {
  // Anything with a scheme (ftp://…, file:…) is not a path under the API URL: say so rather
  // than sending `<api-url>/ftp://…`.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(pathOrUrl)?.[1];
  if (scheme !== undefined && !/^https?$/i.test(scheme)) {
    throw new SpritzerError(
      'ERR_USAGE',
      `request takes a path under the API URL (/1.1/…) or an http: or https: URL, not a ${scheme.toLowerCase()}: URL ("${pathOrUrl}")`,
    );
  }
  if (/^https?:\/\//i.test(pathOrUrl)) {
    if (!URL.canParse(pathOrUrl)) {
      throw new SpritzerError('ERR_USAGE', `"${pathOrUrl}" is not a valid URL`);
    }
    return new URL(pathOrUrl);
  }
  const path = pathOrUrl.startsWith('/') ? pathOrUrl : `/${pathOrUrl}`;
  if (!URL.canParse(`${apiUrl}${path}`)) {
    throw new SpritzerError('ERR_USAGE', `"${pathOrUrl}" is not a valid path`);
  }
  return new URL(`${apiUrl}${path}`);
}

/** Sends the request; resolves with the response, or undefined when interrupted. */
function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal,
): Promise<IncomingMessage | undefined> {
  const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
  const allHeaders =
    payload === undefined ? headers : { ...headers, 'content-length': String(payload.length) };
  const target = new URL(url);
  // TLS verification stays on; a local emulator's certificate is trusted through
  // NODE_EXTRA_CA_CERTS (twurl turns verification off instead).
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(target, { method, headers: allHeaders, signal }, resolve);
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (signal.aborted) {
        resolve(undefined);
        return;
      }
      const reason = error.code ?? error.message;
      reject(
        new SpritzerError(
          'ERR_STREAM_NETWORK',
          `${method} ${target.origin}${target.pathname} failed (${reason}); check the URL and that the provider is reachable${certificateAdvice(reason)}`,
          { cause: error },
        ),
      );
    });
    outgoing.end(payload);
  });
}

/** Copies the body to stdout (waiting when stdout is full); returns its first bytes. */
async function pipeBody(
  response: IncomingMessage,
  context: CliContext,
): Promise<{ excerpt: Buffer; endsWithNewline: boolean }> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let last = 0x0a;
  try {
    for await (const chunk of response) {
      const bytes = chunk as Buffer;
      if (bytes.length === 0) continue;
      if (keptBytes < errorExcerptBytes) {
        kept.push(bytes);
        keptBytes += bytes.length;
      }
      last = bytes[bytes.length - 1] ?? last;
      if (!context.stdout.write(bytes)) await waitForDrain(context.stdout);
    }
  } catch (error) {
    if (!context.signal.aborted) throw error;
  }
  return {
    excerpt: Buffer.concat(kept).subarray(0, errorExcerptBytes),
    endsWithNewline: last === 0x0a,
  };
}

function collectPair(value: string, previous: [string, string][] | undefined): [string, string][] {
  const equals = value.indexOf('=');
  if (equals <= 0) {
    throw new SpritzerError('ERR_USAGE', `-d "${value}": give a parameter as name=value`);
  }
  return [...(previous ?? []), [value.slice(0, equals), value.slice(equals + 1)]];
}

function collectHeader(
  value: string,
  previous: [string, string][] | undefined,
): [string, string][] {
  const colon = value.indexOf(':');
  const name = colon <= 0 ? '' : value.slice(0, colon).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new SpritzerError('ERR_USAGE', `-H "${value}": give a header as "Name: value"`);
  }
  return [...(previous ?? []), [name, value.slice(colon + 1).trim()]];
}

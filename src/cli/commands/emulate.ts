/**
 * `spritzer emulate`: the local Twitter service on its own — OAuth 1.0a provider, REST subset,
 * sample and filter streams over the seeded world, faults — until Ctrl-C. Prints its URL and
 * the fixture credentials (local fixtures, not secrets of a real service); with `--json`,
 * exactly one JSON line first, for scripts.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { parsePositiveInteger, parseSeed } from '../option-parsers.js';
import type { RegisterCommand } from './index.js';
import { parseFaultSpec } from '../../emulator/faults/parse-fault-spec.js';
import type { FaultRule } from '../../emulator/faults/fault-rule.js';

interface EmulateOptions {
  readonly host: string;
  readonly port: number;
  readonly seed: number;
  readonly rate: number | 'max';
  readonly tls?: boolean;
  readonly json?: boolean;
  readonly fault: readonly FaultRule[];
  readonly keepAlive: number;
  readonly filterShare: number;
  readonly connectionLimit: boolean;
  readonly log?: boolean;
  readonly workers?: number;
}

const examples = `
Examples:
  $ spritzer emulate                          127.0.0.1 on a free port, 5,700 events/s
  $ spritzer emulate --port 8080 --rate max   stream as fast as each client reads
  $ spritzer emulate --json | head -1 | jq .  the URL and fixture credentials, for scripts
                                              (the emulator keeps serving until Ctrl-C)
  $ spritzer emulate --tls                    HTTPS; trust the printed certificate with
                                              NODE_EXTRA_CA_CERTS=… or SSL_CERT_FILE=…
  $ spritzer emulate --fault reset@100/attempts=1 --fault refuse:420/attempts=2,3
                                              reset the 1st stream after 100 messages, then
                                              refuse the next two attempts with 420

Faults (repeatable --fault): KIND[:ARG][@N|@Nb][/attempts=A,B][/times=N][/p=P]
  refuse:STATUS[:VARIANT]  401 403 404 406 413 416 420 429 503 before streaming
  close end reset stall drip[:MS] disconnect:CODE       after N messages (@N) or bytes (@Nb)
  truncate invalid-json invalid-utf8 oversized[:BYTES] wrong-length[:DELTA] corrupt-gzip
  duplicate[:COUNT]        replay the previous connection's last Tweets
Admin (loopback only): GET /_emulator/stats, GET|POST|DELETE /_emulator/faults,
  POST /_emulator/connections/ID/faults. See docs/emulator.md.`;

/** Registers `spritzer emulate`. */
export const registerEmulate: RegisterCommand = (program: Command, context: CliContext) => {
  program
    .command('emulate')
    .description('run the local Twitter service: OAuth 1.0a provider, v1.1 streams, faults')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .addOption(
      new Option('--port <port>', 'TCP port; 0 picks a free one').argParser(parsePort).default(0),
    )
    .addOption(
      new Option('--seed <n>', 'seed of the world, fixtures and faults')
        .argParser(parseSeed)
        .default(1),
    )
    .addOption(
      new Option('--rate <events/s|max>', 'firehose rate (the sample is ~1% of it), or max')
        .argParser(parseRate)
        .default(5700),
    )
    .option('--tls', 'serve HTTPS with a generated self-signed certificate')
    .option('--json', 'print one JSON line with the URL and fixture credentials first')
    .addOption(
      new Option('--fault <spec>', 'inject a fault into stream connections (repeatable)')
        .argParser(collectFault)
        .default([], 'none'),
    )
    .addOption(
      new Option('--keep-alive <ms>', 'keep-alive newline after this much silence')
        .argParser(parsePositiveInteger)
        .default(30_000),
    )
    .addOption(
      new Option('--filter-share <share>', 'share of the firehose a filter stream may receive')
        .argParser(parseShare)
        .default(0.01),
    )
    .addOption(
      new Option(
        '--workers <n>',
        'at --rate max, threads that generate the streams, 0–16; 0 generates on the event loop (default: the cores, at most 2)',
      ).argParser(parseWorkers),
    )
    .option('--no-connection-limit', 'never answer 420 to frequent reconnects')
    .option('--log', 'one line per request on stderr (method, path, status)')
    .addHelpText('after', examples)
    .action(async (options: EmulateOptions) => {
      await runEmulate(options, context);
    });
};

async function runEmulate(options: EmulateOptions, context: CliContext): Promise<void> {
  // Loaded here, not at start-up: only emulate and demo need the emulator in the CLI's process.
  const { startEmulator } = await import('../../emulator/index.js');
  // The --tls certificate goes in a temporary directory that close() removes.
  const emulator = await startEmulator({
    host: options.host,
    port: options.port,
    seed: options.seed,
    rate: options.rate,
    tls: options.tls === true,
    faults: options.fault,
    keepAliveIntervalMs: options.keepAlive,
    filterShare: options.filterShare,
    ...(!options.connectionLimit && { connectionRateLimit: false }),
    ...(options.workers !== undefined && { generationWorkers: options.workers }),
    ...(options.log === true && { log: (line: string) => context.stderr.write(`${line}\n`) }),
  });
  const { fixtures } = emulator;
  if (options.json === true) {
    context.stdout.write(
      `${JSON.stringify({
        url: emulator.url,
        consumerKey: fixtures.consumerKey,
        consumerSecret: fixtures.consumerSecret,
        accessToken: fixtures.accessToken,
        accessTokenSecret: fixtures.accessTokenSecret,
        screenName: fixtures.screenName,
        userId: fixtures.userId,
        ...(emulator.caCertPath !== undefined && { caCertPath: emulator.caCertPath }),
      })}\n`,
    );
  } else {
    const rows: [string, string][] = [
      ['consumer key', fixtures.consumerKey],
      ['consumer secret', fixtures.consumerSecret],
      ['access token', fixtures.accessToken],
      ['access token secret', fixtures.accessTokenSecret],
      ['user', `@${fixtures.screenName} (id ${fixtures.userId})`],
      ['sample stream', `${emulator.url}/1.1/statuses/sample.json`],
      ['stats', `${emulator.url}/_emulator/stats`],
    ];
    if (emulator.caCertPath !== undefined) rows.push(['certificate', emulator.caCertPath]);
    context.stdout.write(
      `spritzer emulator listening on ${emulator.url}\n` +
        rows.map(([name, value]) => `  ${name.padEnd(20)} ${value}\n`).join(''),
    );
  }
  if (emulator.caCertPath !== undefined) {
    context.stderr.write(
      `trust the certificate with NODE_EXTRA_CA_CERTS=${emulator.caCertPath} or SSL_CERT_FILE=${emulator.caCertPath}\n`,
    );
  }
  context.stderr.write(
    'local fixtures, not secrets of a real service; press Ctrl-C to stop (open streams get disconnect code 1)\n',
  );
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    context.signal.addEventListener(
      'abort',
      () => {
        resolve();
      },
      { once: true },
    );
  });
  await emulator.close();
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  }
  return port;
}

function parseRate(value: string): number | 'max' {
  if (value === 'max') return 'max';
  const rate = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(rate > 0) || rate > 1_000_000) {
    throw new InvalidArgumentError('must be events per second (up to 1000000) or "max".');
  }
  return rate;
}

function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!/^\d+$/.test(value) || workers > 16) throw new InvalidArgumentError('must be 0 to 16.');
  return workers;
}

function parseShare(value: string): number {
  const share = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || !(share > 0 && share <= 1)) {
    throw new InvalidArgumentError('must be a number in (0, 1].');
  }
  return share;
}

/**
 * Parses one `--fault` and appends it. Commander passes the previous value, the shared default
 * array on the first occurrence: never mutate it.
 */
function collectFault(value: string, previous: readonly FaultRule[]): readonly FaultRule[] {
  try {
    return [...previous, parseFaultSpec(value, '--fault')];
  } catch (error) {
    // The library's 'The "--fault" argument "X" is invalid: why' → 'why': the CLI's message
    // already quotes the value and names the option.
    const message = (error as Error).message;
    throw new InvalidArgumentError(
      message.replace(/^The "--fault" argument ".*?" is invalid: /su, ''),
    );
  }
}

/**
 * `spritzer stream sample` and `spritzer stream filter`: the v1.1 public streams, signed as the
 * saved account, printed to the console as text, JSON or raw bytes.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/sample-realtime/api-reference/get-statuses-sample
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/api-reference/post-statuses-filter
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { SpritzerError } from '../../errors.js';
import { parseSinkUrl } from '../../sinks/sink-url.js';
import type { BoundingBox, StreamParameters } from '../../stream/stream-parameters.js';
import { resolveAccount } from '../account.js';
import { addStopOptions, runConsoleStream } from '../console-stream.js';
import type { CliContext } from '../context.js';
import { parseDurationMs } from '../option-parsers.js';
import {
  addSinkOptions,
  openSinkDestinations,
  reportSinks,
  sinkDestination,
  type SinkDestinationOptions,
} from '../sink-destinations.js';
import {
  outputFormats,
  themes,
  type OutputFormat,
  type Theme,
} from '../output/message-formatter.js';
import {
  addProviderOptions,
  precedenceHelp,
  toAccountFlags,
  type ProviderOptionValues,
} from '../provider-options.js';
import type { RegisterCommand } from './index.js';

interface StreamCommandOptions extends ProviderOptionValues, SinkDestinationOptions {
  readonly format?: OutputFormat | 'none';
  readonly theme: Theme;
  readonly limit?: number;
  readonly duration?: number;
  readonly quiet?: boolean;
  readonly gzip: boolean;
  readonly stallWarnings?: boolean;
  readonly delimited?: boolean;
  readonly stallTimeout?: number;
}

interface FilterOptions extends StreamCommandOptions {
  readonly track?: string[];
  readonly follow?: string[];
  readonly locations?: string[];
  readonly language?: string[];
  readonly filterLevel?: 'none' | 'low' | 'medium';
}

const sampleExamples = `
Examples:
  $ spritzer stream sample                        tweets as they arrive, until Ctrl-C
  $ spritzer stream sample --limit 100 --format json > sample.jsonl
  $ spritzer stream sample --format raw --duration 5m   the exact bytes, one message a line
  $ spritzer stream sample --theme matrix         green on black; watch for glitches
  $ spritzer stream sample --to sqlite:tweets.db --to nats://127.0.0.1:4222/TWEETS
                                                  into stores, only the status line on the
                                                  terminal (add --format text to see them too)

${precedenceHelp}`;

const filterExamples = `
Examples:
  $ spritzer stream filter --track "node js,typescript"    phrases: comma = OR, space = AND
  $ spritzer stream filter --follow 783214,6253282         tweets by, to and retweeted from them
  $ spritzer stream filter --locations -122.75,36.8,-121.75,37.8   a south-west/north-east box
  $ spritzer stream filter --track cats --language en,fr --stall-warnings

Limits (checked before connecting): 400 track phrases of 1–60 bytes, 5,000 follow ids, 25 boxes.
${precedenceHelp}`;

/** The options only `stream filter` takes. */
const filterOnlyOptions: ReadonlySet<string> = new Set([
  '--track',
  '--follow',
  '--locations',
  '--language',
  '--filter-level',
]);

/** Registers `spritzer stream sample` and `spritzer stream filter`. */
export const registerStream: RegisterCommand = (program: Command, context: CliContext) => {
  const stream = program
    .command('stream')
    .description('print a v1.1 stream (sample or filter) as text, JSON or raw bytes');
  stream.addHelpText(
    'after',
    '\nRun `spritzer stream sample --help` or `spritzer stream filter --help`.',
  );
  // Without a stream's name first, options such as --track reach `stream` itself: say where
  // they go instead of commander's bare "unknown option".
  stream
    .usage('[options] [command]')
    .argument('[arguments...]')
    .allowUnknownOption()
    .action((given: string[]) => {
      if (given.length === 0) stream.help({ error: true });
      const first = given[0] ?? '';
      const rest = given.join(' ');
      const hint = !first.startsWith('-')
        ? `unknown stream ${JSON.stringify(first)}; the streams are sample and filter`
        : filterOnlyOptions.has(first.split('=')[0] ?? '')
          ? `name the stream before its options: spritzer stream filter ${rest}`
          : `name the stream before its options: spritzer stream sample ${rest} (or filter)`;
      throw new SpritzerError('ERR_USAGE', `${hint}; see spritzer stream --help`);
    });

  const sample = addStreamOptions(
    stream.command('sample').description('a small random sample of all public tweets'),
  ).addHelpText('after', sampleExamples);
  sample.action(async (options: StreamCommandOptions) => {
    await runStream('sample', options, {}, context);
  });

  const filter = addStreamOptions(
    stream
      .command('filter')
      .description('public tweets matching track, follow or locations')
      .option('--track <phrases>', 'phrases to track, comma-separated (repeatable)', collect)
      .option('--follow <ids>', 'user ids to follow, comma-separated (repeatable)', collect)
      .option(
        '--locations <boxes>',
        'bounding boxes swLon,swLat,neLon,neLat (4 numbers per box; repeatable)',
        collect,
      )
      .option('--language <codes>', 'BCP 47 language codes, comma-separated', collect)
      .addOption(
        new Option('--filter-level <level>', 'minimum filter_level of tweets').choices([
          'none',
          'low',
          'medium',
        ]),
      ),
  ).addHelpText('after', filterExamples);
  filter.action(async (options: FilterOptions) => {
    await runStream('filter', options, filterParameters(options), context);
  });
};

/** The options both endpoints share. */
function addStreamOptions(command: Command): Command {
  addStopOptions(addProviderOptions(command, { oauthUrls: false }))
    .option('--profile <name>', 'the saved profile to stream as (default: the default profile)')
    .addOption(
      new Option(
        '-f, --format <format>',
        'what stdout shows: text, json, raw, or none (default: text; none with --to)',
      ).choices([...outputFormats, 'none']),
    )
    .addOption(
      new Option('--theme <theme>', 'text format theme').choices(themes).default('default'),
    )
    .option('--stall-warnings', 'ask for FALLING_BEHIND warnings (stall_warnings=true)')
    .option('--delimited', 'ask for delimited=length framing (checked byte by byte)')
    .option('--no-gzip', 'do not ask for a gzip-compressed stream')
    .addOption(
      new Option(
        '--stall-timeout <duration>',
        'reconnect after this long without data (default: 90s)',
      ).argParser(parseStallTimeoutMs),
    )
    .option('-q, --quiet', 'no status line, notices or summary on stderr');
  return addSinkOptions(command);
}

async function runStream(
  endpoint: 'sample' | 'filter',
  options: StreamCommandOptions,
  endpointParameters: StreamParameters,
  context: CliContext,
): Promise<void> {
  // With --to the stores are the point: stdout stays quiet unless a format is asked for.
  const format = options.format ?? (options.to === undefined ? 'text' : 'none');
  if (options.theme !== 'default' && format !== 'text') {
    throw new SpritzerError('ERR_USAGE', '--theme applies to --format text only');
  }
  // A bad --to is a usage error named as the flag, found before the account or the network.
  for (const url of options.to ?? []) parseSinkUrl(url, '--to');
  const account = await resolveAccount(toAccountFlags(options), context.env);
  const parameters: StreamParameters = {
    ...endpointParameters,
    ...(options.stallWarnings === true ? { stall_warnings: true } : {}),
    ...(options.delimited === true ? { delimited: 'length' } : {}),
  };
  const sinks = await openSinkDestinations(options, context);
  await runConsoleStream(
    {
      stream: {
        // "GET statuses/sample", "POST statuses/filter": under /1.1/ on the stream host.
        url: `${account.provider.streamUrl}/1.1/statuses/${endpoint}.json`,
        auth: { type: 'oauth1', credentials: account.credentials },
        parameters,
        compression: options.gzip,
        ...(options.stallTimeout === undefined ? {} : { stallTimeoutMs: options.stallTimeout }),
      },
      format,
      theme: options.theme,
      limit: options.limit,
      durationMs: options.duration,
      quiet: options.quiet === true,
      ...(account.provider.name === 'emulator' && {
        refusedHint: `nothing listens at ${account.provider.streamUrl}: the emulator this profile was authorized with has stopped (a \`spritzer demo\` emulator, and its tokens, end with the demo). Run \`spritzer demo\` again, or start \`spritzer emulate\` and \`spritzer authorize --provider emulator --api-url URL\` with the URL it prints`,
      }),
      ...(sinks === undefined ? {} : { destinations: [sinkDestination(sinks, options, context)] }),
    },
    context,
  ).finally(() => reportSinks(sinks, options, context));
}

/**
 * `--stall-timeout`: at least 1 s. Less reconnects a healthy stream over and over (the service
 * sends a keep-alive only every 30 s), so `90ms` is taken for the typo it is.
 */
function parseStallTimeoutMs(value: string): number {
  const ms = parseDurationMs(value);
  if (ms < 1000) {
    throw new InvalidArgumentError(
      'must be at least 1s: the stream reconnects after this long without data, and a quiet stream sends a keep-alive only every 30 s (the default, 90s, is what Twitter advises).',
    );
  }
  return ms;
}

/** Commander accumulator: each use adds its comma-separated items. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',')];
}

/** The filter predicates as the stream engine takes them (it checks the documented limits). */
function filterParameters(options: FilterOptions): StreamParameters {
  return {
    ...(options.track === undefined ? {} : { track: options.track }),
    ...(options.follow === undefined ? {} : { follow: options.follow }),
    ...(options.locations === undefined ? {} : { locations: parseBoxes(options.locations) }),
    ...(options.language === undefined ? {} : { language: options.language }),
    ...(options.filterLevel === undefined ? {} : { filter_level: options.filterLevel }),
  };
}

/** `--locations` values, four numbers per box ("locations": "swLon,swLat,neLon,neLat"). */
function parseBoxes(values: readonly string[]): BoundingBox[] {
  const numbers = values.map((value) => {
    const number = Number(value.trim());
    if (value.trim() === '' || !Number.isFinite(number)) {
      throw new SpritzerError(
        'ERR_STREAM_FILTER_INVALID',
        `--locations: "${value}" is not a number; give longitude,latitude pairs in degrees`,
      );
    }
    return number;
  });
  if (numbers.length % 4 !== 0) {
    throw new SpritzerError(
      'ERR_STREAM_FILTER_INVALID',
      `--locations takes 4 numbers per box (swLon,swLat,neLon,neLat); got ${numbers.length}`,
    );
  }
  const boxes: BoundingBox[] = [];
  for (let index = 0; index < numbers.length; index += 4) {
    const [swLon = 0, swLat = 0, neLon = 0, neLat = 0] = numbers.slice(index, index + 4);
    boxes.push([swLon, swLat, neLon, neLat]);
  }
  return boxes;
}

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { binPath, runCli } from '../support/cli.js';

const manifest = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

describe('spritzer (program)', () => {
  it('prints help with the exit-code table and exits 0', async () => {
    const result = await runCli(['--help']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Usage: spritzer/m);
    assert.match(result.stdout, /130 {2}interrupted/);
  });

  it('prints the package version', async () => {
    const result = await runCli(['--version']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), manifest.version);
  });

  it('exits 2 on an unknown command or option, saying what was wrong', async () => {
    const unknownCommand = await runCli(['frobnicate']);
    assert.equal(unknownCommand.code, 2);
    assert.equal(
      unknownCommand.stderr,
      "spritzer: unknown command 'frobnicate'; see spritzer --help\n",
    );
    const unknownOption = await runCli(['--frobnicate']);
    assert.equal(unknownOption.code, 2);
    assert.equal(
      unknownOption.stderr,
      "spritzer: unknown option '--frobnicate'; see spritzer --help\n",
    );
  });

  // Broke: commander's own errors read "error: unknown option '--jsn'\n(Did you mean --json?)",
  // unlike every other error (`spritzer: <what was wrong>; <what to do>`), without naming the
  // command or its --help.
  const parseErrors: readonly (readonly [string, readonly string[], string])[] = [
    [
      'an unknown option, with the suggestion',
      ['accounts', '--jsn'],
      "unknown option '--jsn' for spritzer accounts (did you mean --json?); see spritzer accounts --help",
    ],
    [
      'an unknown command, with the suggestion',
      ['strem'],
      "unknown command 'strem' (did you mean stream?); see spritzer --help",
    ],
    [
      'an unknown subcommand',
      ['oauth', 'sing'],
      "unknown command 'sing' for spritzer oauth (did you mean sign?); see spritzer oauth --help",
    ],
    [
      'a missing argument',
      ['oauth', 'sign', 'GET'],
      'missing argument <url> for spritzer oauth sign (usage: spritzer oauth sign [options] <method> <url>); see spritzer oauth sign --help',
    ],
    [
      'an option without its value',
      ['stream', 'sample', '--limit'],
      "option '-n, --limit <count>' for spritzer stream sample needs a value; see spritzer stream sample --help",
    ],
    [
      'a missing required option',
      ['load', '--count', '5'],
      "missing required option '--to <sink>' for spritzer load; see spritzer load --help",
    ],
    [
      'too many arguments (an unquoted phrase)',
      ['stream', 'filter', '--track', 'node', 'js'],
      'an unexpected argument for spritzer stream filter, not shown as it may be a secret (usage: spritzer stream filter [options]); quote a value that has spaces, see spritzer stream filter --help',
    ],
    [
      'a stray PIN after authorize (never printed)',
      ['authorize', '1234567'],
      'an unexpected argument for spritzer authorize, not shown as it may be a secret (usage: spritzer authorize [options]); quote a value that has spaces, see spritzer authorize --help',
    ],
    [
      'a consumer secret after a flag that takes none',
      ['authorize', '--loopback', 'Zx9secretSECRETsecret', 'another'],
      '2 unexpected arguments for spritzer authorize, not shown as they may be secrets (usage: spritzer authorize [options]); quote a value that has spaces, see spritzer authorize --help',
    ],
    [
      'an invalid choice',
      ['stream', 'sample', '--format', 'xml'],
      "invalid value 'xml' for option '-f, --format <format>' of spritzer stream sample: allowed choices are text, json, raw, none; see spritzer stream sample --help",
    ],
    [
      'an invalid value',
      ['demo', '--limit', 'x'],
      "invalid value 'x' for option '-n, --limit <count>' of spritzer demo: must be a positive integer; see spritzer demo --help",
    ],
    [
      'conflicting options',
      ['accounts', '--default', 'a', '--remove', 'b'],
      "option '--default <profile>' cannot be used with option '--remove <profile>' for spritzer accounts; give only one of them (see spritzer accounts --help)",
    ],
  ];
  for (const [what, args, message] of parseErrors) {
    it(`words ${what} as spritzer: <what>; <what to do>, exit 2`, async () => {
      const result = await runCli(args);
      assert.equal(result.code, 2);
      assert.equal(result.stderr, `spritzer: ${message}\n`);
      assert.equal(result.stdout, '');
    });
  }

  it('never prints the value of a mistyped --flag=value, which may be a secret', async () => {
    // Broke: `--consumer-secrt=s3cr3t` printed "unknown option '--consumer-secrt=s3cr3t'", and
    // the suggestion was lost because the value took part in the comparison.
    const result = await runCli(['authorize', '--consumer-secrt=s3cr3t']);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      "spritzer: unknown option '--consumer-secrt' for spritzer authorize (did you mean --consumer-secret?); see spritzer authorize --help\n",
    );
  });

  it('still prints --help and --version on stdout with exit 0', async () => {
    const [help, version] = await Promise.all([
      runCli(['stream', 'filter', '--help']),
      runCli(['-V']),
    ]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: spritzer stream filter \[options\]/);
    assert.equal(help.stderr, '');
    assert.equal(version.code, 0);
    assert.equal(version.stdout.trim(), manifest.version);
  });

  it('lists a command group with its subcommands, not the catch-all argument of its hints', async () => {
    // Broke: `spritzer --help` listed "stream [arguments...]" (the argument stream keeps to say
    // where misplaced options go) and "oauth" with no subcommand.
    const result = await runCli(['--help']);
    assert.match(result.stdout, /^ {2}stream sample\|filter +print a v1\.1 stream/m);
    assert.match(result.stdout, /^ {2}oauth sign +OAuth 1\.0a tools/m);
    assert.doesNotMatch(result.stdout, /arguments\.\.\./);
  });

  it('help takes a nested command, and says what was wrong with an unknown one', async () => {
    // Broke: `spritzer help stream sample` showed the help of `stream`, and `spritzer help strem`
    // printed the program's whole help on stderr, exit 2, with nothing saying what was wrong.
    const [nested, plain, unknown, unknownNested] = await Promise.all([
      runCli(['help', 'stream', 'sample']),
      runCli(['help']),
      runCli(['help', 'strem']),
      runCli(['help', 'oauth', 'sing']),
    ]);
    assert.equal(nested.code, 0);
    assert.match(nested.stdout, /^Usage: spritzer stream sample \[options\]/);
    assert.equal(plain.code, 0);
    assert.match(plain.stdout, /^Usage: spritzer \[options\] \[command\]/);
    assert.equal(unknown.code, 2);
    assert.equal(
      unknown.stderr,
      "spritzer: unknown command 'strem' (did you mean stream?); see spritzer --help\n",
    );
    assert.equal(unknownNested.code, 2);
    assert.equal(
      unknownNested.stderr,
      "spritzer: unknown command 'sing' for spritzer oauth (did you mean sign?); see spritzer oauth --help\n",
    );
  });

  it('says where stream options go when the stream is not named first, and exits 2', async () => {
    const filter = await runCli(['stream', '--track', 'cats']);
    assert.equal(filter.code, 2);
    assert.match(
      filter.stderr,
      /^spritzer: name the stream before its options: spritzer stream filter --track cats; see spritzer stream --help\n$/,
    );
    const either = await runCli(['stream', '--limit', '5']);
    assert.equal(either.code, 2);
    assert.match(either.stderr, /spritzer stream sample --limit 5 \(or filter\)/);
    const unknown = await runCli(['stream', 'firehose']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown stream "firehose"; the streams are sample and filter/);
    const bare = await runCli(['stream']);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /^Usage: spritzer stream \[options\] \[command\]$/m);
  });

  it('ends the help it prints for a missing command by saying what was wrong, exit 2', async () => {
    // Broke: `spritzer`, `spritzer oauth` and `spritzer stream` printed their help on stderr and
    // exited 2 with no line saying what was wrong.
    const [program, oauth, stream] = await Promise.all([
      runCli([]),
      runCli(['oauth']),
      runCli(['stream']),
    ]);
    for (const [result, path] of [
      [program, 'spritzer'],
      [oauth, 'spritzer oauth'],
      [stream, 'spritzer stream'],
    ] as const) {
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^Usage: /);
      assert.ok(
        result.stderr.endsWith(
          `\n\nspritzer: no known command after ${path}; name one of those listed above\n`,
        ),
        result.stderr,
      );
    }
  });

  it('is an executable script', () => {
    assert.match(readFileSync(binPath, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });
});

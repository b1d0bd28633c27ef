import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { makeTempDir, runCli } from '../support/cli.js';
import { startCli } from './cli-session.js';

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

describe('spritzer generate', () => {
  it('writes N JSON lines to stdout, the same for the same seed', async () => {
    const first = await runCli(['generate', '--count', '300', '--seed', '4']);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stderr, '', 'no progress bar when stderr is not a terminal');
    const messages = lines(first.stdout);
    assert.equal(messages.length, 300);
    for (const line of messages) {
      assert.match(line, /^[\x20-\x7e]+$/);
      JSON.parse(line);
    }
    const again = await runCli(['generate', '--count', '300', '--seed', '4']);
    assert.equal(again.stdout, first.stdout);
    const other = await runCli(['generate', '--count', '300', '--seed', '5']);
    assert.notEqual(other.stdout, first.stdout);
  });

  it('--start-event continues the same stream (slices for parallel runs)', async () => {
    const whole = await runCli(['generate', '-n', '200']);
    const head = await runCli(['generate', '-n', '120']);
    const tail = await runCli(['generate', '-n', '80', '--start-event', '120']);
    assert.equal(head.stdout + tail.stdout, whole.stdout);
  });

  it('--out FILE.gz writes gzip; --sample keeps only milliseconds 657–666', async () => {
    const directory = makeTempDir();
    const path = join(directory, 'sample.jsonl.gz');
    const result = await runCli(['generate', '-n', '50', '--sample', '--out', path]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    const messages = lines(gunzipSync(readFileSync(path)).toString('latin1'));
    assert.equal(messages.length, 50);
    for (const line of messages) {
      const message = JSON.parse(line) as {
        timestamp_ms?: string;
        delete?: { timestamp_ms: string };
      };
      const timeMs = Number(message.timestamp_ms ?? message.delete?.timestamp_ms);
      assert.ok(timeMs % 1000 >= 657 && timeMs % 1000 <= 666, `sampled: ${timeMs}`);
    }
    const plain = join(directory, 'plain.jsonl');
    assert.equal((await runCli(['generate', '-n', '10', '-o', plain])).code, 0);
    assert.equal(lines(readFileSync(plain, 'latin1')).length, 10);
  });

  it('exits 2 with a clear message on bad flags, 1 when the file cannot be written', async () => {
    const missing = await runCli(['generate']);
    assert.equal(missing.code, 2);
    assert.equal(
      missing.stderr,
      "spritzer: missing required option '-n, --count <n>' for spritzer generate; see spritzer generate --help\n",
    );
    const zero = await runCli(['generate', '--count', '0']);
    assert.equal(zero.code, 2);
    assert.match(
      zero.stderr,
      /^spritzer: invalid value '0' for option '-n, --count <n>' of spritzer generate: must be a positive integer; see spritzer generate --help\n$/,
    );
    const date = await runCli(['generate', '-n', '1', '--start-time', 'yesterday']);
    assert.equal(date.code, 2);
    assert.match(date.stderr, /ISO 8601/);
    const unwritable = await runCli(['generate', '-n', '1', '--out', '/nonexistent/dir/x.jsonl']);
    assert.equal(unwritable.code, 1);
    assert.match(unwritable.stderr, /cannot write \/nonexistent\/dir\/x\.jsonl: ENOENT/);
  });

  it('Ctrl-C exits 130 and says how many of the messages were written', async () => {
    // Broke: the output silently ended short of --count, with nothing on stderr.
    const session = startCli(['generate', '--count', '100000000']);
    await session.waitForStdout(/\n/);
    session.child.kill('SIGINT');
    const result = await session.result();
    assert.equal(result.code, 130, result.stderr);
    const written = lines(result.stdout).length;
    assert.ok(result.stdout.endsWith('\n'));
    assert.equal(
      result.stderr,
      `interrupted after ${written.toLocaleString('en-US')} of 100,000,000 messages; stdout holds the first ${written.toLocaleString('en-US')}, each a whole line\n`,
    );
  });

  it('documents its flags and examples in --help', async () => {
    const help = await runCli(['generate', '--help']);
    assert.equal(help.code, 0);
    for (const flag of ['--count', '--seed', '--start-event', '--sample', '--out', 'Examples:']) {
      assert.ok(help.stdout.includes(flag), flag);
    }
  });
});

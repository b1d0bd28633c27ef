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
    assert.match(unknownCommand.stderr, /error:/);
    const unknownOption = await runCli(['--frobnicate']);
    assert.equal(unknownOption.code, 2);
    assert.match(unknownOption.stderr, /unknown option '--frobnicate'/);
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

  it('is an executable script', () => {
    assert.match(readFileSync(binPath, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { commandPath, describeParseError } from '../../../src/cli/parse-error-message.js';

function tree(): { root: Command; sample: Command } {
  const root = new Command('spritzer');
  const sample = root.command('stream').command('sample');
  return { root, sample };
}

describe('describeParseError', () => {
  it('names the command path', () => {
    const { root, sample } = tree();
    assert.equal(commandPath(root), 'spritzer');
    assert.equal(commandPath(sample), 'spritzer stream sample');
  });

  it('keeps a suggestion of several names', () => {
    const { sample } = tree();
    assert.equal(
      describeParseError(
        sample,
        "error: unknown option '--fromat'\n(Did you mean one of --format, --from?)",
        'commander.unknownOption',
      ),
      "spritzer: unknown option '--fromat' for spritzer stream sample (did you mean one of --format, --from?); see spritzer stream sample --help",
    );
  });

  it('never quotes the value of --flag=value, and shows control characters as \uFFFD', () => {
    const { root } = tree();
    assert.equal(
      describeParseError(
        root,
        "error: unknown option '--consumer-secrt=s3cr3t'",
        'commander.unknownOption',
      ),
      "spritzer: unknown option '--consumer-secrt'; see spritzer --help",
    );
    assert.equal(
      describeParseError(root, "error: unknown command 'a\u001b[2Jb'", 'commander.unknownCommand'),
      "spritzer: unknown command 'a\uFFFD[2Jb'; see spritzer --help",
    );
  });

  it('words an invalid value of a command argument, and anything else it does not know', () => {
    const { sample } = tree();
    assert.equal(
      describeParseError(
        sample,
        "error: command-argument value 'x' is invalid for argument 'method'. Allowed choices are GET, POST.",
        'commander.invalidArgument',
      ),
      "spritzer: invalid value 'x' for argument <method> of spritzer stream sample: allowed choices are GET, POST; see spritzer stream sample --help",
    );
    assert.equal(
      describeParseError(sample, 'error: something new\non two lines', 'commander.somethingNew'),
      'spritzer: something new on two lines for spritzer stream sample; see spritzer stream sample --help',
    );
  });
});

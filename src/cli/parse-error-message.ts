/**
 * Rewords the errors commander raises while parsing a command line (unknown option or command,
 * missing argument or value, too many arguments, invalid value or choice, conflicting options)
 * in the form of every other spritzer error: `spritzer: <what was wrong>; <what to do>`, naming
 * the command and pointing at its `--help`, and keeping commander's "did you mean" suggestion.
 */
import type { Command } from 'commander';

/** The longest argument quoted back in a message; a longer one is cut with `…`. */
const maxQuotedChars = 40;

/**
 * The one-line message for a commander parse error raised by `command`.
 *
 * @param command - the command whose parsing failed (`this` in commander's `error()`)
 * @param message - commander's message, e.g. `error: unknown option '--jsn'\n(Did you mean --json?)`
 * @param code - commander's error code, e.g. `commander.unknownOption`
 * @returns the message with the `spritzer: ` prefix, without a line break
 */
export function describeParseError(command: Command, message: string, code: string): string {
  const path = commandPath(command);
  const help = `see ${path} --help`;
  const forPath = command.parent === null ? '' : ` for ${path}`;
  const { text, suggestion } = splitSuggestion(message.replace(/^error: /, ''));
  const didYouMean = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
  switch (code) {
    case 'commander.unknownOption': {
      // A mistyped `--consumer-secrt=VALUE` must not print VALUE, which may be a secret.
      const flag = /^unknown option '(.*)'$/s.exec(text)?.[1]?.replace(/=.*$/s, '') ?? text;
      return `spritzer: unknown option '${quote(flag)}'${forPath}${didYouMean}; ${help}`;
    }
    case 'commander.unknownCommand': {
      const name = /^unknown command '(.*)'$/s.exec(text)?.[1] ?? '';
      return `spritzer: unknown command '${quote(name)}'${forPath}${didYouMean}; ${help}`;
    }
    case 'commander.missingArgument': {
      const name = /^missing required argument '(.*)'$/s.exec(text)?.[1] ?? '';
      return `spritzer: missing argument <${name}>${forPath} (usage: ${path} ${command.usage()}); ${help}`;
    }
    case 'commander.optionMissingArgument': {
      const flags = /^option '(.*)' argument missing$/s.exec(text)?.[1] ?? '';
      return `spritzer: option '${flags}'${forPath} needs a value; ${help}`;
    }
    case 'commander.missingMandatoryOptionValue': {
      const flags = /^required option '(.*)' not specified$/s.exec(text)?.[1] ?? '';
      return `spritzer: missing required option '${flags}'${forPath}; ${help}`;
    }
    case 'commander.conflictingOption':
      return `spritzer: ${text}${forPath}; give only one of them (${help})`;
    case 'commander.excessArguments': {
      // Not quoted back: a stray argument may be a secret (a PIN typed after `authorize`, a
      // consumer secret after `--consumer-key KEY`).
      const count = command.args.length - command.registeredArguments.length;
      const what = count === 1 ? 'an unexpected argument' : `${count} unexpected arguments`;
      const notShown = count === 1 ? 'it may be a secret' : 'they may be secrets';
      return `spritzer: ${what}${forPath}, not shown as ${notShown} (usage: ${path} ${command.usage()}); quote a value that has spaces, ${help}`;
    }
    case 'commander.invalidArgument':
      return `spritzer: ${describeInvalidValue(text, command.parent === null ? '' : ` of ${path}`)}; ${help}`;
    default:
      return `spritzer: ${text.replace(/\s*\n\s*/g, ' ')}${forPath}; ${help}`;
  }
}

/** `spritzer stream sample` for the `sample` command. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) {
    names.unshift(current.name());
  }
  return names.join(' ');
}

/** Splits commander's `\n(Did you mean X?)` or `\n(Did you mean one of X, Y?)` off a message. */
function splitSuggestion(message: string): { text: string; suggestion?: string } {
  const match = /\n\(Did you mean (.+)\?\)$/s.exec(message);
  if (match === null) return { text: message };
  return { text: message.slice(0, match.index), suggestion: match[1] ?? '' };
}

/**
 * `option '-n, --limit <count>' argument 'x' is invalid. must be a positive integer.` becomes
 * `invalid value 'x' for option '-n, --limit <count>' of spritzer stream sample: must be a positive
 * integer`; the same for a command argument (`command-argument value 'x' is invalid for argument
 * 'method'. …`).
 */
function describeInvalidValue(text: string, ofPath: string): string {
  const option = /^option '(.*?)' argument '(.*?)' is invalid\.\s*(.*)$/s.exec(text);
  const argument =
    /^command-argument value '(.*?)' is invalid for argument '(.*?)'\.\s*(.*)$/s.exec(text);
  const [target, value, reason] =
    option !== null
      ? [`option '${option[1] ?? ''}'`, option[2] ?? '', option[3] ?? '']
      : argument !== null
        ? [`argument <${argument[2] ?? ''}>`, argument[1] ?? '', argument[3] ?? '']
        : [undefined, '', text];
  const why = reason
    .trim()
    .replace(/\.$/, '')
    .replace(/^Allowed choices/, 'allowed choices');
  if (target === undefined) return why;
  return `invalid value '${quote(value)}' for ${target}${ofPath}${why === '' ? '' : `: ${why}`}`;
}

/** An argument as quoted in a message: control characters shown as `�`, cut at 40 characters. */
function quote(value: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
  return printable.length > maxQuotedChars
    ? `${printable.slice(0, maxQuotedChars - 1)}…`
    : printable;
}

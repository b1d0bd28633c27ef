/**
 * Parsers of option values shared by commands; a bad value is a commander
 * `InvalidArgumentError`, reported as `spritzer: invalid value 'y' for option '--x <v>' of
 * spritzer <command>: <its message>; see spritzer <command> --help` with exit code 2.
 */
import { InvalidArgumentError } from 'commander';

/** A positive integer such as `--limit 20`. */
export function parsePositiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('must be a positive integer.');
  }
  return Number(value);
}

/** A world seed: any safe integer, negative and zero included (`emulate`, `generate`, `demo`). */
export function parseSeed(value: string): number {
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('must be an integer.');
  }
  return Number(value);
}

const durationUnitsMs: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * A positive duration in milliseconds: a number of seconds (`90`, `2.5`) or a number with a unit
 * (`500ms`, `30s`, `5m`, `1h`).
 */
export function parseDurationMs(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const amount = Number(match?.[1]);
  const unit = durationUnitsMs[match?.[2] ?? 's'] ?? 1000;
  // A positive amount that rounds to 0 ms (0.0001) would be no time at all.
  if (match === null || !(Math.round(amount * unit) >= 1)) {
    throw new InvalidArgumentError('must be a positive duration such as 30, 30s, 5m or 1h.');
  }
  return Math.round(amount * unit);
}

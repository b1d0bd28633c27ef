/**
 * ANSI styling for terminal output, off when the stream is not a terminal or when `NO_COLOR` is
 * set to a non-empty value (https://no-color.org), on when `FORCE_COLOR` is set to a value other
 * than `0`.
 */

/**
 * A terminal's width in columns, or 80 when it does not say: a terminal whose size was never set
 * (a fresh pty, some CI runners) reports 0, which would cut every line to nothing.
 */
export function terminalColumns(stream: { columns?: number }): number {
  return stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80;
}

/** A function that wraps text in one SGR style, or returns it unchanged when color is off. */
export type Paint = (text: string) => string;

/** The styles spritzer's terminal output uses. */
export interface TerminalStyle {
  readonly enabled: boolean;
  readonly bold: Paint;
  readonly dim: Paint;
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly blue: Paint;
  readonly magenta: Paint;
  readonly cyan: Paint;
  readonly brightGreen: Paint;
  readonly brightWhite: Paint;
  /** Green on black, the matrix theme's base. */
  readonly greenOnBlack: Paint;
}

/**
 * Whether to color output written to a stream.
 *
 * @param stream - the destination; color only when it is a terminal
 * @param env - the process environment (`NO_COLOR`, `FORCE_COLOR`)
 */
export function shouldColor(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') {
    return true;
  }
  return stream.isTTY === true;
}

/** SGR (ECMA-48 §8.3.117) open and close codes of each style. */
const codes = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  brightGreen: [92, 39],
  brightWhite: [97, 39],
} as const;

/** Styles that color when `enabled`, and return text unchanged otherwise. */
export function createTerminalStyle(enabled: boolean): TerminalStyle {
  const paint = ([open, close]: readonly [number, number]): Paint =>
    enabled ? (text) => `\x1b[${open}m${text}\x1b[${close}m` : (text) => text;
  return {
    enabled,
    bold: paint(codes.bold),
    dim: paint(codes.dim),
    red: paint(codes.red),
    green: paint(codes.green),
    yellow: paint(codes.yellow),
    blue: paint(codes.blue),
    magenta: paint(codes.magenta),
    cyan: paint(codes.cyan),
    brightGreen: paint(codes.brightGreen),
    brightWhite: paint(codes.brightWhite),
    greenOnBlack: enabled ? (text) => `\x1b[32;40m${text}\x1b[0m` : (text) => text,
  };
}

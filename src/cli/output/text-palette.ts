/**
 * The colors of the text format: one paint per part of a line. The default palette follows the
 * terminal's colors; the matrix theme supplies its own.
 */
import type { Paint, TerminalStyle } from '../terminal-style.js';

/** One paint per part of a formatted line. */
export interface TextPalette {
  readonly time: Paint;
  readonly screenName: Paint;
  readonly text: Paint;
  readonly hashtag: Paint;
  readonly mention: Paint;
  readonly url: Paint;
  readonly symbol: Paint;
  /** Secondary text: retweet and reply arrows, quoted tweets, marker details. */
  readonly quiet: Paint;
  /** Marker labels by severity: compliance (delete, scrub_geo, withheld), notice, alarm. */
  readonly compliance: Paint;
  readonly notice: Paint;
  readonly alarm: Paint;
  /** Wraps the whole line (the matrix theme's background); identity by default. */
  readonly line: Paint;
}

/** The default palette in the terminal's own colors. */
export function createDefaultPalette(style: TerminalStyle): TextPalette {
  return {
    time: style.dim,
    screenName: (text) => style.bold(style.cyan(text)),
    text: (text) => text,
    hashtag: style.magenta,
    mention: style.cyan,
    url: style.blue,
    symbol: style.yellow,
    quiet: style.dim,
    compliance: style.red,
    notice: style.yellow,
    alarm: (text) => style.bold(style.red(text)),
    line: (text) => text,
  };
}

/**
 * Turns each stream message into what the console prints for it, in the chosen output format
 * (`text`, `json`, `raw`) and theme.
 */
import type { StreamMessage } from '../../messages/types.js';
import { createTerminalStyle } from '../terminal-style.js';
import { formatJsonLine } from './json-format.js';
import { MatrixGlitches, createMatrixPalette } from './matrix-theme.js';
import { formatRawLine } from './raw-format.js';
import { createDefaultPalette } from './text-palette.js';
import { createTextFormatter } from './text-format.js';

/** The output formats, in the order `--help` lists them. */
export const outputFormats = ['text', 'json', 'raw'] as const;
/** One of {@link outputFormats}. */
export type OutputFormat = (typeof outputFormats)[number];

/** The themes of the text format. */
export const themes = ['default', 'matrix'] as const;
/** One of {@link themes}. */
export type Theme = (typeof themes)[number];

/** Options of {@link createMessageFormatter}. */
export interface MessageFormatterOptions {
  readonly format: OutputFormat;
  /** Text format only. @default 'default' */
  readonly theme?: Theme;
  /** Whether to color (text format only). */
  readonly color: boolean;
  /** IANA time zone of the text format's times. @default the system's */
  readonly timeZone?: string;
  /** The terminal's width, for the matrix rain. @default 80 */
  readonly columns?: number;
  /** Uniform in [0, 1), for the matrix glitches. @default Math.random */
  readonly random?: () => number;
}

/** What the console writes for one message: one line (text, json), or its bytes and `\n` (raw). */
export type MessageFormatter = (message: StreamMessage) => string | Buffer;

/** Creates the formatter for one output format and theme. */
export function createMessageFormatter(options: MessageFormatterOptions): MessageFormatter {
  switch (options.format) {
    case 'raw':
      return formatRawLine;
    case 'json':
      return (message) => `${formatJsonLine(message)}\n`;
    case 'text': {
      const matrix = options.theme === 'matrix';
      const palette = matrix
        ? createMatrixPalette(options.color)
        : createDefaultPalette(createTerminalStyle(options.color));
      const formatText = createTextFormatter({
        palette,
        ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
      });
      if (!matrix) return (message) => `${formatText(message)}\n`;
      const glitches = new MatrixGlitches(
        options.random ?? Math.random,
        options.columns ?? 80,
        options.color,
      );
      return (message) => {
        const line = formatText(message);
        return [line, ...glitches.after(line)].map((text) => `${text}\n`).join('');
      };
    }
  }
}

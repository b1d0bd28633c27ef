/**
 * `--theme matrix`: the seed post's "green-on-black console theme", glitches included. Lines are
 * green on black with the highlights in the white of the digital rain's leading glyph; now and
 * then a line of rain falls between tweets, or a line repeats, dimmed: a déjà vu ("usually a
 * glitch in the Matrix"). Glitches only add lines; they never alter a message.
 */
import type { Paint } from '../terminal-style.js';
import type { TextPalette } from './text-palette.js';

/** Chance that a line of digital rain follows a line. */
const rainChance = 1 / 30;
/** Chance that a line is repeated as a déjà vu. */
const dejaVuChance = 1 / 60;

/**
 * The matrix palette. SGR codes (ECMA-48 §8.3.117) return to the base green after each
 * highlight, and erase-in-line (§8.3.41) paints the black to the edge of the terminal.
 *
 * @param color - whether color is enabled (off: every paint is the identity)
 */
export function createMatrixPalette(color: boolean): TextPalette {
  const sgr = (open: string, close: string): Paint =>
    color ? (text) => `\x1b[${open}m${text}\x1b[${close}m` : (text) => text;
  const identity: Paint = (text) => text;
  const dim = sgr('2', '22');
  const bright = sgr('1;92', '22;32');
  const white = sgr('97', '32');
  return {
    time: dim,
    screenName: bright,
    text: identity,
    hashtag: white,
    mention: white,
    url: white,
    symbol: white,
    quiet: dim,
    compliance: bright,
    notice: bright,
    alarm: white,
    line: color ? (text) => `\x1b[32;40m${text}\x1b[K\x1b[0m` : identity,
  };
}

/** Half-width katakana (U+FF66–U+FF9D) and digits, the glyphs of the film's rain. */
const rainGlyphs = Array.from({ length: 0xff9d - 0xff66 + 1 }, (_unused, offset) =>
  String.fromCodePoint(0xff66 + offset),
).concat(Array.from('0123456789'));

/** Produces the glitch lines that follow each printed line. */
export class MatrixGlitches {
  readonly #random: () => number;
  readonly #columns: number;
  readonly #palette: TextPalette;

  /**
   * @param random - uniform in [0, 1); inject a seeded one for reproducible output
   * @param columns - the terminal's width in columns
   * @param color - whether color is enabled
   */
  constructor(random: () => number, columns: number, color: boolean) {
    this.#random = random;
    this.#columns = Math.max(20, columns);
    this.#palette = createMatrixPalette(color);
  }

  /** The glitch lines (possibly none) to print after `line`, which is already painted. */
  after(line: string): string[] {
    const glitches: string[] = [];
    if (this.#random() < dejaVuChance) {
      glitches.push(`${this.#palette.quiet(line)}${this.#palette.quiet('  ⟲ déjà vu')}`);
    }
    if (this.#random() < rainChance) glitches.push(this.#rain());
    return glitches;
  }

  #rain(): string {
    let rain = '';
    for (let column = 0; column < this.#columns; column += 1) {
      const glyph = rainGlyphs[Math.floor(this.#random() * rainGlyphs.length)] ?? ' ';
      rain += this.#random() < 0.45 ? glyph : ' ';
    }
    return this.#palette.line(this.#palette.quiet(rain.trimEnd()));
  }
}

/**
 * Text from the network made safe to print on a terminal: control characters (which could move
 * the cursor, retitle the window or hide what follows) and bidirectional overrides (which
 * reorder what is shown) become visible placeholders; line breaks become a `⏎` so each message
 * stays on one line.
 */

// C0 controls other than line breaks and tab, DEL, C1 controls (ECMA-48 §5); bidi embeddings,
// overrides and isolates (Unicode UAX #9 §2: LRE RLE PDF LRO RLO, LRI RLI FSI PDI).
// eslint-disable-next-line no-control-regex
const unsafe = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const lineBreak = /\r\n|\r|\n/g;

/** Replaces terminal control characters with U+FFFD, line breaks with ` ⏎ `, tabs with a space. */
export function toTerminalText(text: string): string {
  return text.replace(lineBreak, ' ⏎ ').replace(/\t/g, ' ').replace(unsafe, '\ufffd');
}

/**
 * Decodes the three HTML entities the v1.1 API escapes in tweet text (`&amp;`, `&lt;`, `&gt;`).
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/data-dictionary/object-model/tweet ("text")
 */
export function decodeTweetEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_match, name: string) =>
    name === 'amp' ? '&' : name === 'lt' ? '<' : '>',
  );
}

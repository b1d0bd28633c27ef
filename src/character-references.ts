/**
 * Decoding of XML and HTML character references in text read from a provider (an XML error body,
 * an HTML page's attributes): numeric (`&#38;`, `&#x26;`) and the five predefined entities.
 *
 * @see https://www.w3.org/TR/xml/#sec-references
 */

const predefinedEntities: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/**
 * Replaces the character references in `text`; a reference to no code point or an unknown entity
 * is left as written. Entity names match case-insensitively (HTML's `&AMP;`).
 */
export function decodeCharacterReferences(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,5});/gi, (reference, name: string) => {
    const code =
      name[0] !== '#'
        ? undefined
        : name[1] === 'x' || name[1] === 'X'
          ? Number.parseInt(name.slice(2), 16)
          : Number.parseInt(name.slice(1), 10);
    if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : reference;
    return predefinedEntities[name.toLowerCase()] ?? reference;
  });
}

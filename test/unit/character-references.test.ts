import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCharacterReferences } from '../../src/character-references.js';

describe('decodeCharacterReferences', () => {
  it('decodes numeric references (decimal, hex in either case) and the predefined entities', () => {
    assert.equal(
      decodeCharacterReferences('&#38; &#x26; &#X26; &amp;&lt;&gt;&quot;&apos; &AMP; &#x1F602;'),
      `& & & &<>"' & 😂`,
    );
  });

  it('leaves unknown entities and references beyond U+10FFFF as written', () => {
    assert.equal(
      decodeCharacterReferences('&nbsp; &#x110000; &#9999999; & ;'),
      '&nbsp; &#x110000; &#9999999; & ;',
    );
  });
});

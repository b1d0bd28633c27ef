import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refusedJsonEscape, withoutRefusedEscapes } from '../../../src/sinks/jsonb-escapes.js';

/** A JSON message whose string value is `body` as written (escapes and all). */
function json(body: string): Buffer {
  return Buffer.from(`{"text":"${body}"}`);
}

describe('refusedJsonEscape', () => {
  it('finds \\u0000 and unpaired surrogates, what PostgreSQL jsonb refuses', () => {
    assert.match(refusedJsonEscape(json(String.raw`a\u0000b`)) ?? '', /\\u0000 is a NUL/);
    assert.match(refusedJsonEscape(json(String.raw`cut \ud83d`)) ?? '', /\\ud83d is an unpaired/);
    assert.match(refusedJsonEscape(json(String.raw`\uDE00 low`)) ?? '', /\\uDE00 is an unpaired/);
    assert.match(refusedJsonEscape(json(String.raw`\ud83d\ud83d\ude00`)) ?? '', /\\ud83d/);
  });

  it('takes surrogate pairs, other escapes, and escaped backslashes before "u0000"', () => {
    for (const body of [
      String.raw`whole \ud83d\ude00 \uD83D\uDE00`,
      String.raw`a\\u0000b`,
      String.raw`a\\ud83d`,
      String.raw`\u00e9 \n \" \\`,
      'plain',
    ]) {
      assert.equal(refusedJsonEscape(json(body)), undefined, body);
    }
  });

  it('finds an escape after an escaped backslash (three backslashes)', () => {
    assert.notEqual(refusedJsonEscape(json(String.raw`a\\\u0000b`)), undefined);
  });
});

describe('withoutRefusedEscapes', () => {
  it('replaces each refused escape with \\ufffd and leaves the rest as it was', () => {
    const body = String.raw`a\u0000b \\u0000 \\\u0000 \ud83d\ude00 \ud83d! \ude00`;
    const text = withoutRefusedEscapes(json(body));
    assert.equal(
      text,
      `{"text":"${String.raw`a\ufffdb \\u0000 \\\ufffd \ud83d\ude00 \ufffd! \ufffd`}"}`,
    );
    assert.equal(refusedJsonEscape(Buffer.from(text)), undefined);
    assert.equal(
      (JSON.parse(text) as { text: string }).text,
      'a\ufffdb \\u0000 \\\ufffd \u{1f600} \ufffd! \ufffd',
    );
  });

  it('returns a message without them unchanged', () => {
    const raw = json(String.raw`whole \ud83d\ude00 é`);
    assert.equal(withoutRefusedEscapes(raw), raw.toString('utf8'));
  });
});

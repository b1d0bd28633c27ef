import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MatrixGlitches } from '../../../../src/cli/output/matrix-theme.js';
import { createMessageFormatter } from '../../../../src/cli/output/message-formatter.js';
import { tweet } from './sample-messages.js';

/** A fixed sequence of "random" numbers, repeated. */
function sequence(...values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length] ?? 0;
}

describe('the matrix theme', () => {
  it('paints lines green on black to the edge of the terminal', () => {
    const format = createMessageFormatter({
      format: 'text',
      theme: 'matrix',
      color: true,
      timeZone: 'UTC',
      random: sequence(0.99),
    });
    const output = format(tweet) as string;
    assert.ok(output.startsWith('\x1b[32;40m\x1b[2m10:00:07\x1b[22m  \x1b[1;92m@alice\x1b[22;32m'));
    assert.ok(output.endsWith('\x1b[K\x1b[0m\n'));
    assert.equal(output.split('\n').length, 2);
  });

  it('glitches: a déjà vu repeats the line, digital rain falls, the message is untouched', () => {
    const glitches = new MatrixGlitches(sequence(0), 40, false);
    const [dejaVu, rain, ...rest] = glitches.after('10:00:07  @alice  hi');
    assert.equal(dejaVu, '10:00:07  @alice  hi  ⟲ déjà vu');
    assert.match(rain ?? '', /^[\uff66-\uff9d0-9 ]{1,40}$/u);
    assert.deepEqual(rest, []);
    assert.deepEqual(new MatrixGlitches(sequence(0.5), 40, false).after('x'), []);
  });

  it('glitches about once every 20 lines, reproducibly with a seeded random', () => {
    let state = 42;
    const seeded = (): number => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const format = createMessageFormatter({
      format: 'text',
      theme: 'matrix',
      color: false,
      random: seeded,
    });
    let extraLines = 0;
    for (let index = 0; index < 3000; index += 1) {
      extraLines += (format(tweet) as string).split('\n').length - 2;
    }
    // Expected: 3000 × (1/30 + 1/60) = 150.
    assert.ok(extraLines > 90 && extraLines < 220, String(extraLines));
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createWorld, type WorldEvent } from '../../../src/world/index.js';

function jsonOf(iterator: Iterable<WorldEvent>, count: number): string[] {
  const lines: string[] = [];
  for (const event of iterator) {
    lines.push(event.json);
    if (lines.length >= count) break;
  }
  return lines;
}

function digest(lines: readonly string[]): string {
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('determinism', () => {
  it('two worlds with one seed make the same bytes; another seed makes others', () => {
    const first = jsonOf(createWorld({ seed: 5 }).events(), 1500);
    const second = jsonOf(createWorld({ seed: 5 }).events(), 1500);
    assert.deepEqual(second, first);
    const other = jsonOf(createWorld({ seed: 6 }).events(), 1500);
    assert.notEqual(digest(other), digest(first));
  });

  it('starting at any event gives that slice of the same stream, and event(i) agrees', () => {
    const whole = jsonOf(createWorld({ seed: 9 }).events(), 2500);
    const world = createWorld({ seed: 9 });
    assert.deepEqual(jsonOf(world.events(1500), 1000), whole.slice(1500));
    for (const index of [0, 1, 777, 1999, 2499])
      assert.equal(world.event(index).json, whole[index]);
    // In reverse order too: nothing depends on what was made before.
    const fresh = createWorld({ seed: 9 });
    for (let index = 2499; index >= 2400; index--) {
      assert.equal(fresh.event(index).json, whole[index]);
    }
  });

  it('in a world of replies to replies, each event is the same however it is reached', () => {
    // Long reply chains: an event's language comes from the start of its chain, which used to
    // be followed only 16 levels from whichever event asked, so an event made as another's
    // target (or after other events filled the caches) could differ from the same event made
    // first.
    const shares = { reply: 0.75, retweet: 0.1, quote: 0.05 };
    const count = 30_000;
    const streamed = jsonOf(createWorld({ seed: 3, shares }).events(), count);
    const differing: number[] = [];
    for (let index = count - 1; index >= 0; index -= 61) {
      if (createWorld({ seed: 3, shares }).event(index).json !== streamed[index]) {
        differing.push(index);
      }
    }
    assert.deepEqual(differing, []);
  });

  it('N slices made by separate processes concatenate to the single-process stream', () => {
    const script =
      "import { createWorld } from './src/world/index.ts';" +
      "import { createHash } from 'node:crypto';" +
      'const [start, count] = process.argv.slice(1).map(Number);' +
      'const lines = [];' +
      'for (const event of createWorld({ seed: 11 }).events(start)) {' +
      '  lines.push(event.json); if (lines.length >= count) break; }' +
      "process.stdout.write(lines.join('\\n'));";
    const run = (start: number, count: number): string => {
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script, String(start), String(count)],
        { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 },
      );
      assert.equal(result.status, 0, result.stderr);
      return result.stdout;
    };
    const slices = [run(0, 600), run(600, 600)].join('\n');
    assert.equal(
      digest([slices]),
      digest([jsonOf(createWorld({ seed: 11 }).events(), 1200).join('\n')]),
    );
  });
});

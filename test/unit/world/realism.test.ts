import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('npm run realism', () => {
  it('measures a small sample, prints every section and passes every documented check', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/realism.ts', '--count', '5000', '--seed', '3'],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stdout + result.stderr);
    for (const heading of [
      'Mix:',
      'Bytes (p10 / p50 / p90 / p99):',
      'Field presence in tweets:',
      'Languages:',
      'Hashtags:',
      'Events per UTC hour',
      'hashtag rank-frequency slope',
      'All figures on target.',
    ]) {
      assert.ok(result.stdout.includes(heading), heading);
    }
    assert.doesNotMatch(result.stdout, /^\s+OFF /m);
  });

  it('exits 1 and marks the figure OFF when a world is off target', () => {
    const script =
      "import { createWorld } from './src/world/index.ts';" +
      "import { measureRealism, realismPasses } from './scripts/realism.ts';" +
      'const report = measureRealism(createWorld({ seed: 3, shares: { retweet: 0.1 } }), 3000);' +
      'const off = report.checks.filter((c) => c.value < c.low || c.value > c.high).map((c) => c.name);' +
      'process.stdout.write(JSON.stringify({ passes: realismPasses(report), off }));';
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    assert.equal(result.status, 0, result.stderr);
    const { passes, off } = JSON.parse(result.stdout) as { passes: boolean; off: string[] };
    assert.equal(passes, false);
    assert.ok(off.includes('retweet share of tweets'), off.join(', '));
  });
});

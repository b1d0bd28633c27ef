#!/usr/bin/env node
// Runs every benchmark under bench/ (files named *.bench.ts), one at a time so they do not
// compete for the two cores. Each benchmark prints its own figures next to the baseline it is
// compared with, measured in the same run (report ratios: these machines are noisy).
//
//   npm run bench                 every benchmark
//   npm run bench -- oauth1       only benchmarks whose file name contains "oauth1"
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ') || '(none found)'}`);
  process.exit(2);
}
let failed = 0;
for (const name of files) {
  console.log(`\n== ${name}`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', join('bench', name)],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);

#!/usr/bin/env node
// Runs the test suite with node:test. Node 20's `node --test` takes paths, not globs, so this
// script finds the files. TypeScript is loaded through tsx (Node 20 cannot strip types).
//
//   node scripts/run-tests.mjs                 every test under test/
//   node scripts/run-tests.mjs test/unit/oauth1 only the files under these paths
//
// SPRITZER_TEST_CONCURRENCY sets how many test files run at once (default 4: most tests wait on
// sockets, not the CPU). Each test gets at most 300 s (SPRITZER_TEST_TIMEOUT_MS), so a hang
// fails that test with a timeout instead of holding the suite until CI's limit.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const roots = process.argv.slice(2);
const starts = roots.length > 0 ? roots : ['test'];

/** @param {string} path @returns {string[]} */
function collect(path) {
  const stats = statSync(path);
  if (stats.isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((name) => collect(join(path, name)));
}

const files = starts.flatMap((start) => collect(join(root, start))).map((f) => relative(root, f));
if (files.length === 0) {
  console.error(`no test files (*.test.ts) under ${starts.join(', ')}`);
  process.exit(2);
}

const concurrency = process.env.SPRITZER_TEST_CONCURRENCY ?? '4';
const timeoutMs = process.env.SPRITZER_TEST_TIMEOUT_MS ?? '300000';
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${timeoutMs}`,
    ...files,
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);

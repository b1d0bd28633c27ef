/**
 * `npm start` (`spritzer demo`): time from launching the binary to the first tweet on stdout,
 * next to two baselines measured in the same run: launching `spritzer --version` (Node's start
 * plus loading the CLI) and a bare `node -e` that writes one byte (Node's start alone). The demo
 * includes starting the embedded emulator, the four OAuth requests, saving the token and
 * opening the sample stream. Target: under 2 s.
 *
 * Spawns the built binary: run `npm run build` first.
 *
 *   npm run bench -- demo
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/spritzer.js', import.meta.url));
const runs = 7;

/** Milliseconds from spawn to the first byte on stdout, then the process is stopped. */
function timeToFirstOutput(args: readonly string[]): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), 'spritzer-bench-'));
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let measured: number | undefined;
    child.stdout.once('data', () => {
      measured = Number(process.hrtime.bigint() - started) / 1e6;
      child.kill('SIGINT');
    });
    child.once('error', reject);
    child.once('close', () => {
      if (measured === undefined) reject(new Error(`no output from ${args.join(' ')}`));
      else resolve(measured);
    });
  });
}

async function median(args: readonly string[]): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) times.push(await timeToFirstOutput(args));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}

const bareNode = await median(['-e', 'process.stdout.write("x")']);
const version = await median([bin, '--version']);
const demo = await median([bin, 'demo', '--limit', '1']);
const format = (ms: number): string => `${ms.toFixed(0).padStart(5)} ms`;
console.log(`median of ${runs} runs, spawn to first byte on stdout`);
console.log(`node -e (baseline)      ${format(bareNode)}`);
console.log(`spritzer --version      ${format(version)}  ratio ${(version / bareNode).toFixed(2)}`);
console.log(
  `spritzer demo: 1st tweet ${format(demo)}  ratio ${(demo / bareNode).toFixed(2)} to node, ${(demo / version).toFixed(2)} to --version; target < 2000 ms`,
);

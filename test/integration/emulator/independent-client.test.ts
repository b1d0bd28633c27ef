/**
 * An independent client, not our code: Debian's python3-requests-oauthlib (over python3-oauthlib)
 * completes the 3-legged flow against the emulator, verifies its token and reads the sample
 * stream; the emulator's stats say it sent exactly the Tweets the client read.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { startEmulator } from '../../../src/emulator/index.js';
import {
  debianPython,
  debianPythonHasModule,
  skipUnlessInstalled,
} from '../../support/system-package.js';

const script = fileURLToPath(new URL('./support/requests_oauthlib_client.py', import.meta.url));
const skip = skipUnlessInstalled(
  'python3-requests-oauthlib',
  debianPythonHasModule('requests_oauthlib'),
);

function runPython(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(debianPython, [script, ...args], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('python3-requests-oauthlib against the emulator', { skip }, () => {
  it('completes the PIN flow, verifies the token and reads the sample stream', async (t) => {
    const emulator = await startEmulator({ rate: 'max', seed: 9, closeGraceMs: 30_000 });
    t.after(() => emulator.close());
    const { consumerKey, consumerSecret } = emulator.fixtures;
    const result = await runPython([emulator.url, consumerKey, consumerSecret, '50']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as {
      pin: string;
      access_token: string;
      screen_name: string;
      verified_screen_name: string;
      tweet_ids: string[];
    };
    assert.match(report.pin, /^\d{7}$/u);
    assert.match(report.access_token, new RegExp(`^${emulator.fixtures.userId}-`, 'u'));
    assert.equal(report.screen_name, 'spritzer_dev');
    assert.equal(report.verified_screen_name, 'spritzer_dev');
    assert.equal(report.tweet_ids.length, 50);
    const connection = emulator.stats().connections.find((c) => c.token === report.access_token);
    assert.ok(connection, 'the stream was opened with the new token');
    assert.deepEqual(connection.tweetIds.slice(0, 50), report.tweet_ids);
  });
});

/**
 * `spritzer emulate` as a user runs it: the real binary, its first JSON line, a signed request
 * and a stream against it, a clean stop on SIGTERM (open streams get disconnect code 1), HTTPS
 * with the printed certificate, and exit code 2 with one line for bad flags.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { startCli } from './cli-session.js';
import { openStream, send, type Signer } from '../integration/emulator/support/client.js';

interface Announcement {
  url: string;
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
  screenName: string;
  userId: string;
  caCertPath?: string;
}

function signerOf(announcement: Announcement): Signer {
  return {
    consumerKey: announcement.consumerKey,
    consumerSecret: announcement.consumerSecret,
    token: announcement.accessToken,
    tokenSecret: announcement.accessTokenSecret,
  };
}

describe('spritzer emulate', () => {
  it('--json prints one JSON line first, serves, and stops on SIGTERM sending disconnect code 1', async () => {
    const session = startCli(['emulate', '--json', '--rate', 'max', '--seed', '5']);
    const [line] = await session.waitForStdout(/^.*\n/u);
    const announcement = JSON.parse(line) as Announcement;
    assert.deepEqual(Object.keys(announcement), [
      'url',
      'consumerKey',
      'consumerSecret',
      'accessToken',
      'accessTokenSecret',
      'screenName',
      'userId',
    ]);
    assert.match(announcement.url, /^http:\/\/127\.0\.0\.1:\d+$/u);
    assert.equal(announcement.screenName, 'spritzer_dev');
    assert.match(announcement.accessToken, new RegExp(`^${announcement.userId}-`, 'u'));

    const me = await send(`${announcement.url}/1.1/account/verify_credentials.json`, {
      signer: signerOf(announcement),
    });
    assert.equal(me.status, 200, me.body);
    const stream = await openStream(`${announcement.url}/1.1/statuses/sample.json`, {
      signer: signerOf(announcement),
    });
    await stream.until(() => stream.lineCount >= 5, 10_000, 'the stream to flow');
    session.child.kill('SIGTERM');
    await stream.closed();
    const last = stream.messages().at(-1);
    assert.deepEqual(last, {
      disconnect: { code: 1, stream_name: 'spritzer_dev-statuses1', reason: 'Shutdown' },
    });
    const result = await session.result();
    assert.equal(result.code, 130, result.stderr);
    assert.equal(result.stdout.split('\n').filter(Boolean).length, 1, 'exactly one line on stdout');
  });

  it('the same seed gives the same fixture credentials; text mode lists them', async () => {
    const session = startCli(['emulate', '--seed', '5']);
    await session.waitForStdout(/stats +http/u);
    session.child.kill('SIGINT');
    const result = await session.result();
    assert.equal(result.code, 130);
    assert.match(result.stdout, /^spritzer emulator listening on http:\/\/127\.0\.0\.1:\d+\n/u);
    assert.match(result.stdout, /consumer key +\w{25}\n/u);
    assert.match(result.stdout, /user +@spritzer_dev \(id 1400000000000000001\)/u);
    assert.match(result.stderr, /local fixtures, not secrets of a real service/u);
    const again = startCli(['emulate', '--json', '--seed', '5']);
    const [line] = await again.waitForStdout(/^.*\n/u);
    again.child.kill('SIGTERM');
    await again.result();
    const key = (JSON.parse(line) as Announcement).consumerKey;
    assert.ok(result.stdout.includes(key), 'the same consumer key for the same seed');
  });

  it('--tls serves HTTPS and prints the certificate to trust', async () => {
    const session = startCli(['emulate', '--json', '--tls']);
    const [line] = await session.waitForStdout(/^.*\n/u);
    const announcement = JSON.parse(line) as Announcement;
    assert.match(announcement.url, /^https:\/\/127\.0\.0\.1:\d+$/u);
    assert.ok(announcement.caCertPath);
    await session.waitForStderr(/NODE_EXTRA_CA_CERTS=/u);
    const ca = readFileSync(announcement.caCertPath, 'utf8');
    assert.match(ca, /^-----BEGIN CERTIFICATE-----/u);
    const me = await send(`${announcement.url}/1.1/account/verify_credentials.json`, {
      signer: signerOf(announcement),
      ca,
    });
    assert.equal(me.status, 200, me.body);
    await assert.rejects(
      send(`${announcement.url}/1.1/account/verify_credentials.json`, {
        signer: signerOf(announcement),
      }),
      /self[- ]signed certificate/u,
      'without the certificate, TLS verification fails',
    );
    session.child.kill('SIGTERM');
    assert.equal((await session.result()).code, 130);
    // Broke: each --tls run left its spritzer-emulator-* directory in the temp dir.
    assert.equal(existsSync(dirname(announcement.caCertPath)), false, 'the certificate is removed');
  });

  it('--workers sets how many threads generate the sample at --rate max', async () => {
    for (const workers of [0, 2]) {
      const session = startCli([
        'emulate',
        '--json',
        '--rate',
        'max',
        '--workers',
        String(workers),
      ]);
      const [line] = await session.waitForStdout(/^.*\n/u);
      const announcement = JSON.parse(line) as Announcement;
      const { url } = announcement;
      // The pool starts once a stream has taken its first slices from the event loop.
      const stream = await openStream(`${url}/1.1/statuses/sample.json`, {
        signer: signerOf(announcement),
      });
      await stream.until(() => stream.lineCount >= 1500, 20_000, 'the stream to flow');
      let ready = -1;
      for (let attempt = 0; attempt < 100 && ready !== workers; attempt++) {
        const stats = (await (await fetch(`${url}/_emulator/stats`)).json()) as {
          firehose: { generationWorkersReady: number };
        };
        ready = stats.firehose.generationWorkersReady;
        if (ready !== workers) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      session.child.kill('SIGTERM');
      await stream.closed();
      await session.result();
      assert.equal(ready, workers);
    }
  });

  it('exits 2 with one line for a bad flag value or fault', async () => {
    const rate = await runCli(['emulate', '--rate', 'fast']);
    assert.equal(rate.code, 2);
    assert.match(
      rate.stderr,
      /^spritzer: invalid value 'fast' for option '--rate <events\/s\|max>'/u,
    );
    const fault = await runCli(['emulate', '--fault', 'explode@3']);
    assert.equal(fault.code, 2);
    assert.match(
      fault.stderr,
      /^spritzer: invalid value 'explode@3' for option '--fault <spec>' of spritzer emulate: fault\.kind must be one of refuse, close/u,
    );
    assert.equal(fault.stderr.trim().split('\n').length, 1, 'one line');
    const port = await runCli(['emulate', '--port', '70000']);
    assert.equal(port.code, 2);
    const workers = await runCli(['emulate', '--workers', '17']);
    assert.equal(workers.code, 2);
    assert.match(
      workers.stderr,
      /for option '--workers <n>' of spritzer emulate: must be 0 to 16;/u,
    );
  });

  it('--help shows examples and the fault syntax', async () => {
    const help = await runCli(['emulate', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Examples:/u);
    assert.match(help.stdout, /KIND\[:ARG\]\[@N\|@Nb\]/u);
    // The --json | head example never ends by itself: the help says so.
    assert.match(
      help.stdout,
      /head -1 \| jq \. {2}the URL and fixture credentials, for scripts\n +\(the emulator keeps serving until Ctrl-C\)/u,
    );
  });
});

/**
 * End-to-end consumption of a long, realistic stream (messages/s and MB/s), next to the ceiling
 * of `JSON.parse` over the same lines from memory, measured in the same run:
 *
 * - ceiling: `JSON.parse` of every line, already decoded, in a loop;
 * - node:http reading the body only (no framing, no parsing): the floor under every client below;
 * - naive: a minimal node:http client that appends `setEncoding('utf8')` chunks to a string,
 *   splits on `\r\n` and parses each line (with `createGunzip` for the gzip case);
 * - twitter-api-v2 (PLhery), the best-known Node peer, its v1 stream pointed at the loopback
 *   server (HTTPS only: it imports `https`), gzip as it asks for it;
 * - spritzer: typed messages and raw passthrough, plain and gzip, and typed over HTTPS + gzip.
 *
 * The lines are the synthetic world's firehose (src/world), served from a child process that
 * writes a pre-built buffer (pre-compressed for gzip) with backpressure, so the server is not the
 * bottleneck. After a warm-up round, clients run in interleaved rounds, each measuring the ceiling first; figures
 * are medians over rounds, and ratios are medians of the per-round ratios to the ceiling.
 * Memory: the peak RSS of a fresh process running only the typed client, over a stream 1× and
 * 4× as long.
 *
 *   npm run bench -- stream     (SPRITZER_BENCH_STREAM_MESSAGES=10000, SPRITZER_BENCH_STREAM_ROUNDS=7,
 *                                SPRITZER_BENCH_STREAM_ONLY=<part of a client's name>)
 */
import { once } from 'node:events';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, get as httpsGet } from 'node:https';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip, gzipSync } from 'node:zlib';
import { ETwitterStreamEvent, TwitterApi } from 'twitter-api-v2';
import { createTlsCertificate } from '../src/emulator/tls-certificate.js';
import { openStream } from '../src/stream/open-stream.js';
import { createWorld } from '../src/world/index.js';

// Child mode (for the memory figure): consume `count` messages from `url`, print maxRSS in KiB.
const childTask = process.env.SPRITZER_BENCH_STREAM_CHILD;
if (childTask !== undefined) {
  const [url = '', count = '0'] = childTask.split(' ');
  const stream = openStream({ url, auth: { type: 'bearer', token: 'bench' }, compression: false });
  let taken = 0;
  for await (const message of stream) {
    if (message.kind !== 'malformed') taken += 1;
    if (taken >= Number(count)) break;
  }
  console.log(process.resourceUsage().maxRSS);
  process.exit(0);
}

const messageCount = Number(process.env.SPRITZER_BENCH_STREAM_MESSAGES ?? 10_000);
const rounds = Number(process.env.SPRITZER_BENCH_STREAM_ROUNDS ?? 7);

// 1. The lines: the world's firehose, as the service serialized it.
const lines: string[] = [];
for (const event of createWorld({ seed: 7 }).events()) {
  lines.push(event.json);
  if (lines.length === messageCount) break;
}
const body = Buffer.from(lines.map((line) => `${line}\r\n`).join(''));
// The ceiling parses the lines as a client holds them: decoded from bytes (flat one-byte strings),
// not as the generator built them.
const decodedLines = lines.map((line) => Buffer.from(line).toString('utf8'));
const gzipBody = gzipSync(body);
const megabytes = body.length / 1e6;

// 2. The server, in a child process (its CPU is not the client's): GET /<plain|gzip>/<repeat>
// sends the body `repeat` times.
const directory = mkdtempSync(join(tmpdir(), 'spritzer-bench-'));
// The emulator's self-signed certificate for 127.0.0.1, trusted below as an extra CA.
const pems = await createTlsCertificate('127.0.0.1', directory);
// A raw net/tls server writing a pre-encoded chunked response: the cheapest possible sender.
const serverSource = `
const { readFileSync } = require('node:fs');
const net = require('node:net');
const tls = require('node:tls');
const { key, cert, body, gzipBody } = JSON.parse(process.env.SPRITZER_BENCH_SERVER);
function chunked(source) {
  const parts = [];
  for (let at = 0; at < source.length; at += 65536) {
    const piece = source.subarray(at, at + 65536);
    parts.push(Buffer.from(piece.length.toString(16) + '\\r\\n'), piece, Buffer.from('\\r\\n'));
  }
  return Buffer.concat(parts);
}
const plain = chunked(readFileSync(body));
const gzip = chunked(readFileSync(gzipBody));
const end = Buffer.from('0\\r\\n\\r\\n');
function serve(socket) {
  let head = '';
  socket.on('error', () => {});
  socket.on('data', function onData(data) {
    head += data.toString('latin1');
    if (!head.includes('\\r\\n\\r\\n')) return;
    socket.off('data', onData);
    const [, path = ''] = head.split(' ');
    const [, encoding, repeatText] = path.split('/');
    const useGzip = encoding === 'gzip' && /gzip/i.test(head);
    const source = useGzip ? gzip : plain;
    // A gzip member cannot simply be repeated inside one stream: gzip streams are sent once.
    const repeat = useGzip ? 1 : Number(repeatText) || 1;
    socket.write('HTTP/1.1 200 OK\\r\\ncontent-type: application/json\\r\\ntransfer-encoding: chunked\\r\\n' +
      (useGzip ? 'content-encoding: gzip\\r\\n' : '') + 'connection: close\\r\\n\\r\\n');
    let round = 0;
    let at = 0;
    const write = () => {
      while (round < repeat) {
        const piece = source.subarray(at, at + 1048576);
        at += piece.length;
        if (at >= source.length) { at = 0; round += 1; }
        if (!socket.write(piece)) { socket.once('drain', write); return; }
      }
      socket.end(end);
    };
    socket.on('close', () => socket.removeAllListeners('drain'));
    write();
  });
}
const plainServer = net.createServer(serve);
const tlsServer = tls.createServer({ key, cert }, serve);
plainServer.listen(0, '127.0.0.1', () => {
  tlsServer.listen(0, '127.0.0.1', () => {
    process.stdout.write(JSON.stringify({ http: plainServer.address().port, https: tlsServer.address().port }) + '\\n');
  });
});
`;
writeFileSync(join(directory, 'body'), body);
writeFileSync(join(directory, 'body.gz'), gzipBody);
const server = spawn(process.execPath, ['-e', serverSource], {
  env: {
    SPRITZER_BENCH_SERVER: JSON.stringify({
      key: pems.key,
      cert: pems.cert,
      body: join(directory, 'body'),
      gzipBody: join(directory, 'body.gz'),
    }),
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [portsLine] = (await once(server.stdout, 'data')) as [Buffer];
const ports = JSON.parse(portsLine.toString()) as { http: number; https: number };
const plainUrl = (encoding: 'plain' | 'gzip', repeat = 1): string =>
  `http://127.0.0.1:${ports.http}/${encoding}/${repeat}`;
const tlsUrl = (encoding: 'plain' | 'gzip'): string =>
  `https://127.0.0.1:${ports.https}/${encoding}/1`;
const tlsAgent = new HttpsAgent({ ca: pems.cert });

// 3. The clients. Each resolves once it has taken `messageCount` messages.
type Client = () => Promise<number>;

const ceiling: Client = () => {
  let parsed = 0;
  for (const line of decodedLines) if (JSON.parse(line) !== null) parsed += 1;
  return Promise.resolve(parsed);
};

/** node:http reading the body and nothing else: what any client built on it pays before parsing. */
const readOnly: Client = () =>
  new Promise((resolve, reject) => {
    httpGet(plainUrl('plain'), (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes >= body.length) {
          response.destroy();
          resolve(messageCount);
        }
      });
      response.on('error', reject);
    }).on('error', reject);
  });

function naive(url: string, gunzip: boolean, tls = false): Client {
  return () =>
    new Promise((resolve, reject) => {
      const onResponse = (response: IncomingMessage): void => {
        const source = gunzip ? response.pipe(createGunzip()) : response;
        source.setEncoding('utf8');
        let buffered = '';
        let parsed = 0;
        source.on('data', (chunk: string) => {
          buffered += chunk;
          let end = buffered.indexOf('\r\n');
          while (end !== -1) {
            const line = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            if (line !== '' && JSON.parse(line) !== null) parsed += 1;
            end = buffered.indexOf('\r\n');
          }
          if (parsed >= messageCount) {
            response.destroy();
            resolve(parsed);
          }
        });
        source.on('error', reject);
      };
      const headers = gunzip ? { 'accept-encoding': 'gzip' } : {};
      if (tls) httpsGet(url, { agent: tlsAgent, headers }, onResponse).on('error', reject);
      else httpGet(url, { headers }, onResponse).on('error', reject);
    });
}

function spritzer(url: string, options: { raw: boolean; gzip: boolean; tls?: boolean }): Client {
  return async () => {
    const stream = openStream({
      url,
      auth: { type: 'bearer', token: 'bench' },
      raw: options.raw,
      compression: options.gzip,
      ...(options.tls === true && { ca: pems.cert }),
    });
    let taken = 0;
    for await (const message of stream) {
      if (message.kind !== 'malformed') taken += 1;
      if (taken >= messageCount) break;
    }
    return taken;
  };
}

const twitterApiV2: Client = async () => {
  const client = new TwitterApi('bench', { httpAgent: tlsAgent });
  const stream = await client.v1.stream.getStream(
    '1',
    {},
    {
      prefix: `https://127.0.0.1:${ports.https}/gzip/`,
    },
  );
  return new Promise((resolve, reject) => {
    let taken = 0;
    stream.on(ETwitterStreamEvent.Data, () => {
      taken += 1;
      if (taken === messageCount) {
        stream.close();
        resolve(taken);
      }
    });
    stream.on(ETwitterStreamEvent.Error, (error) => {
      reject(new Error(JSON.stringify(error.error)));
    });
  });
};

/** One run: messages per second of wall-clock time, and per second of this process's CPU time. */
async function measure(client: Client): Promise<{ wall: number; cpu: number }> {
  // No forced gc() here: a collection just before a run shrinks the heap and makes the socket's
  // 64 KiB buffers trigger extra collections, which measured as half the throughput.
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const taken = await client();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  if (taken < messageCount) throw new Error(`took ${taken} of ${messageCount} messages`);
  return { wall: messageCount / seconds, cpu: messageCount / ((cpu.user + cpu.system) / 1e6) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/**
 * The peak RSS (maxRSS) of a fresh process that runs only the typed client over a stream
 * `repeat` times the base length: this file again, in its child mode.
 */
async function peakRss(repeat: number): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: {
      ...process.env,
      SPRITZER_BENCH_STREAM_CHILD: `${plainUrl('plain', repeat)} ${messageCount * repeat}`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the memory child exited with ${String(code)}`);
  return Number(output.trim()) * 1024;
}

// 4. Measure in interleaved rounds (the ceiling first in each), so that the load of a shared
// machine weighs on every client alike; report medians of the per-round ratios.
const only = process.env.SPRITZER_BENCH_STREAM_ONLY;
const allClients: [string, Client][] = [
  ['node:http reading the body only', readOnly],
  ['naive node:http + split + JSON.parse', naive(plainUrl('plain'), false)],
  ['spritzer typed', spritzer(plainUrl('plain'), { raw: false, gzip: false })],
  ['spritzer raw passthrough', spritzer(plainUrl('plain'), { raw: true, gzip: false })],
  ['naive + gzip', naive(plainUrl('gzip'), true)],
  ['spritzer typed + gzip', spritzer(plainUrl('gzip'), { raw: false, gzip: true })],
  ['spritzer raw + gzip', spritzer(plainUrl('gzip'), { raw: true, gzip: true })],
  ['naive, HTTPS + gzip', naive(tlsUrl('gzip'), true, true)],
  ['twitter-api-v2 1.28, HTTPS + gzip', twitterApiV2],
  ['spritzer typed, HTTPS + gzip', spritzer(tlsUrl('gzip'), { raw: false, gzip: true, tls: true })],
];
// SPRITZER_BENCH_STREAM_ONLY=raw measures only the clients whose name contains "raw".
const clients = allClients.filter(([name]) => only === undefined || name.includes(only));
type Figures = { wall: number[]; cpu: number[]; wallRatio: number[]; cpuRatio: number[] };
const figures = new Map<string, Figures>();
const record = (
  name: string,
  rate: { wall: number; cpu: number },
  ceilingRate: { wall: number; cpu: number },
): void => {
  const entry = figures.get(name) ?? { wall: [], cpu: [], wallRatio: [], cpuRatio: [] };
  entry.wall.push(rate.wall);
  entry.cpu.push(rate.cpu);
  entry.wallRatio.push(rate.wall / ceilingRate.wall);
  entry.cpuRatio.push(rate.cpu / ceilingRate.cpu);
  figures.set(name, entry);
};
const ceilingName = 'ceiling: JSON.parse over the lines in memory';
// One unrecorded round first, so that every figure is of optimized code.
await measure(ceiling);
for (const [, client] of clients) await measure(client);
for (let round = 0; round < rounds; round += 1) {
  const ceilingRate = await measure(ceiling);
  record(ceilingName, ceilingRate, ceilingRate);
  for (const [name, client] of clients) record(name, await measure(client), ceilingRate);
}
const rssShort = await peakRss(1);
const rssLong = await peakRss(4);

const averageBytes = body.length / messageCount;
const mbPerSecond = (rate: number): string => ((rate * averageBytes) / 1e6).toFixed(1);
console.log(
  `${messageCount} world messages, ${megabytes.toFixed(1)} MB (${Math.round(averageBytes)} B average), gzip ${(gzipBody.length / 1e6).toFixed(1)} MB; ${rounds} interleaved rounds, medians`,
);
console.log(
  "wall: messages per second of elapsed time; cpu: per second of this process's CPU time (user + system,",
);
console.log(
  'all threads; the server is another process), which a busy shared machine distorts less.',
);
console.log(
  `${'client'.padEnd(44)}${'wall msg/s'.padStart(11)}${'MB/s'.padStart(7)}${'ratio'.padStart(7)}${'cpu msg/s'.padStart(11)}${'ratio'.padStart(7)}`,
);
for (const [name, entry] of figures) {
  const wall = median(entry.wall);
  const cpu = median(entry.cpu);
  console.log(
    `${name.padEnd(44)}${Math.round(wall).toString().padStart(11)}${mbPerSecond(wall).padStart(7)}${median(entry.wallRatio).toFixed(2).padStart(6)}×${Math.round(cpu).toString().padStart(11)}${median(entry.cpuRatio).toFixed(2).padStart(6)}×`,
  );
}
const ratioOf = (name: string, kind: 'wallRatio' | 'cpuRatio'): number =>
  median(figures.get(name)?.[kind] ?? []);
const peerName = 'twitter-api-v2 1.28, HTTPS + gzip';
const oursName = 'spritzer typed, HTTPS + gzip';
if (figures.has(peerName) && figures.has(oursName)) {
  for (const kind of ['wallRatio', 'cpuRatio'] as const) {
    const ours = ratioOf(oursName, kind);
    console.log(
      `gzip over HTTPS (${kind === 'wallRatio' ? 'wall' : 'cpu'}): spritzer typed ${(ours / ratioOf(peerName, kind)).toFixed(2)}× twitter-api-v2, ${(ours / ratioOf('naive, HTTPS + gzip', kind)).toFixed(2)}× naive`,
    );
  }
}
console.log(
  `memory: peak RSS of a process running the typed client: ${(rssShort / 1e6).toFixed(1)} MB over ${messageCount} messages, ${(rssLong / 1e6).toFixed(1)} MB over ${messageCount * 4}`,
);
tlsAgent.destroy();
server.kill();
rmSync(directory, { recursive: true, force: true });

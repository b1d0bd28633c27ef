/**
 * What one stream connection of the emulator delivers over loopback at rate `max`: messages/s
 * and MB/s of the sample stream, without and with gzip, read by a raw node:http client in another
 * process. Baseline in the same run: the same client reading a trivial node:http server that
 * writes pre-serialized lines of the same world in a loop (through gzip with a sync flush per
 * write at the emulator's level 1, for the gzip rows; and once at zlib's default level 6, for
 * the level choice), so the ratio is the emulator's cost on top of the wire. The world generator
 * alone (one core, on the event loop) is measured too. Each emulator row is a fresh emulator with
 * 0 (the event loop generates), 1 or 2 generation worker threads (`BENCH_WORKERS=0,2` picks), after
 * warm-up connections until the workers are ready and 2 s more; RSS is printed at start, after
 * each row and at the end. Last, a filter stream (`track=the`, which the whole firehose is scanned
 * for) with the same worker counts, and the firehose events it scanned per second.
 *
 *   npm run bench -- emulator
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createServer, type Server } from 'node:http';
import { constants as zlibConstants, createGzip } from 'node:zlib';
import { startEmulator } from '../src/emulator/index.js';
import { signRequest } from '../src/oauth1/index.js';
import { createWorld } from '../src/world/index.js';

const seconds = 4;

interface Figures {
  readonly messagesPerSecond: number;
  readonly megabytesPerSecond: number;
  /** The client process's CPU time per message, µs (user + system). */
  readonly clientMicrosPerMessage?: number;
}

/**
 * The client, run in its own process so that it does not share the emulator's core: node:http
 * (chunked decoding), gunzip with a sync flush when the response is compressed, and a count of
 * `\r\n`-terminated messages and body bytes over `seconds` from the first byte.
 */
const clientSource = `
import { request } from 'node:http';
import { createGunzip, constants } from 'node:zlib';
const { url, authorization, gzip, seconds } = JSON.parse(process.env.BENCH_CLIENT);
const headers = { authorization, ...(gzip ? { 'accept-encoding': 'gzip' } : {}) };
const req = request(url, { headers, agent: false }, (response) => {
  let body = response;
  if (response.headers['content-encoding'] === 'gzip') {
    body = response.pipe(createGunzip({ flush: constants.Z_SYNC_FLUSH }));
  }
  let messages = 0;
  let bytes = 0;
  let start = 0;
  let cpuAtStart;
  let lastWasCr = false;
  body.on('data', (chunk) => {
    if (start === 0) {
      start = performance.now();
      cpuAtStart = process.cpuUsage();
    }
    bytes += chunk.length;
    if (lastWasCr && chunk[0] === 10) messages += 1;
    for (let i = chunk.indexOf(13); i !== -1; i = chunk.indexOf(13, i + 1)) {
      if (chunk[i + 1] === 10) messages += 1;
    }
    lastWasCr = chunk[chunk.length - 1] === 13;
    if (performance.now() - start >= seconds * 1000) {
      const elapsed = (performance.now() - start) / 1000;
      const cpu = process.cpuUsage(cpuAtStart);
      process.stdout.write(JSON.stringify({
        messages: messages / elapsed,
        bytes: bytes / elapsed,
        cpuMicrosPerMessage: (cpu.user + cpu.system) / messages,
      }));
      process.exit(0);
    }
  });
});
req.end();
`;

function runClient(
  url: string,
  authorization: string,
  gzip: boolean,
  duration = seconds,
): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', clientSource], {
      env: {
        ...process.env,
        BENCH_CLIENT: JSON.stringify({ url, authorization, gzip, seconds: duration }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`the client exited with ${String(code)}`));
        return;
      }
      const result = JSON.parse(output) as {
        messages: number;
        bytes: number;
        cpuMicrosPerMessage: number;
      };
      resolve({
        messagesPerSecond: result.messages,
        megabytesPerSecond: result.bytes / 1e6,
        clientMicrosPerMessage: result.cpuMicrosPerMessage,
      });
    });
  });
}

/** A trivial server writing `payload` in a loop, as fast as the socket takes it. */
async function startBaseline(payload: Buffer): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const gzip = /gzip/u.test(request.headers['accept-encoding'] ?? '');
    response.writeHead(200, {
      'content-type': 'application/json',
      ...(gzip && { 'content-encoding': 'gzip' }),
    });
    // gzip at the emulator's level (1) unless the path says otherwise (`/level-6`).
    const level = request.url === '/level-6' ? 6 : zlibConstants.Z_BEST_SPEED;
    const out = gzip ? createGzip({ level }) : response;
    if (gzip) out.pipe(response);
    const write = (): void => {
      while (!response.destroyed) {
        const more = out.write(payload);
        if (gzip) (out as ReturnType<typeof createGzip>).flush(zlibConstants.Z_SYNC_FLUSH);
        if (!more) {
          out.once('drain', write);
          return;
        }
      }
    };
    write();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}/` };
}

/** 64 KB of the world's sample, pre-serialized: what the baseline server repeats. */
function samplePayload(): Buffer {
  const world = createWorld({ seed: 1 });
  let text = '';
  for (const event of world.sampleEvents(0)) {
    text += `${event.json}\r\n`;
    if (text.length >= 64 * 1024) break;
  }
  return Buffer.from(text, 'latin1');
}

/**
 * Sampled events generated per second on one core, each written into a reusable buffer (the
 * floor of anything that sends the bytes: the world's strings are flattened and copied once).
 */
function measureGenerator(): Figures {
  const world = createWorld({ seed: 1 });
  const output = Buffer.allocUnsafe(1 << 20);
  let messages = 0;
  let bytes = 0;
  const start = performance.now();
  for (const event of world.sampleEvents(0)) {
    messages += 1;
    bytes += output.write(event.json, 0, 'latin1') + 2;
    if (messages % 256 === 0 && performance.now() - start >= seconds * 1000) break;
  }
  const elapsed = (performance.now() - start) / 1000;
  return { messagesPerSecond: messages / elapsed, megabytesPerSecond: bytes / elapsed / 1e6 };
}

function format(figures: Figures): string {
  return `${figures.messagesPerSecond.toFixed(0).padStart(8)} messages/s ${figures.megabytesPerSecond.toFixed(1).padStart(7)} MB/s`;
}

/** Resident memory, MB. */
function rss(): string {
  return (process.memoryUsage().rss / 1e6).toFixed(0);
}

/** The generation workers of each emulator row (0: the event loop generates). */
const workerCounts = (process.env.BENCH_WORKERS ?? '0,1,2').split(',').map(Number);
const baseline = await startBaseline(samplePayload());
console.log(`one sample stream at rate max, ${seconds} s per row, client in its own process`);
console.log(`RSS at start ${rss()} MB`);
const generator = measureGenerator();
console.log(`world generator alone (sample)            ${format(generator)}`);
for (const gzip of [false, true]) {
  const label = gzip ? 'gzip' : 'plain';
  const reference = await runClient(baseline.url, '', gzip);
  console.log(`baseline ${label.padEnd(5)} (pre-serialized loop)       ${format(reference)}`);
  if (gzip) {
    const level6 = await runClient(`${baseline.url}level-6`, '', gzip);
    console.log(`baseline gzip at level 6 (zlib's default)     ${format(level6)}`);
    console.log(
      `  ratio level 1/level 6 ${(reference.messagesPerSecond / level6.messagesPerSecond).toFixed(3)}`,
    );
  }
  for (const generationWorkers of workerCounts) {
    const row = await measureEmulator('/1.1/statuses/sample.json', gzip, generationWorkers, 0.01);
    const name = `emulator ${label}, ${generationWorkers} worker${generationWorkers === 1 ? '' : 's'}`;
    console.log(`${name.padEnd(41)} ${format(row.figures)}  RSS ${rss()} MB`);
    console.log(`  ${row.cpuLine}`);
    console.log(
      `  ratio emulator/baseline ${(row.figures.messagesPerSecond / reference.messagesPerSecond).toFixed(3)}` +
        `, emulator/generator ${(row.figures.messagesPerSecond / generator.messagesPerSecond).toFixed(3)}`,
    );
  }
}
// A filter stream scans the whole firehose (about 100 events per sampled one): track=the with
// filterShare 1 (no limit notices), against the same stream generated on the event loop.
let filterOnEventLoop: number | undefined;
for (const generationWorkers of workerCounts) {
  const row = await measureEmulator(
    '/1.1/statuses/filter.json?track=the',
    false,
    generationWorkers,
    1,
  );
  const name = `filter track=the, ${generationWorkers} worker${generationWorkers === 1 ? '' : 's'}`;
  console.log(
    `${name.padEnd(41)} ${format(row.figures)}  firehose ${row.firehosePerSecond.toFixed(0)} events/s  RSS ${rss()} MB`,
  );
  console.log(`  ${row.cpuLine}`);
  if (generationWorkers === 0) filterOnEventLoop = row.figures.messagesPerSecond;
  else if (filterOnEventLoop !== undefined) {
    console.log(
      `  ratio ${generationWorkers} workers/event loop ${(row.figures.messagesPerSecond / filterOnEventLoop).toFixed(3)}`,
    );
  }
}

/**
 * One stream of a fresh emulator at rate max, measured after warm-up connections (which start
 * the workers and let them, and the world's caches, warm up).
 */
async function measureEmulator(
  path: string,
  gzip: boolean,
  generationWorkers: number,
  filterShare: number,
): Promise<{ figures: Figures; cpuLine: string; firehosePerSecond: number }> {
  const emulator = await startEmulator({
    rate: 'max',
    connectionRateLimit: false,
    generationWorkers,
    filterShare,
  });
  try {
    const url = `${emulator.url}${path}`;
    const credentials = {
      consumerKey: emulator.fixtures.consumerKey,
      consumerSecret: emulator.fixtures.consumerSecret,
      token: emulator.fixtures.accessToken,
      tokenSecret: emulator.fixtures.accessTokenSecret,
    };
    const sign = (): string => signRequest({ method: 'GET', url }, credentials).authorization;
    for (let round = 0; round < 20; round += 1) {
      await runClient(url, sign(), gzip, 1);
      if (emulator.stats().firehose.generationWorkersReady === generationWorkers) break;
    }
    await runClient(url, sign(), gzip, 2);
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    const eventsBefore = emulator.stats().firehose.eventsProduced;
    const figures = await runClient(url, sign(), gzip);
    const cpu = process.cpuUsage(cpuBefore);
    const elapsed = (performance.now() - wallBefore) / 1000;
    // The emulator's CPU (event loop, workers, zlib threads) per message sent over the run; the
    // run includes the client's start (~50 ms), when nothing is sent, so this slightly overstates.
    const sent = figures.messagesPerSecond * elapsed;
    const emulatorMicros = (cpu.user + cpu.system) / sent;
    const clientMicros = figures.clientMicrosPerMessage ?? Number.NaN;
    const cores = availableParallelism();
    return {
      figures,
      cpuLine:
        `CPU per message: emulator ${emulatorMicros.toFixed(1)} µs (all threads), client ${clientMicros.toFixed(1)} µs;` +
        ` ${cores} cores allow at most ${Math.round((cores * 1e6) / (emulatorMicros + clientMicros))} messages/s`,
      firehosePerSecond: (emulator.stats().firehose.eventsProduced - eventsBefore) / elapsed,
    };
  } finally {
    await emulator.close();
  }
}
baseline.server.closeAllConnections();
baseline.server.close();
console.log(`RSS at end ${rss()} MB`);

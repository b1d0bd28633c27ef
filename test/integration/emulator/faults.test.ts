/**
 * Every fault on real loopback sockets, each checked against what the client received and what
 * the stats say was sent: refusals with their bodies, FIN, end, RST, disconnect, stall, drip,
 * truncated/invalid/oversized lines, invalid UTF-8, a wrong delimited length, corrupt gzip,
 * duplicates across a reconnect, and the admin endpoint that installs and applies faults.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import {
  refusalStatuses,
  startEmulator,
  type EmulatorOptions,
  type FaultRule,
  type RunningEmulator,
} from '../../../src/emulator/index.js';
import {
  fixtureSigner,
  openRawStream,
  openStream,
  parseRawResponse,
  send,
  type StreamReader,
} from './support/client.js';
import { ManualClock } from './support/clock.js';

const sampleOf = (emulator: RunningEmulator, query = ''): Promise<StreamReader> =>
  openStream(`${emulator.url}/1.1/statuses/sample.json${query}`, {
    signer: fixtureSigner(emulator),
  });

async function withEmulator(
  t: { after: (fn: () => Promise<void>) => void },
  faults: readonly FaultRule[],
  options: EmulatorOptions = {},
): Promise<RunningEmulator> {
  const emulator = await startEmulator({ rate: 'max', closeGraceMs: 30_000, faults, ...options });
  t.after(() => emulator.close());
  return emulator;
}

function idsOf(reader: StreamReader): string[] {
  return reader
    .messages()
    .map((message) => (message as { id_str?: string }).id_str)
    .filter((id): id is string => id !== undefined);
}

describe('faults: refusals before streaming', () => {
  it('answers every refusal status with its body, then streams once the rule is spent', async (t) => {
    const statuses = refusalStatuses.map((status) => ({
      fault: { kind: 'refuse', status } as const,
      times: 1,
    }));
    const rules: FaultRule[] = statuses.map((rule, index) => ({ ...rule, attempts: [index + 1] }));
    rules.push({
      fault: { kind: 'refuse', status: 420, variant: 'connection-limit' },
      attempts: [10],
    });
    rules.push({ fault: { kind: 'refuse', status: 429, variant: 'v2' }, attempts: [11] });
    const emulator = await withEmulator(t, rules);
    const url = `${emulator.url}/1.1/statuses/sample.json`;
    const replies = [];
    for (let attempt = 1; attempt <= 11; attempt += 1) {
      replies.push(await send(url, { signer: fixtureSigner(emulator) }));
    }
    assert.deepEqual(
      replies.map((reply) => reply.status),
      [401, 403, 404, 406, 413, 416, 420, 429, 503, 420, 429],
    );
    const [r401, r403, r404, r406, r413, r416, r420, r429, r503, r420b, r429b] = replies;
    assert.match(r401?.body ?? '', /<title>Error 401 Unauthorized<\/title>/u);
    assert.match(r403?.body ?? '', /<title>Error 403 Forbidden<\/title>/u);
    assert.equal(
      r404?.body,
      '{"errors":[{"message":"Sorry, that page does not exist","code":34}]}',
    );
    assert.equal(
      r406?.body,
      'No filter parameters found. Expect at least one parameter: follow track locations\r\n',
    );
    assert.match(r413?.headers['content-type'] ?? '', /^text\/plain/u);
    assert.equal(r416?.body, 'Parameter count not allowed in role\r\n');
    assert.equal(
      r420?.body,
      'Easy there, Turbo. Too many requests recently. Enhance your calm.\r\n',
    );
    assert.equal(r420.statusMessage, 'Enhance Your Calm');
    assert.equal(r429?.body, '{"errors":[{"message":"Rate limit exceeded","code":88}]}');
    assert.equal(r503?.body, '');
    assert.equal(r503.headers.connection, 'close');
    assert.equal(r420b?.body, 'Exceeded connection limit for user\r\n');
    assert.match(r429b?.body ?? '', /"connection_issue":"TooManyConnections"/u);
    for (const reply of replies) assert.ok(reply.headers.date, 'a Date header');
    const stream = await sampleOf(emulator);
    assert.equal(stream.response.statusCode, 200, 'rules spent: the 12th attempt streams');
    stream.destroy();
    assert.deepEqual(
      emulator.stats().attempts.map((attempt) => attempt.status),
      [401, 403, 404, 406, 413, 416, 420, 429, 503, 420, 429, 200],
    );
  });
});

describe('faults: mid-stream', () => {
  it('close@N: a FIN after exactly N complete messages, no terminating chunk', async (t) => {
    const emulator = await withEmulator(t, [{ fault: { kind: 'close', afterMessages: 25 } }]);
    const reader = await sampleOf(emulator);
    await reader.closed();
    assert.equal(reader.response.complete, false, 'the chunked body did not end');
    assert.equal(reader.lines().length, 25);
    const stats = emulator.stats().connections[0];
    assert.equal(stats?.messages, 25);
    assert.equal(stats.closeReason, 'fault:close');
    assert.deepEqual(idsOf(reader), stats.tweetIds);
  });

  it('close@Nb: cuts the stream at exactly N payload bytes, mid-message', async (t) => {
    const emulator = await withEmulator(t, [{ fault: { kind: 'close', afterBytes: 20_000 } }]);
    const stream = openRawStream(
      `${emulator.url}/1.1/statuses/sample.json`,
      fixtureSigner(emulator),
    );
    await stream.closed;
    const response = parseRawResponse(Buffer.concat(stream.received));
    assert.equal(response.complete, false, 'no terminating chunk');
    assert.equal(response.body.length, 20_000);
    assert.notEqual(response.body.subarray(-2).toString('latin1'), '\r\n', 'cut mid-message');
    const stats = emulator.stats().connections[0];
    assert.equal(stats?.bytes, 20_000);
    assert.equal(response.body.toString('latin1').split('\r\n').length - 1, stats.messages);
  });

  it('end@N: the response ends properly after N messages', async (t) => {
    const emulator = await withEmulator(t, [{ fault: { kind: 'end', afterMessages: 10 } }]);
    const reader = await sampleOf(emulator);
    await reader.closed();
    assert.equal(reader.response.complete, true);
    assert.equal(reader.lines().length, 10);
  });

  it('reset@N: the client sees ECONNRESET', async (t) => {
    const emulator = await withEmulator(t, [{ fault: { kind: 'reset', afterMessages: 10 } }]);
    const reader = await sampleOf(emulator);
    await reader.closed();
    assert.equal(reader.response.complete, false);
    assert.ok(reader.lines().length <= 10);
    assert.equal(emulator.stats().connections[0]?.closeReason, 'fault:reset');
  });

  it('reset@N with gzip: the N messages reach the wire (through gzip) before the RST', async (t) => {
    const emulator = await withEmulator(t, [{ fault: { kind: 'reset', afterMessages: 10 } }]);
    const reader = await openStream(`${emulator.url}/1.1/statuses/sample.json`, {
      signer: fixtureSigner(emulator),
      headers: { 'accept-encoding': 'gzip' },
    });
    await reader.closed();
    const connection = emulator.stats().connections[0];
    assert.equal(connection?.closeReason, 'fault:reset');
    assert.equal(connection.gzip, true);
    assert.equal(connection.messages, 10);
    // Before the fix the RST went out while gzip still held the messages: 0 bytes on the wire.
    assert.ok(connection.wireBytes > 0, `wireBytes ${connection.wireBytes}`);
    const received = reader.raw.reduce((sum, chunk) => sum + chunk.length, 0);
    assert.equal(received, connection.wireBytes, 'the client read every byte the stats list');
  });

  it('disconnect:12@N: a disconnect message after N messages, then the end', async (t) => {
    const emulator = await withEmulator(t, [
      { fault: { kind: 'disconnect', code: 12, afterMessages: 8 } },
    ]);
    const reader = await sampleOf(emulator);
    await reader.closed();
    const messages = reader.messages();
    assert.equal(messages.length, 9);
    assert.deepEqual(messages[8], {
      disconnect: { code: 12, stream_name: 'spritzer_dev-statuses1', reason: 'Shed load' },
    });
    assert.equal(emulator.stats().connections[0]?.closeReason, 'disconnect:12');
  });

  it('stall@N: silence after N messages, no keep-alives, the connection left open', async (t) => {
    const clock = new ManualClock();
    const emulator = await withEmulator(t, [{ fault: { kind: 'stall', afterMessages: 3 } }], {
      rate: 100_000,
      now: clock.read,
      keepAliveIntervalMs: 1000,
    });
    const reader = await openStream(`${emulator.url}/1.1/statuses/sample.json`, {
      signer: fixtureSigner(emulator),
      sign: { now: clock.read },
    });
    for (let second = 0; second < 4; second += 1) await clock.advance(emulator, 1000);
    const stats = emulator.stats().connections[0];
    assert.equal(stats?.messages, 3);
    assert.equal(stats.keepAlives, 0);
    assert.equal(stats.closedAt, null);
    await reader.until(() => reader.lineCount >= 3, 10_000, '3 lines');
    assert.equal(reader.ended, false);
    reader.destroy();
  });

  it('drip@N: keep-alives only after N messages', async (t) => {
    const clock = new ManualClock();
    const emulator = await withEmulator(
      t,
      [{ fault: { kind: 'drip', afterMessages: 2, intervalMs: 500 } }],
      { rate: 100_000, now: clock.read, keepAliveIntervalMs: 30_000 },
    );
    const reader = await openStream(`${emulator.url}/1.1/statuses/sample.json`, {
      signer: fixtureSigner(emulator),
      sign: { now: clock.read },
    });
    for (let step = 0; step < 8; step += 1) await clock.advance(emulator, 500);
    await reader.until(() => reader.lineCount >= 2 + 3, 10_000, 'keep-alives after the messages');
    const lines = reader.lines();
    assert.ok(lines.slice(0, 2).every((line) => line.startsWith('{')));
    assert.ok(
      lines.slice(2).every((line) => line === ''),
      'only keep-alives after',
    );
    assert.equal(emulator.stats().connections[0]?.messages, 2);
    reader.destroy();
  });

  it('truncate@N: half of message N+1 and \\r\\n; it is not counted as sent; the stream goes on', async (t) => {
    const emulator = await withEmulator(t, [{ fault: { kind: 'truncate', afterMessages: 4 } }]);
    const reader = await sampleOf(emulator);
    await reader.until(() => reader.lineCount >= 10, 10_000, '10 lines');
    reader.destroy();
    const lines = reader.lines();
    assert.throws(() => JSON.parse(lines[4] ?? ''), SyntaxError);
    for (const line of [...lines.slice(0, 4), ...lines.slice(5, 10)]) JSON.parse(line);
    const stats = emulator.stats().connections[0];
    assert.ok(stats);
    const fault = stats.faults[0];
    assert.equal(fault?.kind, 'truncate');
    assert.equal(fault.afterMessages, 4);
    const truncatedId = /(\d+)$/u.exec(fault.detail ?? '')?.[1];
    if (truncatedId !== undefined) assert.ok(!stats.tweetIds.includes(truncatedId));
  });

  it('invalid-json, invalid-utf8 and oversized: extra lines between complete messages', async (t) => {
    const emulator = await withEmulator(t, [
      { fault: { kind: 'invalid-json', afterMessages: 2 } },
      { fault: { kind: 'invalid-utf8', afterMessages: 3 } },
      { fault: { kind: 'oversized', afterMessages: 4, bytes: 2 * 1024 * 1024 } },
    ]);
    const reader = await sampleOf(emulator);
    await reader.until(() => reader.lineCount >= 9, 20_000, '9 lines');
    reader.destroy();
    const body = reader.body();
    const lines: Buffer[] = [];
    for (
      let offset = 0, end = body.indexOf('\r\n');
      end !== -1 && lines.length < 9;
      end = body.indexOf('\r\n', offset)
    ) {
      lines.push(body.subarray(offset, end));
      offset = end + 2;
    }
    const decoder = new TextDecoder('utf-8', { fatal: true });
    assert.throws(() => JSON.parse(decoder.decode(lines[2])), SyntaxError, 'invalid JSON');
    assert.throws(() => decoder.decode(lines[4]), TypeError, 'invalid UTF-8');
    assert.equal(lines[6]?.length, 2 * 1024 * 1024, 'the oversized line');
    JSON.parse(decoder.decode(lines[6]));
    const stats = emulator.stats().connections[0];
    assert.deepEqual(
      stats?.faults.map((fault) => [fault.kind, fault.afterMessages]),
      [
        ['invalid-json', 2],
        ['invalid-utf8', 3],
        ['oversized', 4],
      ],
    );
  });

  it('wrong-length: a delimited=length prefix that lies', async (t) => {
    const emulator = await withEmulator(t, [
      { fault: { kind: 'wrong-length', afterMessages: 1, delta: -7 } },
    ]);
    const reader = await sampleOf(emulator, '?delimited=length');
    await reader.until(() => reader.body().length > 50_000, 10_000, '50 kB');
    reader.destroy();
    const body = reader.body().toString('latin1');
    const first = /^(\d+)\r\n/u.exec(body);
    const firstLength = Number(first?.[1]);
    const secondStart = (first?.[0].length ?? 0) + firstLength;
    const second = /^(\d+)\r\n/u.exec(body.slice(secondStart));
    const payloadStart = secondStart + (second?.[0].length ?? 0);
    const actual = body.indexOf('\r\n', payloadStart) + 2 - payloadStart;
    assert.equal(Number(second?.[1]), actual - 7);
  });

  it('corrupt-gzip: the client’s inflater fails', async (t) => {
    const emulator = await withEmulator(t, [{ fault: { kind: 'corrupt-gzip', afterMessages: 5 } }]);
    const reader = await openStream(`${emulator.url}/1.1/statuses/sample.json`, {
      signer: fixtureSigner(emulator),
      headers: { 'accept-encoding': 'gzip' },
    });
    await reader.until(() => reader.inflateError !== undefined, 10_000, 'an inflate error');
    assert.match(String(reader.inflateError?.message), /invalid|incorrect|unknown/iu);
    assert.equal(emulator.stats().connections[0]?.closeReason, 'fault:corrupt-gzip');
    assert.equal(reader.lines().length, 5);
    reader.destroy();
  });

  it('duplicate: the next connection starts by replaying the previous one’s last Tweets', async (t) => {
    const emulator = await withEmulator(t, [
      { fault: { kind: 'close', afterMessages: 40 }, attempts: [1] },
      { fault: { kind: 'duplicate', count: 5 }, attempts: [2] },
    ]);
    const first = await sampleOf(emulator);
    await first.closed();
    const second = await sampleOf(emulator);
    await second.until(() => idsOf(second).length >= 10, 10_000, '10 Tweets');
    second.destroy();
    const previous = emulator.stats().connections[0]?.tweetIds ?? [];
    assert.deepEqual(idsOf(second).slice(0, 5), previous.slice(-5));
    assert.deepEqual(emulator.stats().connections[1]?.tweetIds.slice(0, 5), previous.slice(-5));
    // The stats list the fault that was applied, as for every other kind.
    const applied = emulator.stats().connections[1]?.faults;
    assert.equal(applied?.length, 1);
    assert.equal(applied[0]?.kind, 'duplicate');
    assert.equal(applied[0].detail, 'replayed 5 of the 5 Tweets asked for');
    assert.equal(applied[0].skipped, undefined);
  });

  it('duplicate on a token with no previous connection is listed as skipped', async (t) => {
    const emulator = await withEmulator(t, [{ fault: { kind: 'duplicate' }, attempts: [1] }]);
    const reader = await sampleOf(emulator);
    await reader.until(() => reader.lineCount >= 3, 10_000, 'the stream to flow');
    reader.destroy();
    const applied = emulator.stats().connections[0]?.faults;
    assert.equal(applied?.[0]?.kind, 'duplicate');
    assert.equal(applied[0].skipped, true);
    assert.equal(applied[0].detail, 'replayed 0 of the 10 Tweets asked for');
  });

  it('a probability draw is seeded: the same seed picks the same attempts', async (t) => {
    const rule: FaultRule = { fault: { kind: 'refuse', status: 503 }, probability: 0.5 };
    const pattern = async (seed: number): Promise<number[]> => {
      const emulator = await withEmulator(t, [rule], { seed, connectionRateLimit: false });
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 12; attempt += 1) {
        const reply = await send(`${emulator.url}/1.1/statuses/sample.json?count=1`, {
          signer: fixtureSigner(emulator),
        });
        statuses.push(reply.status);
      }
      return statuses;
    };
    const first = await pattern(7);
    assert.deepEqual(await pattern(7), first);
    assert.ok(first.includes(503) && first.includes(416), `a mix: ${first.join(',')}`);
  });
});

describe('faults: the admin endpoint', () => {
  it('a fault posted to an open connection with a trigger fires that many messages later', async (t) => {
    const emulator = await withEmulator(t, []);
    const reader = await sampleOf(emulator);
    await reader.until(() => reader.lineCount >= 3, 10_000, 'the stream to flow');
    const id = emulator.stats().connections[0]?.id;
    const reply = await send(`${emulator.url}/_emulator/connections/${id}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'close', afterMessages: 50 }),
    });
    assert.equal(reply.status, 200, reply.body);
    const { applied } = JSON.parse(reply.body) as { applied: { afterMessages: number } };
    await reader.closed();
    const connection = emulator.stats().connections[0];
    assert.equal(connection?.closeReason, 'fault:close');
    // Broke: the trigger was ignored (the fault fired at once) and the answer echoed
    // afterMessages 50 as if it would be honoured.
    assert.ok(applied.afterMessages >= 53, `scheduled after message ${applied.afterMessages}`);
    assert.equal(connection.faults[0]?.afterMessages, applied.afterMessages);
    assert.equal(connection.messages, applied.afterMessages);
  });

  it('refuses a client that is not on loopback with 403', async (t) => {
    const address = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry?.family === 'IPv4' && !entry.internal)?.address;
    if (address === undefined) {
      t.skip('this machine has no non-loopback IPv4 interface to connect from');
      return;
    }
    const emulator = await withEmulator(t, [], { host: address });
    const reply = await send(`${emulator.url}/_emulator/stats`);
    assert.equal(reply.status, 403);
    assert.match(reply.body, /loopback clients only/u);
    const stream = await send(`${emulator.url}/1.1/statuses/sample.json?count=1`, {
      signer: fixtureSigner(emulator),
    });
    assert.equal(stream.status, 416, 'the service itself answers');
  });

  it('installs, lists, applies to an open connection and clears; loopback only', async (t) => {
    const emulator = await withEmulator(t, []);
    const admin = `${emulator.url}/_emulator/faults`;
    const installed = await send(admin, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ fault: { kind: 'refuse', status: 503 }, times: 1 }] }),
    });
    assert.equal(installed.status, 201, installed.body);
    const listed = JSON.parse((await send(admin)).body) as { rules: unknown[] };
    assert.equal(listed.rules.length, 1);
    assert.equal(
      (await send(`${emulator.url}/1.1/statuses/sample.json`, { signer: fixtureSigner(emulator) }))
        .status,
      503,
    );
    assert.equal(
      (JSON.parse((await send(admin)).body) as { rules: unknown[] }).rules.length,
      0,
      'spent',
    );

    const bad = await send(admin, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fault: { kind: 'explode' } }),
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /kind/u);

    const reader = await sampleOf(emulator);
    await reader.until(() => reader.lineCount >= 3, 10_000, 'the stream to flow');
    const id = emulator.stats().connections[0]?.id;
    const applied = await send(`${emulator.url}/_emulator/connections/${id}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'disconnect', code: 10 }),
    });
    assert.equal(applied.status, 200, applied.body);
    await reader.closed();
    assert.equal(emulator.stats().connections[0]?.closeReason, 'disconnect:10');

    const wrongMethod = await send(admin, { method: 'PUT', body: '{}' });
    assert.equal(wrongMethod.status, 405, wrongMethod.body);
    assert.equal(wrongMethod.headers.allow, 'GET, POST, DELETE');
    assert.match(
      wrongMethod.body,
      /PUT \/_emulator\/faults is not supported; use GET or POST or DELETE/u,
    );
    const statsPost = await send(`${emulator.url}/_emulator/stats`, { method: 'POST' });
    assert.equal(statsPost.status, 405, statsPost.body);
    assert.equal(statsPost.headers.allow, 'GET');
    const unknown = await send(`${emulator.url}/_emulator/fault`);
    assert.equal(unknown.status, 404);
    assert.match(
      unknown.body,
      /no admin endpoint \/_emulator\/fault; the admin endpoints are GET \/_emulator\/stats, /u,
    );
    assert.match(unknown.body, /POST \/_emulator\/connections\/ID\/faults/u);
    const specs = await send(admin, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(['reset@100/attempts=1', 'refuse:420/attempts=2,3']),
    });
    assert.equal(specs.status, 201, specs.body);
    assert.deepEqual(
      (JSON.parse(specs.body) as { installed: { rule: unknown }[] }).installed.map((r) => r.rule),
      [
        { fault: { kind: 'reset', afterMessages: 100 }, attempts: [1] },
        { fault: { kind: 'refuse', status: 420 }, attempts: [2, 3] },
      ],
    );
    const badSpec = await send(admin, { method: 'POST', body: '["reset@1", "explode@3"]' });
    assert.equal(badSpec.status, 400);
    // Named by its place in the body, not by the CLI's flag.
    assert.match(badSpec.body, /The \\"rules\[1\]\\" argument \\"explode@3\\" is invalid/u);
    const badJson = await send(admin, { method: 'POST', body: '{"fault":' });
    assert.equal(badJson.status, 400);
    assert.match(badJson.body, /JSON/u);

    await send(admin, { method: 'DELETE' });
    assert.equal(
      (
        await send(`${emulator.url}/_emulator/connections/999/faults`, {
          method: 'POST',
          body: '{"kind":"reset"}',
        })
      ).status,
      404,
    );
  });
});

/**
 * Regression: ids above 2^53 lost precision. `verify_credentials` printed the fixture user as
 * `"id":1400000000000000000` (a rounded JS number) beside `"id_str":"1400000000000000001"`, and a
 * posted Tweet carried the same rounded user id into `statuses/update`, `statuses/show` and the
 * streams. Every numeric id must be written with the exact digits of its `*_str` twin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { fixtureSigner, openStream, send } from './support/client.js';

/** Numbers of 16+ digits: every one must be followed by its exact `*_str` twin. */
function assertExactIds(json: string, where: string): number {
  let checked = 0;
  for (const match of json.matchAll(/"(\w+)":(\d{16,})/gu)) {
    const [whole, name, digits] = match as unknown as [string, string, string];
    const twin = `,"${name}_str":"${digits}"`;
    const end = match.index + whole.length;
    const after = json.slice(end, end + twin.length);
    assert.equal(after, twin, `${where}: "${name}":${digits} has no exact ${name}_str twin`);
    checked += 1;
  }
  return checked;
}

describe('64-bit ids are written exactly', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ rate: 'max', seed: 5 });
  });
  after(() => emulator.close());

  it('verify_credentials writes the fixture user id 1400000000000000001 exactly', async () => {
    const reply = await send(`${emulator.url}/1.1/account/verify_credentials.json`, {
      signer: fixtureSigner(emulator),
    });
    assert.equal(reply.status, 200);
    assert.ok(
      reply.body.startsWith('{"id":1400000000000000001,"id_str":"1400000000000000001",'),
      reply.body.slice(0, 80),
    );
    assertExactIds(reply.body, 'verify_credentials');
  });

  it('a posted Tweet and its reply keep exact ids in update, show, verify_credentials and the filter stream', async () => {
    const signer = fixtureSigner(emulator);
    const userId = emulator.fixtures.userId;
    const stream = await openStream(`${emulator.url}/1.1/statuses/filter.json?follow=${userId}`, {
      signer,
    });
    try {
      const first = await send(`${emulator.url}/1.1/statuses/update.json`, {
        signer,
        form: { status: 'exact ids @spritzer_dev' },
      });
      assert.equal(first.status, 200, first.body);
      const firstId = (JSON.parse(first.body) as { id_str: string }).id_str;
      const reply = await send(`${emulator.url}/1.1/statuses/update.json`, {
        signer,
        form: { status: '@spritzer_dev and a reply', in_reply_to_status_id: firstId },
      });
      assert.equal(reply.status, 200, reply.body);
      // The user id, the Tweet id, in_reply_to_status_id and in_reply_to_user_id at least.
      assert.ok(assertExactIds(reply.body, 'update') >= 4);
      assert.match(reply.body, new RegExp(`"in_reply_to_user_id":${userId},`, 'u'));
      const shown = await send(`${emulator.url}/1.1/statuses/show.json?id=${firstId}`, { signer });
      assertExactIds(shown.body, 'show');
      assert.match(shown.body, new RegExp(`"user":\\{"id":${userId},`, 'u'));
      const me = await send(`${emulator.url}/1.1/account/verify_credentials.json`, { signer });
      assert.match(me.body, /"status":\{/u);
      assert.ok(assertExactIds(me.body, 'verify_credentials with status') >= 4);
      await stream.until(() => stream.messages().length >= 2, 10_000, 'the two posted Tweets');
      for (const line of stream.lines().filter((text) => text !== '')) {
        assertExactIds(line, 'filter stream');
      }
    } finally {
      stream.destroy();
    }
  });

  it('the sample stream writes every id exactly', async () => {
    const stream = await openStream(`${emulator.url}/1.1/statuses/sample.json`, {
      signer: fixtureSigner(emulator),
    });
    try {
      await stream.until(() => stream.lineCount >= 300, 10_000, '300 messages');
      let checked = 0;
      for (const line of stream.lines().slice(0, 300)) checked += assertExactIds(line, 'sample');
      assert.ok(checked > 300, `only ${checked} ids checked`);
    } finally {
      stream.destroy();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyRawMessage } from '../../../src/messages/classify-raw.js';
import { classifyMessage } from '../../../src/messages/classify.js';
import { describeDisconnectCode } from '../../../src/messages/disconnect-codes.js';

const deleteNotice =
  '{"delete":{"status":{"id":1,"id_str":"1","user_id":2,"user_id_str":"2"},"timestamp_ms":"1767225600000"}}';

describe('classifiers: what an untyped caller passes', () => {
  it('reads a plain Uint8Array (TextEncoder, web streams) as the bytes it holds', () => {
    const bytes = new TextEncoder().encode(deleteNotice);
    const full = classifyMessage(bytes);
    assert.equal(full.kind, 'delete');
    assert.ok(Buffer.isBuffer(full.raw));
    assert.equal(full.raw.toString('utf8'), deleteNotice);
    const raw = classifyRawMessage(bytes);
    assert.equal(raw.kind, 'delete');
    assert.equal(raw.id, '1');
    // A view into a larger buffer: only its own bytes count.
    const framed = new TextEncoder().encode(`xx${deleteNotice}\r\n`);
    const view = framed.subarray(2, framed.length - 2);
    assert.equal(classifyMessage(view).kind, 'delete');
    assert.equal(classifyRawMessage(view).kind, 'delete');
  });

  it('refuses a string or an object with ERR_INVALID_ARG_TYPE saying what to pass', () => {
    for (const classify of [classifyMessage, classifyRawMessage]) {
      assert.throws(() => classify(deleteNotice as never), {
        code: 'ERR_INVALID_ARG_TYPE',
        message:
          /^The "raw" argument must be one message's bytes as a Buffer or Uint8Array, not a string \(for a line you hold as text: Buffer\.from\(line\)\); received type string$/,
      });
      assert.throws(() => classify({ delete: {} } as never), {
        code: 'ERR_INVALID_ARG_TYPE',
        message:
          /^The "raw" argument must be one message's bytes as a Buffer or Uint8Array; received type object$/,
      });
    }
  });
});

describe('describeDisconnectCode from an untyped caller', () => {
  it('refuses a code that is not a number (a string "6" read as Undocumented would say reconnect)', () => {
    assert.equal(describeDisconnectCode(6).action, 'stop-authorization');
    assert.throws(() => describeDisconnectCode('6' as never), {
      code: 'ERR_INVALID_ARG_TYPE',
      message:
        /^The "code" argument must be a number \(the disconnect message's code, e\.g\. 6\); received type string$/,
    });
  });
});

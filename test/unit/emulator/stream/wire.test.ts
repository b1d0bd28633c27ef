/**
 * The small pure pieces of the stream side: message framing (`delimited=length` counts bytes,
 * its own `\r\n` included), the service's own messages, the connection rate limiter's sliding
 * window, and which addresses count as loopback for the admin endpoints.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopback } from '../../../../src/emulator/http/request-handler.js';
import { ConnectionRateLimiter } from '../../../../src/emulator/stream/connection-rate-limiter.js';
import {
  disconnectMessage,
  fallingBehindMessage,
  frameMessage,
  limitMessage,
} from '../../../../src/emulator/stream/stream-messages.js';

describe('frameMessage', () => {
  it('ends a message with \\r\\n', () => {
    assert.equal(frameMessage('{"a":1}', false), '{"a":1}\r\n');
  });

  it('prefixes delimited=length with the byte count including the trailing \\r\\n', () => {
    assert.equal(frameMessage('{"a":1}', true), '9\r\n{"a":1}\r\n');
    // "é" is two bytes: the length counts bytes, not characters (hbc#35).
    assert.equal(frameMessage('{"t":"é"}', true), '12\r\n{"t":"é"}\r\n');
    assert.equal(frameMessage('{"a":1}', true, -3), '6\r\n{"a":1}\r\n');
  });
});

describe('the service’s own messages', () => {
  it('disconnect, with the documented reason for each code', () => {
    assert.equal(
      disconnectMessage(4, 'me-statuses1').json,
      '{"disconnect":{"code":4,"stream_name":"me-statuses1","reason":"Stall"}}',
    );
    assert.match(disconnectMessage(7, '').json, /"reason":"Admin logout"/u);
    assert.match(disconnectMessage(1, '').json, /"reason":"Shutdown"/u);
    assert.match(disconnectMessage(8, '').json, /"reason":"Unknown"/u, 'code 8 is undocumented');
  });

  it('FALLING_BEHIND with percent_full, in the documented wording', () => {
    const warning = JSON.parse(fallingBehindMessage(60).json) as {
      warning: { code: string; message: string; percent_full: number };
    };
    assert.equal(warning.warning.code, 'FALLING_BEHIND');
    assert.equal(warning.warning.percent_full, 60);
    assert.equal(
      warning.warning.message,
      'Your connection is falling behind and messages are being queued for delivery to you. Your queue is now over 60% full. You will be disconnected when the queue is full.',
    );
  });

  it('limit: the cumulative count and a string timestamp_ms', () => {
    assert.equal(
      limitMessage(1234, 1477757470194.7).json,
      '{"limit":{"track":1234,"timestamp_ms":"1477757470194"}}',
    );
  });
});

describe('ConnectionRateLimiter', () => {
  it('limits attempts in a sliding window, refused attempts counted too', () => {
    const limiter = new ConnectionRateLimiter({ maxAttempts: 3, windowMs: 1000 });
    // At 1150 the window (150, 1150] holds 200, 300, 900 and 1150: the refused ones count.
    // At 1350 it holds 900, 1150 and 1350 only.
    const at = [0, 100, 200, 300, 900, 1150, 1350, 2400];
    assert.deepEqual(
      at.map((time) => limiter.attempt('token', time)),
      [false, false, false, true, true, true, false, false],
    );
    assert.equal(limiter.attempt('other', 300), false, 'per key');
  });
});

describe('isLoopback', () => {
  it('accepts 127.0.0.0/8 and ::1, mapped or not; nothing else', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) {
      assert.equal(isLoopback(address), true, address);
    }
    for (const address of ['10.0.0.1', '::ffff:10.0.0.1', '0.0.0.0', 'localhost', undefined]) {
      assert.equal(isLoopback(address), false, String(address));
    }
  });
});

/**
 * The service's own stream messages and the framing of every message on the wire.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/streaming-message-types
 */
import type { OutboundKind } from './stream-stats.js';

/** A message ready to be written on a stream connection. */
export interface OutboundMessage {
  readonly kind: OutboundKind;
  /**
   * Compact JSON, without the `\r\n` terminator. Pure ASCII (the world's serialization escapes
   * everything else as `\uXXXX`; the emulator's own messages hold ASCII text only), so its
   * length is its byte count.
   */
  readonly json: string;
  /** For Tweets: `id_str`, recorded in the stats. */
  readonly id?: string;
  /**
   * `JSON\r\n` as bytes, when the message came as bytes (a generation worker's batch): written
   * as is, and consecutive views of one buffer without copying.
   */
  readonly framed?: Buffer;
}

/** The documented disconnect codes ("Streaming message types", heading "Disconnect messages"). */
export const disconnectReasons: Readonly<Record<number, string>> = {
  1: 'Shutdown',
  2: 'Duplicate stream',
  3: 'Control request',
  4: 'Stall',
  5: 'Normal',
  6: 'Token revoked',
  7: 'Admin logout',
  9: 'Max message limit',
  10: 'Stream exception',
  11: 'Broker stall',
  12: 'Shed load',
};

/** `{"disconnect":{"code":…,"stream_name":…,"reason":…}}`. */
export function disconnectMessage(code: number, streamName: string): OutboundMessage {
  const reason = disconnectReasons[code] ?? 'Unknown';
  return {
    kind: 'disconnect',
    json: JSON.stringify({ disconnect: { code, stream_name: streamName, reason } }),
  };
}

/**
 * `{"warning":{"code":"FALLING_BEHIND",…,"percent_full":N}}` ("Standard stream parameters",
 * heading "stall_warnings", whose example says "over 60% full").
 */
export function fallingBehindMessage(percentFull: number): OutboundMessage {
  const message =
    'Your connection is falling behind and messages are being queued for delivery to you. ' +
    `Your queue is now over ${percentFull}% full. You will be disconnected when the queue is full.`;
  return {
    kind: 'warning',
    json: JSON.stringify({
      warning: { code: 'FALLING_BEHIND', message, percent_full: percentFull },
    }),
  };
}

/** `{"limit":{"track":N,"timestamp_ms":"…"}}`: N matches undelivered since the connection opened. */
export function limitMessage(undelivered: number, timestampMs: number): OutboundMessage {
  return {
    kind: 'limit',
    json: `{"limit":{"track":${undelivered},"timestamp_ms":"${Math.floor(timestampMs)}"}}`,
  };
}

/**
 * The bytes of one message on the wire: `JSON\r\n`, or with `delimited=length`
 * `LENGTH\r\nJSON\r\n`, where LENGTH counts the JSON's bytes and its `\r\n` ("Standard stream
 * parameters", heading "delimited": "including \r\n").
 */
export function frameMessage(json: string, delimited: boolean, lengthDelta = 0): string {
  if (!delimited) return `${json}\r\n`;
  return `${Buffer.byteLength(json, 'utf8') + 2 + lengthDelta}\r\n${json}\r\n`;
}

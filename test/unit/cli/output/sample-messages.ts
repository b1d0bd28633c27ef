/**
 * Stream messages for the output-format tests, classified by the real classifier from wire
 * bytes. The tweet has every entity kind; the notices are the v1.1 docs' own examples.
 */
import { classifyMessage } from '../../../../src/messages/classify.js';
import type { StreamMessage } from '../../../../src/messages/types.js';

/** 2024-05-01T10:00:07.123Z */
export const tweetTimestampMs = 1714557607123;

/** A tweet with a hashtag, a mention, a cashtag, a link and an escaped `&`; id above 2^53. */
export const tweetJson = JSON.stringify({
  created_at: 'Wed May 01 10:00:07 +0000 2024',
  id: '__ID__',
  id_str: '1785634201020506113',
  text: 'Hi @bob &amp; all: #TypeScript $TSLA https://t.co/abc123 🎉',
  user: { id: 7, id_str: '7', screen_name: 'alice', name: 'Alice' },
  in_reply_to_screen_name: null,
  entities: {
    hashtags: [{ text: 'TypeScript', indices: [19, 30] }],
    symbols: [{ text: 'TSLA', indices: [31, 36] }],
    user_mentions: [{ screen_name: 'bob', name: 'Bob', id: 8, id_str: '8', indices: [3, 7] }],
    urls: [
      {
        url: 'https://t.co/abc123',
        expanded_url: 'https://example.com/post',
        display_url: 'example.com/post',
        indices: [37, 56],
      },
    ],
  },
  lang: 'en',
  timestamp_ms: String(tweetTimestampMs),
}).replace('"__ID__"', '1785634201020506113');

/** Classifies wire bytes (without the `\r\n`) as the stream engine does. */
export function message(json: string): StreamMessage {
  return classifyMessage(Buffer.from(json, 'utf8'));
}

export const tweet = message(tweetJson);

export const notices = {
  delete: message(
    '{"delete":{"status":{"id":1234,"id_str":"1234","user_id":3,"user_id_str":"3"},"timestamp_ms":"1714557607123"}}',
  ),
  scrubGeo: message(
    '{"scrub_geo":{"user_id":14090452,"user_id_str":"14090452","up_to_status_id":23260136625,"up_to_status_id_str":"23260136625"}}',
  ),
  limit: message('{"limit":{"track":1234,"timestamp_ms":"1714557607123"}}'),
  statusWithheld: message(
    '{"status_withheld":{"id":1234567890,"user_id":123456,"withheld_in_countries":["DE","AR"]}}',
  ),
  userWithheld: message('{"user_withheld":{"id":123456,"withheld_in_countries":["DE","AR"]}}'),
  disconnect: message('{"disconnect":{"code":4,"stream_name":"","reason":"queue full"}}'),
  warning: message(
    '{"warning":{"code":"FALLING_BEHIND","message":"Your connection is falling behind.","percent_full":60}}',
  ),
  unknown: message('{"event":"user_update","created_at":"x"}'),
  malformed: message('{"text":"cut'),
} as const;

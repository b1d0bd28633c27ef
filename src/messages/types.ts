/**
 * The messages a v1.1 stream carries, typed. Every message keeps the exact bytes the service sent
 * (`raw`, without the `\r\n` terminator), so a consumer can store exactly what it received.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/streaming-message-types
 */
import type { Tweet } from './tweet.js';

/** What a stream message is. `unknown` is valid JSON of no known type (passed through, never dropped); `malformed` is not valid JSON. */
export type MessageKind =
  | 'tweet'
  | 'delete'
  | 'scrub_geo'
  | 'limit'
  | 'status_withheld'
  | 'user_withheld'
  | 'disconnect'
  | 'warning'
  | 'unknown'
  | 'malformed';

/** `{"delete":{"status":{…},"timestamp_ms":…}}`: a tweet was deleted; remove it from storage. */
export interface DeleteNotice {
  status: { id: number; id_str: string; user_id: number; user_id_str: string };
  timestamp_ms?: string;
}

/** `{"scrub_geo":{…}}`: remove geo data from the user's tweets up to and including a status id. */
export interface ScrubGeoNotice {
  user_id: number;
  user_id_str: string;
  up_to_status_id: number;
  up_to_status_id_str: string;
  timestamp_ms?: string;
}

/** `{"limit":{"track":N}}`: N matching tweets were not delivered since the connection opened. */
export interface LimitNotice {
  track: number;
  timestamp_ms?: string;
}

/** `{"status_withheld":{…}}`: a tweet is withheld in the listed countries. */
export interface StatusWithheldNotice {
  id: number;
  user_id: number;
  withheld_in_countries: string[];
  timestamp_ms?: string;
}

/** `{"user_withheld":{…}}`: a user is withheld in the listed countries. */
export interface UserWithheldNotice {
  id: number;
  withheld_in_countries: string[];
  timestamp_ms?: string;
}

/** `{"disconnect":{…}}`: the service is closing the connection, and why (see disconnect codes). */
export interface DisconnectNotice {
  code: number;
  stream_name: string;
  reason: string;
}

/** `{"warning":{…}}`: e.g. `FALLING_BEHIND` with `percent_full` (stall_warnings=true). */
export interface WarningNotice {
  code: string;
  message: string;
  percent_full?: number;
  user_id?: number;
  timestamp_ms?: string;
}

interface MessageOf<K extends MessageKind, D> {
  readonly kind: K;
  /** The message's exact bytes as received (UTF-8), without the `\r\n` terminator. */
  readonly raw: Buffer;
  readonly data: D;
}

/** A stream message that failed to parse as JSON: counted and reported, never fatal. */
export interface MalformedMessage {
  readonly kind: 'malformed';
  readonly raw: Buffer;
  /** Why it failed, with a bounded excerpt of the bytes. */
  readonly reason: string;
}

/** A classified, parsed stream message. */
export type StreamMessage =
  | MessageOf<'tweet', Tweet>
  | MessageOf<'delete', DeleteNotice>
  | MessageOf<'scrub_geo', ScrubGeoNotice>
  | MessageOf<'limit', LimitNotice>
  | MessageOf<'status_withheld', StatusWithheldNotice>
  | MessageOf<'user_withheld', UserWithheldNotice>
  | MessageOf<'disconnect', DisconnectNotice>
  | MessageOf<'warning', WarningNotice>
  | MessageOf<'unknown', unknown>
  | MalformedMessage;

/**
 * A message framed and classified without a full JSON parse (raw passthrough, for sinks that
 * store the bytes). `id` is the tweet's `id_str` (or the deleted status's) when the classifier
 * could read it cheaply.
 */
export interface RawStreamMessage {
  readonly kind: MessageKind;
  readonly raw: Buffer;
  readonly id?: string;
  /** When `kind` is `malformed`: why, with a bounded excerpt of the bytes. */
  readonly reason?: string;
}

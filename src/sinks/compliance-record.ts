/**
 * Compliance messages (delete, scrub_geo, status_withheld, user_withheld) reduced to the exact ids
 * they carry and a key that names each one, so every sink records it once however often the
 * service re-sends it.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/streaming-message-types
 */
import type { StreamMessage } from '../messages/types.js';

/** The stream messages that oblige a store to change what it holds. */
export type ComplianceMessage = Extract<
  StreamMessage,
  { kind: 'delete' | 'scrub_geo' | 'status_withheld' | 'user_withheld' }
>;

/** A compliance message with exact decimal ids. */
export interface ComplianceRecord {
  /** Names the notice, e.g. `delete:1234`: the same notice sent twice has the same key. */
  readonly key: string;
  readonly kind: ComplianceMessage['kind'];
  /** The tweet deleted or withheld. */
  readonly statusId: string | null;
  /** The author (delete, scrub_geo) or the withheld user (user_withheld). */
  readonly userId: string | null;
  /** scrub_geo: geo is removed from the user's tweets with ids up to and including this one. */
  readonly upToStatusId: string | null;
  /** status_withheld, user_withheld: ISO 3166-1 alpha-2 codes (and `XX`, `XY`). */
  readonly countries: readonly string[] | null;
  /** When the service emitted the notice (`timestamp_ms`), if it said. */
  readonly timestampMs: number | null;
}

/** Whether a message is a compliance message. */
export function isComplianceMessage(message: StreamMessage): message is ComplianceMessage {
  const kind = message.kind;
  return (
    kind === 'delete' ||
    kind === 'scrub_geo' ||
    kind === 'status_withheld' ||
    kind === 'user_withheld'
  );
}

/** Reduces a compliance message to its record. */
export function toComplianceRecord(message: ComplianceMessage): ComplianceRecord {
  switch (message.kind) {
    case 'delete': {
      const { status, timestamp_ms } = message.data;
      return {
        key: `delete:${status.id_str}`,
        kind: 'delete',
        statusId: status.id_str,
        userId: status.user_id_str,
        upToStatusId: null,
        countries: null,
        timestampMs: toMs(timestamp_ms),
      };
    }
    case 'scrub_geo': {
      const notice = message.data;
      return {
        key: `scrub_geo:${notice.user_id_str}:${notice.up_to_status_id_str}`,
        kind: 'scrub_geo',
        statusId: null,
        userId: notice.user_id_str,
        upToStatusId: notice.up_to_status_id_str,
        countries: null,
        timestampMs: toMs(notice.timestamp_ms),
      };
    }
    case 'status_withheld': {
      // status_withheld carries no `id_str`: read the exact ids from the bytes, not from the
      // parsed numbers, which JSON.parse rounds above 2^53.
      const notice = message.data;
      const statusId = readExactInteger(message.raw, 'id') ?? String(notice.id);
      const userId = readExactInteger(message.raw, 'user_id') ?? String(notice.user_id);
      return {
        key: `status_withheld:${statusId}:${notice.withheld_in_countries.join(',')}`,
        kind: 'status_withheld',
        statusId,
        userId,
        upToStatusId: null,
        countries: notice.withheld_in_countries,
        timestampMs: toMs(notice.timestamp_ms),
      };
    }
    case 'user_withheld': {
      const notice = message.data;
      const userId = readExactInteger(message.raw, 'id') ?? String(notice.id);
      return {
        key: `user_withheld:${userId}:${notice.withheld_in_countries.join(',')}`,
        kind: 'user_withheld',
        statusId: null,
        userId,
        upToStatusId: null,
        countries: notice.withheld_in_countries,
        timestampMs: toMs(notice.timestamp_ms),
      };
    }
  }
}

/** When the service emitted the notice (`timestamp_ms`), ISO 8601 UTC; `null` if it did not say. */
export function noticeTime(record: ComplianceRecord): string | null {
  return record.timestampMs === null ? null : new Date(record.timestampMs).toISOString();
}

// The latest time a JavaScript Date holds (ECMA-262 §21.4.1.22, Time Values and Time Range).
const maxTimeMs = 8.64e15;

/** `timestamp_ms` as a time both stores hold (1970 to 275760), else `null`: as if not said. */
function toMs(value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = Number(value);
  return Number.isFinite(ms) && ms >= 0 && ms <= maxTimeMs ? ms : null;
}

/**
 * The digits of the first `"key":<integer>` in a JSON text, exactly as sent. Only for the flat
 * withheld notices, whose first such key is the notice's own.
 */
export function readExactInteger(raw: Buffer, key: string): string | undefined {
  const text = raw.toString('latin1');
  const match = new RegExp(`"${key}"\\s*:\\s*(\\d+)`).exec(text);
  return match?.[1];
}

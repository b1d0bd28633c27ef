/**
 * Tweet text as a list of segments: each knows its text as delivered, its JSON-escaped form and
 * its length in Unicode code points, so a tweet's JSON is a concatenation of pre-escaped pieces
 * and every entity's `indices` come from summing lengths, never from re-scanning the text.
 *
 * How the service counted (checked against stream captures; docs/world.md, "Text and entities"):
 * - `indices` and `display_text_range` are offsets in code points of the text as delivered, in
 *   which `&`, `<` and `>` appear HTML-escaped (`&amp;` counts 5);
 * - the 140-character rule that decides truncation counts those three as one character each.
 */
import { jsonStringBody } from './json-escape.js';

/**
 * What a segment is, when it is an entity. The entity's own text comes from the segment: a
 * hashtag's `text` is the segment without its `#`, a mention's `screen_name` without its `@`, a
 * URL's `url` is the segment itself.
 */
export type SegmentEntity =
  | { readonly kind: 'hashtag' }
  | { readonly kind: 'symbol' }
  | {
      readonly kind: 'mention';
      /** The mentioned user's name as a JSON string literal (with quotes). */
      readonly nameJson: string;
      readonly idStr: string;
    }
  | {
      readonly kind: 'url';
      /** JSON string bodies (without quotes). */
      readonly expandedJson: string;
      readonly displayJson: string;
    }
  | { readonly kind: 'media'; readonly items: readonly MediaItem[] };

/** One attached photo, video or GIF; all items of a tweet share its one t.co link. */
export interface MediaItem {
  readonly idStr: string;
  readonly type: 'photo' | 'video' | 'animated_gif';
  /** `pbs.twimg.com\/media\/….jpg`: the JSON body of the media URL without its scheme. */
  readonly pathJson: string;
  /** JSON bodies of `expanded_url` and `display_url`. */
  readonly expandedJson: string;
  readonly displayJson: string;
  /** Pre-serialized `,"sizes":{…}` and, for video and GIF, `,"video_info":{…}`. */
  readonly tailJson: string;
}

/** A run of tweet text. Immutable; vocabulary segments are shared by every tweet. */
export interface Segment {
  /** The text as delivered (HTML-escaped). */
  readonly text: string;
  /** `text` escaped for a JSON string, without quotes. */
  readonly json: string;
  /** Code points of `text`. */
  readonly length: number;
  /** Code points counting `&amp;`, `&lt;` and `&gt;` as one (the 140-character rule). */
  readonly visibleLength: number;
  readonly entity?: SegmentEntity;
}

/** Code points in a string (astral characters count once). */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xdc00 && code <= 0xdfff) length -= 1;
  }
  return length;
}

const htmlSpecials = /[&<>]/g;
const htmlEscapes: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** HTML-escapes `&`, `<` and `>` as the service did in tweet text. */
export function escapeHtml(text: string): string {
  return text.replace(htmlSpecials, (character) => htmlEscapes[character] ?? character);
}

/** A plain-text segment from raw (unescaped) text. */
export function textSegment(raw: string): Segment {
  const text = escapeHtml(raw);
  return {
    text,
    json: jsonStringBody(text),
    length: codePointLength(text),
    visibleLength: codePointLength(raw),
  };
}

/** An entity segment; `raw` has no `&`, `<` or `>` (hashtags, mentions, URLs never do). */
export function entitySegment(raw: string, entity: SegmentEntity): Segment {
  const length = codePointLength(raw);
  return { text: raw, json: jsonStringBody(raw), length, visibleLength: length, entity };
}

/** A single space, shared. */
export const space: Segment = textSegment(' ');
/** A line break, shared. */
export const newline: Segment = textSegment('\n');
/** The ellipsis that ends truncated text. */
export const ellipsis: Segment = textSegment('\u2026');

/** Total code points (as delivered) of a segment list. */
export function totalLength(segments: readonly Segment[]): number {
  let total = 0;
  for (const segment of segments) total += segment.length;
  return total;
}

/** Total code points under the 140-character rule. */
export function totalVisibleLength(segments: readonly Segment[]): number {
  let total = 0;
  for (const segment of segments) total += segment.visibleLength;
  return total;
}

/** The JSON string body of a segment list. */
export function joinJson(segments: readonly Segment[]): string {
  let json = '';
  for (const segment of segments) json += segment.json;
  return json;
}

/**
 * The first `visibleCount` code points (under the 140-character rule) of a plain-text segment, as
 * a new segment. HTML escapes are never split: the cut is made on the raw text.
 */
export function headOfSegment(segment: Segment, visibleCount: number): Segment {
  const raw = unescapeHtml(segment.text);
  let end = 0;
  let taken = 0;
  while (end < raw.length && taken < visibleCount) {
    const code = raw.charCodeAt(end);
    end += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    taken += 1;
  }
  return textSegment(raw.slice(0, end));
}

/** A plain-text segment without its trailing whitespace. */
export function trimSegmentEnd(segment: Segment): Segment {
  const raw = unescapeHtml(segment.text);
  const trimmed = raw.trimEnd();
  return trimmed.length === raw.length ? segment : textSegment(trimmed);
}

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_match, name: string) =>
    name === 'amp' ? '&' : name === 'lt' ? '<' : '>',
  );
}

/** Whether a segment is whitespace only (trimmed before an ellipsis). */
export function isBlank(segment: Segment): boolean {
  return segment.entity === undefined && segment.text.trim() === '';
}

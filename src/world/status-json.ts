/**
 * Assembles a status (tweet) as the v1.1 streams delivered it in "compatibility mode": `text`
 * holds at most 140 characters; a longer tweet has `truncated: true`, a shortened `text` ending in
 * `… https://t.co/…` (a link to the whole tweet) and the whole text in `extended_tweet`.
 *
 * Rules, from the Tweet updates guide and stream captures (docs/world.md, "Long tweets"):
 * 1. The 140-character test counts the whole text (reply prefix and attached-media link included),
 *    with `&amp;`, `&lt;`, `&gt;` counting one character.
 * 2. A truncated `text` is the first 115 characters (never cutting a link: the cut moves before
 *    it), trailing whitespace trimmed, then `…`, a space and a 23-character t.co link whose
 *    `expanded_url` is `https://twitter.com/i/web/status/<id>`; `display_text_range` is [0, length].
 * 3. `entities` of a truncated text list only the entities inside the visible part, plus that link.
 * 4. `display_text_range` appears when some text is hidden: a reply prefix (`@user ` at the start)
 *    or a trailing media link; it is [end of the prefix, start of the media link − 1].
 * 5. A retweet's `text` is `RT @user: ` and the original's whole text, cut to 139 characters plus
 *    `…` when longer than 140; its `truncated` is false.
 *
 * @see https://twitterdev.github.io/tweet-updates/ (Compatibility mode JSON rendering)
 */
import { writeEntities, type EntitiesJson, type MediaSource } from './entities-json.js';
import {
  ellipsis,
  entitySegment,
  headOfSegment,
  isBlank,
  joinJson,
  type Segment,
  space,
  textSegment,
  totalLength,
  totalVisibleLength,
  trimSegmentEnd,
} from './segment.js';

/** Characters of a truncated text before its ellipsis. */
const truncatedHeadLength = 115;

/** How a status's text is rendered in compatibility mode. */
export interface CompatText {
  /** `"text":"…"` and, when present, `,"display_text_range":[a,b]` (no leading comma). */
  readonly textJson: string;
  readonly truncated: boolean;
  /** `,"extended_tweet":{…}` or ''. */
  readonly extendedJson: string;
  /** Entities of `text`. */
  readonly entities: EntitiesJson;
}

/**
 * Renders a status's text.
 *
 * @param segments - the whole text
 * @param displayStart - code points of the reply prefix (0 when none)
 * @param mediaAtEnd - whether the last segment is an attached-media link
 * @param idStr - the status id (for the `i/web/status` link)
 * @param tco - the t.co code of that link
 */
export function renderCompatText(
  segments: readonly Segment[],
  displayStart: number,
  mediaAtEnd: boolean,
  idStr: string,
  tco: string,
): CompatText {
  const fullLength = totalLength(segments);
  const mediaLength = mediaAtEnd ? (segments[segments.length - 1]?.length ?? 0) + 1 : 0;
  const displayEnd = fullLength - mediaLength;
  const range = `,"display_text_range":[${displayStart},${displayEnd}]`;
  if (totalVisibleLength(segments) <= 140) {
    const hidden = displayStart > 0 || mediaAtEnd;
    return {
      textJson: `"text":"${joinJson(segments)}"${hidden ? range : ''}`,
      truncated: false,
      extendedJson: '',
      entities: writeEntities(segments),
    };
  }
  const head = takeVisible(segments, truncatedHeadLength, true);
  while (head.length > 0 && isBlank(head[head.length - 1] as Segment)) head.pop();
  const last = head[head.length - 1];
  if (last !== undefined && last.entity === undefined) head[head.length - 1] = trimSegmentEnd(last);
  const link = entitySegment(`https://t.co/${tco}`, {
    kind: 'url',
    expandedJson: `https:\\/\\/twitter.com\\/i\\/web\\/status\\/${idStr}`,
    displayJson: `twitter.com\\/i\\/web\\/status\\/${idStr.slice(0, 1)}\\u2026`,
  });
  const visible = [...head, ellipsis, space, link];
  const visibleLength = totalLength(visible);
  const full = writeEntities(segments);
  return {
    textJson: `"text":"${joinJson(visible)}","display_text_range":[${displayStart},${visibleLength}]`,
    truncated: true,
    extendedJson:
      `,"extended_tweet":{"full_text":"${joinJson(segments)}",` +
      `"display_text_range":[${displayStart},${displayEnd}],"entities":${full.entities}` +
      (full.extendedEntities === '' ? '}' : `,"extended_entities":${full.extendedEntities}}`),
    entities: writeEntities(visible),
  };
}

/**
 * The leading segments worth `count` characters under the 140-character rule, splitting a plain
 * segment if needed. With `keepLinksWhole`, a link or media segment that does not fit is left out
 * entirely (the cut moves before it).
 */
function takeVisible(
  segments: readonly Segment[],
  count: number,
  keepLinksWhole: boolean,
): Segment[] {
  const taken: Segment[] = [];
  let remaining = count;
  for (const segment of segments) {
    if (remaining <= 0) break;
    if (segment.visibleLength <= remaining) {
      taken.push(segment);
      remaining -= segment.visibleLength;
      continue;
    }
    const kind = segment.entity?.kind;
    if (keepLinksWhole && (kind === 'url' || kind === 'media')) break;
    taken.push(headOfSegment(segment, remaining));
    break;
  }
  return taken;
}

/** The text and entities of a retweet of a status whose whole text is `original`. */
export interface RetweetText {
  readonly textJson: string;
  readonly entities: EntitiesJson;
}

/**
 * Renders `RT @user: ` + the original's whole text, cut to 139 characters and `…` beyond 140.
 *
 * @param mention - the `@user` segment of the original's author
 * @param original - the original's whole text
 * @param source - the original's id and author, for media entities
 */
export function renderRetweetText(
  mention: Segment,
  original: readonly Segment[],
  source: MediaSource,
): RetweetText {
  const prefix = [rtSegment, mention, colonSpace];
  const all = [...prefix, ...original];
  if (totalVisibleLength(all) <= 140) {
    return {
      textJson: `"text":"${joinJson(all)}"`,
      entities: writeEntities(all, 0, Infinity, source),
    };
  }
  const visible = [...takeVisible(all, 139, false), ellipsis];
  const visibleEnd = totalLength(visible) - 1;
  return {
    textJson: `"text":"${joinJson(visible)}"`,
    entities: writeEntities(all, 0, visibleEnd, source),
  };
}

const rtSegment = textSegment('RT ');
const colonSpace = textSegment(': ');

/** The pieces of a status's JSON that differ from one status to another. */
export interface StatusFields {
  readonly createdAt: string;
  readonly idStr: string;
  readonly text: CompatText;
  /** The `source` HTML as a JSON string literal. */
  readonly sourceJson: string;
  /** The five `in_reply_to_*` fields (no surrounding commas). */
  readonly replyJson: string;
  readonly userJson: string;
  /** `"geo":…,"coordinates":…,"place":…` */
  readonly geoJson: string;
  /** For quotes: `,"quoted_status_id":…` through `quoted_status_permalink`; '' otherwise. */
  readonly quoteJson: string;
  readonly isQuote: boolean;
  /** `,"possibly_sensitive":…` or ''. */
  readonly sensitiveJson: string;
  readonly filterLevel: string;
  readonly lang: string;
}

/** A status's JSON around its counts: `front` + counts + `back` + (`,"timestamp_ms":…`) + `}`. */
export interface StatusParts {
  /** From `{"created_at"` through `extended_tweet`. */
  readonly front: string;
  /** From `,"entities"` through `"lang":"…"`, without the closing brace. */
  readonly back: string;
}

/** Field order as in stream captures of 2017–2019 (docs/world.md, "Tweet objects"). */
export function writeStatusParts(fields: StatusFields): StatusParts {
  const text = fields.text;
  const extendedEntities =
    text.entities.extendedEntities === ''
      ? ''
      : `,"extended_entities":${text.entities.extendedEntities}`;
  return {
    front:
      `{"created_at":"${fields.createdAt}","id":${fields.idStr},"id_str":"${fields.idStr}",` +
      `${text.textJson},"source":${fields.sourceJson},"truncated":${text.truncated},` +
      `${fields.replyJson},"user":${fields.userJson},${fields.geoJson},"contributors":null` +
      `${fields.quoteJson},"is_quote_status":${fields.isQuote}${text.extendedJson}`,
    back:
      `,"entities":${text.entities.entities}${extendedEntities},"favorited":false,` +
      `"retweeted":false${fields.sensitiveJson},"filter_level":"${fields.filterLevel}",` +
      `"lang":"${fields.lang}"`,
  };
}

/** The counts of a status just posted, as the stream showed them. */
export const zeroCounts = ',"quote_count":0,"reply_count":0,"retweet_count":0,"favorite_count":0';

/** The `in_reply_to_*` fields of a status that is not a reply. */
export const noReply =
  '"in_reply_to_status_id":null,"in_reply_to_status_id_str":null,"in_reply_to_user_id":null,' +
  '"in_reply_to_user_id_str":null,"in_reply_to_screen_name":null';

/** The `in_reply_to_*` fields of a reply. */
export function replyFields(statusIdStr: string, userIdStr: string, screenName: string): string {
  return (
    `"in_reply_to_status_id":${statusIdStr},"in_reply_to_status_id_str":"${statusIdStr}",` +
    `"in_reply_to_user_id":${userIdStr},"in_reply_to_user_id_str":"${userIdStr}",` +
    `"in_reply_to_screen_name":"${screenName}"`
  );
}

/**
 * The `text` output format: one readable line per message. A tweet is its time, `@screen_name`
 * and text with hashtags, mentions, cashtags and links highlighted (links shown as their
 * `display_url`); every other message is a compact marker (delete, scrub_geo, limit, withheld,
 * warning, disconnect, unknown, malformed).
 */
import type { StreamMessage } from '../../messages/types.js';
import { describeDisconnectCode } from '../../messages/disconnect-codes.js';
import type { TextPalette } from './text-palette.js';
import { decodeTweetEntities, toTerminalText } from './terminal-text.js';

/** Options of {@link createTextFormatter}. */
export interface TextFormatOptions {
  readonly palette: TextPalette;
  /** IANA time zone of the printed times. @default the system's */
  readonly timeZone?: string;
  /** Clock for markers that carry no time, in ms since the epoch. @default Date.now */
  readonly now?: () => number;
}

/** Formats one message as one line, without the line terminator. */
export type TextFormatter = (message: StreamMessage) => string;

/** How much of a quoted tweet or an unknown message a line shows, in code points. */
const excerptLength = 100;

/** Creates the `text` formatter. */
export function createTextFormatter(options: TextFormatOptions): TextFormatter {
  const { palette } = options;
  const now = options.now ?? Date.now;
  const clock = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  });
  const time = (timestampMs: unknown): string => {
    const ms = Number(timestampMs);
    return palette.time(clock.format(Number.isFinite(ms) && ms > 0 ? ms : now()));
  };
  const marker = (paint: (text: string) => string, label: string, detail: string): string =>
    `${paint(label)}  ${palette.quiet(toTerminalText(detail))}`;

  const body = (message: StreamMessage): string => {
    if (message.kind === 'tweet') return formatTweet(message.data, palette);
    if (message.kind === 'malformed') return marker(palette.alarm, '✗ malformed', message.reason);
    if (message.kind === 'unknown') {
      return marker(palette.notice, '? unknown', excerpt(message.raw.toString('utf8')));
    }
    // Notices are read loosely: a provider other than Twitter may leave fields out.
    const data = message.data as unknown as LooseRecord;
    const status = (data.status ?? {}) as LooseRecord;
    switch (message.kind) {
      case 'delete':
        return marker(
          palette.compliance,
          '✕ delete',
          `tweet ${show(status.id_str)} by user ${show(status.user_id_str)}`,
        );
      case 'scrub_geo':
        return marker(
          palette.compliance,
          '⌖ scrub_geo',
          `geo of user ${show(data.user_id_str)} up to tweet ${show(data.up_to_status_id_str)}`,
        );
      case 'status_withheld':
        return marker(
          palette.compliance,
          '⊘ withheld',
          `tweet ${show(data.id_str ?? data.id)} in ${countries(data.withheld_in_countries)}`,
        );
      case 'user_withheld':
        return marker(
          palette.compliance,
          '⊘ withheld',
          `user ${show(data.id_str ?? data.id)} in ${countries(data.withheld_in_countries)}`,
        );
      case 'limit':
        return marker(
          palette.notice,
          '⋯ limit',
          `${show(data.track)} matching tweets undelivered since connecting`,
        );
      case 'warning': {
        const full = data.percent_full === undefined ? '' : ` ${show(data.percent_full)}% full`;
        return marker(
          palette.notice,
          '⚠ warning',
          `${show(data.code)}${full}: ${show(data.message)}`,
        );
      }
      case 'disconnect': {
        const { name } = describeDisconnectCode(Number(data.code));
        const reason =
          typeof data.reason === 'string' && data.reason !== '' ? `: ${data.reason}` : '';
        return marker(palette.alarm, '⏏ disconnect', `${show(data.code)} ${name}${reason}`);
      }
    }
  };

  return (message) => {
    const timestamp =
      message.kind === 'malformed' ? undefined : (message.data as LooseRecord | null)?.timestamp_ms;
    return palette.line(`${time(timestamp)}  ${body(message)}`);
  };
}

type LooseRecord = Readonly<Record<string, unknown>>;

/** A wire value as text: strings and numbers as they are, anything else as `?`. */
function show(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '?';
}

interface LooseEntity {
  readonly indices?: readonly number[];
  readonly text?: string;
  readonly screen_name?: string;
  readonly url?: string;
  readonly display_url?: string;
}

interface LooseEntities {
  readonly hashtags?: readonly LooseEntity[];
  readonly user_mentions?: readonly LooseEntity[];
  readonly urls?: readonly LooseEntity[];
  readonly symbols?: readonly LooseEntity[];
  readonly media?: readonly LooseEntity[];
}

/**
 * A tweet as it may really arrive: providers other than Twitter (and old tweets) omit fields,
 * so every field is optional here and formatting never throws.
 */
interface LooseTweet {
  readonly text?: string;
  readonly user?: { readonly screen_name?: string };
  readonly in_reply_to_screen_name?: string | null;
  readonly display_text_range?: readonly number[];
  readonly entities?: LooseEntities;
  readonly extended_entities?: { readonly media?: readonly LooseEntity[] };
  readonly extended_tweet?: {
    readonly full_text?: string;
    readonly display_text_range?: readonly number[];
    readonly entities?: LooseEntities;
    readonly extended_entities?: { readonly media?: readonly LooseEntity[] };
  };
  readonly retweeted_status?: LooseTweet;
  readonly quoted_status?: LooseTweet;
}

function formatTweet(tweet: LooseTweet, palette: TextPalette): string {
  const author = palette.screenName(`@${toTerminalText(tweet.user?.screen_name ?? '?')}`);
  const original = tweet.retweeted_status;
  if (original !== undefined) {
    const originalAuthor = palette.mention(`@${toTerminalText(original.user?.screen_name ?? '?')}`);
    return `${author} ${palette.quiet('⟲')} ${originalAuthor}  ${formatTweetText(original, palette)}`;
  }
  const replyTo = tweet.in_reply_to_screen_name;
  const reply =
    typeof replyTo === 'string' && replyTo !== ''
      ? ` ${palette.quiet('↩')} ${palette.mention(`@${toTerminalText(replyTo)}`)}`
      : '';
  const quoted = tweet.quoted_status;
  const quote =
    quoted === undefined
      ? ''
      : `  ${palette.quiet(`❝ @${quoted.user?.screen_name ?? '?'}: ${excerpt(displayedText(quoted))}`)}`;
  return `${author}${reply}  ${formatTweetText(tweet, palette)}${toTerminalText(quote)}`;
}

/** The tweet's whole text (its `extended_tweet` when truncated) within its display range. */
function displayedText(tweet: LooseTweet): string {
  const extended = tweet.extended_tweet;
  const text = extended?.full_text ?? tweet.text ?? '';
  const range = extended?.display_text_range ?? tweet.display_text_range;
  const points = codePoints(text);
  const [start, end] = range ?? [0, points.length];
  return decodeTweetEntities(points.slice(start ?? 0, end ?? points.length).join(''));
}

interface Highlight {
  readonly start: number;
  readonly end: number;
  readonly token: string;
  readonly shown: string;
  readonly paint: (text: string) => string;
}

/**
 * The text with entities highlighted. Entity `indices` count code points of the text (v1.1
 * "Entities object"); an entity whose indices do not point at its own text (HTML escapes shift
 * them in some tweets) is looked for after the previous one, and left plain if absent.
 */
function formatTweetText(tweet: LooseTweet, palette: TextPalette): string {
  const extended = tweet.extended_tweet;
  const points = codePoints(extended?.full_text ?? tweet.text ?? '');
  const entities = extended?.entities ?? tweet.entities ?? {};
  const media =
    extended?.extended_entities?.media ?? tweet.extended_entities?.media ?? entities.media ?? [];
  const range = extended?.display_text_range ?? tweet.display_text_range ?? [0, points.length];
  const rangeStart = range[0] ?? 0;
  const rangeEnd = range[1] ?? points.length;
  const candidates: Highlight[] = [];
  const add = (
    list: readonly LooseEntity[] | undefined,
    token: (entity: LooseEntity) => string | undefined,
    shown: (entity: LooseEntity, token: string) => string,
    paint: (text: string) => string,
  ): void => {
    for (const entity of list ?? []) {
      const entityToken = token(entity);
      const [start, end] = entity.indices ?? [];
      if (entityToken === undefined || start === undefined || end === undefined) continue;
      candidates.push({ start, end, token: entityToken, shown: shown(entity, entityToken), paint });
    }
  };
  const same = (_entity: LooseEntity, token: string): string => token;
  const link = (entity: LooseEntity, token: string): string => entity.display_url ?? token;
  add(
    entities.hashtags,
    (e) => (e.text === undefined ? undefined : `#${e.text}`),
    same,
    palette.hashtag,
  );
  add(
    entities.symbols,
    (e) => (e.text === undefined ? undefined : `$${e.text}`),
    same,
    palette.symbol,
  );
  add(
    entities.user_mentions,
    (e) => (e.screen_name === undefined ? undefined : `@${e.screen_name}`),
    same,
    palette.mention,
  );
  add(entities.urls, (e) => e.url, link, palette.url);
  add(media, (e) => e.url, link, palette.url);
  candidates.sort((a, b) => a.start - b.start);

  const lower = points.map((point) => point.toLowerCase());
  const matchesAt = (start: number, token: string): boolean => {
    const tokenPoints = codePoints(token.toLowerCase());
    // "＃" and "＠" (full-width) are valid hashtag and mention signs (twitter-text).
    return tokenPoints.every((point, offset) => {
      const actual = lower[start + offset];
      return actual === point || (offset === 0 && (actual === '＃' || actual === '＠'));
    });
  };
  const placed: Highlight[] = [];
  let cursor = rangeStart;
  for (const candidate of candidates) {
    const length = codePoints(candidate.token).length;
    let start =
      candidate.start >= cursor && matchesAt(candidate.start, candidate.token)
        ? candidate.start
        : -1;
    for (let at = cursor; start < 0 && at + length <= rangeEnd; at += 1) {
      if (matchesAt(at, candidate.token)) start = at;
    }
    if (start < 0 || start + length > rangeEnd) continue;
    // A media link repeats a url entity's t.co link at most once; skip exact duplicates.
    if (placed.some((other) => other.start === start)) continue;
    placed.push({ ...candidate, start, end: start + length });
    cursor = start + length;
  }

  const plain = (from: number, to: number): string =>
    palette.text(toTerminalText(decodeTweetEntities(points.slice(from, to).join(''))));
  let line = '';
  let position = rangeStart;
  for (const highlight of placed) {
    line += plain(position, highlight.start);
    line += highlight.paint(toTerminalText(highlight.shown));
    position = highlight.end;
  }
  return line + plain(position, rangeEnd);
}

function countries(list: unknown): string {
  return Array.isArray(list) && list.length > 0 ? list.map(show).join(', ') : '?';
}

function excerpt(text: string): string {
  const points = codePoints(text);
  return points.length <= excerptLength ? text : `${points.slice(0, excerptLength).join('')}…`;
}

/** The code points of a string: entity `indices` count code points, not UTF-16 units. */
function codePoints(text: string): string[] {
  return Array.from(text);
}

/**
 * Builds v1.1 Tweet objects for filter tests the way the service would have: URL-looking words
 * become t.co links with `expanded_url`/`display_url` entities, and #hashtags and @mentions get
 * their entities with code-point indices.
 */
import type { Tweet, User } from '../../../../src/messages/tweet.js';

export interface TweetParts {
  readonly text: string;
  readonly userId?: string;
  readonly screenName?: string;
  readonly protected?: boolean;
  readonly lang?: string;
  readonly filterLevel?: Tweet['filter_level'];
  readonly inReplyToUserId?: string;
  readonly inReplyToStatusId?: string;
  readonly coordinates?: [lon: number, lat: number];
  readonly placeBox?: [swLon: number, swLat: number, neLon: number, neLat: number];
  readonly retweetOf?: Tweet;
  readonly quoteOf?: Tweet;
  /** Screen name → user id for mentions (default: a number derived from the name). */
  readonly mentionIds?: Readonly<Record<string, string>>;
}

let nextId = 1_000_000_000_000_000_000n;

export function buildUser(id: string, screenName: string, isProtected = false): User {
  return {
    id: Number(id),
    id_str: id,
    name: screenName,
    screen_name: screenName,
    location: null,
    url: null,
    description: null,
    translator_type: 'none',
    protected: isProtected,
    verified: false,
    followers_count: 1,
    friends_count: 1,
    listed_count: 0,
    favourites_count: 0,
    statuses_count: 1,
    created_at: 'Mon Jan 01 00:00:00 +0000 2024',
    utc_offset: null,
    time_zone: null,
    geo_enabled: false,
    lang: null,
    contributors_enabled: false,
    is_translator: false,
    profile_background_color: 'C0DEED',
    profile_background_image_url: '',
    profile_background_image_url_https: '',
    profile_background_tile: false,
    profile_link_color: '1DA1F2',
    profile_sidebar_border_color: 'C0DEED',
    profile_sidebar_fill_color: 'DDEEF6',
    profile_text_color: '333333',
    profile_use_background_image: true,
    profile_image_url: '',
    profile_image_url_https: '',
    default_profile: true,
    default_profile_image: false,
    following: null,
    follow_request_sent: null,
    notifications: null,
  };
}

const urlWord = /^(?:https?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/\S*)?$/iu;

export function buildTweet(parts: TweetParts): Tweet {
  nextId += 1n;
  const id = nextId.toString();
  const words = parts.text.split(' ');
  const hashtags: Tweet['entities']['hashtags'] = [];
  const mentions: Tweet['entities']['user_mentions'] = [];
  const urls: Tweet['entities']['urls'] = [];
  const out: string[] = [];
  let offset = 0;
  for (const word of words) {
    const bare = word.replace(/[.,!?"]+$/u, '').replace(/^["]+/u, '');
    const lead = word.indexOf(bare);
    let written = word;
    if (bare.startsWith('#') && bare.length > 1) {
      const name = /^#(\w+)/u.exec(bare)?.[1] ?? '';
      hashtags.push({ text: name, indices: [offset + lead, offset + lead + name.length + 1] });
    } else if (bare.startsWith('@') && bare.length > 1) {
      const name = /^@(\w+)/u.exec(bare)?.[1] ?? '';
      const mentionId = parts.mentionIds?.[name.toLowerCase()] ?? String(9000 + name.length);
      mentions.push({
        screen_name: name,
        name,
        id: Number(mentionId),
        id_str: mentionId,
        indices: [offset + lead, offset + lead + name.length + 1],
      });
    } else if (urlWord.test(bare) && bare.includes('.') && !/^\w+\.$/u.test(bare)) {
      // The service wraps every link in t.co; the text shows the t.co URL.
      const tco = `https://t.co/${(urls.length + 10).toString(36)}AbCdEf`;
      const expanded = /^https?:\/\//u.test(bare) ? bare : `http://${bare}`;
      const display = expanded.replace(/^https?:\/\//u, '');
      written = word.replace(bare, tco);
      urls.push({
        url: tco,
        expanded_url: expanded,
        display_url: display,
        indices: [offset + lead, offset + lead + tco.length],
      });
    }
    out.push(written);
    offset += Array.from(written).length + 1;
  }
  const text = out.join(' ');
  const user = buildUser(parts.userId ?? '42', parts.screenName ?? 'someone', parts.protected);
  const box = parts.placeBox;
  return {
    created_at: 'Thu Jan 01 00:00:00 +0000 2026',
    id: Number(id),
    id_str: id,
    text,
    source: '<a href="https://example.com" rel="nofollow">test</a>',
    truncated: false,
    in_reply_to_status_id: parts.inReplyToStatusId === undefined ? null : 1,
    in_reply_to_status_id_str: parts.inReplyToStatusId ?? null,
    in_reply_to_user_id: parts.inReplyToUserId === undefined ? null : Number(parts.inReplyToUserId),
    in_reply_to_user_id_str: parts.inReplyToUserId ?? null,
    in_reply_to_screen_name: null,
    user,
    geo: parts.coordinates
      ? { type: 'Point', coordinates: [parts.coordinates[1], parts.coordinates[0]] }
      : null,
    coordinates: parts.coordinates ? { type: 'Point', coordinates: parts.coordinates } : null,
    place: box
      ? {
          id: 'p1',
          url: 'https://api.twitter.com/1.1/geo/id/p1.json',
          place_type: 'city',
          name: 'Somewhere',
          full_name: 'Somewhere, XX',
          country_code: 'XX',
          country: 'Somewhere',
          bounding_box: {
            type: 'Polygon',
            coordinates: [
              [
                [box[0], box[1]],
                [box[0], box[3]],
                [box[2], box[3]],
                [box[2], box[1]],
              ],
            ],
          },
          attributes: {},
        }
      : null,
    contributors: null,
    ...(parts.retweetOf && { retweeted_status: parts.retweetOf }),
    ...(parts.quoteOf && {
      quoted_status: parts.quoteOf,
      quoted_status_id: parts.quoteOf.id,
      quoted_status_id_str: parts.quoteOf.id_str,
    }),
    is_quote_status: parts.quoteOf !== undefined,
    quote_count: 0,
    reply_count: 0,
    retweet_count: 0,
    favorite_count: 0,
    entities: { hashtags, urls, user_mentions: mentions, symbols: [] },
    favorited: false,
    retweeted: false,
    filter_level: parts.filterLevel ?? 'low',
    lang: parts.lang ?? 'en',
    timestamp_ms: '1767225600000',
  };
}

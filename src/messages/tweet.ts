/**
 * The v1.1 Tweet object and its children, as the streaming endpoints delivered them.
 *
 * Types only. Ids are 64-bit: `id` is a JSON number that JavaScript's `JSON.parse` rounds above
 * 2^53, so always use the `*_str` twin. Objects may carry fields not listed here (the service
 * added fields over time; consumers must tolerate unknown ones).
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/data-dictionary/object-model/tweet
 */

/** [longitude, latitude] as GeoJSON orders them. */
export type LonLat = [lon: number, lat: number];

/** The Tweet object. */
export interface Tweet {
  /** UTC creation time, e.g. `Wed Oct 10 20:19:24 +0000 2018`. */
  created_at: string;
  /** Snowflake id; rounded by JSON.parse above 2^53, use {@link Tweet.id_str}. */
  id: number;
  id_str: string;
  /**
   * Up to 140 characters; for longer tweets a truncated prefix ending in `…` and a link. `&`,
   * `<` and `>` arrive HTML-escaped (`&amp;`, `&lt;`, `&gt;`), and entity indices count them so.
   */
  text: string;
  /** Code point range of the visible text (present on tweets of the extended era). */
  display_text_range?: [number, number];
  /** The client used, as an HTML anchor. */
  source: string;
  truncated: boolean;
  in_reply_to_status_id: number | null;
  in_reply_to_status_id_str: string | null;
  in_reply_to_user_id: number | null;
  in_reply_to_user_id_str: string | null;
  in_reply_to_screen_name: string | null;
  user: User;
  /** Deprecated [lat, lon] point. */
  geo: { type: 'Point'; coordinates: [lat: number, lon: number] } | null;
  coordinates: { type: 'Point'; coordinates: LonLat } | null;
  place: Place | null;
  contributors: null;
  quoted_status_id?: number;
  quoted_status_id_str?: string;
  quoted_status?: Tweet;
  quoted_status_permalink?: { url: string; expanded: string; display: string };
  retweeted_status?: Tweet;
  is_quote_status: boolean;
  /** Present when `truncated` is true: the whole text and its entities. */
  extended_tweet?: ExtendedTweet;
  quote_count: number;
  reply_count: number;
  retweet_count: number;
  favorite_count: number;
  entities: Entities;
  extended_entities?: ExtendedEntities;
  favorited: boolean;
  retweeted: boolean;
  possibly_sensitive?: boolean;
  /** `none`, `low` or `medium`. */
  filter_level: 'none' | 'low' | 'medium';
  /** BCP 47 code, or `und`. */
  lang: string;
  /** Milliseconds since the epoch, as a string; `(id >> 22) + 1288834974657`. */
  timestamp_ms: string;
  withheld_in_countries?: string[];
}

/** `extended_tweet`: the untruncated text of a tweet longer than 140 characters. */
export interface ExtendedTweet {
  full_text: string;
  display_text_range: [number, number];
  entities: Entities;
  extended_entities?: ExtendedEntities;
}

/**
 * Entity offsets are [start, end) in Unicode code points (not UTF-16 units: an emoji counts once)
 * of the text as delivered, HTML escapes included.
 */
export type Indices = [start: number, end: number];

export interface Entities {
  hashtags: { text: string; indices: Indices }[];
  urls: UrlEntity[];
  user_mentions: {
    screen_name: string;
    name: string;
    id: number;
    id_str: string;
    indices: Indices;
  }[];
  symbols: { text: string; indices: Indices }[];
  media?: MediaEntity[];
}

export interface UrlEntity {
  url: string;
  expanded_url: string;
  display_url: string;
  indices: Indices;
}

export interface MediaEntity extends UrlEntity {
  id: number;
  id_str: string;
  media_url: string;
  media_url_https: string;
  type: 'photo' | 'video' | 'animated_gif';
  sizes: Record<'thumb' | 'small' | 'medium' | 'large', MediaSize>;
  source_status_id?: number;
  source_status_id_str?: string;
  source_user_id?: number;
  source_user_id_str?: string;
  video_info?: {
    aspect_ratio: [number, number];
    duration_millis?: number;
    variants: { bitrate?: number; content_type: string; url: string }[];
  };
}

export interface MediaSize {
  w: number;
  h: number;
  resize: 'fit' | 'crop';
}

export interface ExtendedEntities {
  media: MediaEntity[];
}

/** The User object, as embedded in tweets on the v1.1 streams. */
export interface User {
  id: number;
  id_str: string;
  name: string;
  screen_name: string;
  location: string | null;
  url: string | null;
  description: string | null;
  translator_type: string;
  protected: boolean;
  verified: boolean;
  followers_count: number;
  friends_count: number;
  listed_count: number;
  favourites_count: number;
  statuses_count: number;
  created_at: string;
  utc_offset: number | null;
  time_zone: string | null;
  geo_enabled: boolean;
  lang: string | null;
  contributors_enabled: boolean;
  is_translator: boolean;
  profile_background_color: string;
  profile_background_image_url: string;
  profile_background_image_url_https: string;
  profile_background_tile: boolean;
  profile_link_color: string;
  profile_sidebar_border_color: string;
  profile_sidebar_fill_color: string;
  profile_text_color: string;
  profile_use_background_image: boolean;
  profile_image_url: string;
  profile_image_url_https: string;
  profile_banner_url?: string;
  default_profile: boolean;
  default_profile_image: boolean;
  following: null;
  follow_request_sent: null;
  notifications: null;
  withheld_in_countries?: string[];
}

/**
 * A place: a named area with a bounding box of four [lon, lat] corners, south-west, north-west,
 * north-east, south-east (the ring is not closed: the first corner is not repeated), as stream
 * captures show, e.g. `[[[-114.818269,31.332246],[-114.818269,37.004261],[-109.045152,37.004261],[-109.045152,31.332246]]]`.
 */
export interface Place {
  id: string;
  url: string;
  place_type: 'poi' | 'neighborhood' | 'city' | 'admin' | 'country';
  name: string;
  full_name: string;
  country_code: string;
  country: string;
  bounding_box: { type: 'Polygon'; coordinates: LonLat[][] };
  attributes: Record<string, string>;
}

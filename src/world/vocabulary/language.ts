/**
 * What the world knows about one language: its share of the stream, where its speakers live (for
 * the daily cycle, time zones and places) and a small vocabulary to write plausible tweets and
 * profiles in its script. Shipped as TypeScript so the package needs no data files.
 */

/** A place as the v1.1 Place object describes it; the box is [west, south, east, north] degrees. */
export interface PlaceSpec {
  readonly name: string;
  readonly fullName: string;
  readonly countryCode: string;
  readonly country: string;
  readonly placeType: 'city' | 'admin' | 'neighborhood' | 'poi' | 'country';
  readonly box: readonly [west: number, south: number, east: number, north: number];
}

/** One language of the world. */
export interface LanguageProfile {
  /** The tweet `lang` code as the service wrote it (e.g. `in` for Indonesian). */
  readonly code: string;
  /** Share of tweets, in percent (docs/world.md, "Languages"). */
  readonly share: number;
  /** Representative UTC offset of its speakers, hours; drives the daily cycle. */
  readonly utcOffsetHours: number;
  /** Whether words are separated by spaces (false for Japanese and Thai). */
  readonly spaced: boolean;
  /** Short sentences people tweet. */
  readonly phrases: readonly string[];
  /** Fillers and interjections appended to phrases. */
  readonly words: readonly string[];
  /** Popular hashtags, most popular first (without `#`). */
  readonly hashtags: readonly string[];
  readonly firstNames: readonly string[];
  readonly lastNames: readonly string[];
  /** Profile descriptions. */
  readonly bios: readonly string[];
  /** Free-text profile locations. */
  readonly locations: readonly string[];
  /** Rails-style time zone names with their UTC offsets in seconds (user `time_zone`, `utc_offset`). */
  readonly timeZones: readonly (readonly [name: string, offsetSeconds: number])[];
  readonly places: readonly PlaceSpec[];
  /** Probability that a tweet carries emoji. */
  readonly emojiRate: number;
  /**
   * How often this language's users geotag, relative to the average (1): Huang & Carley (2019)
   * found more than 40 % of Indonesian-speaking users geotagged against under 3 % of Korean.
   */
  readonly geoTagging: number;
  /** Words hashtags are made of, for languages written without spaces. */
  readonly tagWords?: readonly string[];
}

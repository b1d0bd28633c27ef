/**
 * The user population: a fixed number of users, each a pure function of (seed, user index), split
 * into language groups in proportion to the language shares. Within a group, index 0 is the most
 * active user; how often a user tweets follows a shifted power law (docs/world.md, "Users").
 *
 * User ids are invertible: accounts created before 2016 get sequential ids below 2^33, later ones
 * snowflake ids carrying their creation time and signup order, so `findById` needs no index.
 *
 * Speed: every piece of a profile is pre-escaped once per language, and each user's JSON is kept
 * in a bounded direct-mapped cache as one flat string.
 */
import { formatCreatedAt } from './created-at.js';
import { jsonString, jsonStringBody } from './json-escape.js';
import { hashKey, Random } from './random.js';
import { snowflakeId } from './snowflake.js';
import type { LanguageProfile } from './vocabulary/index.js';

/** Everything the world needs to know about one user; the JSON is built on first use. */
export interface UserRecord {
  readonly index: number;
  readonly language: LanguageProfile;
  /** Index within its language group (0 = most active). */
  readonly activityRank: number;
  readonly idStr: string;
  readonly screenName: string;
  /** The display name as a JSON string literal. */
  readonly nameJson: string;
  readonly createdAtMs: number;
  readonly followersCount: number;
  readonly friendsCount: number;
  readonly geoEnabled: boolean;
  readonly verified: boolean;
  /** Index into the language's places where this user usually tweets from. */
  readonly homePlace: number;
  /** The serialized User object (built lazily, then kept with the record). */
  json: string | undefined;
  /** The record's own seeded state, to build the JSON lazily. */
  readonly fieldState: number;
}

/** A name part: its JSON body and an ASCII handle stem (empty for non-Latin scripts). */
interface NamePart {
  readonly body: string;
  readonly stem: string;
}

/** A language's profile vocabulary, pre-escaped. */
interface ProfileVocabulary {
  readonly firstNames: readonly NamePart[];
  readonly lastNames: readonly NamePart[];
  /** Profile descriptions as JSON string bodies (without quotes). */
  readonly bios: readonly string[];
  readonly locations: readonly string[];
  /** `"utc_offset":…,"time_zone":"…"` fragments. */
  readonly timeZones: readonly string[];
  readonly lastNameFirst: boolean;
  readonly latin: boolean;
  readonly userLang: string;
}

/** Stream numbers separating the uses of the seed. */
const userStream = 11;
const permutationStream = 12;

const firstSequentialId = 12;
const sequentialIdRange = 4_400_000_000;
/** Accounts created on or after this date have snowflake ids [C: the switch happened around then]. */
const snowflakeUserIdsFromMs = Date.UTC(2016, 0, 1);
/** When the oldest account was created. */
const firstAccountMs = Date.UTC(2006, 6, 15);
/** Signup times follow (order / size)^0.7 between the first and the last account. */
const signupCurve = 0.7;

const syllableOnsets = ['k', 's', 't', 'n', 'h', 'm', 'y', 'r', 'w', 'g', 'z', 'd', 'b', 'p', ''];
const syllableVowels = ['a', 'i', 'u', 'e', 'o'];
const latinScript = /^[\p{Script=Latin}\s.'-]+$/u;
const combiningMarks = /\p{M}/gu;
const notHandle = /[^a-z]/g;
const nameEmoji: readonly string[] = ['✨', '🌸', '💙', '⚽', '🇺🇸', '🏳️‍🌈', '🎮'].map((symbol) =>
  jsonStringBody(` ${symbol}`),
);
const noTimeZone = '"utc_offset":null,"time_zone":null';
const descriptionEmoji: readonly string[] = [' ✨', ' 🌸', ' 💙', ' 📷', ' ⚽', ' 🎶'].map(
  (symbol) => jsonStringBody(symbol),
);
const defaultTheme =
  '"profile_background_color":"F5F8FA","profile_background_image_url":"","profile_background_image_url_https":"","profile_background_tile":false,"profile_link_color":"1DA1F2","profile_sidebar_border_color":"C0DEED","profile_sidebar_fill_color":"DDEEF6","profile_text_color":"333333","profile_use_background_image":true,';
/** Custom themes as the profile settings offered them, pre-serialized (both tile values). */
const customThemes: readonly string[] = [
  ['C0DEED', '1DA1F2', 'C0DEED', 'DDEEF6', '333333'],
  ['000000', '1B95E0', '000000', '000000', '000000'],
  ['FFFFFF', '0084B4', 'FFFFFF', 'DDEEF6', '333333'],
  ['131516', '009999', 'EEEEEE', 'EFEFEF', '333333'],
  ['642D8B', 'FF0000', '65B0DA', '7AC3EE', '3D1957'],
  ['ACDED6', '038543', 'EEEEEE', 'F6F6F6', '333333'],
  ['1A1B1F', '2FC2EF', '181A1E', '252429', '666666'],
  ['FF6699', 'B40B43', 'CC3366', 'E5507E', '362720'],
  ['352726', 'D02B55', '829D5E', '99CC33', '3E4415'],
  ['EDECE9', '088253', 'D3D2CF', 'E3E2DE', '634047'],
].flatMap(([background, link, border, fill, text]) =>
  [false, true].flatMap((tile) =>
    [true, false].map(
      (useImage) =>
        `"profile_background_color":"${background}",` +
        '"profile_background_image_url":"http:\\/\\/abs.twimg.com\\/images\\/themes\\/theme1\\/bg.png",' +
        '"profile_background_image_url_https":"https:\\/\\/abs.twimg.com\\/images\\/themes\\/theme1\\/bg.png",' +
        `"profile_background_tile":${tile},"profile_link_color":"${link}",` +
        `"profile_sidebar_border_color":"${border}","profile_sidebar_fill_color":"${fill}",` +
        `"profile_text_color":"${text}","profile_use_background_image":${useImage},`,
    ),
  ),
);
const defaultImagePath =
  'abs.twimg.com\\/sticky\\/default_profile_images\\/default_profile_normal.png';
const imageAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const imageCodes = Array.from(imageAlphabet, (character) => character.charCodeAt(0));
/*
 * Runs of the profile JSON that differ only by a few flags, pre-joined: each piece of a message
 * costs time of its own when the message is joined and written (docs/world.md, "Speed").
 */
const translatorTypes = ['none', 'regular', 'badged'] as const;
/** `"translator_type":…` through `"followers_count":`, by translator type × 2 + verified. */
const translatorAndVerified = translatorTypes.flatMap((type) =>
  [false, true].map(
    (verified) =>
      `"translator_type":"${type}","protected":false,"verified":${verified},"followers_count":`,
  ),
);
/** `"geo_enabled":…,"lang":"`, by geo_enabled. */
const geoEnabledAndLang = [false, true].map((geo) => `"geo_enabled":${geo},"lang":"`);
/** From `"default_profile"` to the end of the object, by default_profile × 2 + default image. */
const profileDefaultsEnd = [false, true].flatMap((profile) =>
  [false, true].map(
    (image) =>
      `"default_profile":${profile},"default_profile_image":${image},` +
      '"following":null,"follow_request_sent":null,"notifications":null}',
  ),
);

function namePart(raw: string): NamePart {
  const stem = latinScript.test(raw)
    ? raw.normalize('NFD').replace(combiningMarks, '').toLowerCase().replace(notHandle, '')
    : '';
  return { body: jsonStringBody(raw), stem };
}

const vocabularies = new WeakMap<LanguageProfile, ProfileVocabulary>();

/** A language's profile vocabulary, pre-escaped on first use. */
function vocabularyOf(language: LanguageProfile): ProfileVocabulary {
  const cached = vocabularies.get(language);
  if (cached !== undefined) return cached;
  const firstNames = language.firstNames.map(namePart);
  const vocabulary: ProfileVocabulary = {
    firstNames,
    lastNames: language.lastNames.map(namePart),
    bios: language.bios.map((bio) => jsonStringBody(bio)),
    locations: language.locations.map((location) => jsonString(location)),
    timeZones: language.timeZones.map(
      ([name, offset]) => `"utc_offset":${offset},"time_zone":${jsonString(name)}`,
    ),
    lastNameFirst: language.code === 'ja' || language.code === 'ko',
    latin: firstNames.every((part) => part.stem !== ''),
    userLang: language.code === 'in' ? 'id' : language.code,
  };
  vocabularies.set(language, vocabulary);
  return vocabulary;
}

/** The population: maps user indices to records, with a bounded cache. */
export class UserPopulation {
  readonly size: number;
  readonly #seed: number;
  readonly #languages: readonly LanguageProfile[];
  readonly #vocabularies: readonly ProfileVocabulary[];
  /** First user index of each language group, plus the total at the end. */
  readonly #groupStarts: number[];
  readonly #multiplier: number;
  readonly #inverseMultiplier: number;
  readonly #increment: number;
  readonly #sequentialCount: number;
  readonly #stride: number;
  readonly #lastAccountMs: number;
  readonly #cache: (UserRecord | undefined)[];
  readonly #cacheMask: number;

  /**
   * @param seed - the world seed
   * @param size - number of users (at most 2^22, so snowflake ids stay invertible)
   * @param languages - the language groups and their shares
   * @param lastAccountMs - the newest account's creation time
   */
  constructor(
    seed: number,
    size: number,
    languages: readonly LanguageProfile[],
    lastAccountMs: number,
  ) {
    this.size = size;
    this.#seed = seed;
    this.#languages = languages;
    this.#vocabularies = languages.map(vocabularyOf);
    const totalShare = languages.reduce((sum, language) => sum + language.share, 0);
    this.#groupStarts = [0];
    let start = 0;
    languages.forEach((language, position) => {
      const groupSize =
        position === languages.length - 1
          ? size - start
          : Math.max(1, Math.round((size * language.share) / totalShare));
      start += groupSize;
      this.#groupStarts.push(start);
    });
    // A bijection on [0, size): signup order = (multiplier × index + increment) mod size.
    this.#multiplier = coprimeMultiplier(size, hashKey(seed, permutationStream, 0));
    this.#inverseMultiplier = modularInverse(this.#multiplier, size);
    this.#increment = hashKey(seed, permutationStream, 1) % size;
    this.#lastAccountMs = Math.max(lastAccountMs, firstAccountMs + 86_400_000);
    const sequentialFraction = Math.min(
      1,
      Math.pow(
        (snowflakeUserIdsFromMs - firstAccountMs) / (this.#lastAccountMs - firstAccountMs),
        1 / signupCurve,
      ),
    );
    this.#sequentialCount = Math.ceil(size * sequentialFraction);
    this.#stride = Math.floor(sequentialIdRange / Math.max(1, this.#sequentialCount));
    // Tiny on purpose: under a realistic (flat) activity law most lookups would miss a cache of
    // any affordable size, and every cached record (with its profile JSON) is copied by each
    // young-generation GC while it stays: 256 slots made half of what each scavenge copied, 16
    // still serve the lookups one event repeats (docs/world.md, "Speed").
    const cacheSize = 1 << 4;
    this.#cache = new Array<UserRecord | undefined>(cacheSize);
    this.#cacheMask = cacheSize - 1;
  }

  /** The global user index of the `rank`-th most active user of a language group. */
  indexOf(languagePosition: number, rank: number): number {
    return (this.#groupStarts[languagePosition] ?? 0) + rank;
  }

  /** How many users a language group has. */
  groupSize(languagePosition: number): number {
    return (
      (this.#groupStarts[languagePosition + 1] ?? 0) - (this.#groupStarts[languagePosition] ?? 0)
    );
  }

  /** The user at a global index (cached). */
  get(index: number): UserRecord {
    const slot = index & this.#cacheMask;
    const cached = this.#cache[slot];
    if (cached?.index === index) return cached;
    const record = this.#make(index);
    this.#cache[slot] = record;
    return record;
  }

  /** The user with a given id, or undefined when no user of this world has it. */
  findById(idStr: string): UserRecord | undefined {
    if (!/^[1-9][0-9]{0,19}$/.test(idStr)) return undefined;
    const order =
      idStr.length >= 17
        ? this.#sequentialCount + Number(BigInt(idStr) & 0x3f_ffffn)
        : Math.floor((Number(idStr) - firstSequentialId) / this.#stride);
    if (order < 0 || order >= this.size) return undefined;
    const shifted = (order - this.#increment + this.size) % this.size;
    const record = this.get(mulMod(shifted, this.#inverseMultiplier, this.size));
    return record.idStr === idStr ? record : undefined;
  }

  /** The user with a given screen name (case-insensitive), or undefined. */
  findByScreenName(screenName: string): UserRecord | undefined {
    const match = /([0-9]+)$/.exec(screenName);
    if (match?.[1] === undefined) return undefined;
    const index = Number(match[1]);
    if (!Number.isSafeInteger(index) || index >= this.size) return undefined;
    const record = this.get(index);
    return record.screenName.toLowerCase() === screenName.toLowerCase() ? record : undefined;
  }

  /** The serialized User object of a record. */
  json(record: UserRecord): string {
    let json = record.json;
    if (json === undefined) {
      json = writeUserJson(record, this.#lastAccountMs);
      record.json = json;
    }
    return json;
  }

  #make(index: number): UserRecord {
    const random = new Random(hashKey(this.#seed, userStream, index));
    let position = 0;
    while ((this.#groupStarts[position + 1] ?? Infinity) <= index) position += 1;
    const language = this.#languages[position];
    const vocabulary = this.#vocabularies[position];
    if (language === undefined || vocabulary === undefined) {
      throw new RangeError(`no language group holds user ${index}`);
    }
    const activityRank = index - (this.#groupStarts[position] ?? 0);
    const order = (mulMod(index, this.#multiplier, this.size) + this.#increment) % this.size;
    const createdAtMs = Math.floor(
      firstAccountMs +
        Math.pow(order / this.size, signupCurve) * (this.#lastAccountMs - firstAccountMs),
    );
    const idStr =
      order < this.#sequentialCount
        ? String(firstSequentialId + order * this.#stride + random.below(this.#stride))
        : snowflakeId(createdAtMs, (order - this.#sequentialCount) & 0x3f_ffff);
    // Display name: first name alone, or with the last name (last name first in ja and ko).
    const first = random.pick(vocabulary.firstNames);
    const last = random.pick(vocabulary.lastNames);
    const style = random.next();
    let nameBody: string;
    if (style < 0.2) nameBody = first.body;
    else if (vocabulary.lastNameFirst) nameBody = last.body + first.body;
    else nameBody = `${first.body} ${last.body}`;
    if (random.chance(0.08)) nameBody += random.pick(nameEmoji);
    const screenName = makeScreenName(vocabulary, first, last, index, random);
    // Followers: log-normal (heavy-tailed but not a power law, Kwak et al. 2010), larger for the
    // more active users (LDBC: activity correlates with degree).
    const activityBoost = Math.pow(1 + 5000 / (activityRank + 100), 0.7);
    const followersCount = Math.min(
      120_000_000,
      Math.round(random.logNormal(150, 1.7) * activityBoost),
    );
    const friendsCount = Math.min(400_000, Math.round(random.logNormal(250, 1.1)));
    const verified =
      followersCount > 500_000
        ? random.chance(0.4)
        : followersCount > 50_000
          ? random.chance(0.05)
          : random.chance(0.0005);
    return {
      index,
      language,
      activityRank,
      idStr,
      screenName,
      nameJson: `"${nameBody}"`,
      createdAtMs,
      followersCount,
      friendsCount,
      geoEnabled: random.chance(0.35),
      verified,
      homePlace: random.below(language.places.length),
      json: undefined,
      fieldState: random.nextUint32(),
    };
  }
}

/**
 * Serializes a user record as the v1.1 User object embedded in stream tweets (field order as in
 * captures of 2017–2018; no `entities`, which only REST responses carried).
 *
 * @param record - the user
 * @param lastAccountMs - "now" for the profile (account age sets `statuses_count`)
 */
export function writeUserJson(record: UserRecord, lastAccountMs: number): string {
  const random = new Random(record.fieldState);
  const vocabulary = vocabularyOf(record.language);
  const ageMs = Math.max(86_400_000, lastAccountMs - record.createdAtMs);
  const activityBoost = Math.pow(1 + 2000 / (record.activityRank + 200), 0.5);
  const statusesCount = Math.round((ageMs / 86_400_000) * random.logNormal(2, 1.3) * activityBoost);
  const listedCount = Math.round(record.followersCount * random.logNormal(0.004, 0.8));
  const favouritesCount = Math.round(random.logNormal(1500, 1.8));
  const locationUnit = random.next();
  const location =
    locationUnit < 0.35 ? 'null' : locationUnit < 0.4 ? '""' : random.pick(vocabulary.locations);
  const descriptionUnit = random.next();
  // A quarter have none; many combine two lines, some end in an emoji [C].
  let description = 'null';
  if (descriptionUnit >= 0.25) {
    description = random.pick(vocabulary.bios);
    if (descriptionUnit >= 0.55) description += ` | ${random.pick(vocabulary.bios)}`;
    if (random.chance(0.2)) description += random.pick(descriptionEmoji);
    description = `"${description}"`;
  }
  const url = random.chance(0.25)
    ? `"https:\\/\\/www.instagram.com\\/${record.screenName.toLowerCase()}\\/"`
    : 'null';
  const translatorUnit = random.next();
  const translatorType = translatorUnit < 0.95 ? 0 : translatorUnit < 0.99 ? 1 : 2;
  const timeZone =
    random.chance(0.65) && vocabulary.timeZones.length > 0
      ? random.pick(vocabulary.timeZones)
      : noTimeZone;
  const userLang = random.chance(0.25) ? 'en' : vocabulary.userLang;
  const defaultProfile = random.chance(0.55);
  const theme = defaultProfile ? defaultTheme : random.pick(customThemes);
  const defaultImage = random.chance(0.03);
  let imagePath = defaultImagePath;
  if (!defaultImage) {
    const imageTime = Math.max(
      record.createdAtMs + random.below(Math.floor(ageMs)),
      Date.UTC(2011, 0, 1),
    );
    const key = String.fromCharCode(
      imageCodes[random.below(64)] ?? 0,
      imageCodes[random.below(64)] ?? 0,
      imageCodes[random.below(64)] ?? 0,
      imageCodes[random.below(64)] ?? 0,
      imageCodes[random.below(64)] ?? 0,
      imageCodes[random.below(64)] ?? 0,
      imageCodes[random.below(64)] ?? 0,
      imageCodes[random.below(64)] ?? 0,
    );
    imagePath = `pbs.twimg.com\\/profile_images\\/${snowflakeId(imageTime, random.below(4_194_304))}\\/${key}_normal.jpg`;
  }
  const banner = random.chance(0.6)
    ? `"profile_banner_url":"https:\\/\\/pbs.twimg.com\\/profile_banners\\/${record.idStr}\\/` +
      `${Math.floor((record.createdAtMs + random.below(Math.floor(ageMs))) / 1000)}",`
    : '';
  return (
    `{"id":${record.idStr},"id_str":"${record.idStr}","name":${record.nameJson},` +
    `"screen_name":"${record.screenName}","location":${location},"url":${url},` +
    `"description":${description},` +
    `${translatorAndVerified[translatorType * 2 + (record.verified ? 1 : 0)]}${record.followersCount},` +
    `"friends_count":${record.friendsCount},"listed_count":${listedCount},` +
    `"favourites_count":${favouritesCount},"statuses_count":${statusesCount},` +
    `"created_at":"${formatCreatedAt(record.createdAtMs)}",${timeZone},` +
    `${geoEnabledAndLang[record.geoEnabled ? 1 : 0]}${userLang}","contributors_enabled":false,` +
    `"is_translator":false,${theme}` +
    `"profile_image_url":"http:\\/\\/${imagePath}","profile_image_url_https":"https:\\/\\/${imagePath}",` +
    `${banner}${profileDefaultsEnd[(defaultProfile ? 2 : 0) + (defaultImage ? 1 : 0)]}`
  );
}

/**
 * A handle: a stem from the name (romanized syllables for non-Latin scripts) and the user index
 * in decimal, which keeps handles unique and lets `findByScreenName` invert them. At most 15
 * characters, as the service allowed.
 */
function makeScreenName(
  vocabulary: ProfileVocabulary,
  first: NamePart,
  last: NamePart,
  index: number,
  random: Random,
): string {
  const digits = String(index);
  let stem: string;
  if (vocabulary.latin && first.stem !== '') {
    const style = random.below(4);
    stem =
      style === 0
        ? first.stem
        : style === 1
          ? `${first.stem}_${last.stem}`
          : style === 2
            ? first.stem + last.stem.slice(0, 1)
            : `the${first.stem}`;
    if (random.chance(0.3)) stem = stem.charAt(0).toUpperCase() + stem.slice(1);
  } else {
    stem = '';
    const syllables = 2 + random.below(3);
    for (let count = 0; count < syllables; count++) {
      stem += random.pick(syllableOnsets) + random.pick(syllableVowels);
    }
    if (random.chance(0.3)) stem += '_';
  }
  const room = 15 - digits.length;
  if (stem.length > room) stem = stem.slice(0, room);
  if (stem.endsWith('_') && stem.length === room) stem = stem.slice(0, -1);
  return stem + digits;
}

/** (a × b) mod m without losing precision for a, b, m < 2^32. */
function mulMod(a: number, b: number, m: number): number {
  const high = Math.floor(b / 65536);
  const low = b - high * 65536;
  return (((((a * high) % m) * 65536) % m) + ((a * low) % m)) % m;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** A multiplier coprime with `size`, derived from a hash, for the signup permutation. */
function coprimeMultiplier(size: number, hash: number): number {
  if (size <= 2) return 1;
  let candidate = (hash % (size - 1)) + 1;
  while (gcd(candidate, size) !== 1) candidate = (candidate % (size - 1)) + 1;
  return candidate;
}

/** The inverse of `a` modulo `m` (extended Euclid); `a` and `m` are coprime. */
function modularInverse(a: number, m: number): number {
  if (m === 1) return 0;
  let [oldR, r] = [a, m];
  let [oldS, s] = [1, 0];
  while (r !== 0) {
    const quotient = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  return ((oldS % m) + m) % m;
}

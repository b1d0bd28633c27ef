/**
 * The world's languages in stream order, with their shares (percent of tweets). The remaining 6 %
 * are `und`: tweets of only emoji, mentions or links, written by users of any language.
 *
 * Shares: Semiocast's September 2013 study (en 34 %, ja 16 %, es 12 %, ms 8 %, pt 6 %, ar 6 %,
 * fr 2 %, tr 2 %, th 1 %, ko 1 %, other 12 %); its "Malay" is split into Indonesian (`in`, 6 %)
 * and Malay (2 %), and "other" into ru, de, it, tl, hi and `und` [C]. See docs/world.md.
 */
import { arabic } from './ar.js';
import { german } from './de.js';
import { english } from './en.js';
import { spanish } from './es.js';
import { french } from './fr.js';
import { hindi } from './hi.js';
import { indonesian } from './in.js';
import { italian } from './it.js';
import { japanese } from './ja.js';
import { korean } from './ko.js';
import type { LanguageProfile } from './language.js';
import { malay } from './ms.js';
import { portuguese } from './pt.js';
import { russian } from './ru.js';
import { thai } from './th.js';
import { tagalog } from './tl.js';
import { turkish } from './tr.js';

export type { LanguageProfile, PlaceSpec } from './language.js';

/** Every language with its own users, largest first. */
export const languages: readonly LanguageProfile[] = [
  english,
  japanese,
  spanish,
  indonesian,
  portuguese,
  arabic,
  malay,
  french,
  turkish,
  russian,
  thai,
  korean,
  german,
  italian,
  tagalog,
  hindi,
];

/** Share of tweets (percent) whose language is undetermined (`und`). */
export const undeterminedShare = 6;

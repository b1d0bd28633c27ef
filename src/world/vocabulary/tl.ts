import type { LanguageProfile } from './language.js';

/** Tagalog: the Philippines. */
export const tagalog: LanguageProfile = {
  code: 'tl',
  share: 1,
  utcOffsetHours: 8,
  spaced: true,
  phrases: [
    'magandang umaga sa inyong lahat',
    'ang init naman ngayon',
    'gutom na ako',
    'happy birthday bes, mahal kita',
    'sana all',
    'pagod na pagod na ako',
    'salamat sa lahat',
  ],
  words: ['hahaha', 'haha', 'talaga', 'naman', 'grabe', 'lang', 'sige'],
  hashtags: ['PBB', 'KathNiel', 'Manila', 'ALDUB'],
  firstNames: ['Maria', 'Juan', 'Angel', 'Mark', 'Kristine', 'Paolo', 'Joy', 'Carlo'],
  lastNames: ['Santos', 'Reyes', 'Cruz', 'Bautista', 'Ocampo', 'Garcia'],
  bios: ['simpleng tao lang', 'official account', 'Manila girl', 'God is good'],
  locations: ['Manila, Philippines', 'Quezon City', 'Cebu City', 'Philippines', 'Davao'],
  timeZones: [['Manila', 28800]],
  places: [
    {
      name: 'Quezon City',
      fullName: 'Quezon City, National Capital Region',
      countryCode: 'PH',
      country: 'Republic of the Philippines',
      placeType: 'city',
      box: [121.0, 14.6, 121.13, 14.76],
    },
    {
      name: 'Manila',
      fullName: 'Manila, National Capital Region',
      countryCode: 'PH',
      country: 'Republic of the Philippines',
      placeType: 'city',
      box: [120.95, 14.55, 121.03, 14.64],
    },
  ],
  emojiRate: 0.35,
  geoTagging: 1.5,
};

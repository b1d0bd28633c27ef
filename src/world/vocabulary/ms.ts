import type { LanguageProfile } from './language.js';

/** Malay: Malaysia. */
export const malay: LanguageProfile = {
  code: 'ms',
  share: 2,
  utcOffsetHours: 8,
  spaced: true,
  phrases: [
    'selamat pagi kawan kawan',
    'lapar gila malam ni',
    'esok cuti ke?',
    'rindu kampung',
    'tak sabar nak balik raya',
    'hujan lebat kat sini',
    'jom makan nasi lemak',
    'penatnya hari ni',
    'terima kasih semua',
  ],
  words: ['hahaha', 'haha', 'weh', 'lah', 'kot', 'je', 'ni', 'tu'],
  hashtags: ['Malaysia', 'KualaLumpur', 'HarimauMalaya', 'RayaTime'],
  firstNames: ['Nur', 'Ahmad', 'Aisyah', 'Haziq', 'Siti', 'Amirul', 'Farah', 'Hafiz'],
  lastNames: ['Abdullah', 'Ismail', 'Ibrahim', 'Hassan', 'Rahman', 'Yusof'],
  bios: ['budak KL', 'suka makan', 'akaun rasmi', 'pelajar UiTM'],
  locations: ['Kuala Lumpur', 'Selangor, Malaysia', 'Malaysia', 'Johor Bahru', 'Penang'],
  timeZones: [
    ['Kuala Lumpur', 28800],
    ['Singapore', 28800],
  ],
  places: [
    {
      name: 'Kuala Lumpur City',
      fullName: 'Kuala Lumpur City, Kuala Lumpur Federal Territory',
      countryCode: 'MY',
      country: 'Malaysia',
      placeType: 'city',
      box: [101.61, 3.04, 101.76, 3.24],
    },
    {
      name: 'Shah Alam',
      fullName: 'Shah Alam, Selangor',
      countryCode: 'MY',
      country: 'Malaysia',
      placeType: 'city',
      box: [101.44, 2.98, 101.6, 3.12],
    },
  ],
  emojiRate: 0.3,
  geoTagging: 2,
};

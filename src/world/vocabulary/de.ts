import type { LanguageProfile } from './language.js';

/** German. */
export const german: LanguageProfile = {
  code: 'de',
  share: 1,
  utcOffsetHours: 1,
  spaced: true,
  phrases: [
    'guten Morgen zusammen',
    'endlich Wochenende',
    'was für ein Spiel heute',
    'alles Gute zum Geburtstag',
    'schon wieder Montag',
    'die Bahn hat mal wieder Verspätung',
    'danke für eure Unterstützung',
  ],
  words: ['haha', 'krass', 'echt', 'heute', 'mega', 'halt', 'na ja'],
  hashtags: ['Bundesliga', 'FCBayern', 'BVB', 'Berlin', 'Tatort'],
  firstNames: ['Lukas', 'Anna', 'Felix', 'Laura', 'Jonas', 'Lena', 'Leon', 'Marie'],
  lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Becker'],
  bios: ['Fußball, Bier und gute Laune', 'offizieller Account', 'Studentin in Berlin', 'Tech-Nerd'],
  locations: ['Berlin, Deutschland', 'München', 'Hamburg', 'Deutschland', 'Wien'],
  timeZones: [
    ['Berlin', 3600],
    ['Vienna', 3600],
    ['Bern', 3600],
  ],
  places: [
    {
      name: 'Berlin',
      fullName: 'Berlin, Deutschland',
      countryCode: 'DE',
      country: 'Deutschland',
      placeType: 'city',
      box: [13.09, 52.34, 13.76, 52.68],
    },
    {
      name: 'München',
      fullName: 'München, Bayern',
      countryCode: 'DE',
      country: 'Deutschland',
      placeType: 'city',
      box: [11.36, 48.06, 11.72, 48.25],
    },
  ],
  emojiRate: 0.2,
  geoTagging: 0.7,
};

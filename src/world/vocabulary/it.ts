import type { LanguageProfile } from './language.js';

/** Italian. */
export const italian: LanguageProfile = {
  code: 'it',
  share: 1,
  utcOffsetHours: 1,
  spaced: true,
  phrases: [
    'buongiorno a tutti',
    'che partita stasera',
    'finalmente venerdì',
    'tanti auguri amore mio',
    'non ce la faccio più',
    'che caldo oggi a Roma',
    'grazie di cuore a tutti',
  ],
  words: ['ahahah', 'boh', 'dai', 'oggi', 'troppo', 'vabbè', 'raga'],
  hashtags: ['SerieA', 'Juventus', 'Milan', 'Inter', 'Sanremo'],
  firstNames: ['Giulia', 'Marco', 'Francesca', 'Alessandro', 'Chiara', 'Matteo', 'Sara', 'Luca'],
  lastNames: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano'],
  bios: ['tifoso della Juve', 'account ufficiale', 'studentessa a Milano', 'amo viaggiare'],
  locations: ['Roma, Lazio', 'Milano, Lombardia', 'Napoli', 'Italia', 'Torino'],
  timeZones: [['Rome', 3600]],
  places: [
    {
      name: 'Roma',
      fullName: 'Roma, Lazio',
      countryCode: 'IT',
      country: 'Italia',
      placeType: 'city',
      box: [12.34, 41.8, 12.62, 41.99],
    },
    {
      name: 'Milano',
      fullName: 'Milano, Lombardia',
      countryCode: 'IT',
      country: 'Italia',
      placeType: 'city',
      box: [9.04, 45.39, 9.28, 45.54],
    },
  ],
  emojiRate: 0.3,
  geoTagging: 1,
};

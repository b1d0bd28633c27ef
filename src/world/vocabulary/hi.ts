import type { LanguageProfile } from './language.js';

/** Hindi: India. */
export const hindi: LanguageProfile = {
  code: 'hi',
  share: 1,
  utcOffsetHours: 5.5,
  spaced: true,
  phrases: [
    'सुप्रभात दोस्तों',
    'आज बहुत गर्मी है',
    'जन्मदिन की हार्दिक शुभकामनाएं',
    'भारत माता की जय',
    'क्या शानदार मैच था',
    'सबको धन्यवाद',
    'आज का दिन अच्छा रहा',
  ],
  words: ['हाहा', 'बहुत', 'आज', 'जी', 'भाई', 'सच में'],
  hashtags: ['भारत', 'IPL', 'Bollywood', 'मोदी', 'क्रिकेट'],
  firstNames: ['राहुल', 'प्रिया', 'अमित', 'अंजलि', 'विकास', 'पूजा', 'रोहित', 'नेहा'],
  lastNames: ['शर्मा', 'वर्मा', 'सिंह', 'गुप्ता', 'कुमार', 'यादव'],
  bios: ['देशभक्त 🇮🇳', 'आधिकारिक खाता', 'क्रिकेट प्रेमी', 'छात्र'],
  locations: ['नई दिल्ली, भारत', 'मुंबई', 'लखनऊ', 'भारत', 'जयपुर'],
  timeZones: [
    ['New Delhi', 19800],
    ['Mumbai', 19800],
    ['Kolkata', 19800],
    ['Chennai', 19800],
  ],
  places: [
    {
      name: 'New Delhi',
      fullName: 'New Delhi, India',
      countryCode: 'IN',
      country: 'India',
      placeType: 'city',
      box: [76.84, 28.4, 77.35, 28.88],
    },
    {
      name: 'Lucknow',
      fullName: 'Lucknow, India',
      countryCode: 'IN',
      country: 'India',
      placeType: 'city',
      box: [80.85, 26.75, 81.05, 26.95],
    },
  ],
  emojiRate: 0.3,
  geoTagging: 0.8,
};

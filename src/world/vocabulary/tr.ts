import type { LanguageProfile } from './language.js';

/** Turkish. */
export const turkish: LanguageProfile = {
  code: 'tr',
  share: 2,
  utcOffsetHours: 3,
  spaced: true,
  phrases: [
    'günaydın herkese',
    'bugün çok yorgunum',
    'maç ne zaman başlıyor',
    'iyi ki doğdun canım',
    'hafta sonu geldi sonunda',
    'bu şarkıya bayılıyorum',
    'hayırlı cumalar',
    'kahve içmeden konuşamam',
    'İstanbul trafiği yine berbat',
  ],
  words: ['ahahaha', 'aynen', 'valla', 'ya', 'çok', 'bence', 'bugün'],
  hashtags: ['Galatasaray', 'Fenerbahçe', 'Beşiktaş', 'İstanbul', 'Türkiye', 'sondakika'],
  firstNames: ['Ayşe', 'Mehmet', 'Elif', 'Mustafa', 'Zeynep', 'Emre', 'Merve', 'Burak'],
  lastNames: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Aydın'],
  bios: ['Galatasaray aşkı 💛❤️', 'resmi hesap', 'öğrenci', 'hayat güzel'],
  locations: ['İstanbul, Türkiye', 'Ankara', 'İzmir', 'Türkiye', 'Bursa'],
  timeZones: [
    ['Istanbul', 10800],
    ['Athens', 7200],
  ],
  places: [
    {
      name: 'İstanbul',
      fullName: 'İstanbul, Türkiye',
      countryCode: 'TR',
      country: 'Türkiye',
      placeType: 'admin',
      box: [28.6, 40.8, 29.3, 41.2],
    },
    {
      name: 'Ankara',
      fullName: 'Ankara, Türkiye',
      countryCode: 'TR',
      country: 'Türkiye',
      placeType: 'admin',
      box: [32.6, 39.8, 33.0, 40.05],
    },
  ],
  emojiRate: 0.3,
  geoTagging: 1.5,
};

import type { LanguageProfile } from './language.js';

/** Thai: written without spaces between words. */
export const thai: LanguageProfile = {
  code: 'th',
  share: 1,
  utcOffsetHours: 7,
  spaced: false,
  phrases: [
    'สวัสดีตอนเช้า',
    'วันนี้เหนื่อยมาก',
    'คิดถึงนะ',
    'หิวข้าวแล้ว',
    'ฝนตกอีกแล้ว',
    'สุขสันต์วันเกิด',
    'ขอบคุณมากค่ะ',
    'ดูคอนเสิร์ตมาสนุกมาก',
  ],
  words: ['555', '5555', 'จริงๆ', 'มาก', 'นะ', 'ค่ะ', 'ครับ'],
  hashtags: ['ไบร์ทวิน', 'BNK48', 'กรุงเทพ', 'ดราม่า'],
  firstNames: ['สมชาย', 'สุดารัตน์', 'ณัฐพล', 'พิมพ์ชนก', 'ธนากร', 'กมลชนก'],
  lastNames: ['ศรีสุข', 'วงศ์ใหญ่', 'แสงทอง', 'ใจดี'],
  bios: ['รักแมว', 'นักศึกษา', 'บัญชีทางการ', 'ชอบเที่ยว'],
  locations: ['กรุงเทพมหานคร', 'Bangkok, Thailand', 'เชียงใหม่', 'ประเทศไทย'],
  timeZones: [['Bangkok', 25200]],
  places: [
    {
      name: 'Bangkok',
      fullName: 'Bangkok, Thailand',
      countryCode: 'TH',
      country: 'Thailand',
      placeType: 'city',
      box: [100.33, 13.49, 100.94, 13.96],
    },
    {
      name: 'Chiang Mai',
      fullName: 'Chiang Mai, Thailand',
      countryCode: 'TH',
      country: 'Thailand',
      placeType: 'city',
      box: [98.9, 18.7, 99.05, 18.85],
    },
  ],
  emojiRate: 0.35,
  geoTagging: 1.2,
  tagWords: ['ฟุตบอล', 'เพลง', 'กาแฟ', 'แมว', 'หนัง', 'เที่ยว', 'อาหาร', 'คอนเสิร์ต', 'ละคร', 'ทะเล'],
};

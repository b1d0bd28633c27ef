import type { LanguageProfile } from './language.js';

/** Korean. */
export const korean: LanguageProfile = {
  code: 'ko',
  share: 1,
  utcOffsetHours: 9,
  spaced: true,
  phrases: [
    '좋은 아침이에요',
    '오늘 너무 피곤하다',
    '생일 축하해',
    '컴백 너무 기대돼',
    '배고프다 치킨 먹고 싶어',
    '비가 계속 오네',
    '다들 좋은 하루 보내세요',
    '이번 노래 진짜 좋다',
  ],
  words: ['ㅋㅋㅋ', 'ㅋㅋㅋㅋ', 'ㅠㅠ', '진짜', '너무', '완전', '오늘'],
  hashtags: ['방탄소년단', 'BTS', '세븐틴', '트와이스', '서울', 'NCT'],
  firstNames: ['민준', '서연', '지훈', '하은', '도윤', '수아', '지민', '예린'],
  lastNames: ['김', '이', '박', '최', '정', '강'],
  bios: ['아미 💜', '일상 계정', '공식 계정입니다', '대학생'],
  locations: ['서울', '대한민국', 'Seoul, Korea', '부산', '인천'],
  timeZones: [['Seoul', 32400]],
  places: [
    {
      name: 'Seoul',
      fullName: 'Seoul, Republic of Korea',
      countryCode: 'KR',
      country: 'Republic of Korea',
      placeType: 'city',
      box: [126.76, 37.42, 127.18, 37.7],
    },
    {
      name: 'Busan',
      fullName: 'Busan, Republic of Korea',
      countryCode: 'KR',
      country: 'Republic of Korea',
      placeType: 'city',
      box: [128.85, 35.0, 129.3, 35.3],
    },
  ],
  emojiRate: 0.3,
  geoTagging: 0.15,
};

/**
 * Emoji as people used them, most frequent first. Some are one BMP code point (❤, ✨), most are
 * astral (two UTF-16 units, one code point), some carry a variation selector (❤️ is two code
 * points), a skin tone, a flag (two regional indicators) or a ZWJ sequence: each counts as the
 * number of code points it has, as the service counted entity offsets.
 */
export const emoji: readonly string[] = [
  '😂',
  '❤️',
  '😍',
  '😭',
  '🙏',
  '😊',
  '🔥',
  '✨',
  '👍',
  '💕',
  '😘',
  '🥺',
  '😅',
  '🤣',
  '💯',
  '🎉',
  '☺️',
  '😎',
  '🙌',
  '👀',
  '💖',
  '😢',
  '🤔',
  '😩',
  '💙',
  '👏',
  '⚽',
  '🎶',
  '🌸',
  '✌️',
  '👍🏼',
  '🙏🏽',
  '💪🏾',
  '🇯🇵',
  '🇧🇷',
  '🇺🇸',
  '👩‍💻',
  '🏳️‍🌈',
  '❤',
  '♥',
];

/** An emoji-only tweet body (language `und`) draws from these combinations. */
export const reactions: readonly string[] = [
  '😂😂😂',
  '🔥🔥',
  '😭😭😭😭',
  '❤️❤️',
  '👀',
  '🙏🙏',
  '💯',
  '😍😍😍',
  '🤣🤣',
  '✨',
];

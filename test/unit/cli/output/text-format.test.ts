import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTextFormatter } from '../../../../src/cli/output/text-format.js';
import { createDefaultPalette } from '../../../../src/cli/output/text-palette.js';
import { createTerminalStyle } from '../../../../src/cli/terminal-style.js';
import { message, notices, tweet, tweetJson } from './sample-messages.js';

const plain = createTextFormatter({
  palette: createDefaultPalette(createTerminalStyle(false)),
  timeZone: 'UTC',
  now: () => Date.UTC(2024, 4, 1, 23, 59, 58),
});

function withTweet(patch: Record<string, unknown>): string {
  return plain(message(JSON.stringify({ ...(JSON.parse(tweetJson) as object), ...patch })));
}

describe('the text format', () => {
  it('prints a tweet as time, @screen_name and text, links as their display URL', () => {
    assert.equal(
      plain(tweet),
      '10:00:07  @alice  Hi @bob & all: #TypeScript $TSLA example.com/post 🎉',
    );
  });

  it('highlights each entity kind when color is on', () => {
    const colored = createTextFormatter({
      palette: createDefaultPalette(createTerminalStyle(true)),
      timeZone: 'UTC',
    })(tweet);
    assert.equal(
      colored,
      '\x1b[2m10:00:07\x1b[22m  \x1b[1m\x1b[36m@alice\x1b[39m\x1b[22m  Hi \x1b[36m@bob\x1b[39m & all: ' +
        '\x1b[35m#TypeScript\x1b[39m \x1b[33m$TSLA\x1b[39m \x1b[34mexample.com/post\x1b[39m 🎉',
    );
  });

  it('finds an entity whose indices are off (HTML escapes) and ignores absent ones', () => {
    const entities = (JSON.parse(tweetJson) as { entities: Record<string, unknown> }).entities;
    const line = withTweet({
      text: 'a &amp; b #tag',
      entities: {
        ...entities,
        hashtags: [{ text: 'tag', indices: [6, 10] }],
        symbols: [{ text: 'GONE', indices: [0, 5] }],
        user_mentions: [],
        urls: [],
      },
    });
    assert.equal(line, '10:00:07  @alice  a & b #tag');
  });

  it('shows the full text of a truncated tweet within its display range, replies marked', () => {
    const line = withTweet({
      text: '@bob short…',
      truncated: true,
      in_reply_to_screen_name: 'bob',
      extended_tweet: {
        full_text: '@bob the whole\nlong text #end',
        display_text_range: [5, 29],
        entities: {
          hashtags: [{ text: 'end', indices: [25, 29] }],
          urls: [],
          user_mentions: [],
          symbols: [],
        },
      },
    });
    assert.equal(line, '10:00:07  @alice ↩ @bob  the whole ⏎ long text #end');
  });

  it('shows a retweet as who retweeted whom, with the original text', () => {
    const original = JSON.parse(tweetJson) as Record<string, unknown>;
    const line = withTweet({
      text: 'RT @alice: Hi…',
      user: { screen_name: 'carol' },
      retweeted_status: { ...original, text: 'Hi there', entities: {} },
    });
    assert.equal(line, '10:00:07  @carol ⟲ @alice  Hi there');
  });

  it('appends a quoted tweet, shortened', () => {
    const line = withTweet({
      text: 'look',
      entities: {},
      quoted_status: { text: 'q'.repeat(150), user: { screen_name: 'dave' } },
    });
    assert.equal(line, `10:00:07  @alice  look  ❝ @dave: ${'q'.repeat(100)}…`);
  });

  it('neutralizes terminal control sequences and bidi overrides in tweets', () => {
    const line = withTweet({
      text: 'evil \x1b]0;pwned\x07 \u202Egnp.exe\x1b[2J',
      user: { screen_name: 'x\x1b[31m' },
      entities: {},
    });
    assert.equal(line, '10:00:07  @x\ufffd[31m  evil \ufffd]0;pwned\ufffd \ufffdgnp.exe\ufffd[2J');
    for (const character of ['\x1b', '\x07', '\u202e']) assert.ok(!line.includes(character));
  });

  it('never throws on a tweet missing its fields', () => {
    assert.equal(plain(message('{"id_str":"1","text":"bare","user":{}}')), '23:59:58  @?  bare');
  });

  it('prints a compact marker for every other message', () => {
    const lines = Object.values(notices).map((notice) => plain(notice));
    assert.deepEqual(lines, [
      '10:00:07  ✕ delete  tweet 1234 by user 3',
      '23:59:58  ⌖ scrub_geo  geo of user 14090452 up to tweet 23260136625',
      '10:00:07  ⋯ limit  1234 matching tweets undelivered since connecting',
      '23:59:58  ⊘ withheld  tweet 1234567890 in DE, AR',
      '23:59:58  ⊘ withheld  user 123456 in DE, AR',
      '23:59:58  ⏏ disconnect  4 Stall: queue full',
      '23:59:58  ⚠ warning  FALLING_BEHIND 60% full: Your connection is falling behind.',
      '23:59:58  ? unknown  {"event":"user_update","created_at":"x"}',
      `23:59:58  ✗ malformed  ${notices.malformed.kind === 'malformed' ? notices.malformed.reason : ''}`,
    ]);
  });
});

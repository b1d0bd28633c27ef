import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorld, snowflakeId } from '../../../src/world/index.js';

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown }).code;
}

describe('world API', () => {
  const world = createWorld({ seed: 8, users: 50_000 });

  it('finds users by id and by screen name, and nobody else', () => {
    for (const index of [0, 1, 17, 4999, 49_999]) {
      const user = world.user(index);
      assert.deepEqual(world.findUser({ id: user.id_str }), user);
      assert.deepEqual(world.findUser({ screenName: user.screen_name.toUpperCase() }), user);
    }
    assert.equal(world.findUser({ id: '12' }), undefined);
    assert.equal(world.findUser({ screenName: 'nobody_here' }), undefined);
  });

  it('gives every user a distinct id and handle', () => {
    const ids = new Set<string>();
    const handles = new Set<string>();
    for (let index = 0; index < 50_000; index += 7) {
      const user = world.user(index);
      ids.add(user.id_str);
      handles.add(user.screen_name.toLowerCase());
    }
    assert.equal(ids.size, Math.ceil(50_000 / 7));
    assert.equal(handles.size, Math.ceil(50_000 / 7));
  });

  it('makes a fixture user with the given id, handle and name, the rest deterministic', () => {
    const user = world.makeUser({ id: '6253282', screenName: 'twitterapi', name: 'Twitter API' });
    assert.equal(user.id_str, '6253282');
    assert.equal(user.id, 6253282);
    assert.equal(user.screen_name, 'twitterapi');
    assert.equal(user.name, 'Twitter API');
    assert.deepEqual(
      world.makeUser({ id: '6253282', screenName: 'twitterapi', name: 'Twitter API' }),
      user,
    );
    assert.throws(
      () => world.makeUser({ id: 'x', screenName: 'a', name: 'b' }),
      (error: unknown) => codeOf(error) === 'ERR_INVALID_ARG_VALUE',
    );
  });

  it('composes a posted tweet with t.co links, resolved mentions, hashtags and code-point indices', () => {
    const author = world.makeUser({ id: '6253282', screenName: 'twitterapi', name: 'Twitter API' });
    const friend = world.user(3);
    const timeMs = Date.UTC(2026, 0, 2, 3, 4, 5, 657);
    const id = snowflakeId(timeMs, 4097);
    const { tweet, json } = world.composeTweet({
      user: author,
      id,
      text: `😂 hi @${friend.screen_name} & @unknown_person see https://example.com/a?b=1. #café $AAPL`,
    });
    assert.equal(tweet.id_str, id);
    assert.equal(tweet.timestamp_ms, String(timeMs));
    assert.equal(tweet.created_at, 'Fri Jan 02 03:04:05 +0000 2026');
    assert.equal(tweet.user.screen_name, 'twitterapi');
    assert.match(
      tweet.text,
      /&amp; @unknown_person see https:\/\/t\.co\/[A-Za-z0-9]{10}\. #café \$AAPL$/,
    );
    const points = Array.from(tweet.text);
    const slice = ([start, end]: [number, number]): string => points.slice(start, end).join('');
    assert.deepEqual(
      tweet.entities.user_mentions.map((mention) => mention.screen_name),
      [friend.screen_name],
    );
    assert.equal(
      slice(tweet.entities.user_mentions[0]?.indices ?? [0, 0]),
      `@${friend.screen_name}`,
    );
    assert.equal(tweet.entities.urls[0]?.expanded_url, 'https://example.com/a?b=1');
    assert.equal(slice(tweet.entities.urls[0].indices), tweet.entities.urls[0].url);
    assert.equal(slice(tweet.entities.hashtags[0]?.indices ?? [0, 0]), '#café');
    assert.equal(tweet.entities.symbols[0]?.text, 'AAPL');
    assert.equal(tweet.lang, 'en');
    assert.equal(tweet.truncated, false);
    assert.match(json, /^[\x20-\x7e]+$/);
  });

  it('truncates a composed tweet over 140 characters with extended_tweet, and marks replies', () => {
    const author = world.makeUser({ id: '6253282', screenName: 'twitterapi', name: 'Twitter API' });
    const id = snowflakeId(Date.UTC(2026, 0, 2), 1);
    const long = `@${world.user(5).screen_name} ${'a very long thought '.repeat(10)}the end`;
    const { tweet } = world.composeTweet({
      user: author,
      id,
      text: long,
      inReplyTo: {
        statusId: '1058068540803203073',
        userId: world.user(5).id_str,
        screenName: world.user(5).screen_name,
      },
    });
    assert.equal(tweet.truncated, true);
    assert.equal(tweet.extended_tweet?.full_text, long);
    assert.equal(tweet.extended_tweet.display_text_range[0], world.user(5).screen_name.length + 2);
    assert.equal(tweet.in_reply_to_status_id_str, '1058068540803203073');
    assert.match(tweet.text, /\u2026 https:\/\/t\.co\/\w{10}$/);
  });

  it('rejects bad options with ERR_INVALID_ARG_* codes and a message saying what to fix', () => {
    const cases: [() => unknown, string, RegExp][] = [
      [() => createWorld({ seed: 1.5 }), 'ERR_INVALID_ARG_VALUE', /options\.seed/],
      [() => createWorld({ eventsPerSecond: 0 }), 'ERR_INVALID_ARG_VALUE', /eventsPerSecond/],
      [() => createWorld({ users: 10 }), 'ERR_INVALID_ARG_VALUE', /users/],
      [() => createWorld({ shares: { retweet: 2 } }), 'ERR_INVALID_ARG_VALUE', /retweet/],
      [
        () => createWorld({ shares: { retweet: 0.9, reply: 0.1 } }),
        'ERR_INVALID_ARG_VALUE',
        /original/,
      ],
      [() => createWorld({ seed: '1' as unknown as number }), 'ERR_INVALID_ARG_TYPE', /seed/],
      [() => world.event(-1), 'ERR_INVALID_ARG_VALUE', /index/],
      [
        () => createWorld({ sed: 1 } as never),
        'ERR_INVALID_ARG_VALUE',
        /^The "options\.sed" argument is not an option \(did you mean "seed"\?\); the options are seed, startTimeMs, eventsPerSecond, users, shares, clock$/,
      ],
      [
        () => createWorld({ shares: { retweets: 0.3 } } as never),
        'ERR_INVALID_ARG_VALUE',
        /"options\.shares\.retweets" argument is not an option \(did you mean "retweet"\?\)/,
      ],
      [
        () => createWorld({ clock: { diurnal: false, speedup: 2 } } as never),
        'ERR_INVALID_ARG_VALUE',
        /"options\.clock\.speedup" argument is not an option/,
      ],
      [
        () =>
          createWorld({
            clock: {
              bursts: [
                { startMs: 0, durationMs: 5000, peakMultiplier: 2, hashtag: 'x', languge: 'ja' },
              ],
            },
          } as never),
        'ERR_INVALID_ARG_VALUE',
        /"options\.clock\.bursts\[0\]\.languge" argument is not an option \(did you mean "language"\?\)/,
      ],
      [
        () => createWorld(null as never),
        'ERR_INVALID_ARG_TYPE',
        /"options" argument must be an object/,
      ],
    ];
    for (const [call, code, message] of cases) {
      assert.throws(call, (error: unknown) => {
        assert.equal(codeOf(error), code);
        assert.match((error as Error).message, message);
        return true;
      });
    }
  });

  it('maps indices to times and back, and paces by the clock speed', () => {
    const fast = createWorld({ seed: 8, clock: { speed: 60 } });
    for (const index of [0, 10, 5699, 5700, 123_456]) {
      const timeMs = fast.timeOf(index);
      assert.ok(fast.indexAt(timeMs) <= index);
      assert.ok(fast.indexAt(timeMs + 1) > index);
      assert.equal(fast.scheduleMs(index), (timeMs - fast.options.startTimeMs) / 60);
    }
  });
});

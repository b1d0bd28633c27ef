/**
 * The REST subset: `GET /1.1/account/verify_credentials.json`, `POST /1.1/statuses/update.json`
 * (the new Tweet enters the firehose, so matching filter streams receive it) and
 * `GET /1.1/statuses/show.json` (posted Tweets and the world's own).
 *
 * Tweets are returned as the streams serialize them (with `timestamp_ms` and `filter_level`,
 * which the REST API omitted; docs/emulator.md).
 */
import type { User } from '../../messages/tweet.js';
import {
  serialize,
  snowflakeId,
  snowflakeTimeMs,
  type World,
  type WorldEvent,
} from '../../world/index.js';
import {
  twitterErrorResponse,
  twitterErrors,
  type CannedResponse,
} from '../http/canned-response.js';
import type { Exchange } from '../http/exchange.js';
import type { Route } from '../http/route.js';
import type { ServiceUser } from '../provider/token-store.js';
import {
  verificationFailure,
  verifyExchange,
  type VerificationSettings,
} from '../provider/verify-exchange.js';
import type { StreamHub } from '../stream/stream-hub.js';

/** What the REST endpoints need. */
export interface RestContext extends VerificationSettings {
  readonly world: World;
  readonly hub: StreamHub;
}

/** Posted Tweets kept for `statuses/show` and duplicate checks. */
const maxPostedKept = 10_000;
/** The snowflake worker id of Tweets posted to the emulator (the highest of 10 bits). */
const postingWorker = 1023;
/** "Tweet needs to be a bit shorter": 280 characters (code points) since 2017. */
const maxStatusCharacters = 280;

interface PostedTweet {
  readonly event: WorldEvent;
  readonly userId: string;
  readonly text: string;
}

/** The REST routes. */
export function restRoutes(context: RestContext): Route[] {
  const posted = new Map<string, PostedTweet>();
  const users = new Map<string, User>();
  let sequence = 0;
  const userObject = (user: ServiceUser): User => {
    let made = users.get(user.userId);
    if (made === undefined) {
      made = context.world.makeUser({
        id: user.userId,
        screenName: user.screenName,
        name: user.name,
      });
      users.set(user.userId, made);
    }
    return made;
  };

  const authenticated = async (
    exchange: Exchange,
    handle: (user: ServiceUser) => CannedResponse,
  ): Promise<CannedResponse> => {
    const verification = await verifyExchange(exchange, context, 'access');
    if (!verification.ok) return verificationFailure(verification.error, exchange.url.origin);
    const token = context.tokens.accessToken(verification.verified.token ?? '');
    if (!token) return twitterErrorResponse(twitterErrors.invalidOrExpiredToken);
    return handle(token.user);
  };

  const verifyCredentials = (exchange: Exchange, user: ServiceUser): CannedResponse => {
    const object: Record<string, unknown> = { ...userObject(user) };
    const latest = [...posted.values()].reverse().find((tweet) => tweet.userId === user.userId);
    if (latest?.event.tweet && exchange.parameters.get('skip_status') !== 'true') {
      // The embedded status omits its user (the object it is embedded in).
      const status: Record<string, unknown> = { ...latest.event.tweet };
      delete status.user;
      object.status = status;
    }
    // The user and status went through JSON.parse: their numeric ids above 2^53 are rounded.
    return json(serialize(object));
  };

  const update = (exchange: Exchange, user: ServiceUser): CannedResponse => {
    const text = exchange.parameters.get('status');
    if (text === null || text === '') return twitterErrorResponse(twitterErrors.missingStatus);
    if (Array.from(text).length > maxStatusCharacters) {
      return twitterErrorResponse(twitterErrors.statusTooLong);
    }
    const previous = [...posted.values()].reverse().find((tweet) => tweet.userId === user.userId);
    if (previous?.text === text) return twitterErrorResponse(twitterErrors.statusDuplicate);
    const now = Math.floor(exchange.now());
    sequence = (sequence + 1) % 4096;
    const id = snowflakeId(now, postingWorker * 4096 + sequence);
    const replyTo = exchange.parameters.get('in_reply_to_status_id');
    const parent = replyTo === null ? undefined : findTweet(replyTo);
    const composed = context.world.composeTweet({
      user: userObject(user),
      text,
      id,
      timestampMs: now,
      ...(parent?.tweet && {
        inReplyTo: {
          statusId: parent.tweet.id_str,
          userId: parent.tweet.user.id_str,
          screenName: parent.tweet.user.screen_name,
        },
      }),
    });
    const tweetJson = composed.json;
    const event: WorldEvent = {
      index: -1,
      kind: 'tweet',
      tweetKind: parent ? 'reply' : 'original',
      timestampMs: now,
      json: tweetJson,
      tweet: composed.tweet,
      statusId: id,
      userId: user.userId,
    };
    posted.set(id, { event, userId: user.userId, text });
    if (posted.size > maxPostedKept) {
      const oldest = posted.keys().next().value;
      if (oldest !== undefined) posted.delete(oldest);
    }
    context.hub.publish(event);
    return json(tweetJson);
  };

  /** A posted Tweet, or the world's Tweet with this id (found from the time in its snowflake). */
  const findTweet = (id: string): WorldEvent | undefined => {
    const mine = posted.get(id);
    if (mine) return mine.event;
    if (!/^\d{17,20}$/u.test(id)) return undefined;
    const timeMs = snowflakeTimeMs(id);
    const world = context.world;
    for (let index = world.indexAt(timeMs), scanned = 0; scanned < 64; index += 1, scanned += 1) {
      const event = world.event(index);
      if (event.timestampMs > timeMs) break;
      if (event.kind === 'tweet' && event.statusId === id) return event;
    }
    return undefined;
  };

  const show = (exchange: Exchange): CannedResponse => {
    const fromPath = /^\/1\.1\/statuses\/show\/(\d+)\.json$/u.exec(exchange.url.pathname)?.[1];
    const id = fromPath ?? exchange.parameters.get('id') ?? '';
    const event = findTweet(id);
    return event ? json(event.json) : twitterErrorResponse(twitterErrors.noStatusFound);
  };

  return [
    {
      methods: ['GET'],
      path: '/1.1/account/verify_credentials.json',
      handle: (exchange) => authenticated(exchange, (user) => verifyCredentials(exchange, user)),
    },
    {
      methods: ['POST'],
      path: '/1.1/statuses/update.json',
      handle: (exchange) => authenticated(exchange, (user) => update(exchange, user)),
    },
    {
      methods: ['GET'],
      path: /^\/1\.1\/statuses\/show(?:\/\d+)?\.json$/u,
      handle: (exchange) => authenticated(exchange, () => show(exchange)),
    },
  ];
}

function json(body: string): CannedResponse {
  return { status: 200, contentType: 'application/json;charset=utf-8', body };
}

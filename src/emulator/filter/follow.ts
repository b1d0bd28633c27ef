/**
 * The `follow` predicate of `statuses/filter`.
 *
 * "Standard stream parameters", heading "follow": for each user the stream contains Tweets
 * created by the user, Tweets retweeted by the user, replies to any Tweet created by the user,
 * retweets of any Tweet created by the user, and manual replies ("@twitterapi I agree"). It does
 * not contain Tweets mentioning the user, manual retweets ("RT @twitterapi …") or Tweets by
 * protected users.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/basic-stream-parameters#follow
 */
import type { Tweet } from '../../messages/tweet.js';

/** Whether the Tweet belongs on a stream following these user ids (decimal strings). */
export function matchesFollow(follow: ReadonlySet<string>, tweet: Tweet): boolean {
  // "Tweets by protected users" are never streamed.
  if (tweet.user.protected) return false;
  // Created by the user; for a retweet, `user` is the retweeter ("retweeted by the user").
  if (follow.has(tweet.user.id_str)) return true;
  // "Retweets of any Tweet created by the user."
  const original = tweet.retweeted_status;
  if (original && follow.has(original.user.id_str)) return true;
  // "Replies to any Tweet created by the user."
  if (tweet.in_reply_to_user_id_str !== null && follow.has(tweet.in_reply_to_user_id_str)) {
    return true;
  }
  // "Manual replies, created without pressing a reply button": the text opens with the mention.
  if (tweet.in_reply_to_status_id_str === null && original === undefined) {
    const text = tweet.extended_tweet?.full_text ?? tweet.text;
    const entities = tweet.extended_tweet?.entities ?? tweet.entities;
    const opening = entities.user_mentions.find((mention) => mention.indices[0] === 0);
    if (opening && text.startsWith('@') && follow.has(opening.id_str)) return true;
  }
  return false;
}

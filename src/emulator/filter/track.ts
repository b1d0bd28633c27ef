/**
 * The `track` predicate of `statuses/filter`: phrases separated by commas (OR), each made of
 * terms separated by spaces (AND), matched by token, never by substring, ignoring case.
 *
 * Twitter's rules, from "Standard stream parameters", heading "track":
 * - the Tweet's `text`, `expanded_url` and `display_url` of links and media, hashtag `text` and
 *   mention `screen_name` are checked;
 * - punctuation in a term is part of the term (`hello.` differs from `hello`), while punctuation
 *   in the Tweet is ignored (`hello` matches "my brother says hello.");
 * - punctuation is not part of a #hashtag or @mention, so a term with punctuation never matches one;
 * - UTF-8 characters match exactly (`touché` does not match `touche`); CJK is not segmented;
 * - URLs are words: the whole domain and path must be given; the scheme is optional; the domain
 *   `www.example.com` is canonicalized to `example.com` first.
 *
 * Choices the docs leave open (docs/emulator.md, "track"): a retweet and a quote are also matched
 * on the status they embed; a truncated Tweet is matched on its `extended_tweet`; a term written
 * with its sigil (`#twitter`, `@twitter`) matches that hashtag or mention.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/basic-stream-parameters#track
 */
import type { Entities, Tweet, UrlEntity } from '../../messages/tweet.js';

/** Phrases (ORed) of lower-cased terms (ANDed). */
export type TrackPhrases = readonly (readonly string[])[];

/** Splits a `track` value into phrases of terms; empty phrases are kept for validation. */
export function splitTrackPhrases(value: string): string[] {
  return value.split(',').map((phrase) => phrase.trim());
}

/** Lower-cases each phrase and splits it into its terms. */
export function toTrackPhrases(phrases: readonly string[]): TrackPhrases {
  return phrases.map((phrase) => phrase.toLowerCase().split(/\s+/u).filter(Boolean));
}

// Characters that separate the pieces of a word. Letters, marks, digits and `_` (which hashtags
// and screen names contain) are word characters; everything else is punctuation.
const separators = /[^\p{L}\p{M}\p{N}_]+/u;
const edgePunctuation = /^[^\p{L}\p{M}\p{N}_]+|[^\p{L}\p{M}\p{N}_]+$/gu;
const whitespace = /\s+/u;
const scheme = /^[a-z][a-z0-9+.-]*:\/\//u;
const urlLike = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/u;
// Punctuation after a URL written in the text ("see example.com/a."); `/` stays part of the path.
const urlTrailingPunctuation = /[^\p{L}\p{M}\p{N}_/]+$/u;
// The sigils of hashtags and mentions, full-width forms included, mapped to their ASCII form.
const sigils: ReadonlyMap<string, string> = new Map([
  ['#', '#'],
  ['@', '@'],
  ['\uFF03', '#'],
  ['\uFF20', '@'],
]);

/** Every token a track term can equal in this Tweet, lower-cased. */
export function collectTrackTokens(tweet: Tweet): Set<string> {
  const tokens = new Set<string>();
  addStatusTokens(tweet, tokens);
  if (tweet.retweeted_status) addStatusTokens(tweet.retweeted_status, tokens);
  if (tweet.quoted_status) addStatusTokens(tweet.quoted_status, tokens);
  if (tweet.retweeted_status?.quoted_status) {
    addStatusTokens(tweet.retweeted_status.quoted_status, tokens);
  }
  return tokens;
}

/** Whether any phrase has all of its terms among the tokens. */
export function matchesTrack(phrases: TrackPhrases, tokens: ReadonlySet<string>): boolean {
  return phrases.some((terms) => terms.length > 0 && terms.every((term) => tokens.has(term)));
}

function addStatusTokens(status: Tweet, tokens: Set<string>): void {
  const text = status.extended_tweet?.full_text ?? status.text;
  const entities = status.extended_tweet?.entities ?? status.entities;
  const links = linkEntities(entities, status);
  addTextTokens(removeLinks(text, links), tokens);
  for (const hashtag of entities.hashtags) addSigilToken('#', hashtag.text, tokens);
  for (const mention of entities.user_mentions) addSigilToken('@', mention.screen_name, tokens);
  for (const link of links) {
    addUrlTokens(link.expanded_url, tokens);
    addUrlTokens(link.display_url.replace(/\u2026$/u, ''), tokens);
  }
}

function linkEntities(entities: Entities, status: Tweet): UrlEntity[] {
  const media =
    status.extended_tweet?.extended_entities?.media ??
    status.extended_entities?.media ??
    entities.media ??
    [];
  return [...entities.urls, ...media];
}

/** The t.co links in the text are matched through their entities' URLs, not their own text. */
function removeLinks(text: string, links: readonly UrlEntity[]): string {
  let result = text;
  for (const link of links) {
    if (link.url !== '') result = result.split(link.url).join(' ');
  }
  return result;
}

function addTextTokens(text: string, tokens: Set<string>): void {
  for (const rawWord of text.toLowerCase().split(whitespace)) {
    if (rawWord === '') continue;
    const sigil = sigils.get(rawWord[0] ?? '');
    if (sigil !== undefined) {
      // Punctuation is not part of a #hashtag or @mention: only its bare pieces, and the sigil
      // followed by its name, are tokens ("@Twitter's" is not "twitter's").
      const name = rawWord.slice(1).split(separators)[0] ?? '';
      if (name !== '') addSigilToken(sigil, name, tokens);
      addPieces(rawWord, tokens);
    } else if (urlLike.test(rawWord)) {
      addUrlTokens(rawWord.replace(urlTrailingPunctuation, ''), tokens);
    } else {
      tokens.add(rawWord);
      tokens.add(rawWord.replace(edgePunctuation, ''));
      addPieces(rawWord, tokens);
    }
  }
}

function addSigilToken(sigil: string, name: string, tokens: Set<string>): void {
  const lower = name.toLowerCase();
  tokens.add(lower);
  tokens.add(sigil + lower);
}

/** "URLs are considered words": with and without the scheme, `www.` removed from the domain. */
function addUrlTokens(url: string, tokens: Set<string>): void {
  const lower = url.toLowerCase();
  const schemeMatch = scheme.exec(lower);
  const prefix = schemeMatch ? schemeMatch[0] : '';
  let rest = lower.slice(prefix.length);
  if (rest.startsWith('www.')) rest = rest.slice(4);
  if (rest.endsWith('/') && rest.indexOf('/') === rest.length - 1) rest = rest.slice(0, -1);
  if (rest === '') return;
  tokens.add(rest);
  if (prefix !== '') tokens.add(prefix + rest);
  addPieces(rest, tokens);
}

function addPieces(word: string, tokens: Set<string>): void {
  for (const piece of word.split(separators)) {
    if (piece !== '') tokens.add(piece);
  }
}

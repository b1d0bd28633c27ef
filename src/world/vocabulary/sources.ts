/**
 * Clients tweets were sent from (`source`, an HTML anchor) with their relative weights [C: chosen to
 * put the official mobile apps first, as in every stream capture; docs/world.md, "Sources"].
 */
export const sources: readonly (readonly [html: string, weight: number])[] = [
  ['<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>', 38],
  ['<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>', 32],
  ['<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>', 9],
  ['<a href="http://twitter.com" rel="nofollow">Twitter Web Client</a>', 5],
  ['<a href="http://twitter.com/#!/download/ipad" rel="nofollow">Twitter for iPad</a>', 3],
  ['<a href="https://about.twitter.com/products/tweetdeck" rel="nofollow">TweetDeck</a>', 3],
  ['<a href="https://ifttt.com" rel="nofollow">IFTTT</a>', 1.5],
  ['<a href="https://dlvrit.com/" rel="nofollow">dlvr.it</a>', 1],
  ['<a href="http://instagram.com" rel="nofollow">Instagram</a>', 1],
  ['<a href="https://www.hootsuite.com" rel="nofollow">Hootsuite Inc.</a>', 1],
  ['<a href="https://buffer.com" rel="nofollow">Buffer</a>', 1],
  ['<a href="http://twittbot.net/" rel="nofollow">twittbot.net</a>', 1.5],
  ['<a href="http://foursquare.com" rel="nofollow">Foursquare</a>', 0.5],
  ['<a href="http://www.facebook.com/twitter" rel="nofollow">Facebook</a>', 0.5],
  ['<a href="https://www.sprinklr.com" rel="nofollow">Sprinklr</a>', 0.5],
  ['<a href="http://tapbots.com/tweetbot" rel="nofollow">Tweetbot for iΟS</a>', 0.5],
];

/** Link targets for URL entities: [domain, path words]. */
export const linkSites: readonly (readonly [domain: string, section: string])[] = [
  ['www.youtube.com', 'watch'],
  ['www.instagram.com', 'p'],
  ['www.nytimes.com', '2025/12/world'],
  ['www.bbc.co.uk', 'news'],
  ['bit.ly', ''],
  ['www.theguardian.com', 'sport'],
  ['open.spotify.com', 'track'],
  ['www.twitch.tv', ''],
  ['www.reuters.com', 'business'],
  ['news.yahoo.co.jp', 'articles'],
  ['www.globo.com', 'noticias'],
  ['www.elpais.com', 'internacional'],
  ['www.amazon.com', 'dp'],
  ['www.tiktok.com', 'video'],
  ['ift.tt', ''],
  ['www.cnn.com', '2025/12/politics'],
];

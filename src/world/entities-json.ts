/**
 * Writes a tweet's `entities` and `extended_entities` from its text segments, with `indices` in
 * code points of the delivered text. Key order as in stream captures: hashtags, urls,
 * user_mentions, symbols, then media (the first item only; all items go in `extended_entities`).
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/data-dictionary/object-model/entities
 */
import type { MediaItem, Segment } from './segment.js';

/** The two serialized entity objects of a text. */
export interface EntitiesJson {
  /** `{"hashtags":[…],"urls":[…],"user_mentions":[…],"symbols":[…](,"media":[…])}` */
  readonly entities: string;
  /** `{"media":[…]}`, or '' when the text has no media. */
  readonly extendedEntities: string;
  /** Whether the text carries a link or media (then the tweet has `possibly_sensitive`). */
  readonly hasLinks: boolean;
}

/** Where a retweet's media came from (`source_status_id` and friends), or undefined. */
export interface MediaSource {
  readonly statusIdStr: string;
  readonly userIdStr: string;
}

/**
 * Serializes the entities of `segments`.
 *
 * @param segments - the text, in order
 * @param offset - code points before the first segment (e.g. `RT @user: `)
 * @param visibleEnd - entities ending after this code point are left out (truncated text)
 * @param source - set on retweets: media entities then name their original tweet and user
 */
export function writeEntities(
  segments: readonly Segment[],
  offset = 0,
  visibleEnd = Number.POSITIVE_INFINITY,
  source?: MediaSource,
): EntitiesJson {
  let hashtags = '';
  let urls = '';
  let mentions = '';
  let symbols = '';
  let media = '';
  let extended = '';
  let position = offset;
  for (const segment of segments) {
    const start = position;
    position += segment.length;
    const entity = segment.entity;
    if (entity === undefined || position > visibleEnd) continue;
    const indices = `"indices":[${start},${position}]`;
    switch (entity.kind) {
      case 'hashtag':
        hashtags += `${hashtags === '' ? '' : ','}{"text":"${segment.json.slice(1)}",${indices}}`;
        break;
      case 'symbol':
        symbols += `${symbols === '' ? '' : ','}{"text":"${segment.json.slice(1)}",${indices}}`;
        break;
      case 'mention':
        mentions +=
          `${mentions === '' ? '' : ','}{"screen_name":"${segment.json.slice(1)}",` +
          `"name":${entity.nameJson},"id":${entity.idStr},"id_str":"${entity.idStr}",${indices}}`;
        break;
      case 'url':
        urls +=
          `${urls === '' ? '' : ','}{"url":"${segment.json}","expanded_url":"${entity.expandedJson}",` +
          `"display_url":"${entity.displayJson}",${indices}}`;
        break;
      case 'media': {
        entity.items.forEach((item, position) => {
          const json = writeMediaItem(item, segment.json, indices, source);
          if (position === 0) media = json;
          extended += (position === 0 ? '' : ',') + json;
        });
        break;
      }
    }
  }
  const entities =
    `{"hashtags":[${hashtags}],"urls":[${urls}],"user_mentions":[${mentions}],"symbols":[${symbols}]` +
    (media === '' ? '}' : `,"media":[${media}]}`);
  return {
    entities,
    extendedEntities: extended === '' ? '' : `{"media":[${extended}]}`,
    hasLinks: urls !== '' || media !== '',
  };
}

function writeMediaItem(
  item: MediaItem,
  urlJson: string,
  indices: string,
  source: MediaSource | undefined,
): string {
  const sourceJson =
    source === undefined
      ? ''
      : `,"source_status_id":${source.statusIdStr},"source_status_id_str":"${source.statusIdStr}",` +
        `"source_user_id":${source.userIdStr},"source_user_id_str":"${source.userIdStr}"`;
  return (
    `{"id":${item.idStr},"id_str":"${item.idStr}",${indices},` +
    `"media_url":"http:\\/\\/${item.pathJson}","media_url_https":"https:\\/\\/${item.pathJson}",` +
    `"url":"${urlJson}","display_url":"${item.displayJson}","expanded_url":"${item.expandedJson}",` +
    `"type":"${item.type}"${item.tailJson}${sourceJson}}`
  );
}

/**
 * The `locations` predicate of `statuses/filter`.
 *
 * "Standard stream parameters", heading "locations": a box is `swLon,swLat,neLon,neLat`. If the
 * Tweet's `coordinates` is set it is tested against the box (GeoJSON order, longitude first);
 * otherwise, if `place` is set, its bounding box is checked for intersection ("any overlap will
 * match"). The deprecated `geo` field is ignored and native Retweets are never matched.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/tweets/filter-realtime/guides/basic-stream-parameters#locations
 */
import type { LonLat, Tweet } from '../../messages/tweet.js';

/** A bounding box, south-west corner first, in degrees. */
export interface BoundingBox {
  readonly swLon: number;
  readonly swLat: number;
  readonly neLon: number;
  readonly neLat: number;
}

/** Whether the Tweet falls in (or, through its place, overlaps) any of the boxes. */
export function matchesLocations(boxes: readonly BoundingBox[], tweet: Tweet): boolean {
  // "Native Retweets are not matched by this parameter."
  if (tweet.retweeted_status !== undefined) return false;
  if (tweet.coordinates !== null) {
    const [lon, lat] = tweet.coordinates.coordinates;
    return boxes.some(
      (box) => lon >= box.swLon && lon <= box.neLon && lat >= box.swLat && lat <= box.neLat,
    );
  }
  if (tweet.place !== null) {
    const placeBox = enclosingBox(tweet.place.bounding_box.coordinates.flat());
    if (placeBox === undefined) return false;
    return boxes.some(
      (box) =>
        placeBox.swLon <= box.neLon &&
        placeBox.neLon >= box.swLon &&
        placeBox.swLat <= box.neLat &&
        placeBox.neLat >= box.swLat,
    );
  }
  return false;
}

function enclosingBox(corners: readonly LonLat[]): BoundingBox | undefined {
  if (corners.length === 0) return undefined;
  let swLon = Infinity;
  let swLat = Infinity;
  let neLon = -Infinity;
  let neLat = -Infinity;
  for (const [lon, lat] of corners) {
    swLon = Math.min(swLon, lon);
    swLat = Math.min(swLat, lat);
    neLon = Math.max(neLon, lon);
    neLat = Math.max(neLat, lat);
  }
  return { swLon, swLat, neLon, neLat };
}

/**
 * Places: the v1.1 Place objects tweets are tagged with, pre-serialized once. A place's bounding
 * box is four corners in [longitude, latitude] order (south-west, north-west, north-east,
 * south-east), as observed in stream captures, e.g. "Arizona, USA":
 * `[[[-114.818269,31.332246],[-114.818269,37.004261],[-109.045152,37.004261],[-109.045152,31.332246]]]`.
 *
 * @see https://developer.x.com/en/docs/twitter-api/v1/data-dictionary/object-model/geo
 */
import { jsonString } from './json-escape.js';
import { hashKey } from './random.js';
import type { PlaceSpec } from './vocabulary/index.js';

/** A place with its JSON. */
export interface PlaceRecord {
  readonly spec: PlaceSpec;
  readonly id: string;
  /** The serialized Place object. */
  readonly json: string;
}

/** A stable 16-hex-digit place id derived from the place's full name (like the service's ids). */
function placeId(fullName: string): string {
  let h1 = 0x1234_5678;
  let h2 = 0x9abc_def0;
  for (let index = 0; index < fullName.length; index++) {
    h1 = hashKey(h1, 21, fullName.charCodeAt(index));
    h2 = hashKey(h2, 22, fullName.charCodeAt(index));
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** Builds the record (id and JSON) of a place. */
export function makePlace(spec: PlaceSpec): PlaceRecord {
  const id = placeId(spec.fullName);
  const [west, south, east, north] = spec.box;
  const json =
    `{"id":"${id}","url":"https:\\/\\/api.twitter.com\\/1.1\\/geo\\/id\\/${id}.json",` +
    `"place_type":"${spec.placeType}","name":${jsonString(spec.name)},` +
    `"full_name":${jsonString(spec.fullName)},"country_code":"${spec.countryCode}",` +
    `"country":${jsonString(spec.country)},"bounding_box":{"type":"Polygon","coordinates":` +
    `[[[${west},${south}],[${west},${north}],[${east},${north}],[${east},${south}]]]},` +
    '"attributes":{}}';
  return { spec, id, json };
}

/** A coordinate rounded to 8 decimals, as GPS points appeared. */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}

/**
 * Stream parameter validation: each refusal with its status and exact body, the limits at their
 * boundaries, and how the predicates combine (track/follow/locations ORed; language and
 * filter_level narrow).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  filterLimits,
  parseStreamParameters,
  type StreamEndpoint,
} from '../../../../src/emulator/filter/stream-parameters.js';
import { buildTweet } from '../support/build-tweet.js';

function parse(query: Record<string, string>, endpoint: StreamEndpoint = 'filter') {
  return parseStreamParameters(endpoint, new URLSearchParams(query));
}

function refusal(query: Record<string, string>, endpoint: StreamEndpoint = 'filter') {
  const result = parse(query, endpoint);
  if (result.ok) assert.fail('expected a refusal');
  return result.refusal;
}

function accepted(query: Record<string, string>, endpoint: StreamEndpoint = 'filter') {
  const result = parse(query, endpoint);
  if (!result.ok) assert.fail(`refused: ${result.refusal.status} ${result.refusal.body}`);
  return result.parameters;
}

describe('stream parameters: refusals', () => {
  it('406 with the observed body when filter has no predicate (language alone is none)', () => {
    for (const query of [{}, { language: 'en' }, { stall_warnings: 'true' }]) {
      const response = refusal(query);
      assert.equal(response.status, 406);
      assert.equal(response.contentType, 'text/plain;charset=utf-8');
      assert.equal(
        response.body,
        'No filter parameters found. Expect at least one parameter: follow track locations\r\n',
      );
    }
  });

  it('406 for a track phrase over 60 bytes, echoing its first 25 characters', () => {
    const long = 'The Longest Ride Clouds of Sils Maria Interstellar Gone Girl!';
    assert.equal(Buffer.byteLength(long), 61);
    const phrases = Array.from({ length: 69 }, (_, i) => `term${i}`);
    const response = refusal({ track: [...phrases, long].join(',') });
    assert.equal(response.status, 406);
    assert.equal(
      response.body,
      'Parameter track item index 69 too long: The Longest Ride Clouds o\r\n',
    );
  });

  it('counts bytes, not characters, for the 60-byte limit', () => {
    assert.equal(accepted({ track: 'é'.repeat(30) }).endpoint, 'filter');
    assert.equal(refusal({ track: 'é'.repeat(31) }).status, 406);
    assert.equal(accepted({ track: 'a'.repeat(60) }).endpoint, 'filter');
  });

  it('406 for an empty track phrase', () => {
    const response = refusal({ track: 'a,,b' });
    assert.equal(response.status, 406);
    assert.equal(response.body, 'Parameter track item index 1 too short: \r\n');
  });

  it('413 above 400 phrases, 5,000 ids or 25 boxes; the limits themselves pass', () => {
    const phrases = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`).join(',');
    const ids = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1)).join(',');
    const boxes = (n: number) => Array.from({ length: n }, () => '-74,40,-73,41').join(',');
    assert.equal(accepted({ track: phrases(filterLimits.trackPhrases) }).endpoint, 'filter');
    assert.equal(accepted({ follow: ids(filterLimits.followIds) }).endpoint, 'filter');
    assert.equal(accepted({ locations: boxes(filterLimits.locationBoxes) }).endpoint, 'filter');
    const track = refusal({ track: phrases(401) });
    assert.equal(track.status, 413);
    assert.equal(
      track.body,
      'Parameter track has 401 items; the limit for your access level is 400\r\n',
    );
    assert.equal(refusal({ follow: ids(5001) }).status, 413);
    const locations = refusal({ locations: boxes(26) });
    assert.equal(locations.status, 413);
    assert.match(locations.body, /^Parameter locations has 26 items/u);
  });

  it('406 for a follow item that is not a numeric id (screen names included)', () => {
    const response = refusal({ follow: '123,twitterapi' });
    assert.equal(response.status, 406);
    assert.equal(
      response.body,
      'Parameter follow item index 1 is not a valid user id: twitterapi\r\n',
    );
    assert.equal(refusal({ follow: '0' }).status, 406);
    assert.equal(refusal({ follow: '18446744073709551616' }).status, 406);
  });

  it('406 for malformed boxes: not groups of 4, NE before SW, out of range, under 0.1°', () => {
    for (const locations of [
      '-74,40,-73',
      '-73,41,-74,40',
      '-200,40,-73,41',
      '-74,40,-73.95,41',
      '-74,,-73,41',
      'a,b,c,d',
    ]) {
      assert.equal(refusal({ locations }).status, 406, locations);
    }
  });

  it('406 for an unknown filter_level; 416 for count at the default access level', () => {
    assert.equal(refusal({ track: 'a', filter_level: 'high' }).status, 406);
    const count = refusal({ count: '100' }, 'sample');
    assert.equal(count.status, 416);
    assert.equal(count.body, 'Parameter count not allowed in role\r\n');
  });
});

describe('stream parameters: selection', () => {
  it('ORs track, follow and locations', () => {
    const { selects } = accepted({
      track: 'spritzer',
      follow: '6253282',
      locations: '-74,40,-73,41',
    });
    assert.equal(selects(buildTweet({ text: 'a spritzer please' })), true);
    assert.equal(selects(buildTweet({ text: 'hi', userId: '6253282' })), true);
    assert.equal(selects(buildTweet({ text: 'hi', coordinates: [-73.9, 40.7] })), true);
    assert.equal(selects(buildTweet({ text: 'hi' })), false);
  });

  it('narrows by language and filter_level, on filter and on sample', () => {
    const filter = accepted({ track: 'hi', language: 'EN,ja', filter_level: 'low' });
    assert.equal(filter.selects(buildTweet({ text: 'hi', lang: 'en' })), true);
    assert.equal(
      filter.selects(buildTweet({ text: 'hi', lang: 'ja', filterLevel: 'medium' })),
      true,
    );
    assert.equal(filter.selects(buildTweet({ text: 'hi', lang: 'es' })), false);
    assert.equal(
      filter.selects(buildTweet({ text: 'hi', lang: 'en', filterLevel: 'none' })),
      false,
    );
    const sample = accepted({ language: 'es' }, 'sample');
    assert.equal(sample.selects(buildTweet({ text: 'hola', lang: 'es' })), true);
    assert.equal(sample.selects(buildTweet({ text: 'hi', lang: 'en' })), false);
  });

  it('reads delimited=length and stall_warnings=true; the last repeated value wins', () => {
    const parameters = parseStreamParameters(
      'sample',
      new URLSearchParams('delimited=length&stall_warnings=false&stall_warnings=true'),
    );
    assert.ok(parameters.ok);
    assert.equal(parameters.parameters.delimited, true);
    assert.equal(parameters.parameters.stallWarnings, true);
    const plain = accepted({}, 'sample');
    assert.equal(plain.delimited, false);
    assert.equal(plain.stallWarnings, false);
  });
});

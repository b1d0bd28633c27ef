import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type BoundingBox,
  encodeStreamParameters,
  type StreamParameters,
} from '../../../src/stream/stream-parameters.js';

function rejects(
  parameters: StreamParameters,
  message: RegExp,
  endpoint: 'filter' | 'sample' = 'filter',
): void {
  assert.throws(() => encodeStreamParameters(parameters, endpoint), {
    name: 'SpritzerError',
    code: 'ERR_STREAM_FILTER_INVALID',
    message,
  });
}

describe('encodeStreamParameters', () => {
  it('encodes every parameter with its wire name, lists joined by commas', () => {
    assert.deepEqual(
      encodeStreamParameters(
        {
          track: [' twitter ', 'hello world', '東京'],
          follow: ['6253282', '18446744073709551615'],
          locations: [
            [-122.75, 36.8, -121.75, 37.8],
            [-74, 40, -73, 41],
          ],
          language: ['en', 'pt-BR'],
          filter_level: 'low',
          count: -150_000,
          stall_warnings: true,
          delimited: 'length',
        },
        'filter',
      ),
      [
        ['delimited', 'length'],
        ['stall_warnings', 'true'],
        ['track', 'twitter,hello world,東京'],
        ['follow', '6253282,18446744073709551615'],
        ['locations', '-122.75,36.8,-121.75,37.8,-74,40,-73,41'],
        ['language', 'en,pt-BR'],
        ['filter_level', 'low'],
        ['count', '-150000'],
      ],
    );
  });

  it('writes coordinates in plain decimal notation', () => {
    const [[, locations] = []] = encodeStreamParameters(
      { locations: [[1e-7, -0.1234567, 0.5, 0.1]] },
      'filter',
    );
    assert.equal(locations, '0,-0.123457,0.5,0.1');
  });

  it('requires a predicate on statuses/filter only', () => {
    rejects(
      { language: ['en'] },
      /^statuses\/filter needs at least one of track, follow or locations/,
    );
    assert.deepEqual(encodeStreamParameters({ language: ['en'] }, 'sample'), [['language', 'en']]);
  });

  it('checks track phrases: 1–60 bytes each, at most 400, no commas', () => {
    assert.equal(encodeStreamParameters({ track: ['é'.repeat(30)] }, 'filter').length, 1);
    rejects(
      { track: ['ok', 'é'.repeat(31)] },
      /^track phrase 2 \("é{30}"…\) is 62 bytes; each phrase must be 1–60 bytes$/,
    );
    rejects({ track: ['  '] }, /^track phrase 1 \(""\) is 0 bytes/);
    rejects({ track: [] }, /^track is empty/);
    rejects(
      { track: Array.from({ length: 401 }, (_, index) => `t${index}`) },
      /^track has 401 phrases; the limit is 400$/,
    );
    rejects(
      { track: ['a,b'] },
      /^track phrase 1 \("a,b"\) contains a comma, which separates phrases/,
    );
    assert.equal(
      encodeStreamParameters({ track: Array.from({ length: 400 }, () => 'x') }, 'filter').length,
      1,
    );
  });

  it('checks follow ids: numeric, 64-bit, at most 5,000', () => {
    rejects(
      { follow: ['TwitterAPI'] },
      /^follow item 1 \("TwitterAPI"\) is not a user id; follow takes numeric ids, not screen names$/,
    );
    rejects({ follow: ['18446744073709551616'] }, /^follow item 1 .* is not a user id/);
    rejects({ follow: ['0'] }, /^follow item 1 .* is not a user id/);
    rejects(
      { follow: Array.from({ length: 5001 }, (_, index) => String(index + 1)) },
      /^follow has 5001 user ids; the limit is 5000$/,
    );
    assert.equal(
      encodeStreamParameters(
        { follow: Array.from({ length: 5000 }, (_, index) => String(index + 1)) },
        'filter',
      ).length,
      1,
    );
  });

  it('checks boxes: at most 25, south-west first, in range, at least 0.1 degree a side', () => {
    const box: BoundingBox = [-122.75, 36.8, -121.75, 37.8];
    rejects(
      { locations: Array.from({ length: 26 }, () => box) },
      /^locations has 26 boxes; the limit is 25$/,
    );
    rejects(
      { locations: [[-121.75, 37.8, -122.75, 36.8]] },
      /^locations box 1 \(-121.75,37.8,-122.75,36.8\) must give the south-west corner first/,
    );
    rejects({ locations: [[-190, 0, 10, 10]] }, /longitude outside -180..180/);
    rejects({ locations: [[0, -91, 10, 10]] }, /latitude outside -90..90/);
    rejects({ locations: [[0, 0, 0.05, 1]] }, /smaller than 0.1 degrees on a side/);
    rejects({ locations: [[0, 0, Number.NaN, 1]] }, /must be 4 numbers: swLon,swLat,neLon,neLat/);
    rejects({ locations: [[0, 0, 1] as unknown as BoundingBox] }, /must be 4 numbers/);
    rejects({ locations: [] }, /^locations is empty/);
    assert.equal(encodeStreamParameters({ locations: [[-180, -90, 180, 90]] }, 'filter').length, 1);
  });

  it('checks language codes, filter_level and count', () => {
    rejects(
      { track: ['a'], language: ['english!'] },
      /^language item 1 \("english!"\) is not a BCP 47 code/,
    );
    rejects(
      { track: ['a'], filter_level: 'high' as 'low' },
      /^filter_level must be none, low or medium; got "high"$/,
    );
    for (const count of [0, 150_001, -150_001, 1.5]) {
      rejects(
        { track: ['a'], count },
        /^count must be an integer from 1 to 150000 or from -1 to -150000/,
      );
    }
  });

  it('names the parameter and the fix when an untyped caller gives the wrong shape', () => {
    const untyped = (value: unknown): StreamParameters => value as StreamParameters;
    rejects(
      untyped({ track: 'cats,dogs' }),
      /^track must be an array of strings, one phrase each \(e\.g\. track: \["cats","dogs"\]\); got the string "cats,dogs"$/,
    );
    rejects(
      untyped({ track: 42 }),
      /^track must be an array of strings, one phrase each; got number 42$/,
    );
    rejects(untyped({ track: ['cats', null] }), /^track item 2 must be a string; got null$/);
    rejects(
      untyped({ follow: [783214] }),
      /^follow item 1 must be a string; got number 783214; give user ids as decimal strings/,
    );
    rejects(
      untyped({ track: ['a'], language: 'en' }),
      /^language must be an array of strings, one code each/,
    );
    rejects(
      untyped({ locations: '-122.75,36.8,-121.75,37.8' }),
      /^locations must be an array of boxes/,
    );
    rejects(
      untyped({ locations: ['-122.75,36.8,-121.75,37.8'] }),
      /^locations box 1 must be an array/,
    );
    rejects(untyped({ locations: [['-122.75', '36.8', '-121.75', '37.8']] }), /must be 4 numbers/);
    rejects(
      untyped({ track: ['a'], stall_warnings: 'yes' }),
      /^stall_warnings must be true or false; got the string "yes"$/,
    );
    rejects(
      untyped({ track: ['a'], delimited: true }),
      /^delimited must be "length" \(or left out\); got boolean true$/,
    );
    rejects(untyped({ track: ['a'], count: '5' }), /; got the string "5"$/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeBinaryCopy, type CopyField } from '../../../src/sinks/pg-binary-copy.js';

const row = (id: string): CopyField[] => [
  { type: 'int8', value: id },
  { type: 'text', value: 'é' },
  { type: 'float8', value: null },
  { type: 'timestamptz', value: '2000-01-01T00:00:01.000Z' },
  { type: 'jsonb', value: Buffer.from('{}') },
];

describe('encodeBinaryCopy', () => {
  it('writes the documented header, tuples and trailer ("Binary Format")', () => {
    const bytes = Buffer.concat([...encodeBinaryCopy([row('258')])]);
    assert.equal(
      bytes.toString('hex'),
      [
        '5047434f50590aff0d0a00', // "PGCOPY\n\377\r\n\0"
        '00000000', // flags
        '00000000', // header extension length
        '0005', // 5 fields
        '00000008' + '0000000000000102', // int8 258
        '00000002' + 'c3a9', // text "é", UTF-8
        'ffffffff', // NULL
        '00000008' + '00000000000f4240', // timestamptz: 1 s after 2000-01-01 in µs
        '00000003' + '01' + '7b7d', // jsonb: version 1, then the text
        'ffff', // trailer
      ].join(''),
    );
  });

  it('yields the header, chunks of rows and the trailer; the bytes do not depend on the chunk size', () => {
    const rows = Array.from({ length: 10 }, (_, index) => row(String(index)));
    const chunks = [...encodeBinaryCopy(rows, 4)];
    assert.equal(chunks.length, 1 + 3 + 1);
    assert.deepEqual(Buffer.concat(chunks), Buffer.concat([...encodeBinaryCopy(rows)]));
    assert.deepEqual(
      Buffer.concat([...encodeBinaryCopy([], 4)]).subarray(-2),
      Buffer.from('ffff', 'hex'),
    );
  });
});

/**
 * Rows in PostgreSQL's binary COPY format, for `COPY … FROM STDIN (FORMAT binary)`: no quoting or
 * escaping at all, so a tweet's raw JSON goes to the server as the exact bytes received.
 *
 * @see https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4 ("Binary Format")
 */

/** One field's value and its column type. `null` is SQL NULL. */
export type CopyField =
  | { readonly type: 'int8'; readonly value: string | null }
  | { readonly type: 'int4'; readonly value: number | null }
  | { readonly type: 'float8'; readonly value: number | null }
  | { readonly type: 'bool'; readonly value: boolean | null }
  | { readonly type: 'text'; readonly value: string | null }
  | { readonly type: 'timestamptz'; readonly value: string | null }
  | { readonly type: 'jsonb'; readonly value: Buffer | null };

// "Binary Format", File Header: the 11-byte signature, 32-bit flags (bit 16: OIDs; none), and a
// 32-bit header extension length (0).
const header = Buffer.concat([
  Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
  Buffer.alloc(4),
  Buffer.alloc(4),
]);
// "File Trailer": a 16-bit word containing -1.
const trailer = Buffer.from([0xff, 0xff]);
// timestamptz_send: int64 microseconds since 2000-01-01 00:00:00 UTC (integer datetimes).
const postgresEpochMs = Date.UTC(2000, 0, 1);
// jsonb_send: a version byte (1), then the JSON text.
const jsonbVersion = Buffer.from([1]);

/**
 * Encodes rows (each the same columns, in the COPY's column order) as one binary COPY stream, in
 * chunks of `rowsPerChunk` rows, so the server can parse a chunk while the next one is encoded.
 *
 * @param rowsPerChunk @default 64
 */
export function* encodeBinaryCopy(
  rows: readonly (readonly CopyField[])[],
  rowsPerChunk = 64,
): Generator<Buffer, void, undefined> {
  yield header;
  for (let start = 0; start < rows.length; start += rowsPerChunk) {
    yield encodeTuples(rows.slice(start, start + rowsPerChunk));
  }
  yield trailer;
}

/** Rows as "Tuples" in one buffer: measured first, then written (no allocation per field). */
function encodeTuples(rows: readonly (readonly CopyField[])[]): Buffer {
  let size = 0;
  for (const row of rows) {
    size += 2;
    for (const field of row) size += 4 + dataBytes(field);
  }
  const output = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const row of rows) {
    // "Tuples": a 16-bit field count, then each field as a 32-bit length (-1: NULL) and its bytes.
    offset = output.writeInt16BE(row.length, offset);
    for (const field of row) offset = writeField(output, offset, field);
  }
  return output;
}

/** Bytes of a field's value (without its length word); 0 for NULL. */
function dataBytes(field: CopyField): number {
  if (field.value === null) return 0;
  switch (field.type) {
    case 'int8':
    case 'float8':
    case 'timestamptz':
      return 8;
    case 'int4':
      return 4;
    case 'bool':
      return 1;
    case 'text':
      return Buffer.byteLength(field.value, 'utf8');
    case 'jsonb':
      return field.value.length + 1;
  }
}

function writeField(output: Buffer, start: number, field: CopyField): number {
  if (field.value === null) return output.writeInt32BE(-1, start);
  const offset = output.writeInt32BE(dataBytes(field), start);
  switch (field.type) {
    case 'int8':
      return output.writeBigInt64BE(BigInt(field.value), offset);
    case 'int4':
      return output.writeInt32BE(field.value, offset);
    case 'float8':
      return output.writeDoubleBE(field.value, offset);
    case 'bool':
      return output.writeUInt8(field.value ? 1 : 0, offset);
    case 'text':
      return offset + output.write(field.value, offset, 'utf8');
    case 'timestamptz':
      return output.writeBigInt64BE(
        BigInt(Date.parse(field.value) - postgresEpochMs) * 1000n,
        offset,
      );
    case 'jsonb':
      return offset + jsonbVersion.copy(output, offset) + field.value.copy(output, offset + 1);
  }
}

/**
 * A slice of the world's 1 % sample as bytes: what a generation worker hands the stream writer.
 * One buffer holds the slice's messages back to back as they go on the wire (compact ASCII JSON,
 * each followed by `\r\n`), with where each ends, its kind and its status id, so the writer never
 * builds a string per message and writes runs of them without copying. The buffers are
 * transferable: posting a batch moves it, without a copy.
 */
import type { World, WorldEvent, WorldEventKind } from '../../world/index.js';
import type { OutboundMessage } from './stream-messages.js';

/** The sample's messages for the firehose events `[from, to)`. */
export interface SampleBatch {
  /** First firehose event index covered. */
  readonly from: number;
  /** First firehose event index not covered. */
  readonly to: number;
  /** The messages, each `JSON\r\n`, back to back. */
  readonly bytes: Uint8Array;
  /** Where each message (with its `\r\n`) ends in `bytes`. */
  readonly ends: Uint32Array;
  /** Each message's kind, as an index into {@link batchKinds}. */
  readonly kinds: Uint8Array;
  /** Each message's status id (`''` when it has none), joined with `,`. */
  readonly ids: string;
  /** Whether `bytes` reuses a buffer handed back for reuse, rather than a new allocation. */
  readonly reused: boolean;
}

/**
 * The least capacity of a batch buffer: most slices (~0.5 MB at the default rate) fit, so a
 * buffer handed back can be reused for the next slice whatever its size.
 */
const minimumBufferBytes = 1024 * 1024;

/** The kinds a world event can have, in the order `SampleBatch.kinds` numbers them. */
export const batchKinds: readonly WorldEventKind[] = [
  'tweet',
  'delete',
  'scrub_geo',
  'status_withheld',
  'user_withheld',
];

/**
 * Generates the sampled events with `from <= index < to` into one batch. Each event is a pure
 * function of (world options, index), so the bytes do not depend on who generates the slice.
 *
 * @param spare - buffers handed back after use (see `GenerationPool.recycle`); the first
 *   large enough is taken out of the array and filled, so a steady stream allocates nothing
 */
export function generateSampleBatch(
  world: World,
  from: number,
  to: number,
  spare: ArrayBuffer[] = [],
): SampleBatch {
  const messages = new BatchMessages();
  for (const event of world.sampleEvents(from)) {
    if (event.index >= to) break;
    messages.add(event);
  }
  return messages.pack(from, to, spare);
}

/** A batch's messages as they are gathered, before {@link BatchMessages.pack} writes them out. */
export class BatchMessages {
  readonly #texts: string[] = [];
  readonly #kinds: number[] = [];
  readonly #ids: string[] = [];
  #length = 0;

  /** How many messages have been added. */
  get count(): number {
    return this.#texts.length;
  }

  /** Adds an event's message. */
  add(event: WorldEvent): void {
    this.#texts.push(event.json);
    this.#kinds.push(batchKinds.indexOf(event.kind));
    this.#ids.push(event.kind === 'tweet' ? (event.statusId ?? '') : '');
    this.#length += event.json.length + 2;
  }

  /**
   * Writes the messages into one buffer.
   *
   * @param spare - buffers handed back after use; the first large enough is taken out and filled
   */
  pack(from: number, to: number, spare: ArrayBuffer[]): SampleBatch {
    const texts = this.#texts;
    const length = this.#length;
    // Its own ArrayBuffer (not a slice of Node's pool), so it can be transferred; not zero-filled
    // (every byte is written below), which made each post five times dearer. Reused when one was
    // handed back: each new buffer arriving on the event loop counts as external memory there, and
    // at rate max that churn alone caused a mark-compact every ~140 ms (13 % of the event loop).
    const reuse = spare.findIndex((buffer) => buffer.byteLength >= length);
    const backing =
      reuse === -1
        ? Buffer.allocUnsafeSlow(Math.max(length, minimumBufferBytes)).buffer
        : (spare.splice(reuse, 1)[0] as ArrayBuffer);
    const bytes = Buffer.from(backing, 0, length);
    const ends = new Uint32Array(texts.length);
    let offset = 0;
    for (let index = 0; index < texts.length; index += 1) {
      // The world's JSON is pure ASCII: latin1 writes it byte for byte.
      offset += bytes.write(texts[index] as string, offset, 'latin1');
      bytes[offset++] = 0x0d;
      bytes[offset++] = 0x0a;
      ends[index] = offset;
    }
    return {
      from,
      to,
      bytes,
      ends,
      kinds: Uint8Array.from(this.#kinds),
      ids: this.#ids.join(','),
      reused: reuse !== -1,
    };
  }
}

/** A message that is bytes of a batch; `json` decodes them only when asked. */
class BatchMessage implements OutboundMessage {
  readonly kind: WorldEventKind;
  readonly framed: Buffer;
  readonly id?: string;

  constructor(kind: WorldEventKind, framed: Buffer, id: string) {
    this.kind = kind;
    this.framed = framed;
    if (id !== '') this.id = id;
  }

  get json(): string {
    return this.framed.toString('latin1', 0, this.framed.length - 2);
  }
}

/** The batch's messages, in order, as stream messages over its bytes (no copy). */
export function batchMessages(batch: SampleBatch): OutboundMessage[] {
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
  const ids = batch.ids.split(',');
  const messages: OutboundMessage[] = [];
  let start = 0;
  for (let index = 0; index < batch.ends.length; index += 1) {
    const end = batch.ends[index] as number;
    const kind = batchKinds[batch.kinds[index] as number] as WorldEventKind;
    messages.push(new BatchMessage(kind, bytes.subarray(start, end), ids[index] as string));
    start = end;
  }
  return messages;
}

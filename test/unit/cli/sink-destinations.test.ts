import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rejectionReporter } from '../../../src/cli/sink-destinations.js';
import { messageRejection } from '../../../src/sinks/sink-errors.js';

describe('rejectionReporter', () => {
  it('describes the first 10 rejected messages on stderr, then says the rest are only counted', () => {
    const lines: string[] = [];
    const report = rejectionReporter({
      write: (text: string | Uint8Array) => {
        lines.push(String(text));
        return true;
      },
    });
    for (let index = 0; index < 25; index++) {
      report(messageRejection('sqlite:t.db', `tweet "${index}x"`, `id_str is "${index}x"`));
    }
    assert.equal(lines.length, 11);
    assert.equal(
      lines[0],
      'sqlite:t.db rejected tweet "0x": id_str is "0x"; it is skipped and the rest of its batch is stored\n',
    );
    assert.match(lines[9] ?? '', /^sqlite:t\.db rejected tweet "9x"/);
    assert.equal(
      lines[10],
      'more messages were rejected; they are counted in the summary (invalid, unsupported, refused)\n',
    );
  });
});

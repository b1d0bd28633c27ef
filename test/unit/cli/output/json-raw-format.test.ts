import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJsonLine } from '../../../../src/cli/output/json-format.js';
import { formatRawLine } from '../../../../src/cli/output/raw-format.js';
import { message, notices, tweet, tweetJson } from './sample-messages.js';

describe('the json format', () => {
  it('wraps each message as {"kind","message"} on one line, ids kept to the last digit', () => {
    const line = formatJsonLine(tweet);
    assert.equal(line, `{"kind":"tweet","message":${tweetJson}}`);
    assert.match(line, /"id":1785634201020506113,/);
    assert.deepEqual(JSON.parse(formatJsonLine(notices.limit)), {
      kind: 'limit',
      message: { limit: { track: 1234, timestamp_ms: '1714557607123' } },
    });
  });

  it('puts a message that spans lines back on one line', () => {
    const line = formatJsonLine(message('{\n  "limit": {"track": 5}\n}'));
    assert.equal(line, '{"kind":"limit","message":{"limit":{"track":5}}}');
  });

  it('reports a malformed message with its reason and bytes', () => {
    const parsed = JSON.parse(formatJsonLine(notices.malformed)) as Record<string, unknown>;
    assert.equal(parsed.kind, 'malformed');
    assert.equal(parsed.raw, '{"text":"cut');
    assert.equal(typeof parsed.reason, 'string');
  });
});

describe('the raw format', () => {
  it('writes the exact bytes and a newline', () => {
    const bytes = Buffer.from('{"limit":{"track":1}}  \u00e9', 'utf8');
    const line = formatRawLine({ kind: 'limit', raw: bytes, data: { track: 1 } });
    assert.deepEqual(line, Buffer.concat([bytes, Buffer.from('\n')]));
    assert.deepEqual(formatRawLine(notices.malformed), Buffer.from('{"text":"cut\n'));
  });
});

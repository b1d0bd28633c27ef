import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { spillHeaderBytes, SpillJournal } from '../../../src/sinks/spill-journal.js';
import { makeTempDir } from '../../support/cli.js';
import { deleteMessage, malformedMessage, tweetRun } from './fixtures.js';

const journalPath = (): string => join(makeTempDir(), 'spill', 'sink.spill');

describe('spill journal', () => {
  it('gives back the exact messages in order, classified again from their bytes', () => {
    const path = journalPath();
    const journal = SpillJournal.open(path);
    const messages = [...tweetRun(3), deleteMessage('7'), malformedMessage('{"a":\n1')];
    journal.append(messages.slice(0, 2));
    journal.append(messages.slice(2));
    assert.equal(journal.pendingMessages, 5);
    assert.equal(journal.pendingBytes, SpillJournal.recordBytes(messages));
    const read = journal.read(10);
    assert.deepEqual(
      read.messages.map((message) => [message.kind, message.raw.toString()]),
      messages.map((message) => [message.kind, message.raw.toString()]),
    );
    const first = read.messages[0];
    assert.equal(first?.kind === 'tweet' ? first.data.id_str : '', '1000000000000000');
    journal.close();
    assert.match(readFileSync(path, 'latin1'), /^spritzer-spill-v1 0{14}35\n\d+\n\{"created_at"/);
  });

  it('moves the read offset on consume, keeps it across a reopen, and cuts back to the header when empty', () => {
    const path = journalPath();
    const journal = SpillJournal.open(path);
    journal.append(tweetRun(5));
    const firstTwo = journal.read(2);
    journal.consume(firstTwo);
    assert.equal(journal.pendingMessages, 3);
    journal.close();

    const reopened = SpillJournal.open(path);
    assert.equal(reopened.pendingMessages, 3);
    const rest = reopened.read(10);
    assert.deepEqual(
      rest.messages.map((message) => (message.kind === 'tweet' ? message.data.id_str : '')),
      ['1000000000000002', '1000000000000003', '1000000000000004'],
    );
    reopened.consume(rest);
    assert.equal(reopened.pendingMessages, 0);
    assert.equal(statSync(path).size, spillHeaderBytes);
    reopened.close();
    assert.equal(existsSync(path), false, 'an empty journal is removed on close');
  });

  it('drops a record cut short by a crash at the end, and counts its bytes', () => {
    const path = journalPath();
    const journal = SpillJournal.open(path);
    journal.append(tweetRun(2));
    journal.close();
    appendFileSync(path, '120\n{"created_at":"Thu');
    const reopened = SpillJournal.open(path);
    assert.equal(reopened.pendingMessages, 2);
    assert.equal(reopened.tornBytes, '120\n{"created_at":"Thu'.length);
    reopened.append(tweetRun(1, 5n));
    assert.equal(reopened.read(10).messages.length, 3);
    reopened.close();
  });

  it('refuses a file that is not a spill journal, or a damaged record, with what to do', () => {
    const path = journalPath();
    SpillJournal.open(path).close();
    writeFileSync(path, 'not a journal at all, just some bytes here\n');
    assert.throws(() => SpillJournal.open(path), {
      code: 'ERR_SPILL_JOURNAL_CORRUPT',
      message: /its header is not a spritzer spill journal header; move it aside/,
    });
    const other = journalPath();
    const journal = SpillJournal.open(other);
    journal.append(tweetRun(1));
    journal.close();
    appendFileSync(other, 'x'.repeat(40) + '\n');
    assert.throws(() => SpillJournal.open(other), {
      code: 'ERR_SPILL_JOURNAL_CORRUPT',
      message: /the record at byte \d+ is damaged/,
    });
  });

  it('reports a journal it cannot create', () => {
    const blocker = join(makeTempDir(), 'file');
    writeFileSync(blocker, '');
    assert.throws(() => SpillJournal.open(join(blocker, 'sink.spill')), {
      code: 'ERR_SPILL_JOURNAL_IO',
      message: /cannot open the spill journal .* \((EEXIST|ENOTDIR)\)/,
    });
  });

  it('opens an existing journal only when it holds messages', () => {
    const path = journalPath();
    assert.equal(SpillJournal.openIfExists(path), undefined);
    const journal = SpillJournal.open(path);
    journal.append(tweetRun(1));
    journal.close();
    const reopened = SpillJournal.openIfExists(path);
    assert.ok(reopened);
    assert.equal(reopened.pendingMessages, 1);
    reopened.consume(reopened.read(1));
    reopened.close();
    assert.equal(existsSync(path), false);
  });

  it('says a full disk failed a write when the journal is created (it said "cannot read")', () => {
    const path = join(makeTempDir(), 'full.spill');
    symlinkSync('/dev/full', path); // every write fails with ENOSPC, for root too
    assert.throws(() => SpillJournal.open(path), {
      code: 'ERR_SPILL_JOURNAL_IO',
      message: `cannot write to the spill journal ${path} (ENOSPC); check free space and permissions`,
    });
  });
});

/**
 * Reading answers from the user: from the terminal with a prompt (a secret such as a PIN is not
 * echoed), or, when stdin is not a terminal, from the first line of stdin (`echo 1234567 |
 * spritzer authorize`).
 */
import type { Readable, Writable } from 'node:stream';

/** The streams a prompt uses. */
export interface PromptStreams {
  readonly stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  /** Where the question goes: stderr, so stdout stays data. */
  readonly stderr: Writable;
  readonly signal: AbortSignal;
}

/** What a stream delivered past the line a prompt consumed, for the next prompt. */
const leftovers = new WeakMap<Readable, string>();

const ctrlC = '\u0003';
const ctrlD = '\u0004';
const backspace = new Set(['\u007f', '\b']);

/**
 * Asks a question and reads one line.
 *
 * On a terminal with `secret`, the answer is read in raw mode and not echoed (a `•` per
 * character instead). Ctrl-C aborts. Without a terminal, the first line of stdin is the answer.
 *
 * @returns the answer without its line break, trimmed; `undefined` when stdin ended first or
 *   the signal aborted
 */
export async function promptLine(
  streams: PromptStreams,
  question: string,
  options: { secret?: boolean; onInterrupt?: () => void } = {},
): Promise<string | undefined> {
  const { stdin, stderr } = streams;
  stderr.write(question);
  const raw = options.secret === true && stdin.isTTY === true && stdin.setRawMode !== undefined;
  if (raw) stdin.setRawMode?.(true);
  stdin.setEncoding('utf8');
  try {
    const answer = await new Promise<string | undefined>((resolve) => {
      let line = '';
      const finish = (value: string | undefined): void => {
        stdin.off('data', onData);
        stdin.off('end', onEnd);
        streams.signal.removeEventListener('abort', onAbort);
        stdin.pause();
        resolve(value);
      };
      /** Takes a chunk; returns whether it completed the answer. */
      const onData = (chunk: string): boolean => {
        const characters = Array.from(chunk);
        for (const [index, character] of characters.entries()) {
          if (character === '\n' || character === '\r') {
            const rest = characters.slice(index + 1).join('');
            leftovers.set(
              stdin,
              character === '\r' && rest.startsWith('\n') ? rest.slice(1) : rest,
            );
            finish(line);
            return true;
          }
          if (raw) {
            if (character === ctrlC) {
              options.onInterrupt?.();
              finish(undefined);
              return true;
            }
            if (character === ctrlD && line === '') {
              finish(undefined);
              return true;
            }
            if (backspace.has(character)) {
              if (line !== '') {
                line = Array.from(line).slice(0, -1).join('');
                stderr.write('\b \b');
              }
              continue;
            }
            stderr.write('•');
          }
          line += character;
        }
        return false;
      };
      const onEnd = (): void => {
        finish(line === '' ? undefined : line);
      };
      const onAbort = (): void => {
        finish(undefined);
      };
      if (streams.signal.aborted) {
        resolve(undefined);
        return;
      }
      streams.signal.addEventListener('abort', onAbort, { once: true });
      const pending = leftovers.get(stdin) ?? '';
      leftovers.delete(stdin);
      if (pending !== '' && onData(pending)) return;
      if (stdin.readableEnded) {
        onEnd();
        return;
      }
      stdin.on('data', onData);
      stdin.once('end', onEnd);
      stdin.resume();
    });
    if (raw || stdin.isTTY !== true) stderr.write('\n');
    return answer?.trim();
  } finally {
    if (raw) stdin.setRawMode?.(false);
  }
}

/**
 * Asks a yes/no question on the terminal; Enter answers `yes`.
 *
 * @returns whether the user said yes; `false` when stdin ended or the signal aborted
 */
export async function promptYesNo(streams: PromptStreams, question: string): Promise<boolean> {
  const answer = await promptLine(streams, `${question} [Y/n] `);
  return answer !== undefined && /^(y|yes|)$/i.test(answer);
}

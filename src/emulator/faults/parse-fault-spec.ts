/**
 * The `--fault` command-line syntax:
 *
 * ```
 * KIND[:ARG[:ARG]][@N | @Nb][/attempts=A,B,…][/times=N][/p=P]
 * ```
 *
 * `@N` fires after N complete messages, `@Nb` after N payload bytes. ARG depends on the kind:
 * `refuse:STATUS[:VARIANT]`, `disconnect:CODE`, `drip:INTERVAL_MS`, `oversized:BYTES`,
 * `wrong-length:DELTA`, `duplicate:COUNT`. Examples: `reset@100`, `close@4096b`,
 * `disconnect:7@50/attempts=1`, `refuse:420/times=3`, `refuse:503/p=0.25`.
 */
import { invalidArgValue } from '../../errors.js';
import { validateFaultRule, type FaultRule } from './fault-rule.js';

const argumentNames: Readonly<Record<string, readonly string[]>> = {
  refuse: ['status', 'variant'],
  disconnect: ['code'],
  drip: ['intervalMs'],
  oversized: ['bytes'],
  'wrong-length': ['delta'],
  duplicate: ['count'],
};

/**
 * Parses one `--fault` value into a rule.
 *
 * @param name - what errors call the value: the CLI passes `--fault`, the admin endpoint the
 *   rule's place in its body
 * @throws RangeError (ERR_INVALID_ARG_VALUE) naming what is wrong and showing the syntax
 */
export function parseFaultSpec(spec: string, name = 'spec'): FaultRule {
  const where: SpecPlace = { name, spec };
  const [head = '', ...options] = spec.split('/');
  const at = head.indexOf('@');
  const faultPart = at === -1 ? head : head.slice(0, at);
  const triggerPart = at === -1 ? undefined : head.slice(at + 1);
  const [kind = '', ...args] = faultPart.split(':');
  const names = argumentNames[kind] ?? [];
  if (args.length > names.length) {
    throw syntaxError(where, `${kind || 'the fault'} takes at most ${names.length} argument(s)`);
  }
  const fault: Record<string, unknown> = { kind };
  args.forEach((arg, index) => {
    const name = names[index] ?? '';
    fault[name] = name === 'variant' ? arg : toNumber(arg, where, name);
  });
  if (triggerPart !== undefined) {
    const inBytes = triggerPart.endsWith('b');
    const count = toNumber(inBytes ? triggerPart.slice(0, -1) : triggerPart, where, 'the trigger');
    fault[inBytes ? 'afterBytes' : 'afterMessages'] = count;
  }
  const rule: Record<string, unknown> = { fault };
  for (const option of options) {
    const [name = '', value = ''] = option.split('=', 2);
    if (name === 'attempts') {
      rule.attempts = value.split(',').map((item) => toNumber(item, where, 'attempts'));
    } else if (name === 'times') {
      rule.times = toNumber(value, where, 'times');
    } else if (name === 'p') {
      rule.probability = toNumber(value, where, 'p');
    } else {
      throw syntaxError(where, `unknown option "${name}" (use attempts=, times= or p=)`);
    }
  }
  try {
    return validateFaultRule(rule, 'rule');
  } catch (error) {
    // 'The "rule.fault.kind" argument must be …' → 'fault.kind must be …'
    const message = (error as Error).message;
    const match = /^The "rule\.(.+?)" argument (.*)$/su.exec(message);
    throw syntaxError(where, match ? `${match[1] ?? ''} ${match[2] ?? ''}` : message);
  }
}

/** The value being parsed and what errors call it. */
interface SpecPlace {
  readonly name: string;
  readonly spec: string;
}

function toNumber(text: string, where: SpecPlace, what: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw syntaxError(where, `${what} must be a number`);
  return value;
}

function syntaxError({ name, spec }: SpecPlace, reason: string): RangeError {
  return invalidArgValue(
    name,
    `"${spec}" is invalid: ${reason}; syntax KIND[:ARG][@N|@Nb][/attempts=A,B][/times=N][/p=P], e.g. reset@100`,
  );
}

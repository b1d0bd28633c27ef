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
 * @throws RangeError (ERR_INVALID_ARG_VALUE) naming what is wrong and showing the syntax
 */
export function parseFaultSpec(spec: string): FaultRule {
  const [head = '', ...options] = spec.split('/');
  const at = head.indexOf('@');
  const faultPart = at === -1 ? head : head.slice(0, at);
  const triggerPart = at === -1 ? undefined : head.slice(at + 1);
  const [kind = '', ...args] = faultPart.split(':');
  const names = argumentNames[kind] ?? [];
  if (args.length > names.length) {
    throw syntaxError(spec, `${kind || 'the fault'} takes at most ${names.length} argument(s)`);
  }
  const fault: Record<string, unknown> = { kind };
  args.forEach((arg, index) => {
    const name = names[index] ?? '';
    fault[name] = name === 'variant' ? arg : toNumber(arg, spec, name);
  });
  if (triggerPart !== undefined) {
    const inBytes = triggerPart.endsWith('b');
    const count = toNumber(inBytes ? triggerPart.slice(0, -1) : triggerPart, spec, 'the trigger');
    fault[inBytes ? 'afterBytes' : 'afterMessages'] = count;
  }
  const rule: Record<string, unknown> = { fault };
  for (const option of options) {
    const [name = '', value = ''] = option.split('=', 2);
    if (name === 'attempts') {
      rule.attempts = value.split(',').map((item) => toNumber(item, spec, 'attempts'));
    } else if (name === 'times') {
      rule.times = toNumber(value, spec, 'times');
    } else if (name === 'p') {
      rule.probability = toNumber(value, spec, 'p');
    } else {
      throw syntaxError(spec, `unknown option "${name}" (use attempts=, times= or p=)`);
    }
  }
  try {
    return validateFaultRule(rule, 'rule');
  } catch (error) {
    // 'The "rule.fault.kind" argument must be …' → 'fault.kind must be …'
    const message = (error as Error).message;
    const match = /^The "rule\.(.+?)" argument (.*)$/su.exec(message);
    throw syntaxError(spec, match ? `${match[1] ?? ''} ${match[2] ?? ''}` : message);
  }
}

function toNumber(text: string, spec: string, what: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw syntaxError(spec, `${what} must be a number`);
  return value;
}

function syntaxError(spec: string, reason: string): RangeError {
  return invalidArgValue(
    '--fault',
    `"${spec}" is invalid: ${reason}; syntax KIND[:ARG][@N|@Nb][/attempts=A,B][/times=N][/p=P], e.g. reset@100`,
  );
}

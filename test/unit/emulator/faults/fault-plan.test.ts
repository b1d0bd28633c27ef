/**
 * Fault rules: validation at the boundary, the `--fault` syntax, and which attempts a plan
 * picks (by number, a number of times, with a seeded probability).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FaultPlan } from '../../../../src/emulator/faults/fault-plan.js';
import { validateFaultRule, type FaultRule } from '../../../../src/emulator/faults/fault-rule.js';
import { parseFaultSpec } from '../../../../src/emulator/faults/parse-fault-spec.js';

describe('parseFaultSpec', () => {
  it('reads kind, arguments, trigger and options', () => {
    assert.deepEqual(parseFaultSpec('reset@100'), { fault: { kind: 'reset', afterMessages: 100 } });
    assert.deepEqual(parseFaultSpec('close@4096b'), { fault: { kind: 'close', afterBytes: 4096 } });
    assert.deepEqual(parseFaultSpec('disconnect:7@50/attempts=1,3'), {
      fault: { kind: 'disconnect', code: 7, afterMessages: 50 },
      attempts: [1, 3],
    });
    assert.deepEqual(parseFaultSpec('refuse:420:connection-limit/times=3/p=0.5'), {
      fault: { kind: 'refuse', status: 420, variant: 'connection-limit' },
      times: 3,
      probability: 0.5,
    });
    assert.deepEqual(parseFaultSpec('drip:500@10'), {
      fault: { kind: 'drip', intervalMs: 500, afterMessages: 10 },
    });
    assert.deepEqual(parseFaultSpec('wrong-length:-7@1'), {
      fault: { kind: 'wrong-length', delta: -7, afterMessages: 1 },
    });
    assert.deepEqual(parseFaultSpec('duplicate:20'), { fault: { kind: 'duplicate', count: 20 } });
  });

  it('rejects what it cannot read, naming the problem and showing the syntax', () => {
    const cases: [string, RegExp][] = [
      ['explode', /fault\.kind must be one of refuse, close/u],
      ['refuse:418', /fault\.status must be one of 401, 403/u],
      ['refuse:401:calm', /fault\.variant is not used with status 401/u],
      ['reset@ten', /the trigger must be a number/u],
      ['reset@-1', /the trigger must be a number|afterMessages must be an integer/u],
      ['reset/every=2', /unknown option "every"/u],
      ['reset:3', /reset takes at most 0 argument/u],
      ['refuse:503/p=2', /probability must be a number from 0 to 1/u],
      ['wrong-length:0', /delta must not be 0/u],
    ];
    for (const [spec, reason] of cases) {
      assert.throws(
        () => parseFaultSpec(spec),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'ERR_INVALID_ARG_VALUE', spec);
          assert.match(error.message, reason, spec);
          assert.match(error.message, /syntax KIND\[:ARG\]/u, spec);
          return true;
        },
      );
    }
  });
});

describe('validateFaultRule', () => {
  it('names the field at fault', () => {
    assert.throws(() => validateFaultRule(null, 'faults[0]'), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "faults[0]" argument must be an object; received null',
    });
    assert.throws(
      () => validateFaultRule({ fault: { kind: 'close', afterMessages: 1.5 } }, 'faults[2]'),
      { code: 'ERR_INVALID_ARG_VALUE', message: /faults\[2\]\.fault\.afterMessages/u },
    );
    assert.throws(() => validateFaultRule({ fault: { kind: 'close' }, attempts: [0] }, 'r'), {
      code: 'ERR_INVALID_ARG_VALUE',
      message: /r\.attempts\[0\]/u,
    });
  });
});

describe('FaultPlan', () => {
  const reset: FaultRule = { fault: { kind: 'reset', afterMessages: 1 } };

  it('applies a rule to the attempts it names, and only `times` times', () => {
    const plan = new FaultPlan(
      [
        { ...reset, attempts: [2, 4] },
        { fault: { kind: 'stall' }, times: 2 },
      ],
      1,
    );
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((attempt) => plan.select(attempt).map((fault) => fault.kind)),
      [['stall'], ['reset', 'stall'], [], ['reset'], []],
    );
    assert.deepEqual(
      plan.list().map((entry) => entry.id),
      [1],
      'the spent rule is removed',
    );
  });

  it('draws probabilities from the seed: same seed, same attempts; another seed, others', () => {
    const picks = (seed: number): number[] => {
      const plan = new FaultPlan([{ ...reset, probability: 0.3 }], seed);
      return Array.from({ length: 200 }, (_, i) => i + 1).filter(
        (attempt) => plan.select(attempt).length > 0,
      );
    };
    assert.deepEqual(picks(5), picks(5));
    assert.notDeepEqual(picks(5), picks(6));
    const share = picks(5).length / 200;
    assert.ok(share > 0.18 && share < 0.42, `about 30 %: ${share}`);
  });

  it('adds rules after the current ones and clears them all; a bad rule installs nothing', () => {
    const plan = new FaultPlan([reset], 1);
    const added = plan.add([{ fault: { kind: 'end' } }]);
    assert.deepEqual(
      added.map((entry) => entry.id),
      [2],
    );
    assert.throws(() => plan.add([{ fault: { kind: 'end' } }, { fault: { kind: 'nope' } }]), {
      code: 'ERR_INVALID_ARG_VALUE',
    });
    assert.equal(plan.list().length, 2);
    plan.clear();
    assert.deepEqual(plan.select(1), []);
  });
});

describe('fault rules from an untyped caller', () => {
  it('refuses a field the rule or its fault does not take, instead of ignoring it', () => {
    const cases: [unknown, RegExp][] = [
      [
        { fault: { kind: 'reset', afterMessages: 3 }, attempt: [1] },
        /^The "faults\[0\]\.attempt" argument is not a field here \(did you mean "attempts"\?\); the fields are fault, attempts, times, probability/,
      ],
      [
        { fault: { kind: 'reset', after: 3 } },
        /^The "faults\[0\]\.fault\.after" argument is not a field here; the fields are kind, afterMessages, afterBytes/,
      ],
      [
        { fault: { kind: 'refuse', status: 420, afterMessages: 3 } },
        /"faults\[0\]\.fault\.afterMessages" argument is not a field here; the fields are kind, status, variant/,
      ],
      [
        { fault: { kind: 'disconnect', code: 7, reason: 'x' } },
        /"faults\[0\]\.fault\.reason" argument is not a field here; the fields are kind, code, afterMessages, afterBytes/,
      ],
    ];
    for (const [rule, message] of cases) {
      assert.throws(() => new FaultPlan([], 1).add([rule]), {
        code: 'ERR_INVALID_ARG_VALUE',
        message,
      });
    }
  });

  it('refuses rules that are not an array', () => {
    assert.throws(() => new FaultPlan([], 1).add({ fault: { kind: 'reset' } } as never), {
      code: 'ERR_INVALID_ARG_TYPE',
      message: /^The "rules" argument must be an array of fault rules, e\.g\. \[\{ fault: /,
    });
  });
});

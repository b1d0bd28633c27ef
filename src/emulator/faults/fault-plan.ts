/**
 * The emulator's fault rules and which faults each stream connection attempt gets.
 * Deterministic: whether a rule with a `probability` fires on attempt N depends only on the seed,
 * N and the rule's position, never on timing.
 */
import { createHash } from 'node:crypto';
import { invalidArgType } from '../../errors.js';
import { validateFaultRule, type FaultRule, type StreamFault } from './fault-rule.js';

/** A rule as installed, with how many more times it may fire. */
export interface InstalledFaultRule {
  /** Position of the rule since the emulator started (stable across `add`). */
  readonly id: number;
  readonly rule: FaultRule;
  /** How many more times it may apply; `null` when unlimited. */
  readonly remaining: number | null;
}

/** The installed rules; {@link FaultPlan.select} consumes them. */
export class FaultPlan {
  readonly #seed: number;
  #rules: { id: number; rule: FaultRule; remaining: number | null }[] = [];
  #nextId = 1;

  /**
   * @param rules - the initial rules (validated)
   * @param seed - drives every `probability` draw
   */
  constructor(rules: readonly FaultRule[], seed: number) {
    this.#seed = seed;
    this.add(rules);
  }

  /**
   * Installs more rules after the current ones.
   *
   * @throws TypeError/RangeError (ERR_INVALID_ARG_*) for a malformed rule; nothing is installed
   */
  add(rules: readonly unknown[]): readonly InstalledFaultRule[] {
    if (!Array.isArray(rules)) {
      throw invalidArgType(
        'rules',
        "an array of fault rules, e.g. [{ fault: { kind: 'reset', afterMessages: 100 } }]",
        rules,
      );
    }
    const valid = rules.map((rule, index) => validateFaultRule(rule, `faults[${index}]`));
    const installed = valid.map((rule) => ({
      id: this.#nextId++,
      rule,
      remaining: rule.times ?? null,
    }));
    this.#rules.push(...installed);
    return installed.map((entry) => ({ ...entry }));
  }

  /** Removes every rule. */
  clear(): void {
    this.#rules = [];
  }

  /** The rules still installed (spent ones are removed). */
  list(): readonly InstalledFaultRule[] {
    return this.#rules.map((entry) => ({ ...entry }));
  }

  /**
   * The faults for stream connection attempt `attempt` (1-based), in rule order; consumes one
   * use of each rule that applies.
   */
  select(attempt: number): StreamFault[] {
    const faults: StreamFault[] = [];
    for (const entry of this.#rules) {
      const { rule } = entry;
      if (rule.attempts !== undefined && !rule.attempts.includes(attempt)) continue;
      const probability = rule.probability ?? 1;
      if (probability < 1 && this.#draw(attempt, entry.id) >= probability) continue;
      faults.push(rule.fault);
      if (entry.remaining !== null) entry.remaining -= 1;
    }
    this.#rules = this.#rules.filter((entry) => entry.remaining !== 0);
    return faults;
  }

  /** A uniform number in [0, 1) from (seed, attempt, rule id). */
  #draw(attempt: number, ruleId: number): number {
    const digest = createHash('sha256').update(`${this.#seed}:${attempt}:${ruleId}`).digest();
    return digest.readUInt32BE(0) / 2 ** 32;
  }
}

import type Decimal from 'decimal.js';
import { z } from 'zod';
import { err, label } from '../i18n/keyed';
import { money } from '../money';
import { decimalString, MAX_RATE } from '../validation/common';

/**
 * The calculation rule registry. A contribution plan names a rule by key and carries the rule's plan
 * parameters; each insuree line carries the rule's insuree parameters. Both are validated by the rule's
 * own schemas, which also drive the generated parameter fields in the UI.
 */
export type ParamField = {
  name: string;
  label: string;
  kind: 'decimal' | 'boolean' | 'text';
  required: boolean;
};

export type CalculationRule = {
  key: string;
  label: string;
  planParams: z.ZodType<Record<string, unknown>>;
  insureeParams: z.ZodType<Record<string, unknown>>;
  /** Field descriptions of the insuree parameters, for generated forms. */
  insureeFields: ParamField[];
  planFields: ParamField[];
  /**
   * The contribution of one insuree for one full periodicity of the plan, unrounded (rounding happens
   * once per contribution line). `familySize` counts the insuree and its family members.
   */
  amountPerPeriod: (
    plan: Record<string, unknown>,
    insuree: Record<string, unknown>,
    familySize: number,
  ) => Decimal;
  /** Whether the plan covers the insuree's family too. */
  coversFamily: (plan: Record<string, unknown>) => boolean;
};

const includeFamily = z.boolean().default(false);

export const percentOfIncome: CalculationRule = {
  key: 'percent-of-income',
  label: 'Percent of income',
  planParams: z.object({
    rate: decimalString('rate', { max: 4, cap: MAX_RATE }),
    includeFamily,
  }),
  insureeParams: z.object({ income: decimalString('income') }),
  insureeFields: [{ name: 'income', label: 'Income', kind: 'decimal', required: true }],
  planFields: [
    { name: 'rate', label: 'Rate (%)', kind: 'decimal', required: true },
    { name: 'includeFamily', label: 'Include family', kind: 'boolean', required: false },
  ],
  amountPerPeriod: (plan, insuree) =>
    money(String(insuree.income ?? '0'))
      .times(String(plan.rate ?? '0'))
      .dividedBy(100),
  coversFamily: (plan) => plan.includeFamily === true,
};

export const fixedAmount: CalculationRule = {
  key: 'fixed-amount',
  label: 'Fixed amount per person',
  planParams: z.object({ amount: decimalString('amount'), includeFamily }),
  insureeParams: z.object({}),
  insureeFields: [],
  planFields: [
    { name: 'amount', label: 'Amount', kind: 'decimal', required: true },
    { name: 'includeFamily', label: 'Include family', kind: 'boolean', required: false },
  ],
  amountPerPeriod: (plan, _insuree, familySize) =>
    money(String(plan.amount ?? '0')).times(plan.includeFamily === true ? familySize : 1),
  coversFamily: (plan) => plan.includeFamily === true,
};

export const PREMIUM_RULE_KEY = 'premium-rule';

const ruleValue = z.union([z.string().trim().max(64, err('calculation.ruleParameterMost64')), z.boolean()]);

/**
 * A configured premium rule (issue 17): the plan names the rule by code and may carry the rule's
 * plan-level inputs; the amount comes from the rule's version valid at the contract's period start,
 * which the valuation loads (lib/calculation/premium-versions.ts) and evaluates (valueContract).
 */
export const premiumRule: CalculationRule = {
  key: PREMIUM_RULE_KEY,
  label: 'Configured premium rule',
  planParams: z
    .object({
      rule: z
        .string({ error: err('required', { label: label('premiumRule') }) })
        .trim()
        .min(1, err('required', { label: label('premiumRule') }))
        .max(32, err('tooLong', { label: label('premiumRule'), max: 32 })),
      includeFamily,
    })
    .catchall(ruleValue),
  insureeParams: z.record(z.string().max(40), ruleValue),
  insureeFields: [],
  planFields: [
    { name: 'rule', label: 'Premium rule', kind: 'text', required: true },
    { name: 'includeFamily', label: 'Include family', kind: 'boolean', required: false },
  ],
  amountPerPeriod: () => {
    throw new Error('premium-rule: valued through its version (valueContract), not amountPerPeriod');
  },
  coversFamily: (plan) => plan.includeFamily === true,
};

export const CALCULATION_RULES: Record<string, CalculationRule> = {
  [percentOfIncome.key]: percentOfIncome,
  [fixedAmount.key]: fixedAmount,
  [premiumRule.key]: premiumRule,
};

export function getRule(key: string): CalculationRule | undefined {
  // The key comes from input: "constructor" or "__proto__" must be unknown, not Object's own members.
  return Object.hasOwn(CALCULATION_RULES, key) ? CALCULATION_RULES[key] : undefined;
}

/** What a configured rule declares about its inputs (its definition's `inputs`). */
type DeclaredInputs = {
  inputs: { name: string; label: string; kind: string; source: string; required: boolean }[];
};

/**
 * The insuree parameter fields a bundle needs: the union of its plans' rules' fields, and of the
 * insuree inputs its configured premium rules declare.
 */
export function insureeFieldsFor(
  ruleKeys: readonly string[],
  configured: readonly (DeclaredInputs | undefined)[] = [],
): ParamField[] {
  const seen = new Map<string, ParamField>();
  for (const key of ruleKeys) for (const f of getRule(key)?.insureeFields ?? []) seen.set(f.name, f);
  for (const def of configured)
    for (const i of def?.inputs ?? [])
      if (i.source === 'insuree')
        seen.set(i.name, {
          name: i.name,
          label: i.label,
          kind: i.kind === 'boolean' ? 'boolean' : i.kind === 'text' ? 'text' : 'decimal',
          required: i.required,
        });
  return [...seen.values()];
}

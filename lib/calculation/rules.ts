import type Decimal from 'decimal.js';
import { z } from 'zod';
import { money } from '../money';
import { decimalString, MAX_RATE } from '../validation/common';

/**
 * The calculation rule registry. A contribution plan names a rule by key and carries the rule's plan
 * parameters; each insuree line carries the rule's insuree parameters. Both are validated by the rule's
 * own schemas, which also drive the generated parameter fields in the UI.
 */
export type ParamField = { name: string; label: string; kind: 'decimal' | 'boolean'; required: boolean };

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
    rate: decimalString('Rate', { max: 4, cap: MAX_RATE }),
    includeFamily,
  }),
  insureeParams: z.object({ income: decimalString('Income') }),
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
  planParams: z.object({ amount: decimalString('Amount'), includeFamily }),
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

export const CALCULATION_RULES: Record<string, CalculationRule> = {
  [percentOfIncome.key]: percentOfIncome,
  [fixedAmount.key]: fixedAmount,
};

export function getRule(key: string): CalculationRule | undefined {
  // The key comes from input: "constructor" or "__proto__" must be unknown, not Object's own members.
  return Object.hasOwn(CALCULATION_RULES, key) ? CALCULATION_RULES[key] : undefined;
}

/** The insuree parameter fields a bundle needs: the union of its plans' rules' fields. */
export function insureeFieldsFor(ruleKeys: readonly string[]): ParamField[] {
  const seen = new Map<string, ParamField>();
  for (const key of ruleKeys) for (const f of getRule(key)?.insureeFields ?? []) seen.set(f.name, f);
  return [...seen.values()];
}

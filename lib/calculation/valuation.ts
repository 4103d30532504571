import type Decimal from 'decimal.js';
import { addDays, addMonths, daysInclusive, minDate } from '../dates';
import { money, roundCents } from '../money';
import { getRule } from './rules';

export type PlanForValuation = {
  planId: string;
  productId: string;
  rule: string;
  params: Record<string, unknown>;
  periodicityMonths: number;
};

export type DetailForValuation = {
  detailId: string;
  insureeId: string;
  familyId: string;
  familySize: number;
  /** The detail's parameters over the policy-holder insuree's (income from the detail, else from the PH line). */
  params: Record<string, unknown>;
  plans: PlanForValuation[];
};

export type ValuedLine = {
  detailId: string;
  insureeId: string;
  familyId: string;
  planId: string;
  productId: string;
  coversFamily: boolean;
  from: string;
  to: string;
  amount: Decimal;
};

/**
 * Contribution lines covering the whole contract period: per detail × plan, one line per plan
 * periodicity from the contract start, the last one pro-rated by days of its full period. Each line is
 * rounded half-even to cents; the contract's value is the sum of its rounded lines, so what is valued
 * is exactly what is invoiced.
 */
export function valueContract(
  period: { from: string; to: string },
  details: DetailForValuation[],
): { lines: ValuedLine[]; total: Decimal } {
  const lines: ValuedLine[] = [];
  for (const d of details) {
    for (const plan of d.plans) {
      const rule = getRule(plan.rule);
      if (!rule) throw new Error(`Unknown calculation rule ${plan.rule}`);
      const perPeriod = rule.amountPerPeriod(plan.params, d.params, d.familySize);
      for (let k = 0; ; k++) {
        const start = addMonths(period.from, k * plan.periodicityMonths);
        if (start > period.to) break;
        const fullEnd = addDays(addMonths(period.from, (k + 1) * plan.periodicityMonths), -1);
        const end = minDate(fullEnd, period.to);
        const amount =
          end === fullEnd
            ? roundCents(perPeriod)
            : roundCents(perPeriod.times(daysInclusive(start, end)).dividedBy(daysInclusive(start, fullEnd)));
        lines.push({
          detailId: d.detailId,
          insureeId: d.insureeId,
          familyId: d.familyId,
          planId: plan.planId,
          productId: plan.productId,
          coversFamily: rule.coversFamily(plan.params),
          from: start,
          to: end,
          amount,
        });
      }
    }
  }
  const total = lines.reduce((sum, l) => sum.plus(l.amount), money(0));
  return { lines, total };
}

export type PolicySpan = { id: string; start: string; expiry: string };

/**
 * Splits a line at policy boundaries: existing policies covering parts of it are reused, the gaps get
 * new policies (from `createPolicy`, which also records them so later lines reuse them). Amounts are
 * pro-rated by days, rounded half-even, and the remainder goes on the last part so the parts sum to the
 * line exactly.
 */
export function splitAtPolicies(
  line: { from: string; to: string; amount: Decimal },
  policies: PolicySpan[],
  createPolicy: (start: string, notAfter: string | null) => PolicySpan,
): { policyId: string; from: string; to: string; amount: Decimal }[] {
  const sorted = [...policies].sort((a, b) => (a.start < b.start ? -1 : 1));
  const parts: { policyId: string; from: string; to: string }[] = [];
  let cursor = line.from;
  while (cursor <= line.to) {
    let policy = sorted.find((p) => p.start <= cursor && p.expiry >= cursor);
    if (!policy) {
      const next = sorted.find((p) => p.start > cursor);
      policy = createPolicy(cursor, next ? addDays(next.start, -1) : null);
      sorted.push(policy);
      sorted.sort((a, b) => (a.start < b.start ? -1 : 1));
    }
    const end = minDate(policy.expiry, line.to);
    parts.push({ policyId: policy.id, from: cursor, to: end });
    cursor = addDays(end, 1);
  }
  const totalDays = daysInclusive(line.from, line.to);
  let allocated = money(0);
  return parts.map((p, i) => {
    const amount =
      i === parts.length - 1
        ? line.amount.minus(allocated)
        : roundCents(line.amount.times(daysInclusive(p.from, p.to)).dividedBy(totalDays));
    allocated = allocated.plus(amount);
    return { ...p, amount };
  });
}

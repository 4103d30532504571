import type Decimal from 'decimal.js';
import { addDays, daysInclusive, maxDate, minDate, monthPeriodEnd } from '../dates';
import { money, roundCents } from '../money';
import { ageAtBirthdayFrom, ageOn, type CompiledRule, evaluateRule, noVersionError } from './premium-rule';
import { getRule, PREMIUM_RULE_KEY } from './rules';

export type PlanForValuation = {
  planId: string;
  productId: string;
  rule: string;
  params: Record<string, unknown>;
  periodicityMonths: number;
  /**
   * For a configured premium rule: its version valid at the contract's period start, compiled (loaded
   * with the details, see lib/contracts/valuation-data.ts).
   */
  premium?: CompiledRule;
};

export type DetailForValuation = {
  detailId: string;
  insureeId: string;
  familyId: string;
  familySize: number;
  /** The detail's parameters over the policy-holder insuree's (income from the detail, else from the PH line). */
  params: Record<string, unknown>;
  plans: PlanForValuation[];
  /**
   * When the person is the policy holder's insuree (joined / left): charged and covered only within it.
   * Null or absent: the whole contract period.
   */
  joined?: string | null;
  left?: string | null;
  /** The insuree's birth date and gender: inputs of configured premium rules (age at the period start). */
  dateOfBirth?: string;
  gender?: string;
};

/**
 * The amount of one insuree for one full periodicity of a plan, unrounded: a built-in rule computes it
 * from the parameters; a configured rule from its declared inputs (plan or insuree parameters) and the
 * line's context (age at the contract's period start, gender, family size, periodicity).
 */
export function amountPerPeriod(plan: PlanForValuation, d: DetailForValuation, periodFrom: string): Decimal {
  if (plan.rule === PREMIUM_RULE_KEY) {
    if (!plan.premium) throw noVersionError(String(plan.params.rule), periodFrom);
    const raw: Record<string, unknown> = {
      familySize: d.familySize,
      periodMonths: plan.periodicityMonths,
      ...(d.dateOfBirth
        ? {
            age: ageOn(d.dateOfBirth, periodFrom),
            ageAtBirthday: ageAtBirthdayFrom(d.dateOfBirth, periodFrom),
          }
        : {}),
      ...(d.gender ? { gender: d.gender } : {}),
    };
    for (const input of plan.premium.definition.inputs) {
      const source = input.source === 'plan' ? plan.params : d.params;
      if (Object.hasOwn(source, input.name)) raw[input.name] = source[input.name];
    }
    return evaluateRule(plan.premium, raw);
  }
  const rule = getRule(plan.rule);
  if (!rule) throw new Error(`Unknown calculation rule ${plan.rule}`);
  return rule.amountPerPeriod(plan.params, d.params, d.familySize);
}

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

/** A line left out because its person (or family) is already covered by an earlier line of the contract. */
export type RefusedDetail = {
  detailId: string;
  insureeId: string;
  coveredBy: { detailId: string; insureeId: string };
};

/**
 * Lines that would cover someone twice for a product: a plan covering the family covers every member,
 * so a second line of the same family for that product (another head, or a member on their own plan)
 * is refused, the earlier line (contract order) kept. Two members on individual plans are two persons.
 */
export function familyConflicts(details: readonly DetailForValuation[]): RefusedDetail[] {
  const familyPlan = new Map<string, DetailForValuation>();
  const individual = new Map<string, DetailForValuation>();
  const refused: RefusedDetail[] = [];
  for (const d of details) {
    const keys = d.plans.map((plan) => ({
      key: `${d.familyId}|${plan.productId}`,
      family: getRule(plan.rule)?.coversFamily(plan.params) ?? false,
    }));
    const other = keys
      .map(({ key, family }) => familyPlan.get(key) ?? (family ? individual.get(key) : undefined))
      .find((o) => o && o.detailId !== d.detailId);
    if (other) {
      refused.push({
        detailId: d.detailId,
        insureeId: d.insureeId,
        coveredBy: { detailId: other.detailId, insureeId: other.insureeId },
      });
      continue;
    }
    for (const { key, family } of keys) {
      if (family) familyPlan.set(key, d);
      else if (!individual.has(key)) individual.set(key, d);
    }
  }
  return refused;
}

/**
 * Contribution lines covering the whole contract period: per detail × plan, one line per plan
 * periodicity from the contract start (whole months, month ends included: see monthPeriodEnd). A full
 * period is valued at the plan's amount per period; a broken one (the contract ends, or the person
 * joins or leaves, inside it) is pro-rated by its days over the days of its full period. Each line is
 * rounded half-even to cents; the contract's value is the sum of its rounded lines, so what is valued
 * is exactly what is invoiced. Lines refused by familyConflicts are left out (charged once).
 */
export function valueContract(
  period: { from: string; to: string },
  details: DetailForValuation[],
): { lines: ValuedLine[]; total: Decimal; refused: RefusedDetail[] } {
  const lines: ValuedLine[] = [];
  const refused = familyConflicts(details);
  const refusedIds = new Set(refused.map((r) => r.detailId));
  // The periods of a periodicity are the same for every line of the contract: computed once each
  // (date arithmetic on every line of a 5,000-employee contract was most of its valuation time).
  const slotCache = new Map<number, { start: string; end: string }[]>();
  const slotsOf = (months: number) => {
    let slots = slotCache.get(months);
    if (!slots) {
      slots = [];
      for (let k = 0; ; k++) {
        const start = k === 0 ? period.from : addDays(monthPeriodEnd(period.from, k * months), 1);
        if (start > period.to) break;
        slots.push({ start, end: monthPeriodEnd(period.from, (k + 1) * months) });
      }
      slotCache.set(months, slots);
    }
    return slots;
  };
  for (const d of details) {
    if (refusedIds.has(d.detailId)) continue;
    const from = d.joined ? maxDate(period.from, d.joined) : period.from;
    const to = d.left ? minDate(period.to, d.left) : period.to;
    for (const plan of d.plans) {
      const rule = getRule(plan.rule);
      if (!rule) throw new Error(`Unknown calculation rule ${plan.rule}`);
      const perPeriod = amountPerPeriod(plan, d, period.from);
      // A whole period's amount, rounded once for every whole slot.
      const full = roundCents(perPeriod);
      for (const { start: slotStart, end: slotEnd } of slotsOf(plan.periodicityMonths)) {
        if (slotStart > to) break;
        const start = maxDate(slotStart, from);
        const end = minDate(slotEnd, to);
        if (start > end) continue;
        const amount =
          start === slotStart && end === slotEnd
            ? full
            : roundCents(
                perPeriod.times(daysInclusive(start, end)).dividedBy(daysInclusive(slotStart, slotEnd)),
              );
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
  return { lines, total, refused };
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

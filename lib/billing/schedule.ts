import type Decimal from 'decimal.js';
import { addDays, daysInclusive, maxDate, minDate, monthPeriodEnd } from '../dates';
import { money, roundCents } from '../money';

export const BILLING_FREQUENCIES = [12, 6, 3, 1] as const;
export type BillingFrequency = (typeof BILLING_FREQUENCIES)[number];

export type Period = { from: string; to: string };

/**
 * The billing periods of a contract: every `months` months from the chain's anchor (the first
 * contract's start, so that an amendment's periods are its original's), cut to the contract's own
 * dates. Month ends follow monthPeriodEnd (a period from 31 January ends on the last day of February).
 */
export function billingPeriods(anchor: string, contract: Period, months: number): Period[] {
  const out: Period[] = [];
  for (let k = 0; k < 10_000; k++) {
    const start = k === 0 ? anchor : addDays(monthPeriodEnd(anchor, k * months), 1);
    if (start > contract.to) break;
    const end = monthPeriodEnd(anchor, (k + 1) * months);
    if (end < contract.from) continue;
    out.push({ from: maxDate(start, contract.from), to: minDate(end, contract.to) });
  }
  return out;
}

export type ScheduleLine = { id: string; from: string; to: string; amount: Decimal.Value };
export type ScheduledInstallment = Period & {
  seq: number;
  amount: Decimal;
  parts: { lineId: string; amount: Decimal }[];
};

/**
 * Splits contribution lines over billing periods, exactly to the cent: each line's amount is shared
 * by days among the periods it overlaps, rounded half-even, the remainder on its last part, so the
 * parts of a line add up to the line and the installments add up to the contract. A period no line
 * touches gets a 0.00 installment only when the contract has no line at all in it (it is left out).
 */
export function splitIntoInstallments(periods: Period[], lines: ScheduleLine[]): ScheduledInstallment[] {
  const result: ScheduledInstallment[] = periods.map((p, i) => ({
    ...p,
    seq: i + 1,
    amount: money(0),
    parts: [],
  }));
  for (const line of lines) {
    const total = money(line.amount);
    const days = daysInclusive(line.from, line.to);
    const overlapping = result
      .map((p) => ({ p, from: maxDate(p.from, line.from), to: minDate(p.to, line.to) }))
      .filter((o) => o.from <= o.to);
    let rest = total;
    overlapping.forEach((o, i) => {
      const share =
        i === overlapping.length - 1
          ? rest
          : roundCents(total.times(daysInclusive(o.from, o.to)).dividedBy(days));
      rest = rest.minus(share);
      o.p.parts.push({ lineId: line.id, amount: share });
      o.p.amount = o.p.amount.plus(share);
    });
  }
  const kept = result.filter((p) => p.parts.length > 0);
  return kept.map((p, i) => ({ ...p, seq: i + 1 }));
}

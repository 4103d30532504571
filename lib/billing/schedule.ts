import type Decimal from 'decimal.js';
import { addDays, daysInclusive, maxDate, minDate, monthPeriodEnd } from '../dates';
import { centsText, divideHalfEven, toCents } from '../money';

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
/** Amounts as money strings ("125.00"), exact: what the installments' rows take as they are. */
export type ScheduledInstallment = Period & {
  seq: number;
  amount: string;
  parts: { lineId: string; amount: string }[];
};

/**
 * Splits contribution lines over billing periods, exactly to the cent: each line's amount is shared
 * by days among the periods it overlaps, rounded half-even, the remainder on its last part, so the
 * parts of a line add up to the line and the installments add up to the contract. A period no line
 * touches gets a 0.00 installment only when the contract has no line at all in it (it is left out).
 *
 * In integer cents (BigInt): exact like the decimals it replaced (a share is a quotient of integers,
 * rounded once), and a tenth of their cost, which bulk approval paid for each of its 24 shares per
 * contract (lib/billing/schedule.test.ts compares both on random schedules).
 */
export function splitIntoInstallments(periods: Period[], lines: ScheduleLine[]): ScheduledInstallment[] {
  const result = periods.map((p) => ({
    ...p,
    amount: 0n,
    parts: [] as { lineId: string; amount: bigint }[],
  }));
  for (const line of lines) {
    const total = toCents(line.amount);
    const days = BigInt(daysInclusive(line.from, line.to));
    const overlapping = result
      .map((p) => ({ p, from: maxDate(p.from, line.from), to: minDate(p.to, line.to) }))
      .filter((o) => o.from <= o.to);
    let rest = total;
    overlapping.forEach((o, i) => {
      const share =
        i === overlapping.length - 1
          ? rest
          : divideHalfEven(total * BigInt(daysInclusive(o.from, o.to)), days);
      rest -= share;
      o.p.parts.push({ lineId: line.id, amount: share });
      o.p.amount += share;
    });
  }
  return result
    .filter((p) => p.parts.length > 0)
    .map((p, i) => ({
      from: p.from,
      to: p.to,
      seq: i + 1,
      amount: centsText(p.amount),
      parts: p.parts.map((x) => ({ lineId: x.lineId, amount: centsText(x.amount) })),
    }));
}

/** Whether an installment must be paid before cover: all of them, or the first (the product's rule). */
export const requiredBeforeEffective = (payBeforeEffective: 'first' | 'all', seq: number) =>
  payBeforeEffective === 'all' || seq === 1;

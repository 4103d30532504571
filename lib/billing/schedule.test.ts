import type Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysInclusive, maxDate, minDate } from '../dates';
import { centsText, money, roundCents } from '../money';
import { billingPeriods, type Period, type ScheduleLine, splitIntoInstallments } from './schedule';

/** The decimal implementation that the cents one replaced (as it was), to compare both. */
function splitInDecimals(periods: Period[], lines: ScheduleLine[]) {
  const result = periods.map((p) => ({
    ...p,
    amount: money(0),
    parts: [] as { lineId: string; amount: Decimal }[],
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
  return result
    .filter((p) => p.parts.length > 0)
    .map((p, i) => ({
      from: p.from,
      to: p.to,
      seq: i + 1,
      amount: p.amount.toFixed(2),
      parts: p.parts.map((x) => ({ lineId: x.lineId, amount: x.amount.toFixed(2) })),
    }));
}

const day = fc.integer({ min: 0, max: 3 * 366 }).map((n) => addDays('2026-01-01', n));
/** Whole cents, as the callers pass (contribution lines are money): as money strings, or as numbers. */
const amount = fc.oneof(
  fc.bigInt({ min: -10_000_000n, max: 100_000_000_000n }).map(centsText),
  fc.integer({ min: -1_000_000, max: 1_000_000_000 }).map((cents) => cents / 100),
);

describe('splitIntoInstallments', () => {
  it('gives the same installments and shares as the decimals, on random lines and periods', () => {
    fc.assert(
      fc.property(
        day,
        fc.constantFrom(1, 3, 6, 12),
        fc.array(fc.record({ a: day, b: day, amount }), { minLength: 1, maxLength: 6 }),
        (anchor, months, raw) => {
          const lines = raw.map((l, i) => ({
            id: `L${i}`,
            from: minDate(l.a, l.b),
            to: maxDate(l.a, l.b),
            amount: l.amount,
          }));
          const from = lines.reduce((m, l) => minDate(m, l.from), lines[0]!.from);
          const to = lines.reduce((m, l) => maxDate(m, l.to), lines[0]!.to);
          const periods = billingPeriods(minDate(anchor, from), { from, to }, months);
          expect(splitIntoInstallments(periods, lines)).toEqual(splitInDecimals(periods, lines));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('shares a year by days, the remainder on the last part, each line adding up', () => {
    const periods = billingPeriods('2026-01-01', { from: '2026-01-01', to: '2026-12-31' }, 1);
    const [jan, feb, , , , , , , , , , dec] = splitIntoInstallments(periods, [
      { id: 'a', from: '2026-01-01', to: '2026-12-31', amount: '1000.00' },
    ]);
    expect(jan!.amount).toBe('84.93'); // 1000 × 31 / 365 = 84.9315…
    expect(feb!.amount).toBe('76.71'); // 1000 × 28 / 365 = 76.7123…
    expect(dec!.amount).toBe('84.95'); // the rest: 1000 − 11 shares
  });

  it('rounds a line to cents before sharing it (the decimals shared the fraction, and lost it)', () => {
    const periods = billingPeriods('2026-01-01', { from: '2026-01-01', to: '2026-12-31' }, 6);
    const parts = splitIntoInstallments(periods, [
      { id: 'a', from: '2026-01-01', to: '2026-12-31', amount: '0.006' },
    ]).map((i) => i.amount);
    expect(parts).toEqual(['0.00', '0.01']);
  });
});

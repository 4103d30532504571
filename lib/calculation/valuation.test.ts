import { describe, expect, it } from 'vitest';
import { addDays, addMonths, wholeMonths } from '../dates';
import { money } from '../money';
import { type DetailForValuation, splitAtPolicies, valueContract } from './valuation';

const plan = (over: Partial<DetailForValuation['plans'][number]> = {}) => ({
  planId: 'plan',
  productId: 'product',
  rule: 'percent-of-income',
  params: { rate: '5', includeFamily: false },
  periodicityMonths: 12,
  ...over,
});
const details = (n: number, income = '500.00', p = plan()): DetailForValuation[] =>
  Array.from({ length: n }, (_, i) => ({
    detailId: `d${i}`,
    insureeId: `i${i}`,
    familyId: `f${i}`,
    familySize: 3,
    params: { income },
    plans: [p],
  }));

describe('valueContract (acceptance examples)', () => {
  it('5 insurees × 500.00 × 5 % over exactly 12 months = 125.00', () => {
    const { total, lines } = valueContract({ from: '2026-01-01', to: '2026-12-31' }, details(5));
    expect(total.toFixed(2)).toBe('125.00');
    expect(lines).toHaveLength(5);
  });

  it('over 24 months = 250.00, in two yearly lines per insuree', () => {
    const { total, lines } = valueContract({ from: '2026-03-15', to: '2028-03-14' }, details(5));
    expect(total.toFixed(2)).toBe('250.00');
    expect(lines).toHaveLength(10);
    expect(lines.slice(0, 2).map((l) => [l.from, l.to])).toEqual([
      ['2026-03-15', '2027-03-14'],
      ['2027-03-15', '2028-03-14'],
    ]);
  });

  it('12 months + 31 days pro-rates the last period by days', () => {
    const { total, lines } = valueContract({ from: '2026-01-01', to: '2027-01-31' }, details(5));
    // 25.00 + 25.00 × 31 / 365 = 25.00 + 2.12 per insuree
    expect(lines[1]).toMatchObject({ from: '2027-01-01', to: '2027-01-31' });
    expect(lines[1]!.amount.toFixed(2)).toBe('2.12');
    expect(total.toFixed(2)).toBe('135.60');
  });

  it('uses decimal rates and monthly periodicity without float error', () => {
    const { total, lines } = valueContract(
      { from: '2026-01-01', to: '2026-12-31' },
      details(1, '333.33', plan({ params: { rate: '7.5' }, periodicityMonths: 1 })),
    );
    expect(lines).toHaveLength(12);
    // 333.33 × 7.5 % = 24.99975 → 25.00 per month
    expect(total.toFixed(2)).toBe('300.00');
  });

  it('fixed amount per family member when the plan includes the family', () => {
    const p = plan({ rule: 'fixed-amount', params: { amount: '10.00', includeFamily: true } });
    const { total, lines } = valueContract({ from: '2026-01-01', to: '2026-12-31' }, details(2, '0', p));
    expect(total.toFixed(2)).toBe('60.00');
    expect(lines[0]!.coversFamily).toBe(true);
  });
});

describe('splitAtPolicies', () => {
  it('reuses a covering policy, creates one for the gap, and the parts sum exactly', () => {
    let n = 0;
    const parts = splitAtPolicies(
      { from: '2026-01-01', to: '2026-12-31', amount: money('100.00') },
      [{ id: 'existing', start: '2025-07-01', expiry: '2026-06-30' }],
      (start, notAfter) => ({
        id: `new${++n}`,
        start,
        expiry: notAfter ?? addDays(addMonths(start, 12), -1),
      }),
    );
    expect(parts.map((p) => [p.policyId, p.from, p.to])).toEqual([
      ['existing', '2026-01-01', '2026-06-30'],
      ['new1', '2026-07-01', '2026-12-31'],
    ]);
    // 181 / 365 × 100 = 49.589 → 49.59; the remainder 50.41 on the last part.
    expect(parts.map((p) => p.amount.toFixed(2))).toEqual(['49.59', '50.41']);
  });

  it('fills a gap only up to the next existing policy', () => {
    const parts = splitAtPolicies(
      { from: '2026-01-01', to: '2026-12-31', amount: money('0.03') },
      [{ id: 'later', start: '2026-05-01', expiry: '2027-04-30' }],
      (start, notAfter) => ({ id: 'gap', start, expiry: notAfter ?? '2099-01-01' }),
    );
    expect(parts.map((p) => [p.policyId, p.to])).toEqual([
      ['gap', '2026-04-30'],
      ['later', '2026-12-31'],
    ]);
    expect(parts.reduce((s, p) => s.plus(p.amount), money(0)).toFixed(2)).toBe('0.03');
  });
});

describe('dates', () => {
  it('clamps month ends and recognises whole-month periods', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(wholeMonths('2026-01-01', '2026-12-31')).toBe(12);
    expect(wholeMonths('2026-01-15', '2026-02-14')).toBe(1);
    expect(wholeMonths('2026-01-01', '2027-01-31')).toBe(13);
    expect(wholeMonths('2026-01-01', '2026-01-20')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { addDays, addMonths, monthPeriodEnd, wholeMonths } from '../dates';
import { money } from '../money';
import { type DetailForValuation, familyConflicts, splitAtPolicies, valueContract } from './valuation';

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

describe('day count: whole periods in months, broken ones by days', () => {
  it('a year from 29 February is one year: 50.00 for 50.00 a year, one line', () => {
    const { total, lines } = valueContract({ from: '2028-02-29', to: '2029-02-28' }, details(1, '1000.00'));
    expect(lines.map((l) => [l.from, l.to, l.amount.toFixed(2)])).toEqual([
      ['2028-02-29', '2029-02-28', '50.00'],
    ]);
    expect(total.toFixed(2)).toBe('50.00');
  });

  it('month ends are included: periods from the 31st and from the 1st', () => {
    expect(monthPeriodEnd('2028-02-29', 12)).toBe('2029-02-28');
    expect(monthPeriodEnd('2026-01-31', 1)).toBe('2026-02-28');
    expect(monthPeriodEnd('2026-03-31', 1)).toBe('2026-04-30');
    expect(monthPeriodEnd('2026-03-01', 1)).toBe('2026-03-31');
    expect(monthPeriodEnd('2026-03-15', 12)).toBe('2027-03-14');
    // Monthly lines from 31 January: each a whole month, so each the monthly amount.
    const monthly = plan({ periodicityMonths: 1 });
    const { lines } = valueContract({ from: '2026-01-31', to: '2026-04-30' }, details(1, '500.00', monthly));
    expect(lines.map((l) => [l.from, l.to, l.amount.toFixed(2)])).toEqual([
      ['2026-01-31', '2026-02-28', '25.00'],
      ['2026-03-01', '2026-03-30', '25.00'],
      ['2026-03-31', '2026-04-30', '25.00'],
    ]);
  });
});

describe('joins and leaves', () => {
  const one = (joined: string | null, left: string | null, p = plan()) =>
    details(1, '500.00', p).map((d) => ({ ...d, joined, left }));

  it('a person who joins mid-period is charged from that date, pro-rated by days', () => {
    const { lines, total } = valueContract({ from: '2026-01-01', to: '2026-12-31' }, one('2026-07-01', null));
    // 25.00 × 184 / 365 = 12.603 → 12.60
    expect(lines.map((l) => [l.from, l.to])).toEqual([['2026-07-01', '2026-12-31']]);
    expect(total.toFixed(2)).toBe('12.60');
  });

  it('a person who leaves is charged until that date', () => {
    const { lines, total } = valueContract({ from: '2026-01-01', to: '2026-12-31' }, one(null, '2026-03-31'));
    // 25.00 × 90 / 365 = 6.164 → 6.16
    expect(lines.map((l) => [l.from, l.to])).toEqual([['2026-01-01', '2026-03-31']]);
    expect(total.toFixed(2)).toBe('6.16');
  });

  it('joined before the contract start and still there: the whole period', () => {
    expect(
      valueContract({ from: '2026-01-01', to: '2026-12-31' }, one('2020-01-01', null)).total.toFixed(2),
    ).toBe('25.00');
  });

  it('monthly plan: the month of joining is pro-rated, the later months are whole', () => {
    const { lines, total } = valueContract(
      { from: '2026-01-01', to: '2026-12-31' },
      one('2026-03-15', null, plan({ periodicityMonths: 1 })),
    );
    // March: 25.00 × 17 / 31 = 13.71; April–December: 9 × 25.00
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatchObject({ from: '2026-03-15', to: '2026-03-31' });
    expect(lines[0]!.amount.toFixed(2)).toBe('13.71');
    expect(total.toFixed(2)).toBe('238.71');
  });
});

describe('a family declared twice is charged once', () => {
  const familyPlan = plan({ rule: 'fixed-amount', params: { amount: '10.00', includeFamily: true } });
  const member = (id: string, familyId: string, p = familyPlan): DetailForValuation => ({
    detailId: `d-${id}`,
    insureeId: id,
    familyId,
    familySize: 3,
    params: {},
    plans: [p],
  });

  it('two heads of one family on a family plan: the second line is refused, the family charged once', () => {
    const { total, lines, refused } = valueContract({ from: '2026-01-01', to: '2026-12-31' }, [
      member('mum', 'f1'),
      member('dad', 'f1'),
      member('other', 'f2'),
    ]);
    expect(refused).toEqual([
      { detailId: 'd-dad', insureeId: 'dad', coveredBy: { detailId: 'd-mum', insureeId: 'mum' } },
    ]);
    expect(lines.map((l) => l.insureeId)).toEqual(['mum', 'other']);
    expect(total.toFixed(2)).toBe('60.00');
  });

  it('a member on their own plan of a product the family plan already covers is refused too', () => {
    const own = plan({ rule: 'fixed-amount', params: { amount: '10.00', includeFamily: false } });
    expect(familyConflicts([member('mum', 'f1'), member('kid', 'f1', own)]).map((r) => r.insureeId)).toEqual([
      'kid',
    ]);
    expect(familyConflicts([member('kid', 'f1', own), member('mum', 'f1')]).map((r) => r.insureeId)).toEqual([
      'mum',
    ]);
  });

  it('two members on individual plans are two persons, each charged', () => {
    const own = plan({ rule: 'fixed-amount', params: { amount: '10.00', includeFamily: false } });
    const { total, refused } = valueContract({ from: '2026-01-01', to: '2026-12-31' }, [
      member('mum', 'f1', own),
      member('dad', 'f1', own),
    ]);
    expect(refused).toEqual([]);
    expect(total.toFixed(2)).toBe('20.00');
  });
});

import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysInclusive, monthPeriodEnd } from './dates';

// The Date-based arithmetic the string arithmetic replaced (issue 13), as the reference.
const DAY = 86_400_000;
const toUtc = (iso: string) => new Date(`${iso}T00:00:00Z`);
const fromUtc = (d: Date) => d.toISOString().slice(0, 10);
const ref = {
  addDays: (iso: string, days: number) => fromUtc(new Date(toUtc(iso).getTime() + days * DAY)),
  addMonths: (iso: string, months: number) => {
    const d = toUtc(iso);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months + 1, 0)).getUTCDate();
    return fromUtc(
      new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, Math.min(d.getUTCDate(), last))),
    );
  },
  days: (from: string, to: string) => Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY) + 1,
  monthPeriodEnd: (from: string, months: number) => {
    const a = toUtc(from);
    const last = new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth() + months + 1, 0));
    return a.getUTCDate() > last.getUTCDate() ? fromUtc(last) : ref.addDays(ref.addMonths(from, months), -1);
  },
};

describe('date arithmetic on ISO strings', () => {
  it('agrees with Date arithmetic on every day from 1899 to 2101 (leap years, centuries, month ends)', () => {
    const wrong: string[] = [];
    const check = (what: string, got: unknown, want: unknown) => {
      if (got !== want && wrong.length < 10) wrong.push(`${what}: ${got} instead of ${want}`);
    };
    let iso = '1899-12-25';
    let n = 0;
    while (iso < '2101-01-10') {
      for (const k of [-400, -1, 1, 29, 366])
        check(`${iso} + ${k} days`, addDays(iso, k), ref.addDays(iso, k));
      for (const m of [-13, 1, 2, 12, 120]) {
        check(`${iso} + ${m} months`, addMonths(iso, m), ref.addMonths(iso, m));
        if (m > 0) check(`end of ${iso} + ${m}`, monthPeriodEnd(iso, m), ref.monthPeriodEnd(iso, m));
      }
      check(`days to ${iso}`, daysInclusive('2000-02-29', iso), ref.days('2000-02-29', iso));
      iso = ref.addDays(iso, 1);
      n++;
    }
    expect(wrong).toEqual([]);
    expect(n).toBeGreaterThan(73_000);
  });
});

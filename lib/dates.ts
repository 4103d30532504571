/**
 * Calendar dates as ISO strings (YYYY-MM-DD), computed in UTC so no time zone can shift a day.
 * Month arithmetic clamps to the month's end (31 Jan + 1 month = 28/29 Feb), always from the original
 * anchor, so periods do not drift.
 */
const DAY = 86_400_000;

function toUtc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function fromUtc(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromUtc(new Date(toUtc(iso).getTime() + days * DAY));
}

export function addMonths(iso: string, months: number): string {
  const d = toUtc(iso);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromUtc(new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay))));
}

/** Days from `from` to `to`, both included. */
export function daysInclusive(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY) + 1;
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Whole months from `from` to `to` when the period is exactly N months, else null. N months end the day
 * before the N-month anniversary; an anniversary that does not exist (29 February in a common year, the
 * 31st of a shorter month) falls on the 1st of the next month, so the period ends on the month's last day:
 * 2028-02-29 → 2029-02-28 is 12 months. The clamped reading (31 Jan + 1 month − 1 day = 27/28 Feb) counts too.
 */
export function wholeMonths(from: string, to: string): number | null {
  const a = toUtc(from);
  const b = toUtc(addDays(to, 1));
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  for (const n of [months - 1, months, months + 1]) {
    if (n <= 0) continue;
    if (addDays(addMonths(from, n), -1) === to) return n;
    const lastOfTarget = new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth() + n + 1, 0));
    if (a.getUTCDate() > lastOfTarget.getUTCDate() && fromUtc(lastOfTarget) === to) return n;
  }
  return null;
}

/** The next period after [from, to]: from the day after, as many whole months (month ends kept), else as many days. */
export function nextPeriod(from: string, to: string): { from: string; to: string } {
  const start = addDays(to, 1);
  const months = wholeMonths(from, to);
  if (!months) return { from: start, to: addDays(start, daysInclusive(from, to) - 1) };
  const s = toUtc(start);
  const lastOfTarget = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + months + 1, 0));
  // Same rule as wholeMonths: an anniversary past the month's end ends the period on that month's last day.
  const end =
    s.getUTCDate() > lastOfTarget.getUTCDate()
      ? fromUtc(lastOfTarget)
      : addDays(addMonths(start, months), -1);
  return { from: start, to: end };
}

/**
 * The last day of `months` whole months from `from`, by the rule of wholeMonths: the day before the
 * anniversary, or the target month's last day when the anniversary does not exist (2028-02-29 + 12
 * months ends 2029-02-28, 2026-01-31 + 1 month ends 2026-02-28), so a year from 29 February is a year.
 */
export function monthPeriodEnd(from: string, months: number): string {
  const a = toUtc(from);
  const lastOfTarget = new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth() + months + 1, 0));
  return a.getUTCDate() > lastOfTarget.getUTCDate()
    ? fromUtc(lastOfTarget)
    : addDays(addMonths(from, months), -1);
}

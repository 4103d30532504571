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

// Day arithmetic on the strings themselves (days since 1970-01-01, proleptic Gregorian, H. Hinnant's
// civil-from-days): approval computes hundreds of dates per contract, and building a Date from a
// string and formatting it back was a tenth of bulk approval's Node time (issue 13's profile).
const ISO = /^\d{4}-\d{2}-\d{2}$/;

function dayNumber(iso: string): number {
  if (!ISO.test(iso)) return Math.round(toUtc(iso).getTime() / DAY);
  const y0 = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

function fromDayNumber(n: number): string {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) return fromUtc(new Date(n * DAY));
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Days in a month (1-12) of a year. */
function monthDays(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** The year and month (1-12) `months` after those of `iso` (a fast path for well-formed dates). */
function shiftMonth(iso: string, months: number): { y: number; m: number; d: number } {
  const total = Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1 + months;
  return { y: Math.floor(total / 12), m: (total % 12) + 1, d: Number(iso.slice(8, 10)) };
}

const pad = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;

export function addDays(iso: string, days: number): string {
  return fromDayNumber(dayNumber(iso) + days);
}

export function addMonths(iso: string, months: number): string {
  if (ISO.test(iso)) {
    const { y, m, d } = shiftMonth(iso, months);
    if (y >= 0 && y <= 9999) return pad(y, m, Math.min(d, monthDays(y, m)));
  }
  const d = toUtc(iso);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromUtc(new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay))));
}

/** Days from `from` to `to`, both included. */
export function daysInclusive(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
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
  if (ISO.test(from)) {
    const { y, m, d } = shiftMonth(from, months);
    if (y >= 0 && y <= 9999) {
      const last = monthDays(y, m);
      return d > last ? pad(y, m, last) : addDays(pad(y, m, d), -1);
    }
  }
  const a = toUtc(from);
  const lastOfTarget = new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth() + months + 1, 0));
  return a.getUTCDate() > lastOfTarget.getUTCDate()
    ? fromUtc(lastOfTarget)
    : addDays(addMonths(from, months), -1);
}

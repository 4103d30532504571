import Decimal from 'decimal.js';

/**
 * Money is a decimal, never a JS float: values travel as strings ("125.00") between the database
 * (numeric(18,2)), the domain and the UI. Rounding is explicit: half-even to cents, the banker's rule,
 * so that rounding errors do not drift one way over many lines.
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
export type Money = Decimal;

export function money(value: Decimal.Value): Decimal {
  return new Money(value);
}

export function roundCents(value: Decimal.Value): Decimal {
  return new Money(value).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
}

/** "125.00": the canonical string of an amount. */
export function toMoneyString(value: Decimal.Value): string {
  return roundCents(value).toFixed(2);
}

/*
 * Integer cents (BigInt), for hot paths that split amounts many times (an approval's installment
 * schedules): exact like the decimals above, at a tenth of their cost.
 */

const MONEY_TEXT = /^(-?)(\d+)\.(\d{2})$/;

/** An amount in cents: money strings read directly, anything else rounded half-even to cents first. */
export function toCents(value: Decimal.Value): bigint {
  const m = typeof value === 'string' ? MONEY_TEXT.exec(value) : null;
  const [, sign, units, cents] = m ?? MONEY_TEXT.exec(toMoneyString(value))!;
  const v = BigInt(units!) * 100n + BigInt(cents!);
  return sign ? -v : v;
}

/** "125.00" from 12500n. */
export function centsText(cents: bigint): string {
  const digits = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
  return `${cents < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** n ÷ d (d > 0) rounded half-even, as roundCents does: a tie goes to the even neighbour. */
export function divideHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d; // towards zero
  const r = n % d;
  if (r === 0n) return q;
  const twice = 2n * (r < 0n ? -r : r);
  const away = twice > d || (twice === d && q % 2n !== 0n);
  return away ? q + (n < 0n ? -1n : 1n) : q;
}

/**
 * The installation's one currency (ISO 4217 code), `PACTUM_CURRENCY`, default EUR. Server side only: pages
 * pass it to client components with the data (the contract and invoice DTOs carry it).
 */
export function currencyCode(): string {
  const code = process.env.PACTUM_CURRENCY?.trim().toUpperCase();
  return code && /^[A-Z]{3}$/.test(code) ? code : 'EUR';
}

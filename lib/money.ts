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

/**
 * The installation's one currency (ISO 4217 code), `PACTUM_CURRENCY`, default EUR. Server side only: pages
 * pass it to client components with the data (the contract and invoice DTOs carry it).
 */
export function currencyCode(): string {
  const code = process.env.PACTUM_CURRENCY?.trim().toUpperCase();
  return code && /^[A-Z]{3}$/.test(code) ? code : 'EUR';
}

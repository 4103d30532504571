import { electronicFormatIBAN, isSEPACountry, isValidBIC, isValidIBAN } from 'ibantools';

/** An IBAN as typed (spaces, lower case) in its electronic form, or null when it is not a valid IBAN. */
export function normalizeIban(value: string): string | null {
  const iban = electronicFormatIBAN(value.trim());
  return iban && isValidIBAN(iban) ? iban : null;
}

/** A SEPA IBAN: valid, and of a country of the SEPA scheme. */
export function isSepaIban(value: string): boolean {
  const iban = normalizeIban(value);
  return !!iban && isSEPACountry(iban.slice(0, 2));
}

export function normalizeBic(value: string): string | null {
  const bic = value.replace(/\s+/g, '').toUpperCase();
  return isValidBIC(bic) ? bic : null;
}

/**
 * A SEPA creditor identifier (EPC262-08): country (2 letters), check digits (2), creditor business code
 * (3 characters, any; not in the check) and the national identifier (up to 28 alphanumerics). The check
 * digits are ISO 7064 MOD 97-10 over national identifier + country + "00", letters as 10..35.
 */
export function isValidCreditorId(value: string): boolean {
  const ci = value.replace(/\s+/g, '').toUpperCase();
  const m = /^([A-Z]{2})(\d{2})([A-Z0-9]{3})([A-Z0-9]{1,28})$/.exec(ci);
  if (!m) return false;
  const [, country, check, , national] = m;
  const digits = `${national}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return String(98 - rest).padStart(2, '0') === check;
}

/** SEPA's restricted Latin character set for names and references in pain.008 (others become spaces). */
export function sepaText(value: string, max: number): string {
  const plain = value.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return plain
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

export const SCHEMES = ['CORE', 'B2B'] as const;
export const SEQUENCES = ['FRST', 'RCUR', 'FNAL', 'OOFF'] as const;
export type Scheme = (typeof SCHEMES)[number];
export type Sequence = (typeof SEQUENCES)[number];

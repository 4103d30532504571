/** Display formatting of money strings ("125.00") and ISO dates, per locale, without going through floats for the digits. */
export type Locale = 'en' | 'fr';

export function formatMoney(value: string | null | undefined, locale: Locale = 'en'): string {
  if (value === null || value === undefined) return '—';
  const negative = value.startsWith('-');
  const [int = '0', frac = '00'] = value.replace('-', '').split('.');
  const group = locale === 'fr' ? '\u202f' : ',';
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const out = `${grouped}${locale === 'fr' ? ',' : '.'}${frac.padEnd(2, '0')}`;
  return negative ? `−${out}` : out;
}

/** An amount with its currency code after it ("1,263.50 EUR", "1 263,50 EUR"). */
export function formatAmount(
  value: string | null | undefined,
  locale: Locale = 'en',
  currency = 'EUR',
): string {
  if (value === null || value === undefined) return '—';
  return `${formatMoney(value, locale)}\u00a0${currency}`;
}

/** A moment (comment posted, mail sent) to the minute, in UTC so every reader sees the same time. */
export function formatDateTime(value: Date | null | undefined, locale: Locale = 'en'): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(value);
}

export function formatDate(value: string | null | undefined, locale: Locale = 'en'): string {
  if (!value) return '—';
  const [y, m, d] = value.slice(0, 10).split('-');
  return locale === 'fr' ? `${d}/${m}/${y}` : `${y}-${m}-${d}`;
}

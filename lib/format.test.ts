import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney } from './format';

describe('format', () => {
  it('formats money strings per locale without floats', () => {
    expect(formatMoney('1234567.5')).toBe('1,234,567.50');
    expect(formatMoney('-25.00', 'fr')).toBe('−25,00');
    expect(formatMoney('1234.10', 'fr')).toBe('1\u202f234,10');
    expect(formatMoney(null)).toBe('—');
  });
  it('formats dates per locale', () => {
    expect(formatDate('2026-02-09', 'fr')).toBe('09/02/2026');
    expect(formatDate('2026-02-09T10:00:00Z', 'en')).toBe('2026-02-09');
  });
});

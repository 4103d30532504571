import { describe, expect, it } from 'vitest';
import { inEnglish } from '../i18n/keyed';
import { localize } from '../i18n/localize';
import {
  decimalString,
  isoDate,
  isStorableText,
  MAX_AMOUNT,
  optionalText,
  requiredText,
  text,
} from './common';
import { contractCreate, contractPeriodFits, receiptInput } from './contract';
import { assertStorable, findUnstorableText } from './parse';

describe('storable text', () => {
  it.each([
    ['plain', true],
    ['emoji 😀 pair', true],
    ['', true],
    ['nul \u0000', false],
    ['high \ud800 alone', false],
    ['low \udc00 alone', false],
    ['ends high \ud83d', false],
    ['starts low \ude00', false],
  ])('%j → %s', (value, ok) => {
    expect(isStorableText(value)).toBe(ok);
  });

  it('is a field error of every text helper', () => {
    for (const schema of [requiredText(50, 'name'), optionalText(50, 'name'), text(50, 'name')]) {
      const r = schema.safeParse('a\u0000b');
      expect(r.success).toBe(false);
      expect(inEnglish(r.error?.issues[0]?.message ?? '')).toBe(
        'Name contains characters that cannot be stored.',
      );
    }
  });

  it('finds bad strings and keys anywhere in an input, iteratively, and refuses deep nesting', () => {
    expect(findUnstorableText({ a: ['ok', { b: 'x\u0000' }], 'k\ud800': 1 }).paths.sort()).toEqual([
      '?',
      'a.1.b',
    ]);
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText({ deep }).tooDeep).toBe(true);
    expect(() => assertStorable({ deep })).toThrow('nested too deeply');
    expect(() => assertStorable({ comment: 'fine' })).not.toThrow();
  });
});

describe('dates', () => {
  const date = isoDate('validFrom');
  it.each(['1900-01-01', '2026-02-28', '2999-12-31'])('accepts %s', (d) => {
    expect(date.safeParse(d).success).toBe(true);
  });
  it.each(['0000-01-01', '1899-12-31', '3000-01-01', '9999-12-31', '2026-02-30'])('refuses %s', (d) => {
    expect(date.safeParse(d).success).toBe(false);
  });

  it('bounds a contract to ten years', () => {
    expect(contractPeriodFits('2026-01-01', '2035-12-31')).toBe(true);
    expect(contractPeriodFits('2026-01-01', '2036-01-01')).toBe(false);
    expect(contractPeriodFits('2024-02-29', '2034-02-27')).toBe(true);
    const r = contractCreate.safeParse({
      code: 'C',
      dateValidFrom: '2026-01-01',
      dateValidTo: '2040-01-01',
    });
    expect(r.error?.issues.map((i) => [i.path.join('.'), inEnglish(i.message)])).toEqual([
      ['dateValidTo', 'A contract can run at most 10 years.'],
    ]);
  });
});

describe('object refinements after a field failed (found by the fuzz test)', () => {
  it('do not throw on a malformed date or amount: the field error is the answer', () => {
    const period = contractCreate.safeParse({
      code: 'C',
      dateValidFrom: '2026-01-01',
      dateValidTo: '2026-02-30',
    });
    expect(period.error?.issues.map((i) => i.path.join('.'))).toEqual(['dateValidTo']);
    const receipt = receiptInput.safeParse({
      contractId: '00000000-0000-4000-8000-000000000000',
      amount: '%E0%A4%A',
      receivedAt: '2026-01-01',
      receiptNumber: 'R',
    });
    expect(receipt.error?.issues.map((i) => i.path.join('.'))).toEqual(['amount']);
  });
});

describe('decimal caps', () => {
  const amount = decimalString('amount');
  it.each(['0', '0.01', '999999999.99', '000999999999.99', '999999999.9', '5'])('accepts %s', (v) => {
    expect(amount.safeParse(v).success).toBe(true);
  });
  it.each(['1000000000', '999999999.991', '1000000000.00', '9999999999999999.99'])('refuses %s', (v) => {
    const r = amount.safeParse(v);
    expect(r.success).toBe(false);
  });
  it('names the cap in the message, and a rate cap in percent', () => {
    expect(inEnglish(amount.safeParse('1000000000').error?.issues[0]?.message ?? '')).toBe(
      `Amount must be at most ${MAX_AMOUNT}.`,
    );
    const rate = decimalString('rate', { max: 4, cap: '100' });
    expect(rate.safeParse('100').success).toBe(true);
    expect(inEnglish(rate.safeParse('100.0001').error?.issues[0]?.message ?? '')).toBe(
      'Rate must be at most 100.',
    );
  });
});

describe('French for the new messages', () => {
  // The schemas raise keyed messages; the edge renders them from the French catalogue.
  const fr = (r: { error?: { issues: { message: string }[] } }) =>
    localize(r.error?.issues[0]?.message ?? '', 'fr');
  it('renders each helper in French', () => {
    expect(fr(isoDate('validFrom').safeParse('3000-01-01'))).toBe(
      '« Valide du » doit être entre le 1900-01-01 et le 2999-12-31.',
    );
    expect(fr(decimalString('amount').safeParse('1000000000'))).toBe(
      '« Montant » vaut au plus 999999999.99.',
    );
    expect(fr(text(50, 'comment').safeParse('a\u0000'))).toBe(
      '« Commentaire » contient des caractères qui ne peuvent pas être enregistrés.',
    );
    expect(fr(requiredText(64, 'code').safeParse('x'.repeat(65)))).toBe(
      '« Code » compte au plus 64 caractères.',
    );
    expect(fr(requiredText(64, 'code').safeParse(''))).toBe('« Code » est obligatoire.');
    const tooLong = contractCreate.safeParse({
      code: 'C',
      dateValidFrom: '2026-01-01',
      dateValidTo: '2040-01-01',
    });
    expect(fr(tooLong)).toBe('Un contrat dure au plus 10 ans.');
  });

  it('never answers a prototype member as a translation', () => {
    expect(localize('constructor', 'fr')).toBe('constructor');
  });
});

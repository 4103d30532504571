import { describe, expect, it } from 'vitest';
import { centsText, divideHalfEven, money, roundCents, toCents, toMoneyString } from './money';

describe('money', () => {
  it('rounds half to even at the cent', () => {
    expect(toMoneyString('0.125')).toBe('0.12');
    expect(toMoneyString('0.135')).toBe('0.14');
    expect(toMoneyString('-0.125')).toBe('-0.12');
    expect(roundCents('2.675').toFixed(2)).toBe('2.68');
  });

  it('adds without float drift', () => {
    expect(money('0.1').plus('0.2').toFixed(2)).toBe('0.30');
    expect(money('0.1').plus('0.2').equals('0.3')).toBe(true);
  });
});

describe('cents', () => {
  it('round half-even, as the decimals do', () => {
    expect([5n, 15n, 25n, -5n, -15n, 7n, -7n].map((n) => divideHalfEven(n, 10n))).toEqual([
      0n,
      2n,
      2n,
      0n,
      -2n,
      1n,
      -1n,
    ]);
  });

  it('read and write money strings, and round anything else to cents', () => {
    expect(toCents('125.00')).toBe(12500n);
    expect(toCents('-0.05')).toBe(-5n);
    expect(toCents('12.345')).toBe(1234n); // half-even
    expect(toCents(12.5)).toBe(1250n);
    expect(centsText(12500n)).toBe('125.00');
    expect(centsText(-5n)).toBe('-0.05');
    expect(centsText(0n)).toBe('0.00');
  });
});

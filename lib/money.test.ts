import { describe, expect, it } from 'vitest';
import { money, roundCents, toMoneyString } from './money';

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

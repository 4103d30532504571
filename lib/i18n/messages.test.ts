import { describe, expect, it } from 'vitest';
import { en, fr, translate } from './messages';

describe('messages', () => {
  it('has a French text for every English one, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(fr[key], key).toBeTruthy();
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(fr[key]), key).toEqual(names(en[key]));
    }
  });

  it('fills placeholders and leaves none behind', () => {
    expect(translate('fr', 'card.amendment', { amendment: 2, code: 'C-1' })).toBe('Avenant n°2 de C-1');
    expect(translate('en', 'bulk.result', { ok: 3, failed: 0 })).toBe('3 succeeded, 0 failed.');
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en, fr, type MessageKey, translate } from './messages';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** Every .ts/.tsx source of the app (not the tests), read once. */
function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name))
        out.push({ file: path, text: readFileSync(path, 'utf8') });
    }
  };
  for (const dir of ['app', 'components', 'lib']) walk(join(process.cwd(), dir));
  return out;
}

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

  it('is never rendered without the values of its placeholders', () => {
    // The type of `t`/`translate` already refuses a literal key with placeholders and no values (checked
    // by tsc below); this scan also covers keys computed at run time (`t(`tab.${x}` as MessageKey)`).
    const missing: string[] = [];
    for (const { file, text } of sources()) {
      for (const m of text.matchAll(/\b(?:t|translate\(\s*[\w.'"]+\s*,)\(?\s*'([\w.]+)'\s*\)/g)) {
        const key = m[1] as MessageKey;
        if (key in en && placeholders(en[key]).length) missing.push(`${file}: ${key}`);
      }
      for (const m of text.matchAll(/\bt\(\s*`([\w.]+)\$\{[^}]+\}`\s*as MessageKey\s*\)/g)) {
        const prefix = m[1]!;
        for (const key of Object.keys(en) as MessageKey[])
          if (key.startsWith(prefix) && placeholders(en[key]).length) missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
    // @ts-expect-error a message with a placeholder needs its value
    expect(translate('en', 'table.total')).toBe('Total ({count} lines)');
    expect(translate('fr', 'table.total', { count: 3 })).toBe('Total (3 lignes)');
  });
});

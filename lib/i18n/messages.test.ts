import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it, vi } from 'vitest';
import { en, fr, type MessageKey, nestMessages, translate } from './messages';

/** The arguments of an ICU message with their kind ("count:plural", "name:argument"), sorted. */
function argumentsOf(message: string): string[] {
  const out = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.argument) out.add(`${el.value}:argument`);
      else if (el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time)
        out.add(`${el.value}:${TYPE[el.type]}`);
      else if (el.type === TYPE.plural || el.type === TYPE.select) {
        out.add(`${el.value}:${TYPE[el.type]}`);
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(parse(message));
  return [...out].sort();
}
const placeholders = (s: string) => argumentsOf(s);

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
  it('has a French text for every English one, with the same ICU arguments, and every message parses', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(fr[key], key).toBeTruthy();
      // parse() throws on malformed ICU (an unclosed brace, a plural without `other`...). French may
      // need a plural where English does not (agreement), never the reverse: the English message types
      // the values, so a French plural needs a number there too.
      const names = (args: string[]) => args.map((a) => a.split(':')[0]);
      const enArgs = argumentsOf(en[key]);
      const frArgs = argumentsOf(fr[key]);
      expect(names(frArgs), key).toEqual(names(enArgs));
      const numeric = (a: string) => /:(plural|number)$/.test(a);
      for (const a of frArgs.filter(numeric))
        expect(
          enArgs.filter(numeric).map((x) => x.split(':')[0]),
          key,
        ).toContain(a.split(':')[0]);
    }
    // next-intl forbids '.' in keys: the flat catalogues nest without a key that is also a namespace.
    expect(() => nestMessages(en)).not.toThrow();
    expect(() => nestMessages({ 'a.b': 'x', 'a.b.c': 'y' })).toThrow(/namespace|nests/);
  });

  it('fills arguments and plurals and leaves none behind', () => {
    expect(translate('fr', 'card.amendment', { amendment: 2, code: 'C-1' })).toBe('Avenant n°2 de C-1');
    expect(translate('en', 'bulk.result', { ok: 3, failed: 0 })).toBe('3 succeeded, 0 failed.');
    expect(translate('en', 'contracts.found', { count: 1 })).toBe('1 contract found');
    expect(translate('en', 'contracts.found', { count: 305 })).toBe('305 contracts found');
    expect(translate('fr', 'contracts.found', { count: 1 })).toBe('1 contrat trouvé');
    expect(translate('fr', 'contracts.found', { count: 0 })).toBe('0 contrat trouvé');
    expect(translate('en', 'table.total', { count: 1 })).toBe('Total (1 line)');
  });

  it('is loud about a missing message and still shows something', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(translate('fr', 'no.such.key' as MessageKey)).toBe('no.such.key');
    expect(error).toHaveBeenCalledWith(expect.stringContaining('MISSING_MESSAGE'));
    error.mockRestore();
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
    // @ts-expect-error a message with an argument needs its value
    expect(() => translate('en', 'table.total')).not.toThrow();
    // @ts-expect-error a plural's count is a number
    translate('en', 'table.total', { count: '3' });
    expect(translate('fr', 'table.total', { count: 3 })).toBe('Total (3 lignes)');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidStateError, NotFoundError, ValidationError } from '../errors';
import { err, inEnglish, label } from './keyed';
import { localize, localizeError } from './localize';
import { en, fr, type MessageKey } from './messages';

const root = path.resolve(import.meta.dirname, '..');
/**
 * Every non-test source of lib/, comments blanked (a comment may quote a message), except the line after
 * an `i18n-plain:` comment, which says why its text is not a message (free text such as a reason).
 */
const sources = (fs.readdirSync(root, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => ({
    file: f,
    text: fs
      .readFileSync(path.join(root, f), 'utf8')
      .replace(/(\/\/ i18n-plain:.*\n).*/g, '$1')
      .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
      .replace(/^(\s*)\/\/.*$/gm, '$1'),
  }));
const appRoot = path.resolve(root, '..');
const allSources = ['lib', 'app', 'components'].flatMap((dir) =>
  (fs.readdirSync(path.join(appRoot, dir), { recursive: true }) as string[])
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => fs.readFileSync(path.join(appRoot, dir, f), 'utf8')),
);

/** The domain errors: DomainError and every class that extends one of them, wherever it is declared. */
function domainErrorClasses(): Set<string> {
  const classes = new Set(['DomainError']);
  const extensions = sources.flatMap(({ text }) =>
    [...text.matchAll(/class (\w+) extends (\w+)/g)].map((m) => [m[1]!, m[2]!] as const),
  );
  let grown = true;
  while (grown) {
    grown = false;
    for (const [name, base] of extensions)
      if (classes.has(base) && !classes.has(name)) {
        classes.add(name);
        grown = true;
      }
  }
  return classes;
}

const Q = `(['"\`])`; // a string literal opens
const SENTENCE = `[A-Z][^'"\`\\n]*\\s`; // ...with words in it
/*
 * Where a message a person may read is written: a domain error's message, a field error, a zod message
 * (`error:`, `message:`, a check's last argument), a result's `reason`, a stored `lastError`, an API
 * error body. Each must be `err(...)` (or a value made by it), never a string literal: a literal would
 * be English for every reader.
 */
function plainMessages(): string[] {
  const errors = [...domainErrorClasses()].join('|');
  const checks = 'min|max|length|regex|refine|uuid|email|url|int|positive|nonnegative|nonempty|gte|lte|gt|lt';
  const rules: [string, RegExp][] = [
    ['domain error', new RegExp(`new (?:${errors})\\(\\s*${Q}`, 'g')],
    ['field error', new RegExp(`\\[\\s*${Q}${SENTENCE}[^'"\`\\n]*\\1\\s*\\]`, 'g')],
    ['message property', new RegExp(`\\b(?:error|message|reason|lastError):\\s*${Q}[A-Za-z]`, 'g')],
    ['zod check', new RegExp(`\\.(?:${checks})\\((?:[^()'"\`]|\\([^()]*\\))*?${Q}${SENTENCE}`, 'g')],
    ['zod schema', new RegExp(`\\bz\\.\\w+\\((?:\\[[^\\]]*\\],\\s*)?${Q}${SENTENCE}`, 'g')],
    ['API error', new RegExp(`errorResponse\\(\\s*'\\w+',\\s*${Q}`, 'g')],
  ];
  const found = new Map<string, string>();
  for (const { file, text } of sources) {
    if (/^i18n\/messages/.test(file)) continue; // the catalogues themselves
    for (const [rule, re] of rules)
      for (const m of text.matchAll(re)) {
        const line = text.slice(0, m.index).split('\n').length;
        if (!found.has(`${file}:${line}`))
          found.set(`${file}:${line}`, `${file}:${line} (${rule}): ${text.split('\n')[line - 1]!.trim()}`);
      }
  }
  return [...found.values()];
}

describe('keyed messages', () => {
  it('raises no plain-text message from lib/: every one is err(key, params)', () => {
    // The scan must see the services and their error classes (a broken pattern would pass silently).
    expect(sources.length).toBeGreaterThan(100);
    expect([...domainErrorClasses()]).toEqual(
      expect.arrayContaining(['ValidationError', 'NotFoundError', 'FormulaError', 'RateLimitedError']),
    );
    expect(plainMessages()).toEqual([]);
  });

  it('catches a plain message in each form it can take', () => {
    const probe = [
      "throw new ConflictError('Taken.');",
      'throw new FormulaError(`Bad name.`);',
      "{ dateFrom: ['From is required.'] }",
      ".refine((v) => v > 0, { message: 'Must be positive.' })",
      ".max(100, 'Select at most 100.')",
      "z.string().uuid('Contract must be an id.')",
      "z.enum(['a', 'b'], 'Choose a or b.')",
      "skipped.push({ reason: 'Already covered.' })",
      "errorResponse('not_found', 'Not found.')",
    ];
    sources.push({ file: 'probe.ts', text: probe.join('\n') });
    try {
      expect(plainMessages().filter((f) => f.startsWith('probe.ts'))).toHaveLength(probe.length);
    } finally {
      sources.pop();
    }
  });

  it('renders a stored or returned message on the pages, never raw', () => {
    // A job item's error, a test case's, a bank line's note... are stored keyed: a page shows them through
    // localize() (server) or tm() (client). A bare `{x.error}` would show the raw key to the reader.
    const bare =
      /(?<![=$\w])\{\s*[A-Za-z_][\w.!?]*\.(?:error|lastError|note|reason|message)\s*\}|=>\s*\w+\.(?:error|lastError|note|reason)\)/g;
    const found: string[] = [];
    for (const dir of ['app', 'components'])
      for (const f of fs.readdirSync(path.join(appRoot, dir), { recursive: true }) as string[]) {
        if (!f.endsWith('.tsx')) continue;
        const lines = fs.readFileSync(path.join(appRoot, dir, f), 'utf8').split('\n');
        lines.forEach((line, i) => {
          if (bare.test(line) && !lines[i - 1]?.includes('i18n-plain:'))
            found.push(`${dir}/${f}:${i + 1}: ${line.trim()}`);
          bare.lastIndex = 0;
        });
      }
    expect(found).toEqual([]);
  });

  it('has every keyed message and label the sources raise, in both languages', () => {
    // A key is typed where it is written (err, label); this also catches keys built at run time.
    const keys = new Set<string>();
    for (const s of allSources) {
      if (!/import \{[^}]*\berr\b[^}]*\} from '[^']*i18n\/keyed'/.test(s)) continue;
      for (const m of s.matchAll(/\berr\('([\w.]+)'/g)) keys.add(`errors.${m[1]}`);
      for (const m of s.matchAll(/\blabel\('([\w.]+)'\)/g)) keys.add(`field.${m[1]}`);
    }
    expect(keys.size).toBeGreaterThan(200);
    const missing = [...keys].filter((k) => !(k in en) || !((k as MessageKey) in fr));
    expect(missing).toEqual([]);
  });

  it('keeps English in .message and renders the key in the reader’s language', () => {
    const notFound = new NotFoundError(err('notFound', { label: label('contract') }));
    expect(notFound.message).toBe('Contract not found.');
    expect(notFound.messageKey).toBe('errors.notFound');
    expect(localizeError(notFound, 'fr').error).toBe('« Contrat » : introuvable.');
    const state = new InvalidStateError(err('contracts.onlySubmittedApproved', { state: 'state.2' }));
    expect(state.message).toBe('Only a submitted contract can be approved; this one is Draft.');
    expect(localizeError(state, 'fr').error).toBe(
      'Seul un contrat soumis peut être approuvé ; celui-ci est « Brouillon ».',
    );
    const changed = new ConflictError(err('changedMeanwhile', { thing: 'field.thing.contract' }));
    expect(changed.message).toBe('This contract was changed by someone else. Reload it to see the changes.');
    expect(localizeError(changed, 'fr').error).toBe(
      'Cet élément (contrat) a été modifié par quelqu’un d’autre. Rechargez-le pour voir les changements.',
    );
    const invalid = new ValidationError(err('required', { label: label('validFrom') }), {
      dateValidFrom: [err('required', { label: label('validFrom') })],
    });
    expect(invalid.fieldErrors).toEqual({ dateValidFrom: ['Valid from is required.'] });
    expect(localizeError(invalid, 'fr')).toEqual({
      error: '« Valide du » est obligatoire.',
      fieldErrors: { dateValidFrom: ['« Valide du » est obligatoire.'] },
    });
    expect(localizeError(invalid, 'en').error).toBe('Valid from is required.');
  });

  it('shows a plain string as it is: what a person or another system wrote', () => {
    expect(localize('Some reason typed by a person.', 'fr')).toBe('Some reason typed by a person.');
    expect(localize('535 Authentication failed', 'fr')).toBe('535 Authentication failed');
    // A keyed message never reaches a reader raw, in any language.
    const keyed = err('notFound', { label: label('contract') });
    expect(localize(keyed, 'fr')).not.toContain('\u2063');
    expect(inEnglish(keyed)).toBe('Contract not found.');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidStateError, NotFoundError, ValidationError } from '../errors';
import { err, label } from './keyed';
import { localizeError } from './localize';
import { en, fr, type MessageKey } from './messages';
import { translateFieldErrors, translateServerMessage } from './server-messages';

const root = path.resolve(import.meta.dirname, '..');
const sources = (fs.readdirSync(root, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .filter((f) => !f.startsWith('i18n') && !f.startsWith('api') && !f.includes('notifications/templates'))
  .map((f) => fs.readFileSync(path.join(root, f), 'utf8'));
const appRoot = path.resolve(root, '..');
const allSources = ['lib', 'app', 'components'].flatMap((dir) =>
  (fs.readdirSync(path.join(appRoot, dir), { recursive: true }) as string[])
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => fs.readFileSync(path.join(appRoot, dir, f), 'utf8')),
);

describe('French server messages', () => {
  it('translates every literal message the services can send back', () => {
    const literals = new Set<string>();
    for (const s of sources)
      for (const line of s.split('\n'))
        for (const m of line.matchAll(/'([^'\n]{6,})'/g))
          if (/^[A-Z][^{}]*[.!?]$/.test(m[1]!) && m[1]!.includes(' ')) literals.add(m[1]!);
    // Fewer each time a module moves to keyed messages; the scan itself must still find some.
    expect(literals.size).toBeGreaterThan(10);
    const missing = [...literals].filter((m) => translateServerMessage(m, 'fr') === m);
    expect(missing).toEqual([]);
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

  it('translates field errors and leaves unknown text as it is', () => {
    expect(translateFieldErrors({ code: ['Code is required.'] }, 'fr')).toEqual({
      code: ['« Code » est obligatoire.'],
    });
    expect(translateServerMessage('Some message from a future rule.', 'fr')).toBe(
      'Some message from a future rule.',
    );
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_LABELS, translateFieldErrors, translateServerMessage } from './server-messages';

const root = path.resolve(import.meta.dirname, '..');
const sources = (fs.readdirSync(root, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .filter((f) => !f.startsWith('i18n') && !f.startsWith('api') && !f.includes('notifications/templates'))
  .map((f) => fs.readFileSync(path.join(root, f), 'utf8'));

describe('French server messages', () => {
  it('translates every literal message the services can send back', () => {
    const literals = new Set<string>();
    for (const s of sources)
      for (const line of s.split('\n'))
        for (const m of line.matchAll(/'([^'\n]{6,})'/g))
          if (/^[A-Z][^{}]*[.!?]$/.test(m[1]!) && m[1]!.includes(' ')) literals.add(m[1]!);
    expect(literals.size).toBeGreaterThan(60);
    const missing = [...literals].filter((m) => translateServerMessage(m, 'fr') === m);
    expect(missing).toEqual([]);
  });

  it('translates every field label used in templated messages', () => {
    const labels = new Set<string>();
    const call =
      /(?:requiredText\(\d+, |optionalText\(\d+, |isoDate\(|optionalIsoDate\(|uuid\(|decimalString\(|email\(|months\()'([^']+)'/g;
    for (const s of sources) for (const m of s.matchAll(call)) if (!m[1]!.endsWith('.')) labels.add(m[1]!);
    expect([...labels].filter((l) => !SERVER_LABELS.includes(l))).toEqual([]);
  });

  it.each([
    ['Valid from is required.', '« Valide du » est obligatoire.'],
    ['Code must be at most 64 characters.', '« Code » compte au plus 64 caractères.'],
    [
      'Amount must be a positive number with at most 2 decimals.',
      '« Montant » doit être un nombre positif avec au plus 2 décimales.',
    ],
    ['Contract not found.', '« Contrat » : introuvable.'],
    [
      'A contract in state Effective cannot be submitted.',
      'Un contrat à l’état « En cours » ne peut pas être soumis.',
    ],
    [
      'Only a submitted contract can be approved; this one is Draft.',
      'Seul un contrat soumis peut être approuvé ; celui-ci est « Brouillon ».',
    ],
    [
      'This contract was changed by someone else. Reload it to see the changes.',
      'Cet élément (contrat) a été modifié par quelqu’un d’autre. Rechargez-le pour voir les changements.',
    ],
  ])('%s', (en, fr) => {
    expect(translateServerMessage(en, 'fr')).toBe(fr);
    expect(translateServerMessage(en, 'en')).toBe(en);
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

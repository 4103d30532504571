import { sql } from 'drizzle-orm';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadableHistory } from '@/components/history/readable-history';
import { seedDemo } from '@/db/seed/demo';
import { makeActors } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { listContractDetails, updateContractDetail } from '../contracts/details';
import { getContractHistory } from '../contracts/queries';
import { searchContracts } from '../contracts/search';
import type { Locale } from '../format';
import { type Translate, translate } from '../i18n/messages';
import { getPolicyHolder, updatePolicyHolder } from '../policy-holders/policy-holders';
import { getInsureeHistory, getPolicyHolderHistory, historyNames } from './history';

let t: TestDb;
let a: Record<'admin' | 'viewer' | 'portal', Actor>;
let phId: string;

const tr = (locale: Locale) => ((key, ...args) => translate(locale, key, ...args)) as Translate;
const text = (html: string) =>
  html
    .replace(/<style[^>]*>[^<]*<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db);
  const [ph] = await t.db.execute<{ id: string }>(sql`select id from policy_holders where code = 'PH-ACME'`);
  phId = ph!.id;
  a = await makeActors(t.db, ['admin', 'viewer', 'portal'] as const, { policyHolderId: phId });
});
afterAll(() => t.close());

describe('readable history', () => {
  it('shows a contract line change by the person’s name, its parameters labelled and formatted, in French', async () => {
    const green = (await searchContracts(t.db, a.viewer, { code: 'GREEN' })).items[0]!;
    const [line] = await listContractDetails(t.db, a.admin, green.id);
    await updateContractDetail(t.db, a.admin, {
      id: line!.id,
      version: line!.version,
      calculationParams: { ...line!.calculationParams, income: '3456.70' },
    });
    const history = await getContractHistory(t.db, a.admin, green.id);
    const last = history[0]!;
    expect(last.operation).toBe('update_detail');
    expect(last.changes.map((c) => c.entityId)).toContain(line!.id);
    const names = await historyNames(t.db, history);
    const [person] = await t.db.execute<{ name: string }>(sql`
      select i.first_name || ' ' || i.last_name as name from contract_details d join insurees i on i.id = d.insuree_id
      where d.id = ${line!.id}`);
    expect(names[line!.id]).toBe(person!.name);

    const html = text(
      renderToStaticMarkup(
        ReadableHistory({
          history: [last],
          names,
          t: tr('fr'),
          locale: 'fr',
          currency: 'EUR',
          own: 'contract',
        }),
      ),
    );
    expect(html).toContain('Personne assurée modifiée');
    expect(html).toContain(`Personne assurée · ${person!.name}`);
    expect(html).toContain('Paramètres de calcul');
    expect(html).toContain('Revenu: 3 456,70'); // (spaces: the narrow no-break space, collapsed)
    // The contract it revalued is in the same operation, its amounts with their currency.
    expect(html).toMatch(/Montant notifié [\d ]+,\d\d EUR/);
    expect(html).toContain('back-office');
    expect(html).not.toContain(line!.id);

    // The person's own card shows the same change of their line.
    const [row] = await t.db.execute<{ insuree_id: string }>(
      sql`select insuree_id from contract_details where id = ${line!.id}`,
    );
    const insuree_id = row!.insuree_id;
    const theirs = await getInsureeHistory(t.db, a.viewer, insuree_id);
    expect(theirs.map((h) => h.operation)).toContain('update_detail');
    await expect(getInsureeHistory(t.db, a.portal, insuree_id)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('groups a policy holder’s changes per operation, with labels, Yes/No and dates; staff only', async () => {
    const ph = await getPolicyHolder(t.db, a.admin, phId);
    await updatePolicyHolder(t.db, a.admin, {
      ...ph,
      tradeName: 'Acme Logistics Group',
      dateValidFrom: '2020-02-01',
    });
    const history = await getPolicyHolderHistory(t.db, a.viewer, phId);
    const op = history[0]!;
    expect(op.operation).toBe('update');
    const fields = op.changes.map((c) => c.field);
    expect(fields).toContain('tradeName');
    expect(fields).toContain('dateValidFrom');
    const names = await historyNames(t.db, history);
    const en = text(
      renderToStaticMarkup(
        ReadableHistory({
          history: [op],
          names,
          t: tr('en'),
          locale: 'en',
          currency: 'EUR',
          own: 'policy_holder',
        }),
      ),
    );
    expect(en).toContain('Trade name');
    expect(en).toContain('Acme Logistics Group');
    expect(en).toContain('Valid from');
    expect(en).toContain('2020-02-01');
    const fr = text(
      renderToStaticMarkup(
        ReadableHistory({
          history: [op],
          names,
          t: tr('fr'),
          locale: 'fr',
          currency: 'EUR',
          own: 'policy_holder',
        }),
      ),
    );
    expect(fr).toContain('Raison sociale');
    expect(fr).toContain('01/02/2020');

    await expect(getPolicyHolderHistory(t.db, a.portal, phId)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

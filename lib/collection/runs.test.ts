import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionItems, installments, notificationEvents, sepaMandates } from '@/db/schema';
import { makeActors } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { ForbiddenError, InvalidStateError } from '../errors';
import { money } from '../money';
import { createMandate } from './mandates';
import { controlTotals } from './pain008';
import {
  getCollectionFile,
  listCollectionItems,
  listCollectionRuns,
  previewCollectionRun,
  runCollection,
} from './runs';
import { billedPolicyHolders, hasXmllint, xsdErrors } from './testing/setup';

/* Issue 14: a collection run marks the due installments of mandated policy holders and writes pain.008. */
let t: TestDb;
let a: Record<'editor' | 'approver' | 'viewer', Actor>;
let phs: Awaited<ReturnType<typeof billedPolicyHolders>>;
const now = new Date('2026-04-02T08:00:00Z');
const xmllint = hasXmllint();
if (!xmllint)
  console.warn('xmllint is absent (Debian libxml2-utils): the XSD checks are skipped here; CI installs it.');

beforeAll(async () => {
  t = await createTestDb();
  a = await makeActors(t.db, ['editor', 'approver', 'viewer'] as const);
  phs = await billedPolicyHolders(t.db, a, 3);
  await createMandate(t.db, a.approver, {
    policyHolderId: phs[0]!.id,
    debtorName: 'Acme Ltd',
    iban: 'DE89 3704 0044 0532 0130 00',
    bic: 'COBADEFFXXX',
    signedOn: '2026-01-05',
  });
  await createMandate(t.db, a.approver, {
    policyHolderId: phs[1]!.id,
    debtorName: 'Société Générale Élevage',
    iban: 'FR1420041010050500013M02606',
    signedOn: '2026-01-05',
    scheme: 'B2B',
  });
  // phs[2] has no mandate: it pays by transfer and is not collected.
});
afterAll(() => t.close());

describe('collection runs', () => {
  it('refuses without the right, and a date inside the pre-notification period', async () => {
    await expect(previewCollectionRun(t.db, a.viewer, { collectionDate: '2026-04-20' })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(runCollection(t.db, a.approver, { collectionDate: '2026-04-10' }, now)).rejects.toThrow(
      InvalidStateError,
    );
  });

  it('previews, collects each due installment once, per scheme and sequence, with exact sums', async () => {
    const due = await t.db.execute<{ ph: string; open: string; n: number }>(sql`
      select policy_holder_id as ph, sum(amount - allocated)::text as open, count(*)::int as n
      from installments where state = 'invoiced' and due_date <= '2026-04-20' group by policy_holder_id`);
    const open = (i: number) => due.find((d) => d.ph === phs[i]!.id)!;
    const preview = await previewCollectionRun(t.db, a.approver, { collectionDate: '2026-04-20' }, now);
    expect(preview.policyHolders).toBe(2);
    expect(preview.installments).toBe(open(0).n + open(1).n);
    expect(preview.byFile.map((f) => `${f.scheme}/${f.sequence}`)).toEqual(['B2B/FRST', 'CORE/FRST']);
    expect(preview.byFile.find((f) => f.scheme === 'CORE')!.amount).toBe(open(0).open);

    const run = await runCollection(t.db, a.approver, { collectionDate: '2026-04-20' }, now);
    expect(run.state).toBe('done');
    expect(run.items).toBe(preview.installments);
    expect(run.amount).toBe(preview.amount);

    const [listed] = await listCollectionRuns(t.db, a.approver);
    expect(listed!.files).toHaveLength(2);
    for (const f of listed!.files) {
      const { xml } = await getCollectionFile(t.db, a.approver, f.id);
      // Group header and payment block carry the same count and control sum, exact to the cent.
      expect(xml.match(/<NbOfTxs>(\d+)<\/NbOfTxs>/g)).toEqual([
        `<NbOfTxs>${f.transactions}</NbOfTxs>`,
        `<NbOfTxs>${f.transactions}</NbOfTxs>`,
      ]);
      expect(xml.match(/<CtrlSum>([\d.]+)<\/CtrlSum>/g)).toEqual([
        `<CtrlSum>${f.controlSum}</CtrlSum>`,
        `<CtrlSum>${f.controlSum}</CtrlSum>`,
      ]);
      const amounts = [...xml.matchAll(/<InstdAmt Ccy="EUR">([\d.]+)<\/InstdAmt>/g)].map((m) => ({
        amount: m[1]!,
      }));
      expect(controlTotals(amounts)).toEqual({ count: f.transactions, sum: f.controlSum });
      expect(xml).toContain(`<SeqTp>${f.sequence}</SeqTp>`);
      expect(xml).toContain(`<LclInstrm><Cd>${f.scheme}</Cd></LclInstrm>`);
      expect(xml).toContain('<Id>FR72ZZZ123456</Id>');
      if (xmllint) expect(xsdErrors(xml)).toBe('');
    }

    // Each end-to-end id names its item, which names its installment; the installments are in collection.
    const items = await listCollectionItems(t.db, a.approver, run.id);
    for (const it of items) {
      expect(it.endToEndId).toBe(`PCT${it.id.replace(/-/g, '').toUpperCase()}`);
      const [inst] = await t.db.select().from(installments).where(eq(installments.id, it.installmentId));
      expect(it.amount).toBe(money(inst!.amount).minus(inst!.allocated).toFixed(2));
      expect(it.state).toBe('pending');
    }
    // The mandates move to RCUR; the pre-notification goes to each policy holder in their language.
    const mandates = await t.db.select().from(sepaMandates);
    expect(mandates.map((m) => m.sequence)).toEqual(['RCUR', 'RCUR']);
    expect(mandates.every((m) => m.lastCollectedOn === '2026-04-20')).toBe(true);
    const mails = await t.db
      .select()
      .from(notificationEvents)
      .where(eq(notificationEvents.event, 'collection.pre_notification'));
    expect(mails).toHaveLength(2);
    const fr = mails.find((m) => m.language === 'fr')!;
    expect(fr.subject).toContain('Prélèvement de');
    expect(fr.subject).toContain('20/04/2026');
    expect(fr.body).toContain('FR72ZZZ123456');

    // Again: nothing is collected twice while the first collection is pending.
    const again = await runCollection(t.db, a.approver, { collectionDate: '2026-04-21' }, now);
    expect(again.items).toBe(0);
    const pending = await t.db.select().from(collectionItems).where(eq(collectionItems.state, 'pending'));
    expect(pending).toHaveLength(items.length);
  });
});

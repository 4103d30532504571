import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectionItems,
  contracts,
  dunningCases,
  installments,
  notificationEvents,
  products,
  sepaMandates,
} from '@/db/schema';
import { makeActors } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { importStatement } from '../bank/import';
import { recordReceipt } from '../billing/receipts';
import { ContractState } from '../contracts/states';
import { downloadDocument } from '../documents/documents';
import { addDefaultDunningLevels } from '../dunning/levels';
import { runDailyJobs } from '../jobs/daily';
import { money, toMoneyString } from '../money';
import { localStore, setFileStore } from '../storage/storage';
import { createMandate } from './mandates';
import { getCollectionFile, listCollectionItems, listCollectionRuns, runCollection } from './runs';
import { billedPolicyHolders, hasXmllint, xsdErrors } from './testing/setup';

/*
 * Issue 14, the whole cycle with the clock moved: three employers approved on 2 January 2026, quarterly
 * installments billed up to 1 April. Two pay by SEPA direct debit (English and French), the third has no
 * mandate and never pays. Collection on 20 April → the bank statement settles both → the French one's
 * second quarter comes back unpaid (AM04) → reminder, formal notice, suspension → it pays → reinstated.
 * The third goes through every level and is terminated for non-payment.
 */
let t: TestDb;
let a: Record<'admin' | 'editor' | 'approver' | 'viewer', Actor>;
let phs: Awaited<ReturnType<typeof billedPolicyHolders>>;
const at = (d: string) => new Date(`${d}T08:00:00Z`);
const bankFixture = (name: string, values: Record<string, string>) =>
  fs
    .readFileSync(path.join(import.meta.dirname, '../bank/fixtures', name), 'utf8')
    .replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');
const instOf = (contractId: string) =>
  t.db
    .select()
    .from(installments)
    .where(and(eq(installments.contractId, contractId), eq(installments.state, 'invoiced')))
    .orderBy(asc(installments.dueDate));
const mails = (contractId: string, like: string) =>
  t.db
    .select()
    .from(notificationEvents)
    .where(and(eq(notificationEvents.contractId, contractId), sql`${notificationEvents.event} like ${like}`))
    .orderBy(asc(notificationEvents.createdAt));
const contractRow = async (id: string) =>
  (await t.db.select().from(contracts).where(eq(contracts.id, id)))[0]!;

const hasPdftotext = () => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const pdfText = (bytes: Uint8Array) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-letter-')), 'letter.pdf');
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

beforeAll(async () => {
  setFileStore(localStore(fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-cycle-files-'))));
  t = await createTestDb();
  a = await makeActors(t.db, ['admin', 'editor', 'approver', 'viewer'] as const);
  // Policy holders 0 (English) and 1 (French) give mandates; 2 (English) does not.
  phs = await billedPolicyHolders(t.db, a, 3);
  for (const p of await t.db.select({ id: products.id }).from(products))
    await addDefaultDunningLevels(t.db, a.admin, { productId: p.id });
  for (const [i, ph] of phs.slice(0, 2).entries())
    await createMandate(t.db, a.approver, {
      policyHolderId: ph.id,
      debtorName: `Payer ${i}`,
      iban: i ? 'FR1420041010050500013M02606' : 'DE89370400440532013000',
      signedOn: '2026-01-05',
      scheme: 'CORE',
    });
});
afterAll(async () => {
  setFileStore(null);
  await t.close();
});

describe('collection, reconciliation and dunning, end to end', () => {
  it('collects, settles, returns, dunns, suspends, reinstates and terminates, with exact figures', async () => {
    // 1. The collection run, started on 2 April for 20 April (the 14 days of pre-notification).
    const run = await runCollection(t.db, a.approver, { collectionDate: '2026-04-20' }, at('2026-04-02'));
    const items = await listCollectionItems(t.db, a.approver, run.id);
    const owed = async (i: number) =>
      (await instOf(phs[i]!.contractId)).reduce((s, x) => s.plus(x.amount).minus(x.allocated), money(0));
    expect(items.map((i) => i.policyHolderId).sort()).toEqual(
      [phs[0]!.id, phs[0]!.id, phs[1]!.id, phs[1]!.id].sort(),
    );
    const itemsOf = (i: number) => items.filter((x) => x.policyHolderId === phs[i]!.id);
    for (const i of [0, 1])
      expect(toMoneyString(itemsOf(i).reduce((s, x) => s.plus(x.amount), money(0)))).toBe(
        toMoneyString(await owed(i)),
      );
    const [listed] = await listCollectionRuns(t.db, a.approver);
    expect(listed!.files).toHaveLength(1); // both CORE, first collection: one CORE/FRST file
    const { xml } = await getCollectionFile(t.db, a.approver, listed!.files[0]!.id);
    expect(xml).toContain(`<CtrlSum>${run.amount}</CtrlSum>`);
    if (hasXmllint()) expect(xsdErrors(xml)).toBe('');
    // Pre-notified once per policy holder, in its language, with the amount to be collected.
    const notices = await t.db
      .select()
      .from(notificationEvents)
      .where(eq(notificationEvents.event, 'collection.pre_notification'));
    for (const i of [0, 1]) {
      const mine = notices.filter((m) => m.payload.policyHolderId === phs[i]!.id);
      expect(mine.map((m) => [m.language, m.payload.amount, m.payload.collectionDate])).toEqual([
        [i ? 'fr' : 'en', toMoneyString(await owed(i)), '2026-04-20'],
      ]);
    }

    // 2. The bank statement of 21 April settles every collected installment.
    const details = items
      .map(
        (i) => `<TxDtls><Refs><EndToEndId>${i.endToEndId}</EndToEndId></Refs>
          <AmtDtls><TxAmt><Amt Ccy="EUR">${i.amount}</Amt></TxAmt></AmtDtls></TxDtls>`,
      )
      .join('\n');
    const statement = bankFixture('camt053-statement.xml', {
      BATCH_TOTAL: run.amount,
      BATCH_DETAILS: details,
      INVOICE_AMOUNT: '1.00',
      INVOICE_NUMBER: 'NONE',
      UNKNOWN_AMOUNT: '2.00',
    });
    const imported = await importStatement(t.db, a.approver, { content: statement }, at('2026-04-21'));
    expect(imported.settled).toBe(items.length);
    for (const i of [0, 1]) {
      expect((await owed(i)).toFixed(2)).toBe('0.00');
      // Executable still: the product (default) wants every installment paid before cover starts.
      expect((await contractRow(phs[i]!.contractId)).state).toBe(ContractState.Executable);
    }

    // 3. The French employer's second quarter comes back: insufficient funds (AM04), the fee recorded.
    const q2 = itemsOf(1)
      .sort((x, y) => x.amount.localeCompare(y.amount))
      .at(-1)!;
    const [q2Inst] = await t.db.select().from(installments).where(eq(installments.id, q2.installmentId));
    const returned = await importStatement(
      t.db,
      a.approver,
      {
        content: bankFixture('camt054-return-am04.xml', {
          AMOUNT: q2.amount,
          E2E: q2.endToEndId,
          MANDATE: 'X',
        }),
      },
      at('2026-04-24'),
    );
    expect(returned.returned).toBe(1);
    const [item] = await t.db.select().from(collectionItems).where(eq(collectionItems.id, q2.id));
    expect(item).toMatchObject({ state: 'returned', returnReason: 'AM04', returnFee: '7.50' });
    expect((await owed(1)).toFixed(2)).toBe(q2.amount);
    const [mandate] = await t.db
      .select()
      .from(sepaMandates)
      .where(eq(sepaMandates.policyHolderId, phs[1]!.id));
    expect(mandate!.status).toBe('active'); // AM04 keeps the mandate; MD01/MD07 would revoke it

    // 4. Dunning, day by day with the daily job: the returned quarter was due on q2Inst.dueDate.
    const due = q2Inst!.dueDate;
    const plus = (days: number) => {
      const d = new Date(`${due}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + days);
      return d.toISOString().slice(0, 10);
    };
    for (const d of [plus(10), plus(30), plus(45)]) await runDailyJobs(t.db, d);
    const frLetters = await mails(phs[1]!.contractId, 'dunning.%');
    expect(frLetters.map((m) => m.language)).toEqual(['fr', 'fr', 'fr']);
    expect(frLetters[0]!.subject).toBe(`Rappel de paiement : contrat ${phs[1]!.code}`);
    expect(frLetters[1]!.body.startsWith('LETTRE RECOMMANDÉE')).toBe(true);
    expect(frLetters[0]!.payload).toMatchObject({ level: 1, amountOverdue: q2.amount });
    expect((await contractRow(phs[1]!.contractId)).coverSuspendedFrom).toBe(plus(45));
    // The formal notice is also a PDF letter (issue 16), attached to its mail, in French.
    expect(frLetters[1]!.attachmentRefs).toEqual([{ kind: 'dunning_letter', id: frLetters[1]!.id }]);
    const letter = await downloadDocument(t.db, a.viewer, { kind: 'dunning_letter', id: frLetters[1]!.id });
    expect(letter.fileName).toMatch(/^Lettre recommandée .+\.pdf$/);
    if (hasPdftotext()) {
      const text = pdfText(letter.bytes);
      expect(text).toContain('Lettre recommandée');
      expect(text).toContain(phs[1]!.code);
      expect(text).toContain(q2.amount.replace('.', ','));
    }

    // 5. It pays what it owes: cover reinstated at once, the case closed, told in French.
    await recordReceipt(
      t.db,
      a.approver,
      { contractId: phs[1]!.contractId, amount: q2.amount, receivedAt: plus(47), receiptNumber: 'CYCLE-1' },
      at(plus(47)),
    );
    expect((await owed(1)).toFixed(2)).toBe('0.00');
    expect((await contractRow(phs[1]!.contractId)).coverSuspendedFrom).toBeNull();
    const [closed] = await t.db
      .select()
      .from(dunningCases)
      .where(eq(dunningCases.contractId, phs[1]!.contractId));
    expect(closed).toMatchObject({ status: 'paid', level: 3 });
    const last = (await mails(phs[1]!.contractId, 'dunning.%')).at(-1)!;
    expect(last).toMatchObject({ event: 'dunning.reinstated', language: 'fr' });

    // 6. The employer without a mandate never pays: the same daily runs took it through reminder, formal
    // notice and suspension (one level a run); the next run terminates it for non-payment.
    const never = phs[2]!.contractId;
    expect((await contractRow(never)).coverSuspendedFrom).toBe(plus(45));
    await runDailyJobs(t.db, '2026-05-31');
    expect(await contractRow(never)).toMatchObject({
      state: ContractState.Terminated,
      stateReason: 'Non-payment',
      dateTerminated: '2026-05-31',
    });
    expect((await mails(never, 'dunning.%')).map((m) => [m.language, m.subject])).toEqual([
      ['en', `Payment reminder: contract ${phs[2]!.code}`],
      ['en', `Formal notice to pay: contract ${phs[2]!.code}`],
      ['en', `Cover suspended: contract ${phs[2]!.code}`],
      ['en', `Contract ${phs[2]!.code} terminated for non-payment`],
    ]);
    // The one who paid by direct debit throughout is never dunned.
    expect(await mails(phs[0]!.contractId, 'dunning.%')).toEqual([]);
  });
});

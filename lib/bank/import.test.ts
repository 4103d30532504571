import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankLines, collectionItems, installments, invoices, receipts, sepaMandates } from '@/db/schema';
import { makeActors } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { createMandate } from '../collection/mandates';
import { listCollectionItems, runCollection } from '../collection/runs';
import { billedPolicyHolders } from '../collection/testing/setup';
import { ForbiddenError, InvalidStateError, ValidationError } from '../errors';
import { money, toMoneyString } from '../money';
import { importStatement } from './import';
import { parseStatement } from './parse';
import { listBankLines, markBankLineNotOurs, matchBankLine, searchOpenInstallments } from './reconciliation';
import { listCollectionReturns } from './returns';

/* Issue 14: bank statements settle collections, match transfers, reverse returns; the rest is queued. */
let t: TestDb;
let a: Record<'editor' | 'approver' | 'viewer', Actor>;
let phs: Awaited<ReturnType<typeof billedPolicyHolders>>;
let items: (typeof collectionItems.$inferSelect)[];
const now = new Date('2026-04-02T08:00:00Z');
const later = new Date('2026-04-26T08:00:00Z');
const fixture = (name: string, values: Record<string, string>) =>
  fs
    .readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8')
    .replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? `{{${k}}}`);
const openOf = async (phId: string) =>
  t.db
    .select()
    .from(installments)
    .where(sql`${installments.policyHolderId} = ${phId} and ${installments.state} = 'invoiced'`)
    .orderBy(installments.dueDate);

beforeAll(async () => {
  t = await createTestDb();
  a = await makeActors(t.db, ['editor', 'approver', 'viewer'] as const);
  phs = await billedPolicyHolders(t.db, a, 5);
  for (const [i, ph] of phs.slice(0, 2).entries())
    await createMandate(t.db, a.approver, {
      policyHolderId: ph.id,
      debtorName: `Payer ${i}`,
      iban: i ? 'FR1420041010050500013M02606' : 'DE89370400440532013000',
      signedOn: '2026-01-05',
    });
  const run = await runCollection(t.db, a.approver, { collectionDate: '2026-04-20' }, now);
  items = await listCollectionItems(t.db, a.approver, run.id);
});
afterAll(() => t.close());

describe('bank statements', () => {
  it('parses camt.053 batches, camt.054 returns and the CSV, keeping amounts exact', () => {
    const csv = parseStatement(
      'date;amount;counterparty;reference\n21/04/2026;1 234,50;"A; B";X\n2026-04-21;-0,10;;',
    );
    expect(csv.lines.map((l) => [l.bookedOn, l.amount, l.direction, l.counterparty])).toEqual([
      ['2026-04-21', '1234.50', 'credit', 'A; B'],
      ['2026-04-21', '0.10', 'debit', null],
    ]);
    const rtn = parseStatement(fixture('camt054-return-am04.xml', { AMOUNT: '147.95', E2E: 'PCTX' }));
    expect(rtn).toMatchObject({ format: 'camt.054', statementId: 'NTF-20260424-RTN' });
    expect(rtn.lines[0]).toMatchObject({
      direction: 'debit',
      amount: '147.95',
      returnReason: 'AM04',
      endToEndId: 'PCTX',
    });
    expect(() => parseStatement('<html></html>')).toThrow(/camt.053/);
  });

  it('settles the collection, matches a quoted invoice, queues the rest, and imports nothing twice', async () => {
    await expect(importStatement(t.db, a.viewer, { content: 'date,amount\n' })).rejects.toThrow(
      ForbiddenError,
    );
    const settledItems = items.filter(
      (i) => i.policyHolderId === phs[0]!.id || i === items.find((x) => x.policyHolderId === phs[1]!.id),
    );
    const details = settledItems
      .map(
        (i) => `<TxDtls><Refs><EndToEndId>${i.endToEndId}</EndToEndId></Refs>
          <AmtDtls><TxAmt><Amt Ccy="EUR">${i.amount}</Amt></TxAmt></AmtDtls></TxDtls>`,
      )
      .join('\n');
    const batch = toMoneyString(settledItems.reduce((s, i) => s.plus(i.amount), money(0)));
    const [inv2] = await t.db.select().from(invoices).where(eq(invoices.contractId, phs[2]!.contractId));
    const open2 = (await openOf(phs[2]!.id)).reduce((s, i) => s.plus(i.amount).minus(i.allocated), money(0));
    const open3 = await openOf(phs[3]!.id);
    const unknown = toMoneyString(open3.reduce((s, i) => s.plus(i.amount), money(0)));
    const content = fixture('camt053-statement.xml', {
      BATCH_TOTAL: batch,
      BATCH_DETAILS: details,
      INVOICE_AMOUNT: toMoneyString(open2),
      INVOICE_NUMBER: inv2!.number,
      UNKNOWN_AMOUNT: unknown,
    });
    const first = await importStatement(t.db, a.approver, { fileName: 'stmt.xml', content }, later);
    expect(first).toMatchObject({
      format: 'camt.053',
      duplicate: false,
      lines: settledItems.length + 3,
      settled: settledItems.length,
      matched: 1,
      unmatched: 1,
      ignored: 1,
      returned: 0,
    });
    // Each settled item became a receipt allocated to its own installment, the installment paid.
    for (const it of settledItems) {
      const [row] = await t.db.select().from(collectionItems).where(eq(collectionItems.id, it.id));
      expect(row).toMatchObject({ state: 'settled', settledOn: '2026-04-20' });
      const [inst] = await t.db.select().from(installments).where(eq(installments.id, it.installmentId));
      expect(money(inst!.allocated).minus(it.amount).greaterThanOrEqualTo(0)).toBe(true);
      const [r] = await t.db.select().from(receipts).where(eq(receipts.id, row!.receiptId!));
      expect(r).toMatchObject({
        receiptNumber: `SDD-${it.endToEndId}`,
        amount: it.amount,
        allocated: it.amount,
      });
    }
    // The invoice quoted in the reference is paid in full.
    const after2 = await openOf(phs[2]!.id);
    expect(after2.every((i) => i.allocated === i.amount)).toBe(true);

    const again = await importStatement(t.db, a.approver, { fileName: 'stmt.xml', content }, later);
    expect(again).toMatchObject({ duplicate: true, statementId: first.statementId, settled: 0, matched: 0 });
    // The same movements in another file (reformatted): known lines, nothing twice.
    const third = await importStatement(
      t.db,
      a.approver,
      { content: content.replace('<Stmt>', '<Stmt>\n') },
      later,
    );
    expect(third).toMatchObject({
      duplicate: false,
      known: first.lines,
      settled: 0,
      matched: 0,
      unmatched: 0,
    });
    const count = await t.db.select({ n: sql<number>`count(*)::int` }).from(receipts);
    expect(count[0]!.n).toBe(settledItems.length + 1);
  });

  it('matches by hand, split over installments, or marks a line not ours', async () => {
    const [queued] = await listBankLines(t.db, a.approver);
    expect(queued).toMatchObject({ counterparty: 'J. Smith Holdings', state: 'unmatched' });
    const open3 = await openOf(phs[3]!.id);
    const found = await searchOpenInstallments(t.db, a.approver, { q: phs[3]!.code });
    // Invoiced and not yet invoiced installments are offered (a payment may come in advance).
    expect(found.map((f) => f.installmentId)).toEqual(expect.arrayContaining(open3.map((i) => i.id)));
    expect(found.every((f) => f.policyHolderId === phs[3]!.id)).toBe(true);
    const byAmount = await searchOpenInstallments(t.db, a.approver, { amount: open3[1]!.amount });
    expect(byAmount.map((f) => f.installmentId)).toContain(open3[1]!.id);

    const parts = open3.map((i) => ({ installmentId: i.id, amount: i.amount }));
    await expect(
      matchBankLine(t.db, a.approver, { lineId: queued!.id, allocations: parts.slice(0, 1) }),
    ).rejects.toThrow(ValidationError);
    await expect(matchBankLine(t.db, a.viewer, { lineId: queued!.id, allocations: parts })).rejects.toThrow(
      ForbiddenError,
    );
    const done = await matchBankLine(t.db, a.approver, {
      lineId: queued!.id,
      version: queued!.version,
      allocations: parts,
    });
    expect(done.receiptIds).toHaveLength(2);
    expect((await openOf(phs[3]!.id)).every((i) => i.allocated === i.amount)).toBe(true);
    await expect(matchBankLine(t.db, a.approver, { lineId: queued!.id, allocations: parts })).rejects.toThrow(
      InvalidStateError,
    );

    // CSV: the payment reference of a policy holder is a certain match; the rest is dismissed by hand.
    const open4 = await openOf(phs[4]!.id);
    const csv = fixture('statement.csv', {
      AMOUNT: open4[0]!.amount,
      PAYER: 'Someone',
      REFERENCE: `Premium ${(await t.db.execute<{ r: string }>(sql`select payment_reference as r from policy_holders where id = ${phs[4]!.id}`))[0]!.r}`,
    });
    const imported = await importStatement(t.db, a.approver, { fileName: 'bank.csv', content: csv }, later);
    expect(imported).toMatchObject({ format: 'csv', matched: 1, ignored: 1, unmatched: 1 });
    expect((await openOf(phs[4]!.id))[0]!.allocated).toBe(open4[0]!.amount);
    const [rent] = await listBankLines(t.db, a.approver);
    expect(rent).toMatchObject({ amount: '250.00', counterparty: 'Someone Else' });
    await markBankLineNotOurs(t.db, a.approver, {
      lineId: rent!.id,
      note: 'Not a premium: tenant of the office',
    });
    expect(await listBankLines(t.db, a.approver)).toEqual([]);
    expect((await listBankLines(t.db, a.approver, { state: 'not_ours' }))[0]!.note).toContain('tenant');
  });

  it('reverses a returned collection (AM04) with the fee; an MD01 return also revokes the mandate', async () => {
    const settled = await t.db.select().from(collectionItems).where(eq(collectionItems.state, 'settled'));
    const am04 = settled.find((i) => i.policyHolderId === phs[0]!.id)!;
    const [instBefore] = await t.db
      .select()
      .from(installments)
      .where(eq(installments.id, am04.installmentId));
    const r1 = await importStatement(
      t.db,
      a.approver,
      {
        content: fixture('camt054-return-am04.xml', {
          AMOUNT: am04.amount,
          E2E: am04.endToEndId,
          MANDATE: 'X',
        }),
      },
      later,
    );
    expect(r1).toMatchObject({ format: 'camt.054', returned: 1 });
    const [item] = await t.db.select().from(collectionItems).where(eq(collectionItems.id, am04.id));
    expect(item).toMatchObject({
      state: 'returned',
      returnReason: 'AM04',
      returnedOn: '2026-04-24',
      returnFee: '7.50',
    });
    const [receipt] = await t.db.select().from(receipts).where(eq(receipts.id, am04.receiptId!));
    expect(receipt!.reversedAt).not.toBeNull();
    expect(receipt!.reversalReason).toContain('AM04');
    const [instAfter] = await t.db.select().from(installments).where(eq(installments.id, am04.installmentId));
    expect(money(instBefore!.allocated).minus(instAfter!.allocated).toFixed(2)).toBe(am04.amount);
    const [m0] = await t.db.select().from(sepaMandates).where(eq(sepaMandates.policyHolderId, phs[0]!.id));
    expect(m0!.status).toBe('active');
    expect(await listCollectionReturns(t.db, phs[0]!.id)).toEqual([
      expect.objectContaining({ reason: 'AM04', fee: '7.50', amount: am04.amount }),
    ]);

    const md01 = settled.find((i) => i.policyHolderId === phs[1]!.id)!;
    const md01File = fixture('camt054-return-md01.xml', {
      AMOUNT: md01.amount,
      E2E: md01.endToEndId,
      MANDATE: 'X',
    });
    expect((await importStatement(t.db, a.approver, { content: md01File }, later)).returned).toBe(1);
    const [m1] = await t.db.select().from(sepaMandates).where(eq(sepaMandates.policyHolderId, phs[1]!.id));
    expect(m1).toMatchObject({ status: 'revoked', revokedReason: 'SEPA return MD01' });
    // The same return in another file is the same line: not applied twice.
    const again = await importStatement(t.db, a.approver, { content: `${md01File}\n` }, later);
    expect(again).toMatchObject({ returned: 0, known: 1 });
    const lines = await t.db.select().from(bankLines).where(eq(bankLines.state, 'returned'));
    expect(lines).toHaveLength(2);
  });
});

import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { products } from '@/db/schema';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { createContract } from '../contracts/contracts';
import { approveContract, submitContract } from '../contracts/transitions';
import { ForbiddenError } from '../errors';
import { createWebhookEndpoint } from '../webhooks/endpoints';
import { listInvoices } from './invoices';
import { listPayments, recordReceipt } from './receipts';
import { previewBillingRun, runBilling } from './runs';

/* Issue 13: a billing run bills every installment due up to a day, set-based, once. */
let t: TestDb;
let a: Record<'editor' | 'approver' | 'viewer' | 'admin', Actor>;
let scheme: Awaited<ReturnType<typeof makeScheme>>;
const day = new Date('2026-01-02T00:00:00Z');
const ids: string[] = [];

beforeAll(async () => {
  t = await createTestDb();
  a = await makeActors(t.db, ['editor', 'approver', 'viewer', 'admin'] as const);
  scheme = await makeScheme(t.db);
  await t.db.update(products).set({ billingFrequencyMonths: 3 }).where(eq(products.id, scheme.productId));
  for (let i = 0; i < 5; i++) {
    const ph = await makeEmployer(t.db, scheme.bundleId, ['12000.00']);
    const c = await createContract(t.db, a.editor, {
      code: `RUN-${i}-${Date.now() % 100000}`,
      policyHolderId: ph.id,
      dateValidFrom: '2026-01-01',
      dateValidTo: '2026-12-31',
    });
    await submitContract(t.db, a.editor, { id: c.id });
    await approveContract(t.db, a.approver, { id: c.id }, day);
    ids.push(c.id);
  }
});
afterAll(() => t.close());

describe('billing runs', () => {
  it('previews, bills every installment due once, with consecutive numbers, and bills nothing twice', async () => {
    await expect(runBilling(t.db, a.viewer, { upTo: '2026-04-01' })).rejects.toThrow(ForbiddenError);
    // Quarterly: Q1 falls due on approval + 30 days, Q2 on 1 April.
    const preview = await previewBillingRun(t.db, a.approver, { upTo: '2026-04-01' });
    expect(preview).toEqual({ upTo: '2026-04-01', installments: 10, contracts: 5, amount: '1487.70' });
    // One contract is being paid while the run starts: nothing is lost either way.
    await recordReceipt(t.db, a.approver, {
      contractId: ids[0],
      amount: '147.95',
      receivedAt: '2026-01-10',
      receiptNumber: `RUN-R-${Date.now()}`,
    });
    // A partner's endpoint wants the invoices: the run records one delivery per invoice for it.
    await createWebhookEndpoint(t.db, a.admin, {
      url: 'https://erp.example/hook',
      events: ['invoice.issued'],
    });
    const run = await runBilling(t.db, a.approver, { upTo: '2026-04-01' }, new Date('2026-04-01T08:00:00Z'));
    expect(run).toMatchObject({
      state: 'done',
      total: 5,
      done: 5,
      failed: 0,
      invoices: 5,
      amount: '1487.70',
    });
    const invoices = await Promise.all(ids.map((id) => listInvoices(t.db, a.viewer, id)));
    expect(invoices.map((l) => l.length)).toEqual([1, 1, 1, 1, 1]);
    expect(invoices[0]![0]).toMatchObject({
      periodFrom: '2026-01-01',
      periodTo: '2026-06-30',
      total: '297.54',
    });
    // The first contract's Q1 was paid before the run: its invoice is partly paid already.
    expect(invoices[0]![0]!.state).toBe('partially_paid');
    const numbers = invoices.map((l) => Number(l[0]!.number.slice(-6))).sort((x, y) => x - y);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    expect(invoices[0]![0]!.lines).toHaveLength(2);
    const hooks = await t.db.execute<{ contract_id: string; number: string; total: string }>(sql`
      select payload->'data'->'contract'->>'id' as contract_id, payload->'data'->>'invoiceNumber' as number,
        payload->'data'->>'invoiceTotal' as total
      from webhook_deliveries where event = 'invoice.issued'`);
    expect([...hooks].sort((x, y) => x.number.localeCompare(y.number))).toEqual(
      invoices
        .map((l, i) => ({ contract_id: ids[i], number: l[0]!.number, total: l[0]!.total }))
        .sort((x, y) => x.number.localeCompare(y.number)),
    );
    // Again: nothing left to bill.
    const again = await runBilling(
      t.db,
      a.approver,
      { upTo: '2026-04-01' },
      new Date('2026-04-01T09:00:00Z'),
    );
    expect(again).toMatchObject({ total: 0, done: 0, invoices: 0 });
    // Journal: each invoice's receivable posted once, the run's income centralised, the entry balanced.
    const [j] = await t.db.execute<{ n: number; invoices: number; d: string; c: string; income: string }>(sql`
      select count(distinct entry_id)::int as n, count(distinct doc_id) filter (where doc_type = 'invoice')::int as invoices,
        sum(debit)::text as d, sum(credit)::text as c,
        sum(credit) filter (where account = '706000' and doc_type = 'billing_run')::text as income
      from journal_lines where entry_id in (select entry_id from journal_lines where doc_type = 'billing_run')`);
    expect(j).toMatchObject({ n: 1, invoices: 5, d: '1487.70', c: '1487.70', income: '1487.70' });
    // The mails went through the outbox in the same transactions.
    const [m] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from notification_events where event = 'invoice.issued'`,
    );
    expect(m!.n).toBe(5);
    // Rendered before the numbers were taken, sent with them: each mail names its invoice's number.
    const mails = await t.db.execute<{ contract_id: string; subject: string; body: string; number: string }>(
      sql`select contract_id, subject, body, payload->>'invoiceNumber' as number from notification_events where event = 'invoice.issued'`,
    );
    for (const mail of mails) {
      const own = invoices[ids.indexOf(mail.contract_id)]![0]!.number;
      expect(mail.number).toBe(own);
      expect(mail.subject).toContain(own);
      expect(`${mail.subject}${mail.body}`).not.toMatch(/[\uE000\uE001]/);
    }
    expect((await listPayments(t.db, a.viewer, ids[1]!)).installments.map((i) => i.state)).toEqual([
      'invoiced',
      'invoiced',
      'open',
      'open',
    ]);
  });
});

describe('document numbers', () => {
  it('keep their order past 999,999 in a year', async () => {
    const { numberOrder } = await import('./ledger');
    const { sql: q } = await import('drizzle-orm');
    const rows = await t.db.execute<{ n: string }>(q`
      select n from (values ('INV-2026-999999'), ('INV-2026-1000000'), ('INV-2027-000001'), ('INV-2026-000002')) v(n)
      order by ${q.join(numberOrder(q.identifier('n') as never), q`, `)}`);
    expect([...rows].map((r) => r.n)).toEqual([
      'INV-2026-000002',
      'INV-2026-999999',
      'INV-2026-1000000',
      'INV-2027-000001',
    ]);
  });
});

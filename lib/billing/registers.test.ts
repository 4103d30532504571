import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@/db/seed/demo';
import { linkPortalUser, makePolicyHolder, makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { type Actor, loadActor, systemActor } from '../auth/actor';
import { STAFF_PERMISSIONS } from '../auth/permissions';
import { searchContracts } from '../contracts/search';
import { createInvoice } from './invoices';
import { recordPayment } from './receipts';
import {
  REGISTER_SORTS,
  searchCreditNotes,
  searchInvoices,
  searchPayments,
  searchReceipts,
} from './registers';

let t: TestDb;
let viewer: Actor;
let approver: Actor;
let outsider: Actor;

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db);
  viewer = (await loadActor(t.db, (await makeUser(t.db, 'viewer')).id))!;
  approver = (await loadActor(t.db, (await makeUser(t.db, 'approver')).id))!;
  const p = await makeUser(t.db, 'portal');
  await linkPortalUser(t.db, p.id, (await makePolicyHolder(t.db)).id);
  outsider = (await loadActor(t.db, p.id))!;
});
afterAll(() => t.close());

describe('registers', () => {
  it('lists payments by status and invoices by number or contract code, scoped like contracts', async () => {
    const paid = await searchPayments(t.db, viewer, { status: 'paid' });
    expect(paid.items.map((p) => p.contractCode)).toEqual([expect.stringMatching(/^ACME-/)]);
    expect(paid.items[0]).toMatchObject({ amount: '263.52', allocated: '263.52' });
    expect((await searchPayments(t.db, viewer, { status: 'partial' })).total).toBe(0);
    const receipts = await searchReceipts(t.db, viewer, { q: 'acme' });
    expect(receipts.items.map((r) => r.amount)).toEqual(['263.52']);
    expect((await searchReceipts(t.db, outsider, {})).total).toBe(0);
    expect((await searchCreditNotes(t.db, viewer, {})).total).toBe(0);

    const acme = (await searchContracts(t.db, viewer, { code: 'ACME' })).items[0]!;
    const invoice = await createInvoice(t.db, approver, { contractId: acme.id });
    expect((await searchInvoices(t.db, viewer, { q: invoice.number })).items.map((i) => i.number)).toEqual([
      invoice.number,
    ]);
    expect((await searchInvoices(t.db, viewer, { q: 'acme' })).total).toBe(1);
    expect((await searchInvoices(t.db, viewer, { q: 'nothing-like-it' })).total).toBe(0);
    expect((await searchInvoices(t.db, outsider, {})).total).toBe(0);
    expect((await searchPayments(t.db, outsider, {})).total).toBe(0);
  });

  it('sorts on the server by a column key from the URL, ties broken by id; an unknown key keeps the usual order', async () => {
    const system = systemActor([...STAFF_PERMISSIONS]);
    const acme = (await searchContracts(t.db, viewer, { code: 'ACME' })).items[0]!;
    for (const [n, amount] of [
      [2, '40.00'],
      [3, '15.50'],
      [4, '40.00'],
      [5, '99.99'],
    ] as const)
      await recordPayment(t.db, system, {
        contractId: acme.id,
        amount,
        receivedAt: `2026-02-0${n}`,
        receiptNumber: `SORT-${n}`,
        advance: true,
      });
    const list = async (params: Record<string, string>) =>
      (await searchReceipts(t.db, viewer, { q: 'acme', ...params })).items;
    const byAmount = await list({ sort: 'amount', dir: 'asc' });
    const amounts = byAmount.map((r) => Number(r.amount));
    expect(amounts.length).toBeGreaterThanOrEqual(5);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    // Equal amounts are in id order, so a page boundary between them never repeats or skips a row.
    const forties = byAmount.filter((r) => r.amount === '40.00').map((r) => r.id);
    expect(forties).toEqual([...forties].sort());
    const descending = (await list({ sort: 'amount', dir: 'desc' })).map((r) => Number(r.amount));
    expect(descending).toEqual([...amounts].reverse());
    const numbers = (await list({ sort: 'number', dir: 'desc' })).map((r) => r.receiptNumber);
    expect(numbers).toEqual([...numbers].sort().reverse());
    // A key the register does not offer (an old or edited link) is the usual order, not an error.
    const usual = await list({});
    expect((await list({ sort: 'password', dir: 'sideways' })).map((r) => r.id)).toEqual(
      usual.map((r) => r.id),
    );
    expect(usual.map((r) => r.receivedAt)).toEqual([...usual.map((r) => r.receivedAt)].sort().reverse());
    // Paging a sorted list shows every row once.
    const pages = [
      ...(await list({ sort: 'amount', pageSize: '10', page: '1' })),
      ...(await list({ sort: 'amount', pageSize: '10', page: '2' })),
    ].map((r) => r.id);
    expect(new Set(pages).size).toBe(pages.length);
    // Every register accepts its keys (the SQL of each is valid).
    for (const key of REGISTER_SORTS.invoices) await searchInvoices(t.db, viewer, { sort: key, dir: 'desc' });
    for (const key of REGISTER_SORTS.payments) await searchPayments(t.db, viewer, { sort: key });
    for (const key of REGISTER_SORTS.creditNotes) await searchCreditNotes(t.db, viewer, { sort: key });
  });
});

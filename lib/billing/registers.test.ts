import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@/db/seed/demo';
import { linkPortalUser, makePolicyHolder, makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { type Actor, loadActor } from '../auth/actor';
import { searchContracts } from '../contracts/search';
import { createInvoice } from './invoices';
import { searchCreditNotes, searchInvoices, searchPayments, searchReceipts } from './registers';

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
});

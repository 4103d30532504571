import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@/db/seed/demo';
import { makeActors } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { createInvoice } from '../billing/invoices';
import { recordReceipt, reverseReceipt } from '../billing/receipts';
import { searchPayments } from '../billing/registers';
import { addComment } from '../comments/comments';
import { searchContracts } from '../contracts/search';
import { addDays, todayIso } from '../dates';
import { money } from '../money';
import { AGE_BUCKETS, getDashboard } from './dashboard';

let t: TestDb;
let a: Record<'admin' | 'editor' | 'approver' | 'viewer' | 'portal', Actor>;
let acmeId: string;
const now = new Date();
const today = todayIso(now);

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db);
  const [acmePh] = await t.db.execute<{ id: string }>(
    sql`select id from policy_holders where code = 'PH-ACME'`,
  );
  a = await makeActors(t.db, ['admin', 'editor', 'approver', 'viewer', 'portal'] as const, {
    policyHolderId: acmePh!.id,
  });
  acmeId = (await searchContracts(t.db, a.viewer, { code: 'ACME' })).items[0]!.id;
});
afterAll(() => t.close());

describe('dashboard', () => {
  it('counts live contracts by state as the contract search does', async () => {
    const d = await getDashboard(t.db, a.viewer, now);
    expect(d.byState.length).toBeGreaterThan(1);
    for (const { state, count } of d.byState) {
      expect((await searchContracts(t.db, a.viewer, { state: String(state) })).total).toBe(count);
    }
    const all = (await searchContracts(t.db, a.viewer, {})).total;
    expect(d.byState.reduce((s, r) => s + r.count, 0)).toBe(all);
  });

  it('sums what is still to receive per age bucket, the same rows the payment register lists for it', async () => {
    // Six unpaid installments on ACME, spread over the buckets (and one beyond 30 days ahead).
    const offsets = [5, -10, -45, -100, 60, -75];
    for (const [i, offset] of offsets.entries()) {
      await t.db.execute(sql`
        insert into installments (contract_id, chain_code, policy_holder_id, seq, period_from, period_to,
          due_date, amount, allocated, state)
        select id, code, policy_holder_id, ${100 + i}, ${`2001-0${i + 1}-01`}::date, ${`2001-0${i + 1}-28`}::date, ${addDays(today, offset)}::date,
          ${`${100 + i}.50`}, ${i === 1 ? '40.25' : '0'}, 'open'
        from contracts where id = ${acmeId}`);
    }
    const d = await getDashboard(t.db, a.viewer, now);
    expect(d.aging.map((b) => b.bucket)).toEqual([...AGE_BUCKETS]);
    for (const b of d.aging) {
      const listed = await searchPayments(t.db, a.viewer, { age: b.bucket, pageSize: '100' }, now);
      expect(listed.total, b.bucket).toBe(b.count);
      const open = listed.items.reduce((s, p) => s.plus(p.amount).minus(p.allocated), money(0));
      expect(open.toFixed(2), b.bucket).toBe(b.amount);
    }
    const byBucket = Object.fromEntries(d.aging.map((b) => [b.bucket, b.count]));
    expect(byBucket.soon).toBeGreaterThan(0);
    expect(byBucket['0-30']).toBeGreaterThan(0);
    expect(byBucket['31-60']).toBeGreaterThan(0);
    expect(byBucket['61-90']).toBeGreaterThan(0);
    expect(byBucket['90+']).toBeGreaterThan(0);
    // 101.50 − 40.25 received, and the demo's Transports Martin (165.00, due 10 days ago: issue 14).
    expect(d.aging.find((b) => b.bucket === '0-30')!.amount).toBe('226.25');
  });

  it('bills and collects per month over the last 12 months; a reversed receipt is not collected', async () => {
    const before = await getDashboard(t.db, a.viewer, now);
    expect(before.months).toHaveLength(12);
    expect(before.months.at(-1)!.month).toBe(today.slice(0, 7));
    const invoice = await createInvoice(t.db, a.approver, { contractId: acmeId }, now);
    const kept = await recordReceipt(
      t.db,
      a.approver,
      { contractId: acmeId, amount: '10.00', receivedAt: today, receiptNumber: 'DASH-1' },
      now,
    );
    const bounced = await recordReceipt(
      t.db,
      a.approver,
      { contractId: acmeId, amount: '7.00', receivedAt: today, receiptNumber: 'DASH-2' },
      now,
    );
    await reverseReceipt(t.db, a.approver, { receiptId: bounced.receiptId, reason: 'Bounced' }, now);
    const after = await getDashboard(t.db, a.viewer, now);
    const last = (x: typeof after) => x.months.at(-1)!;
    expect(money(last(after).billed).minus(last(before).billed).toFixed(2)).toBe(
      money(invoice.total).toFixed(2),
    );
    expect(money(last(after).collected).minus(last(before).collected).toFixed(2)).toBe('10.00');
    expect(kept.receiptId).toBeTruthy();
  });

  it('tells each role what waits for it: approvals, counters, unanswered comments', async () => {
    const negotiable = (await searchContracts(t.db, a.viewer, { state: '4' })).total;
    expect(negotiable).toBeGreaterThan(0);
    expect((await getDashboard(t.db, a.approver, now)).waiting.toApprove).toBe(negotiable);
    expect((await getDashboard(t.db, a.editor, now)).waiting.toApprove).toBeNull();
    expect((await getDashboard(t.db, a.editor, now)).waiting.toRework).toBe(0);
    expect((await getDashboard(t.db, a.viewer, now)).waiting).toEqual({
      toApprove: null,
      toRework: null,
      toAnswer: null,
    });

    const waiting = async () => (await getDashboard(t.db, a.approver, now)).waiting.toAnswer!;
    await addComment(t.db, a.approver, { contractId: acmeId, body: 'Welcome.' });
    const base = (await waiting()).count;
    expect((await waiting()).oldest.map((c) => c.contractId)).not.toContain(acmeId);
    await addComment(t.db, a.portal, { contractId: acmeId, body: 'When is the next invoice due?' });
    expect((await waiting()).count).toBe(base + 1);
    expect((await waiting()).oldest.map((c) => c.contractId)).toContain(acmeId);
    // An internal note is not an answer to the policy holder.
    await addComment(t.db, a.approver, { contractId: acmeId, body: 'Ask billing', internal: true });
    expect((await waiting()).count).toBe(base + 1);
    await addComment(t.db, a.approver, { contractId: acmeId, body: 'On the 1st.' });
    expect((await waiting()).count).toBe(base);
  });

  it('is the insurer’s: a portal user is refused', async () => {
    await expect(getDashboard(t.db, a.portal, now)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

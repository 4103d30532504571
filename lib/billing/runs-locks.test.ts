import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { products } from '@/db/schema';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createServerTestDb } from '@/db/testing/server-db';
import type { TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { uuidArray } from '../bulk-insert';
import { createContract } from '../contracts/contracts';
import { approveContract, submitContract } from '../contracts/transitions';
import { runJobToEnd } from '../jobs/runner';
import { startBillingRun } from './runs';

/*
 * Issue 13: a billing run's chunk never queues behind another transaction that holds a payer's account
 * (a receipt being recorded, another runner's chunk): it bills the other payers and leaves that payer's
 * contracts to the run's last pass, which waits for the lock and bills them. Several sessions at once,
 * so a real PostgreSQL server (PGlite serves one session).
 */
let t: TestDb;
let a: Record<'editor' | 'approver', Actor>;
const contracts: { id: string; ph: string }[] = [];
const day = new Date('2026-01-02T00:00:00Z');

beforeAll(async () => {
  t = await createServerTestDb();
  a = await makeActors(t.db, ['editor', 'approver'] as const);
  const scheme = await makeScheme(t.db);
  await t.db.update(products).set({ billingFrequencyMonths: 3 }).where(eq(products.id, scheme.productId));
  for (let i = 0; i < 3; i++) {
    const ph = await makeEmployer(t.db, scheme.bundleId, ['12000.00']);
    const c = await createContract(t.db, a.editor, {
      code: `LOCK-${i}`,
      policyHolderId: ph.id,
      dateValidFrom: '2026-01-01',
      dateValidTo: '2026-12-31',
    });
    await submitContract(t.db, a.editor, { id: c.id });
    await approveContract(t.db, a.approver, { id: c.id }, day);
    contracts.push({ id: c.id, ph: ph.id });
  }
}, 180_000);
afterAll(() => t?.close());

const itemStates = async (jobId: string) =>
  new Map(
    (
      await t.db.execute<{ ref_id: string; state: number }>(
        sql`select ref_id, state from job_items where job_id = ${jobId}::uuid`,
      )
    ).map((r) => [r.ref_id, r.state]),
  );

describe('billing run and payers locked elsewhere', () => {
  it('bills the other payers at once and the locked payer in its last pass, once the lock is free', async () => {
    const busy = contracts[1]!;
    // Another session holds the payer's account lock (as recordReceipt does) until we let it go.
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    const other = t.handle.sql.begin(async (s) => {
      await s`select pg_advisory_xact_lock(hashtextextended(${`ph:${busy.ph}`}, 12))`;
      locked();
      await released;
    });
    await isLocked;
    const run = await startBillingRun(
      t.db,
      a.approver,
      { upTo: '2026-04-01' },
      new Date('2026-04-01T08:00:00Z'),
      {
        dispatch: false,
      },
    );
    const working = runJobToEnd(t.db, run.jobId!);
    // The chunk commits without waiting: two contracts billed, the busy one held for the last pass.
    const deadline = Date.now() + 60_000;
    let states = await itemStates(run.jobId!);
    while ([...states.values()].filter((s) => s === 1).length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      states = await itemStates(run.jobId!);
    }
    expect(states.get(contracts[0]!.id)).toBe(1);
    expect(states.get(contracts[2]!.id)).toBe(1);
    expect(states.get(busy.id)).toBe(3);
    const open = await t.db.execute<{ state: string }>(
      sql`select state from installments where contract_id = ${busy.id}::uuid and due_date <= '2026-04-01' order by seq`,
    );
    expect(open.map((i) => i.state)).toEqual(['open', 'open']);
    release();
    await other;
    const job = await working;
    expect(job).toMatchObject({ state: 'done', total: 3, done: 3, failed: 0 });
    const invoices = await t.db.execute<{ contract_id: string; number: string }>(
      sql`select contract_id, number from invoices where contract_id = any(${uuidArray(contracts.map((c) => c.id))}) order by number`,
    );
    expect(invoices.map((i) => i.contract_id).sort()).toEqual(contracts.map((c) => c.id).sort());
    // Gapless: the last pass took the next number after the first chunk's.
    const n = invoices.map((i) => Number(i.number.slice(-6)));
    expect(n).toEqual([n[0]!, n[0]! + 1, n[0]! + 2]);
    const [left] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from installments where contract_id = ${busy.id}::uuid and state = 'open' and due_date <= '2026-04-01'`,
    );
    expect(left!.n).toBe(0);
  }, 120_000);
});

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { inPayerOrder, startBulkJob } from './bulk';
import { createContract } from './contracts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

describe('bulk approval chunks', () => {
  it('group the contracts by policy holder, in the order asked within each, unknown ids last', async () => {
    const a = await makeActors(t.db, ['editor', 'approver'] as const);
    const scheme = await makeScheme(t.db);
    const [p, q] = [
      await makeEmployer(t.db, scheme.bundleId, ['1000.00']),
      await makeEmployer(t.db, scheme.bundleId, ['1000.00']),
    ];
    const make = async (ph: { id: string }, n: number) =>
      (
        await createContract(t.db, a.editor, {
          code: `ORD-${n}-${Date.now() % 100000}`,
          policyHolderId: ph.id,
          dateValidFrom: `202${n}-01-01`,
          dateValidTo: `202${n}-12-31`,
        })
      ).id;
    const [q1, p1, q2, p2, p3] = [
      await make(q, 1),
      await make(p, 2),
      await make(q, 3),
      await make(p, 4),
      await make(p, 5),
    ];
    const unknown = randomUUID();
    expect(await inPayerOrder(t.db, [q1!, unknown, p3!, p1!, q2!, p2!])).toEqual([
      q1,
      q2,
      p3,
      p1,
      p2,
      unknown,
    ]);
    // The same order for a bulk approval run as a job (its items), and the order chosen for the others.
    const asked = [q1!, unknown, p3!, p1!, q2!, p2!];
    const itemsOf = async (op: 'approve' | 'counter') => {
      const job = await startBulkJob(t.db, a.approver, op, { ids: asked });
      const rows = await t.db.execute<{ ref_id: string }>(
        sql`select ref_id from job_items where job_id = ${job.id} order by seq`,
      );
      return rows.map((r) => r.ref_id);
    };
    expect(await itemsOf('approve')).toEqual([q1, q2, p3, p1, p2, unknown]);
    expect(await itemsOf('counter')).toEqual(asked);
  });
});

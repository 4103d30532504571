import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { createContract } from '@/lib/contracts/contracts';

/**
 * The foreign keys checked once per statement (migrations 0039–0040, for tables written thousands of rows
 * a statement): each is found in the catalog, so one added later is held to the same rules.
 */
let t: TestDb;
type Fk = { child: string; col: string; parent: string };
let fks: Fk[];

beforeAll(async () => {
  t = await createTestDb();
  // Every trigger calling pactum_references(column, table): its child table, column and parent table.
  const rows = await t.db.execute<{ child: string; args: string; events: number }>(sql`
    select c.relname as child, encode(g.tgargs, 'escape') as args, g.tgtype::int as events
    from pg_trigger g join pg_class c on c.oid = g.tgrelid join pg_proc p on p.oid = g.tgfoid
    where p.proname = 'pactum_references' and not g.tgisinternal`);
  const all = [...rows].map((r) => {
    const [col, parent] = r.args.split('\\000');
    return { child: r.child, col: col!, parent: parent!, events: r.events };
  });
  fks = [...new Map(all.map((f) => [`${f.child}.${f.col}`, f])).values()];
  // TRIGGER_TYPE_INSERT = 4: each key is checked at least on insert (on update too where it could change).
  for (const f of fks)
    expect(all.some((g) => g.child === f.child && g.col === f.col && (g.events & 4) !== 0)).toBe(true);
});
afterAll(() => t.close());

describe('statement foreign keys', () => {
  it('cover the job items and the invoices, and each has its delete rule on the referenced table', async () => {
    expect(fks.map((f) => `${f.child}.${f.col} → ${f.parent}`).sort()).toEqual([
      'invoices.contract_id → contracts',
      'job_items.job_id → jobs',
    ]);
    // The referenced table keeps them true on delete: refused (pactum_referenced) or cascaded.
    const guards = await t.db.execute<{ parent: string; fn: string; args: string }>(sql`
      select c.relname as parent, p.proname as fn, encode(g.tgargs, 'escape') as args
      from pg_trigger g join pg_class c on c.oid = g.tgrelid join pg_proc p on p.oid = g.tgfoid
      where not g.tgisinternal and (g.tgtype::int & 8) <> 0`);
    for (const f of fks)
      expect(
        [...guards].some(
          (g) =>
            g.parent === f.parent &&
            (g.args === `${f.child}\\000${f.col}\\000` || g.fn === `pactum_${f.parent}_delete_items`),
        ),
        `${f.child}.${f.col}`,
      ).toBe(true);
  });

  it('refuse a row whose parent does not exist', async () => {
    // For each table, a row complete but for its parent, which does not exist (a table added to the
    // triggers needs its row here: the test says so).
    const rows: Record<string, ReturnType<typeof sql>> = {
      job_items: sql`insert into job_items (job_id, seq, ref_id) values (${randomUUID()}, 1, ${randomUUID()})`,
      invoices: sql`insert into invoices (number, contract_id, date_issued, period_from, period_to, total)
        values (${`FK-${randomUUID()}`}, ${randomUUID()}, '2026-01-01', '2026-01-01', '2026-01-31', 1)`,
    };
    for (const f of fks) {
      const insert = rows[f.child];
      expect(insert, `a test row for ${f.child}`).toBeDefined();
      await expect(t.db.execute(insert!)).rejects.toMatchObject({ cause: { code: '23503' } });
    }
  });

  it('refuse deleting a contract that has an invoice', async () => {
    const a = await makeActors(t.db, ['editor'] as const);
    const scheme = await makeScheme(t.db);
    const ph = await makeEmployer(t.db, scheme.bundleId, ['12000.00']);
    const c = await createContract(t.db, a.editor, {
      code: `FK-${Date.now() % 100000}`,
      policyHolderId: ph.id,
      dateValidFrom: '2026-01-01',
      dateValidTo: '2026-12-31',
    });
    // Nothing else references the draft once its insured persons are gone: only the invoice holds it.
    await t.db.execute(sql`delete from contract_details where contract_id = ${c.id}`);
    await t.db.execute(sql`insert into invoices (number, contract_id, date_issued, period_from, period_to, total)
      values (${`FK-${c.id}`}, ${c.id}, '2026-01-01', '2026-01-01', '2026-01-31', 1)`);
    await expect(t.db.execute(sql`delete from contracts where id = ${c.id}`)).rejects.toMatchObject({
      cause: { code: '23503', message: expect.stringContaining('still referenced from table "invoices"') },
    });
    await t.db.execute(sql`delete from invoices where contract_id = ${c.id}`);
    await t.db.execute(sql`delete from contracts where id = ${c.id}`);
  });
});

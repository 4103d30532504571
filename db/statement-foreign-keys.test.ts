import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { createContract } from '@/lib/contracts/contracts';
import { approveContract, submitContract } from '@/lib/contracts/transitions';

/**
 * The foreign keys checked once per statement (migrations 0039–0041, for tables written thousands of rows
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
  // Each key is checked on insert (TRIGGER_TYPE_INSERT = 4) and on update (16).
  for (const f of fks)
    for (const event of [4, 16])
      expect(
        all.some((g) => g.child === f.child && g.col === f.col && (g.events & event) !== 0),
        `${f.child}.${f.col}, event ${event}`,
      ).toBe(true);
});
afterAll(() => t.close());

describe('statement foreign keys', () => {
  it('cover the job items, the invoices, the installments and their lines, each with its delete rule', async () => {
    expect(fks.map((f) => `${f.child}.${f.col} → ${f.parent}`).sort()).toEqual([
      'installment_lines.contract_contribution_detail_id → contract_contribution_details',
      'installment_lines.installment_id → installments',
      'installments.contract_id → contracts',
      'installments.policy_holder_id → policy_holders',
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

  it('refuse a row, inserted or updated, whose parent does not exist', async () => {
    // One row of each table with real parents: an approved contract's installments and lines, an invoice
    // of it, a job's item.
    const a = await makeActors(t.db, ['editor', 'approver'] as const);
    const scheme = await makeScheme(t.db);
    const ph = await makeEmployer(t.db, scheme.bundleId, ['12000.00']);
    const c = await createContract(t.db, a.editor, {
      code: `FKR-${Date.now() % 100000}`,
      policyHolderId: ph.id,
      dateValidFrom: '2026-01-01',
      dateValidTo: '2026-12-31',
    });
    await submitContract(t.db, a.editor, { id: c.id });
    await approveContract(t.db, a.approver, { id: c.id });
    await t.db.execute(sql`insert into invoices (number, contract_id, date_issued, period_from, period_to, total)
      values (${`FKR-${c.id}`}, ${c.id}, '2026-01-01', '2026-01-01', '2026-01-31', 1)`);
    await t.db.execute(sql`with j as (insert into jobs (kind, created_by_name) values ('fk-test', 'test') returning id)
      insert into job_items (job_id, seq, ref_id) select id, 1, ${c.id} from j`);
    // Columns whose copy would break a unique index before the reference is checked.
    const fresh: Record<string, Record<string, string>> = {
      invoices: { number: `'FKR-' || gen_random_uuid()` },
    };

    for (const f of fks) {
      const columns = await t.db.execute<{ name: string }>(sql`
        select attname as name from pg_attribute where attrelid = ${f.child}::regclass and attnum > 0
          and not attisdropped and attgenerated = '' and attname <> 'id' order by attnum`);
      const names = [...columns].map((r) => r.name);
      const bogus = `'${randomUUID()}'::uuid`;
      const values = names.map((n) => (n === f.col ? bogus : (fresh[f.child]?.[n] ?? `"${n}"`)));
      const [one] = await t.db.execute<{ id: string }>(
        sql.raw(`select ctid::text as id from "${f.child}" limit 1`),
      );
      expect(one, `a row of ${f.child}`).toBeDefined();
      const refused = { cause: { code: '23503', message: expect.stringContaining(`${f.col}=`) } };
      // A copy of the row with only this key wrong, then the row itself changed to it.
      await expect(
        t.db.execute(
          sql.raw(`insert into "${f.child}" (${names.map((n) => `"${n}"`).join(', ')})
            select ${values.join(', ')} from "${f.child}" where ctid = '${one!.id}'`),
        ),
        `insert into ${f.child}.${f.col}`,
      ).rejects.toMatchObject(refused);
      await expect(
        t.db.execute(sql.raw(`update "${f.child}" set "${f.col}" = ${bogus} where ctid = '${one!.id}'`)),
        `update of ${f.child}.${f.col}`,
      ).rejects.toMatchObject(refused);
      // Unchanged, or changed to an existing parent, it passes.
      await t.db.execute(
        sql.raw(`update "${f.child}" set "${f.col}" = "${f.col}" where ctid = '${one!.id}'`),
      );
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

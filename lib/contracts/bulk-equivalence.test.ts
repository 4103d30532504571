import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { contracts } from '@/db/schema';
import {
  allowBundle,
  declareInsuree,
  makeActors,
  makeFamily,
  makePolicyHolder,
  makeScheme,
} from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { bulkContracts } from './bulk';
import { createContract } from './contracts';
import { amendContract, approveContract, submitContract } from './transitions';

/*
 * Bulk approval is set-based (chunks of contracts, one statement per table), approval of one contract
 * is the same code on a batch of one: both must write exactly the same rows. Two identical worlds in one
 * database (their own policy holder, people and contracts, codes prefixed EQA / EQB): world A approved
 * one by one, world B in bulk; every row that appeared or changed in any table, with ids replaced by
 * names built from the rows' contents (so that the two worlds' random ids compare), must be the same.
 */
let t: TestDb;
let a: Record<'editor' | 'approver', Actor>;
let scheme: Awaited<ReturnType<typeof makeScheme>>;
let family: Awaited<ReturnType<typeof makeScheme>>;

beforeAll(async () => {
  t = await createTestDb();
  scheme = await makeScheme(t.db);
  family = await makeScheme(t.db, { rate: '3', includeFamily: true });
  a = await makeActors(t.db, ['editor', 'approver'] as const);
});
afterAll(() => t.close());

/** One world: a monthly-billed policy holder, a joiner, a leaver, a family, and contracts to approve. */
async function world(w: 'EQA' | 'EQB') {
  const holder = await makePolicyHolder(t.db, { code: `${w}-PH`, billingFrequencyMonths: 1 });
  await allowBundle(t.db, holder.id, scheme.bundleId);
  await allowBundle(t.db, holder.id, family.bundleId);
  const people: [string, string, string | null, string][] = [
    ['500.00', '2020-01-01', null, scheme.bundleId],
    ['812.35', '2026-03-15', null, scheme.bundleId], // joins during the first contract
    ['650.00', '2020-01-01', '2026-08-31', scheme.bundleId], // leaves during it
    ['1000.00', '2020-01-01', null, family.bundleId], // a family plan
  ];
  for (const [i, [income, from, to, bundleId]] of people.entries()) {
    const { members } = await makeFamily(t.db, [
      { firstName: `P${i}`, lastName: `Person${i}`, insuranceNumber: `${w}-N${i}` },
      ...(bundleId === family.bundleId
        ? [{ firstName: `K${i}`, lastName: `Kid${i}`, insuranceNumber: `${w}-K${i}` }]
        : []),
    ]);
    await declareInsuree(t.db, holder.id, members[0]!.id, bundleId, {
      calculationParams: { income },
      dateValidFrom: from,
      dateValidTo: to,
    });
  }
  const create = async (n: number, from: string, to: string) =>
    (
      await createContract(t.db, a.editor, {
        code: `${w}-C${n}`,
        policyHolderId: holder.id,
        dateValidFrom: from,
        dateValidTo: to,
        paymentReference: `${w}-R${n}`,
      })
    ).id;
  const submit = async (id: string) => (await submitContract(t.db, a.editor, { id })).id;
  // An original approved beforehand (the same way in both worlds), then its amendment to approve.
  const original = await submit(await create(3, '2028-01-01', '2028-12-31'));
  await approveContract(t.db, a.approver, { id: original });
  const amendment = await submit((await amendContract(t.db, a.editor, { id: original })).id);
  const c1 = await submit(await create(1, '2026-01-01', '2026-12-31'));
  const c2 = await submit(await create(2, '2027-02-15', '2027-09-30'));
  // Overlapping C1 (signed before the rule, as cover.test.ts does it): refused in both worlds.
  const c4 = await create(4, '2026-06-01', '2026-12-31');
  await t.db.update(contracts).set({ state: 4 }).where(eq(contracts.id, c4));
  return [c1, c2, c4, amendment];
}

type Row = Record<string, unknown>;

async function snapshot(db: Db): Promise<Map<string, Row[]>> {
  const tables = await db.execute<{ name: string }>(
    sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`,
  );
  const out = new Map<string, Row[]>();
  for (const { name } of tables) {
    const rows = await db.execute<{ r: Row }>(sql`select to_jsonb(t) as r from ${sql.identifier(name)} t`);
    out.set(
      name,
      rows.map((x) => x.r),
    );
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Columns that differ by nature between two runs: times and per-operation random ids. */
const VOLATILE = new Set(['id', 'version', 'operation_id', 'date_approved', 'at']);
const isVolatile = (key: string) => VOLATILE.has(key) || key.endsWith('_at');
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * Names every row that has an id from its contents (its other columns, with the ids it references
 * replaced by their names, and the world's prefix neutralised), and which world it belongs to (the
 * prefix found in it or in a row it references).
 */
function nameRows(all: Map<string, Row[]>) {
  const ids = new Set<string>();
  for (const rows of all.values()) for (const r of rows) if (typeof r.id === 'string') ids.add(r.id);
  const names = new Map<string, string>();
  const worlds = new Map<string, string>();
  const canonical = (table: string, row: Row) => {
    let world = '';
    let blocked = false;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') {
        if (UUID.test(v) && ids.has(v)) {
          if (!names.has(v)) blocked = true;
          world ||= worlds.get(v) ?? '';
          return names.get(v) ?? v;
        }
        if (TIMESTAMP.test(v)) return '(time)';
        const m = v.match(/EQ[AB]/);
        if (m) world ||= m[0];
        return v.replace(/EQ[AB]/g, 'EQ?');
      }
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') {
        return Object.fromEntries(
          Object.entries(v as Row)
            .filter(([k]) => !isVolatile(k))
            .sort(([x], [y]) => x.localeCompare(y))
            .map(([k, x]) => [k, walk(x)]),
        );
      }
      return v;
    };
    const text = `${table} ${JSON.stringify(walk(row))}`;
    return { text, world, blocked };
  };
  for (let progress = true; progress; ) {
    progress = false;
    for (const [table, rows] of all) {
      for (const r of rows) {
        const id = r.id;
        if (typeof id !== 'string' || names.has(id)) continue;
        const c = canonical(table, r);
        if (c.blocked) continue;
        names.set(id, `${table}:${createHash('sha1').update(c.text).digest('hex').slice(0, 16)}`);
        if (c.world) worlds.set(id, c.world);
        progress = true;
      }
    }
  }
  return canonical;
}

/** The rows that appeared or changed since `before`, canonical, per world. */
function changes(before: Map<string, Row[]>, after: Map<string, Row[]>) {
  const canonical = nameRows(after);
  const out: Record<string, string[]> = { EQA: [], EQB: [], '': [] };
  for (const [table, rows] of after) {
    const old = new Set((before.get(table) ?? []).map((r) => JSON.stringify(r)));
    for (const r of rows) {
      if (old.has(JSON.stringify(r))) continue;
      const c = canonical(table, r);
      out[c.world]!.push(c.text);
    }
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

describe('bulk approval writes what approving one by one writes', () => {
  it('the same rows in every table, for approvals, an amendment and a refusal', async () => {
    const worldA = await world('EQA');
    const worldB = await world('EQB');
    const before = await snapshot(t.db);
    const comment = 'Approved after review.';
    for (const id of worldA) await approveContract(t.db, a.approver, { id, comment }).catch(() => null);
    const bulk = await bulkContracts(t.db, a.approver, 'approve', { ids: worldB, comment });
    expect(bulk.succeeded).toEqual([worldB[0], worldB[1], worldB[3]]);
    expect(bulk.failed.map((f) => f.id)).toEqual([worldB[2]]);
    const diff = changes(before, await snapshot(t.db));
    const tables = (list: string[]) => [...new Set(list.map((x) => x.split(' ')[0]))].sort();
    expect(tables(diff.EQA!)).toEqual(
      expect.arrayContaining([
        'audit_log',
        'contract_contribution_details',
        'contracts',
        'contributions',
        'installment_lines',
        'installments',
        'notification_events',
        'policies',
      ]),
    );
    expect(diff.EQB).toEqual(diff.EQA);
  });
});

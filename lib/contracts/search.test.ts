import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts, installments } from '@/db/schema';
import {
  allowBundle,
  declareInsuree,
  linkPortalUser,
  makeBundle,
  makeFamily,
  makePlan,
  makePolicyHolder,
  makeProduct,
  makeUser,
} from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { type Actor, loadActor } from '../auth/actor';
import { ForbiddenError, ValidationError } from '../errors';
import { inEnglish } from '../i18n/keyed';
import { bulkContracts } from './bulk';
import { createContract, deleteContract } from './contracts';
import { estimatedCount, searchContracts } from './search';
import { submitContract } from './transitions';

let t: TestDb;
let editor: Actor;
let approver: Actor;
let viewer: Actor;
let portal: Actor;
let ph1: string;
let ph2: string;
let insureeOf2: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDb();
  const product = await makeProduct(t.db);
  const bundle = await makeBundle(t.db, [(await makePlan(t.db, product.id)).id]);
  ph1 = (await makePolicyHolder(t.db)).id;
  ph2 = (await makePolicyHolder(t.db)).id;
  for (const [ph, incomes] of [
    [ph1, ['500.00', '500.00']],
    [ph2, ['1000.00']],
  ] as const) {
    await allowBundle(t.db, ph, bundle.id);
    for (const income of incomes) {
      const { members } = await makeFamily(t.db, [{ firstName: 'A', lastName: 'B' }]);
      await declareInsuree(t.db, ph, members[0]!.id, bundle.id, { calculationParams: { income } });
      if (ph === ph2) insureeOf2 = members[0]!.id;
    }
  }
  editor = (await loadActor(t.db, (await makeUser(t.db, 'editor')).id))!;
  approver = (await loadActor(t.db, (await makeUser(t.db, 'approver')).id))!;
  viewer = (await loadActor(t.db, (await makeUser(t.db, 'viewer')).id))!;
  const p = await makeUser(t.db, 'portal');
  await linkPortalUser(t.db, p.id, ph2);
  portal = (await loadActor(t.db, p.id))!;

  const make = async (key: string, policyHolderId: string, from: string, to: string, ref: string) => {
    const c = await createContract(t.db, editor, {
      code: key,
      policyHolderId,
      dateValidFrom: from,
      dateValidTo: to,
      paymentReference: ref,
    });
    ids[key] = c.id;
    return c;
  };
  await make('ALPHA-2026', ph1, '2026-01-01', '2026-12-31', 'BANK-111'); // 50.00
  await make('alpha-2027', ph1, '2027-01-01', '2027-12-31', 'BANK-222'); // 50.00
  await make('BETA-2026', ph2, '2026-01-01', '2026-12-31', 'WIRE-333'); // 50.00
  await make('GAMMA-LONG', ph2, '2026-01-01', '2027-12-31', 'WIRE-444'); // 100.00
  const del = await make('DELTA-GONE', ph1, '2026-01-01', '2026-12-31', 'X');
  await deleteContract(t.db, editor, { id: del.id });
  await submitContract(t.db, editor, { id: ids['BETA-2026']! });
});
afterAll(() => t.close());

const codes = async (params: Record<string, unknown>, actor = viewer) =>
  (await searchContracts(t.db, actor, { sort: 'code', dir: 'asc', ...params })).items.map((c) => c.code);

describe('searchContracts', () => {
  it('finds codes containing a term, case-insensitively and trimmed', async () => {
    expect(await codes({ code: '  ALPHA ' })).toEqual(['ALPHA-2026', 'alpha-2027']);
    expect(await codes({ code: '%' })).toEqual([]);
  });

  it('filters by policy holder, insuree, state, amendment and payment reference', async () => {
    expect(await codes({ policyHolderId: ph2 })).toEqual(['BETA-2026', 'GAMMA-LONG']);
    expect(await codes({ insureeId: insureeOf2 })).toEqual(['BETA-2026', 'GAMMA-LONG']);
    expect(await codes({ state: '4' })).toEqual(['BETA-2026']);
    expect(await codes({ amendment: '0', paymentReference: 'wire' })).toEqual(['BETA-2026', 'GAMMA-LONG']);
    expect(await codes({ amendment: '1' })).toEqual([]);
  });

  it('filters amounts on the amount that matches the state, and sorts on it', async () => {
    expect(await codes({ amountFrom: '60', amountTo: '100.00' })).toEqual(['GAMMA-LONG']);
    const byAmount = await searchContracts(t.db, viewer, { sort: 'amount', dir: 'desc' });
    expect(byAmount.items[0]?.code).toBe('GAMMA-LONG');
    expect(byAmount.items.find((c) => c.code === 'BETA-2026')).toMatchObject({
      state: 4,
      amount: '50.00',
      amountRectified: '50.00',
    });
  });

  it('selects contracts whose period overlaps the valid from / valid to filter', async () => {
    expect(await codes({ dateValidFrom: '2027-06-01' })).toEqual(['GAMMA-LONG', 'alpha-2027']);
    expect(await codes({ dateValidFrom: '2026-03-01', dateValidTo: '2026-03-31' })).toEqual([
      'ALPHA-2026',
      'BETA-2026',
      'GAMMA-LONG',
    ]);
  });

  it('hides deleted contracts unless asked, counts and pages', async () => {
    expect(await codes({ code: 'DELTA' })).toEqual([]);
    expect(await codes({ code: 'DELTA', includeDeleted: 'true' })).toEqual(['DELTA-GONE']);
    const page = await searchContracts(t.db, viewer, { pageSize: '10', page: '1' });
    expect(page.total).toBe(4);
    expect(page.totalExact).toBe(true);
    expect((await searchContracts(t.db, viewer, { pageSize: '10', page: '2' })).items).toEqual([]);
    // Beyond the count limit the total says "more than": the limit plus one, not exact.
    const capped = await searchContracts(t.db, viewer, { pageSize: '10' }, { countLimit: 3 });
    expect({ total: capped.total, exact: capped.totalExact, rows: capped.items.length }).toEqual({
      total: 4,
      exact: false,
      rows: 4,
    });
    expect((await searchContracts(t.db, viewer, {}, { countLimit: 4 })).totalExact).toBe(true);
  });

  it("reads the planner's estimate of the matches (the count is skipped above 20 times its limit)", async () => {
    await t.db.execute(sql`analyze contracts`);
    const [row] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from contracts`);
    const estimate = await estimatedCount(t.db, undefined);
    // An estimate, not a count: the right order of magnitude is what the search needs (0 would mean the
    // plan was not read, and every search would count).
    expect(estimate).toBeGreaterThan(0);
    expect(estimate).toBeGreaterThanOrEqual(row!.n / 2);
    expect(estimate).toBeLessThanOrEqual(row!.n * 2);
  });

  it('rejects malformed filters with a clear message, and scopes portal users', async () => {
    await expect(searchContracts(t.db, viewer, { amountFrom: 'lots' })).rejects.toThrow(ValidationError);
    await expect(searchContracts(t.db, viewer, { dateValidFrom: '2026-13-01' })).rejects.toThrow(
      ValidationError,
    );
    expect(await codes({}, portal)).toEqual(['BETA-2026', 'GAMMA-LONG']);
    expect(await codes({ policyHolderId: ph1 }, portal)).toEqual([]);
  });
});

describe('bulkContracts', () => {
  it('approves each contract in its own transaction and reports failures with their reason', async () => {
    const result = await bulkContracts(t.db, approver, 'approve', {
      ids: [ids['BETA-2026']!, ids['ALPHA-2026']!],
    });
    expect(result.succeeded).toEqual([ids['BETA-2026']]);
    expect(result.failed).toEqual([
      { id: ids['ALPHA-2026'], error: { code: 'invalid_state', message: expect.any(String) } },
    ]);
    // Keyed, rendered where it is read.
    expect(inEnglish(result.failed[0]!.error.message)).toMatch(/^Only a submitted contract/);
    const [row] = await t.db.select().from(contracts).where(eq(contracts.id, ids['BETA-2026']!));
    expect(row?.state).toBe(5);
    expect(
      await t.db.select().from(installments).where(eq(installments.contractId, ids['BETA-2026']!)),
    ).toHaveLength(1);
  });

  it('works on all contracts of a search filter, and needs the right permission', async () => {
    // GAMMA-LONG covers BETA-2026's person in 2026: a later period of the same policy holder instead.
    const later = await createContract(t.db, editor, {
      code: 'EPSILON-2029',
      policyHolderId: ph2,
      dateValidFrom: '2029-01-01',
      dateValidTo: '2029-12-31',
    });
    await submitContract(t.db, editor, { id: later.id });
    const result = await bulkContracts(t.db, approver, 'counter', {
      filter: { state: '4' },
      comment: 'Check incomes',
    });
    expect(result.succeeded).toEqual([later.id]);
    await expect(bulkContracts(t.db, editor, 'approve', { ids: [ids['ALPHA-2026']!] })).rejects.toThrow(
      ForbiddenError,
    );
    const invoiced = await bulkContracts(t.db, approver, 'invoice', {
      ids: [ids['BETA-2026']!, ids['alpha-2027']!],
    });
    expect(invoiced.succeeded).toEqual([ids['BETA-2026']]);
    expect(invoiced.failed.map((f) => f.error.code)).toEqual(['invalid_state']);
  });
});

describe('amount filter (the specification: "search in the 3 amounts")', () => {
  it('matches a contract whose notified, rectified or due amount is in the range', async () => {
    const c = await createContract(t.db, editor, {
      code: 'ZETA-AMOUNTS',
      policyHolderId: ph1,
      dateValidFrom: '2040-01-01',
      dateValidTo: '2040-12-31',
    });
    // Scene: an approved contract valued 700.00, rectified 80.00, with 0.00 left due.
    await t.db
      .update(contracts)
      .set({ state: 5, amountNotified: '700.00', amountRectified: '80.00', amountDue: '0.00' })
      .where(eq(contracts.id, c.id));
    const zeta = (params: Record<string, unknown>) => codes({ code: 'ZETA', ...params });
    expect(await zeta({ amountFrom: '650', amountTo: '750' })).toEqual(['ZETA-AMOUNTS']);
    expect(await zeta({ amountFrom: '75', amountTo: '85' })).toEqual(['ZETA-AMOUNTS']);
    expect(await zeta({ amountTo: '0.00' })).toEqual(['ZETA-AMOUNTS']);
    expect(await zeta({ amountFrom: '700.01' })).toEqual([]);
    expect(await zeta({ amountFrom: '81', amountTo: '699.99' })).toEqual([]);
    // With a state, as the benchmark searches.
    expect(await zeta({ state: '5', amountFrom: '650', amountTo: '750' })).toEqual(['ZETA-AMOUNTS']);
    expect(await zeta({ state: '4', amountFrom: '650', amountTo: '750' })).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActors, makeBundle, makeEmployer, makePlan, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { createContract, deleteContract } from '../contracts/contracts';
import { searchContracts } from '../contracts/search';
import { ForbiddenError, ValidationError } from '../errors';
import { createProduct, getProduct, updateProduct } from './products';
import { referenceUsage } from './usage';

/*
 * Issue 17, product admin screens: the product settings the screens edit, who may edit them, and
 * "which contracts use what" — counts that equal what the contract search finds behind their link.
 */
let t: TestDb;
let a: Record<'admin' | 'editor' | 'viewer' | 'portal', Actor>;
let configurer: Actor;
const s: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDb();
  a = await makeActors(t.db, ['admin', 'editor', 'viewer', 'portal']);
  // A product configurer holds product.configure but not the API's reference.write.
  configurer = { ...a.viewer, permissions: new Set(['policyholder.read', 'product.configure']) };
  const one = await makeScheme(t.db);
  const two = await makeScheme(t.db);
  // A second bundle holding plan one too: a contract under it uses plan one and product one.
  const extra = await makePlan(t.db, one.productId);
  const shared = await makeBundle(t.db, [one.planId, extra.id]);
  Object.assign(s, { p1: one.productId, pl1: one.planId, b1: one.bundleId, p2: two.productId });
  Object.assign(s, { pl2: two.planId, b2: two.bundleId, shared: shared.id, extra: extra.id });
  const make = async (bundleId: string, code: string) => {
    const employer = await makeEmployer(t.db, bundleId, ['1000.00', '2000.00']);
    return createContract(t.db, a.admin, {
      code,
      policyHolderId: employer.id,
      paymentReference: `PAY-${code}`,
      dateValidFrom: '2026-01-01',
      dateValidTo: '2026-12-31',
    });
  };
  await make(one.bundleId, 'USE-1');
  await make(one.bundleId, 'USE-2');
  await make(shared.id, 'USE-3');
  const gone = await make(two.bundleId, 'USE-4');
  await deleteContract(t.db, a.admin, { id: gone.id, version: gone.version });
});
afterAll(() => t?.close());

describe('product settings', () => {
  it('creates and changes billing frequency, pay before effective and renewal with product.configure alone', async () => {
    const p = await createProduct(t.db, configurer, {
      code: 'CONF-1',
      name: 'Configured',
      insurancePeriodMonths: 12,
      gracePeriodDays: 30,
      billingFrequencyMonths: '3',
      payBeforeEffective: 'first',
      renewAsNegotiable: true,
    });
    expect(p).toMatchObject({
      billingFrequencyMonths: 3,
      payBeforeEffective: 'first',
      renewAsNegotiable: true,
    });
    const u = await updateProduct(t.db, configurer, {
      id: p.id,
      version: p.version,
      billingFrequencyMonths: 12,
    });
    expect(u.billingFrequencyMonths).toBe(12);
    expect((await getProduct(t.db, a.viewer, p.id)).version).toBe(p.version + 1);
  });

  it('refuses a billing frequency the schedule cannot make, with the field named', async () => {
    const e = await createProduct(t.db, a.admin, {
      code: 'CONF-2',
      name: 'Bad',
      insurancePeriodMonths: 12,
      billingFrequencyMonths: 5,
    }).catch((x) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.fieldErrors.billingFrequencyMonths).toEqual(['Billing frequency must be 12, 6, 3 or 1 months.']);
  });

  it('refuses staff with neither product.configure nor reference.write, and the portal', async () => {
    for (const actor of [a.editor, a.viewer, a.portal])
      await expect(
        createProduct(t.db, actor, { code: 'NO', name: 'No', insurancePeriodMonths: 12 }),
      ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(referenceUsage(t.db, a.portal, 'product', [s.p1!])).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('which contracts use what', () => {
  const found = async (filter: Record<string, string>) =>
    (await searchContracts(t.db, a.admin, filter)).items.map((c) => c.code).sort();

  it('counts live contracts per product, plan and bundle, and the search behind each count finds them', async () => {
    const products = await referenceUsage(t.db, a.viewer, 'product', [s.p1!, s.p2!]);
    expect(products[s.p1!]).toEqual({ contracts: 3, children: 2 });
    // Product two's only contract was deleted: it no longer counts.
    expect(products[s.p2!]).toEqual({ contracts: 0, children: 1 });
    expect(await found({ productId: s.p1! })).toEqual(['USE-1', 'USE-2', 'USE-3']);
    expect(await found({ productId: s.p2! })).toEqual([]);

    const plans = await referenceUsage(t.db, a.viewer, 'plan', [s.pl1!, s.extra!, s.pl2!]);
    expect(plans[s.pl1!]).toEqual({ contracts: 3, children: 2 });
    expect(plans[s.extra!]).toEqual({ contracts: 1, children: 1 });
    expect(await found({ planId: s.extra! })).toEqual(['USE-3']);

    const bundles = await referenceUsage(t.db, a.viewer, 'bundle', [s.b1!, s.shared!]);
    expect(bundles[s.b1!]).toEqual({ contracts: 2, children: 2 });
    expect(bundles[s.shared!]).toEqual({ contracts: 1, children: 1 });
    expect(await found({ bundleId: s.b1! })).toEqual(['USE-1', 'USE-2']);
    expect(await found({ bundleId: s.b1!, planId: s.extra! })).toEqual([]);
  });

  it('refuses a malformed filter rather than answering every contract', async () => {
    await expect(searchContracts(t.db, a.admin, { planId: 'nope' })).rejects.toBeInstanceOf(ValidationError);
  });
});

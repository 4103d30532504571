import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insurees, policyHolderInsurees } from '@/db/schema';
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
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import {
  addPolicyHolderBundle,
  addPolicyHolderInsuree,
  listPolicyHolderInsurees,
  removePolicyHolderBundle,
  removePolicyHolderInsuree,
  updatePolicyHolderInsuree,
} from './insurees';

let t: TestDb;
let editor: Actor;
let viewer: Actor;
let portal: Actor;
let phId: string;
let otherPhId: string;
let bundleId: string;
let foreignBundleId: string;
let fixedBundleId: string;

beforeAll(async () => {
  t = await createTestDb();
  editor = (await loadActor(t.db, (await makeUser(t.db, 'editor')).id))!;
  viewer = (await loadActor(t.db, (await makeUser(t.db, 'viewer')).id))!;
  const product = await makeProduct(t.db);
  const plan = await makePlan(t.db, product.id);
  const fixed = await makePlan(t.db, product.id, {
    calculationRule: 'fixed-amount',
    params: { amount: '20.00' },
  });
  bundleId = (await makeBundle(t.db, [plan.id])).id;
  foreignBundleId = (await makeBundle(t.db, [plan.id])).id;
  fixedBundleId = (await makeBundle(t.db, [fixed.id])).id;
  const ph = await makePolicyHolder(t.db);
  phId = ph.id;
  otherPhId = (await makePolicyHolder(t.db)).id;
  await allowBundle(t.db, phId, bundleId);
  await allowBundle(t.db, phId, fixedBundleId);
  await allowBundle(t.db, otherPhId, bundleId);
  const portalUser = await makeUser(t.db, 'portal');
  await linkPortalUser(t.db, portalUser.id, phId);
  portal = (await loadActor(t.db, portalUser.id))!;
});
afterAll(() => t.close());

const person = async () => (await makeFamily(t.db, [{ firstName: 'Ann', lastName: 'Lee' }])).members[0]!;
const line = (insureeId: string, extra: Record<string, unknown> = {}) => ({
  policyHolderId: phId,
  insureeId,
  bundleId,
  calculationParams: { income: '500.00' },
  dateValidFrom: '2026-01-01',
  dateValidTo: '',
  ...extra,
});

describe('addPolicyHolderInsuree', () => {
  it('declares an existing insuree with a bundle and an income', async () => {
    const p = await person();
    const { id } = await addPolicyHolderInsuree(t.db, editor, line(p.id));
    const rows = await listPolicyHolderInsurees(t.db, viewer, phId);
    expect(rows.find((r) => r.id === id)).toMatchObject({
      insureeId: p.id,
      calculationParams: { income: '500.00' },
      dateValidTo: null,
    });
  });

  it('creates a new person in a family of their own', async () => {
    const { insureeId } = await addPolicyHolderInsuree(t.db, editor, {
      ...line(''),
      insureeId: undefined,
      newInsuree: {
        insuranceNumber: 'NEW-001',
        firstName: 'Bo',
        lastName: 'Ng',
        gender: 'M',
        dateOfBirth: '1990-04-01',
      },
    });
    const [row] = await t.db.select().from(insurees).where(eq(insurees.id, insureeId));
    expect(row).toMatchObject({ insuranceNumber: 'NEW-001', isFamilyHead: true });
  });

  it('refuses an insurance number that already exists', async () => {
    const err = await addPolicyHolderInsuree(t.db, editor, {
      ...line(''),
      insureeId: undefined,
      newInsuree: {
        insuranceNumber: 'NEW-001',
        firstName: 'X',
        lastName: 'Y',
        gender: 'F',
        dateOfBirth: '1990-04-01',
      },
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.fieldErrors['newInsuree.insuranceNumber']).toBeDefined();
  });

  it('requires the income that the bundle rule needs, as a decimal', async () => {
    const p = await person();
    const missing = await addPolicyHolderInsuree(t.db, editor, line(p.id, { calculationParams: {} })).catch(
      (e) => e,
    );
    expect(missing).toBeInstanceOf(ValidationError);
    expect(missing.fieldErrors['calculationParams.income']).toBeDefined();
    const floaty = await addPolicyHolderInsuree(
      t.db,
      editor,
      line(p.id, { calculationParams: { income: '1.005' } }),
    ).catch((e) => e);
    expect(floaty).toBeInstanceOf(ValidationError);
    // A fixed-amount bundle needs no insuree parameter.
    await expect(
      addPolicyHolderInsuree(t.db, editor, line(p.id, { bundleId: fixedBundleId, calculationParams: {} })),
    ).resolves.toBeDefined();
  });

  it('refuses a bundle the policy holder may not use', async () => {
    const p = await person();
    const err = await addPolicyHolderInsuree(t.db, editor, line(p.id, { bundleId: foreignBundleId })).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fieldErrors.bundleId).toBeDefined();
  });

  it('refuses the same person twice for overlapping periods, but allows consecutive ones', async () => {
    const p = await person();
    await addPolicyHolderInsuree(t.db, editor, line(p.id, { dateValidTo: '2026-06-30' }));
    await expect(
      addPolicyHolderInsuree(t.db, editor, line(p.id, { dateValidFrom: '2026-06-30' })),
    ).rejects.toThrow(ConflictError);
    await expect(
      addPolicyHolderInsuree(t.db, editor, line(p.id, { dateValidFrom: '2026-07-01' })),
    ).resolves.toBeDefined();
  });

  it('refuses a viewer, and a portal user writing to another policy holder (not found)', async () => {
    const p = await person();
    await expect(addPolicyHolderInsuree(t.db, viewer, line(p.id))).rejects.toThrow(ForbiddenError);
    await expect(
      addPolicyHolderInsuree(t.db, portal, line(p.id, { policyHolderId: otherPhId })),
    ).rejects.toThrow(NotFoundError);
    await expect(listPolicyHolderInsurees(t.db, portal, otherPhId)).rejects.toThrow(NotFoundError);
    // A person its policy holder never declared is outside a portal user's view of the register.
    await expect(addPolicyHolderInsuree(t.db, portal, line(p.id))).rejects.toThrow(NotFoundError);
    await addPolicyHolderInsuree(t.db, editor, line(p.id, { dateValidTo: '2026-03-31' }));
    await expect(
      addPolicyHolderInsuree(t.db, portal, line(p.id, { dateValidFrom: '2026-04-01' })),
    ).resolves.toBeDefined();
  });
});

describe('updating and removing lines', () => {
  it('updates parameters with a version check and removes softly', async () => {
    const p = await person();
    const row = await declareInsuree(t.db, phId, p.id, bundleId, { dateValidFrom: '2026-01-01' });
    await updatePolicyHolderInsuree(t.db, editor, {
      id: row.id,
      version: 1,
      bundleId,
      calculationParams: { income: '650.50' },
      dateValidFrom: '2026-01-01',
    });
    const [updated] = await t.db
      .select()
      .from(policyHolderInsurees)
      .where(eq(policyHolderInsurees.id, row.id));
    expect(updated).toMatchObject({ version: 2, calculationParams: { income: '650.50' } });
    await expect(
      updatePolicyHolderInsuree(t.db, editor, {
        id: row.id,
        version: 1,
        bundleId,
        calculationParams: { income: '1.00' },
        dateValidFrom: '2026-01-01',
      }),
    ).rejects.toThrow(ConflictError);
    await removePolicyHolderInsuree(t.db, editor, { id: row.id, version: 2 });
    const rows = await listPolicyHolderInsurees(t.db, viewer, phId);
    expect(rows.some((r) => r.id === row.id)).toBe(false);
  });

  it('refuses a portal user editing a line of another policy holder', async () => {
    const p = await person();
    const foreign = await declareInsuree(t.db, otherPhId, p.id, bundleId);
    await expect(removePolicyHolderInsuree(t.db, portal, { id: foreign.id, version: 1 })).rejects.toThrow(
      NotFoundError,
    );
  });
});

describe('policy holder bundles', () => {
  it('adds a bundle once and refuses to remove one still in use', async () => {
    const ph = await makePolicyHolder(t.db);
    await addPolicyHolderBundle(t.db, editor, { policyHolderId: ph.id, bundleId });
    await expect(addPolicyHolderBundle(t.db, editor, { policyHolderId: ph.id, bundleId })).rejects.toThrow(
      ConflictError,
    );
    const p = await person();
    await declareInsuree(t.db, ph.id, p.id, bundleId);
    await expect(removePolicyHolderBundle(t.db, editor, { policyHolderId: ph.id, bundleId })).rejects.toThrow(
      ConflictError,
    );
    await expect(
      addPolicyHolderBundle(t.db, viewer, { policyHolderId: ph.id, bundleId: fixedBundleId }),
    ).rejects.toThrow(ForbiddenError);
  });
});

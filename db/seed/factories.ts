import { randomUUID } from 'node:crypto';
import { type Actor, loadActor } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import type { RoleCode } from '@/lib/auth/permissions';
import type { DbOrTx } from '../client';
import {
  contributionPlanBundlePlans,
  contributionPlanBundles,
  contributionPlans,
  families,
  insurees,
  policyHolderBundles,
  policyHolderInsurees,
  policyHolders,
  policyHolderUsers,
  products,
  users,
} from '../schema';
import { ensureRoles } from './roles';

/*
 * Row factories shared by the demo seed and the tests. They write straight to the tables (no audit,
 * no permission checks): they set the scene, the services under test do the acting.
 */
const short = () => randomUUID().slice(0, 8).toUpperCase();

let cachedHash: Promise<string> | undefined;
/** Hashing is deliberately slow; factories reuse one hash of the shared demo password. */
export function demoPasswordHash(): Promise<string> {
  cachedHash ??= hashPassword('demo1234');
  return cachedHash;
}

export async function makeUser(
  db: DbOrTx,
  role: RoleCode,
  overrides: Partial<typeof users.$inferInsert> = {},
): Promise<typeof users.$inferSelect> {
  const roleIds = await ensureRoles(db);
  const [row] = await db
    .insert(users)
    .values({
      email: `${role}-${short().toLowerCase()}@test.local`,
      name: `${role} user`,
      passwordHash: await demoPasswordHash(),
      roleId: roleIds[role]!,
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeProduct(db: DbOrTx, overrides: Partial<typeof products.$inferInsert> = {}) {
  const [row] = await db
    .insert(products)
    .values({ code: `P-${short()}`, name: 'Health product', insurancePeriodMonths: 12, ...overrides })
    .returning();
  return row!;
}

export async function makePlan(
  db: DbOrTx,
  productId: string,
  overrides: Partial<typeof contributionPlans.$inferInsert> = {},
) {
  const [row] = await db
    .insert(contributionPlans)
    .values({
      code: `CP-${short()}`,
      name: 'Percent of income 5%',
      productId,
      calculationRule: 'percent-of-income',
      params: { rate: '5', includeFamily: false },
      periodicityMonths: 12,
      dateValidFrom: '2020-01-01',
      ...overrides,
    })
    .returning();
  return row!;
}

export async function makeBundle(
  db: DbOrTx,
  planIds: string[],
  overrides: Partial<typeof contributionPlanBundles.$inferInsert> = {},
) {
  const [row] = await db
    .insert(contributionPlanBundles)
    .values({
      code: `CPB-${short()}`,
      name: 'Bundle',
      periodicityMonths: 12,
      dateValidFrom: '2020-01-01',
      ...overrides,
    })
    .returning();
  if (planIds.length) {
    await db
      .insert(contributionPlanBundlePlans)
      .values(planIds.map((planId) => ({ bundleId: row!.id, planId })));
  }
  return row!;
}

export async function makePolicyHolder(
  db: DbOrTx,
  overrides: Partial<typeof policyHolders.$inferInsert> = {},
) {
  const [row] = await db
    .insert(policyHolders)
    .values({
      code: `PH-${short()}`,
      tradeName: 'Acme Ltd',
      contactName: 'Jane Doe',
      email: 'hr@acme.test',
      language: 'en',
      dateValidFrom: '2020-01-01',
      ...overrides,
    })
    .returning();
  return row!;
}

export async function allowBundle(db: DbOrTx, policyHolderId: string, bundleId: string) {
  await db.insert(policyHolderBundles).values({ policyHolderId, bundleId });
}

export async function makeFamily(
  db: DbOrTx,
  members: {
    firstName: string;
    lastName: string;
    gender?: 'M' | 'F' | 'O';
    dateOfBirth?: string;
    insuranceNumber?: string;
  }[],
) {
  const [family] = await db.insert(families).values({}).returning();
  const rows = await db
    .insert(insurees)
    .values(
      members.map((m, i) => ({
        insuranceNumber: m.insuranceNumber ?? `IN-${short()}`,
        firstName: m.firstName,
        lastName: m.lastName,
        gender: m.gender ?? 'O',
        dateOfBirth: m.dateOfBirth ?? '1985-06-15',
        familyId: family!.id,
        isFamilyHead: i === 0,
      })),
    )
    .returning();
  return { family: family!, members: rows };
}

export async function declareInsuree(
  db: DbOrTx,
  policyHolderId: string,
  insureeId: string,
  bundleId: string | null,
  overrides: Partial<typeof policyHolderInsurees.$inferInsert> = {},
) {
  const [row] = await db
    .insert(policyHolderInsurees)
    .values({
      policyHolderId,
      insureeId,
      bundleId,
      calculationParams: { income: '500.00' },
      dateValidFrom: '2020-01-01',
      ...overrides,
    })
    .returning();
  return row!;
}

export async function linkPortalUser(
  db: DbOrTx,
  userId: string,
  policyHolderId: string,
  from = '2020-01-01',
) {
  await db.insert(policyHolderUsers).values({ userId, policyHolderId, dateValidFrom: from });
}

/**
 * The usual set-up of a test: a 12-month product, a 5 %-of-income yearly plan and its bundle. Tests
 * that need other terms pass them; those that need several schemes call it again.
 */
export async function makeScheme(
  db: DbOrTx,
  options: {
    rate?: string;
    includeFamily?: boolean;
    periodicityMonths?: number;
    insurancePeriodMonths?: number;
  } = {},
) {
  const product = await makeProduct(db, { insurancePeriodMonths: options.insurancePeriodMonths ?? 12 });
  const plan = await makePlan(db, product.id, {
    params: { rate: options.rate ?? '5', includeFamily: options.includeFamily ?? false },
    periodicityMonths: options.periodicityMonths ?? 12,
  });
  const bundle = await makeBundle(db, [plan.id]);
  return { productId: product.id, planId: plan.id, bundleId: bundle.id };
}

/** A policy holder allowed the bundle, with one single-person family declared per income. */
export async function makeEmployer(
  db: DbOrTx,
  bundleId: string,
  incomes: string[],
  overrides: Partial<typeof policyHolders.$inferInsert> = {},
) {
  const holder = await makePolicyHolder(db, overrides);
  await allowBundle(db, holder.id, bundleId);
  const insureeIds: string[] = [];
  for (const [i, income] of incomes.entries()) {
    const { members } = await makeFamily(db, [{ firstName: `E${i}`, lastName: `Employee${i}` }]);
    await declareInsuree(db, holder.id, members[0]!.id, bundleId, { calculationParams: { income } });
    insureeIds.push(members[0]!.id);
  }
  return { ...holder, insureeIds };
}

/** Signed-in actors for the given roles; portal ones act for `policyHolderId`. */
export async function makeActors<R extends RoleCode>(
  db: DbOrTx,
  roles: readonly R[],
  options: { policyHolderId?: string } = {},
): Promise<Record<R, Actor>> {
  const out = {} as Record<R, Actor>;
  for (const role of roles) {
    const u = await makeUser(db, role, { name: `${role} person` });
    if (role === 'portal' && options.policyHolderId) await linkPortalUser(db, u.id, options.policyHolderId);
    out[role] = (await loadActor(db, u.id))!;
  }
  return out;
}

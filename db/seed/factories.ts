import { randomUUID } from 'node:crypto';
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

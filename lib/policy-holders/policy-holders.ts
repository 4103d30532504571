import { and, asc, count, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { policyHolders } from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { assertFound, assertVersion, changedValues } from '../concurrency';
import { ConflictError, isUniqueViolation } from '../errors';
import { err } from '../i18n/keyed';
import { containsPattern } from '../sql';
import { pageParams } from '../validation/common';
import { parseInput } from '../validation/parse';
import {
  byIdVersion,
  policyHolderInput,
  policyHolderSearch,
  policyHolderUpdate,
} from '../validation/policy-holder';

export type PolicyHolderDto = {
  id: string;
  version: number;
  code: string;
  tradeName: string;
  contactName: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  language: 'en' | 'fr';
  paymentReference: string | null;
  billingFrequencyMonths: number | null;
  dateValidFrom: string;
  dateValidTo: string | null;
  isDeleted: boolean;
};

const dtoColumns = {
  id: policyHolders.id,
  version: policyHolders.version,
  code: policyHolders.code,
  tradeName: policyHolders.tradeName,
  contactName: policyHolders.contactName,
  email: policyHolders.email,
  phone: policyHolders.phone,
  address: policyHolders.address,
  language: policyHolders.language,
  paymentReference: policyHolders.paymentReference,
  billingFrequencyMonths: policyHolders.billingFrequencyMonths,
  dateValidFrom: policyHolders.dateValidFrom,
  dateValidTo: policyHolders.dateValidTo,
  isDeleted: policyHolders.isDeleted,
};

function toDto(row: Omit<PolicyHolderDto, 'language'> & { language: string }): PolicyHolderDto {
  return { ...row, language: row.language === 'fr' ? 'fr' : 'en' };
}

/** Portal users only ever see the policy holders they act for; staff need policyholder.read. */
function scope(actor: Actor): SQL | undefined {
  if (actor.isPortal) {
    return actor.policyHolderIds.length
      ? or(...actor.policyHolderIds.map((id) => eq(policyHolders.id, id)))
      : eq(policyHolders.id, '00000000-0000-0000-0000-000000000000');
  }
  assertCan(actor, 'policyholder.read');
  return undefined;
}

export async function searchPolicyHolders(
  db: DbOrTx,
  actor: Actor,
  params: Record<string, unknown>,
): Promise<{ items: PolicyHolderDto[]; total: number; page: number; pageSize: number }> {
  const { q, sort, dir } = parseInput(policyHolderSearch, params);
  const { page, pageSize } = parseInput(pageParams, params);
  const where = and(
    scope(actor),
    eq(policyHolders.isDeleted, false),
    q
      ? or(ilike(policyHolders.code, containsPattern(q)), ilike(policyHolders.tradeName, containsPattern(q)))
      : undefined,
  );
  const order = (dir === 'desc' ? desc : asc)(policyHolders[sort]);
  const [items, [totalRow]] = await Promise.all([
    db
      .select(dtoColumns)
      .from(policyHolders)
      .where(where)
      .orderBy(order, asc(policyHolders.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(policyHolders).where(where),
  ]);
  return { items: items.map(toDto), total: totalRow?.n ?? 0, page, pageSize };
}

export async function getPolicyHolder(db: DbOrTx, actor: Actor, id: string): Promise<PolicyHolderDto> {
  const [row] = await db
    .select(dtoColumns)
    .from(policyHolders)
    .where(and(eq(policyHolders.id, id), eq(policyHolders.isDeleted, false), scope(actor)));
  assertFound(row, 'policyHolder');
  return toDto(row);
}

function duplicateCode(e: unknown): never {
  if (isUniqueViolation(e, 'policy_holders_code_live_uq')) {
    throw new ConflictError(err('policyHolders.codeTaken'), {
      code: [err('policyHolders.codeTaken')],
    });
  }
  throw e;
}

export async function createPolicyHolder(db: DbOrTx, actor: Actor, input: unknown): Promise<PolicyHolderDto> {
  assertCan(actor, 'policyholder.write');
  const data = parseInput(policyHolderInput, input);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(policyHolders)
        .values({ ...data, createdBy: actor.id, updatedBy: actor.id })
        .returning();
      assertFound(row, 'policyHolder');
      await writeAudit(tx, actor, [
        { operation: 'create', entity: 'policy_holder', entityId: row.id, changes: diffFields(null, data) },
      ]);
      return getPolicyHolder(tx, actor, row.id);
    });
  } catch (e) {
    duplicateCode(e);
  }
}

export async function updatePolicyHolder(db: DbOrTx, actor: Actor, input: unknown): Promise<PolicyHolderDto> {
  assertCan(actor, 'policyholder.write');
  const { id, version, ...data } = parseInput(policyHolderUpdate, input);
  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(policyHolders)
        .where(and(eq(policyHolders.id, id), eq(policyHolders.isDeleted, false)))
        .for('update');
      assertFound(current, 'policyHolder');
      assertVersion(current, version, 'policyHolder');
      const changes = changedValues(current, data);
      if (Object.keys(changes).length > 0) {
        await tx
          .update(policyHolders)
          .set({ ...changes, version: current.version + 1, updatedAt: new Date(), updatedBy: actor.id })
          .where(eq(policyHolders.id, id));
        await writeAudit(tx, actor, [
          {
            operation: 'update',
            entity: 'policy_holder',
            entityId: id,
            changes: diffFields(current, changes),
          },
        ]);
      }
      return getPolicyHolder(tx, actor, id);
    });
  } catch (e) {
    duplicateCode(e);
  }
}

export async function deletePolicyHolder(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  assertCan(actor, 'policyholder.write');
  const { id, version } = parseInput(byIdVersion, input);
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(policyHolders)
      .where(and(eq(policyHolders.id, id), eq(policyHolders.isDeleted, false)))
      .for('update');
    assertFound(current, 'policyHolder');
    assertVersion(current, version, 'policyHolder');
    await tx
      .update(policyHolders)
      .set({ isDeleted: true, version: current.version + 1, updatedAt: new Date(), updatedBy: actor.id })
      .where(eq(policyHolders.id, id));
    await writeAudit(tx, actor, [
      {
        operation: 'delete',
        entity: 'policy_holder',
        entityId: id,
        changes: [{ field: 'isDeleted', oldValue: 'false', newValue: 'true' }],
      },
    ]);
  });
}

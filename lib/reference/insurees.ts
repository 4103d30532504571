import { and, asc, count, desc, eq, ilike, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { contractDetails, families, insurees, policyHolderInsurees } from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { assertFound, changedValues } from '../concurrency';
import { ConflictError, ForbiddenError, isUniqueViolation, ValidationError } from '../errors';
import { err, label } from '../i18n/keyed';
import { prefixPattern } from '../sql';
import { pageParams, uuid } from '../validation/common';
import { parseInput } from '../validation/parse';
import { byIdVersionStrict, insureeInput, insureeUpdate, referenceSearch } from '../validation/reference';
import { assertReferenceRead } from './access';
import { applyUpdate, lockLive, softDelete } from './crud';

export type InsureeDto = {
  id: string;
  insuranceNumber: string;
  firstName: string;
  lastName: string;
  gender: string;
  dateOfBirth: string;
  familyId: string;
  isFamilyHead: boolean;
  version: number;
  isDeleted: boolean;
};

const columns = {
  id: insurees.id,
  insuranceNumber: insurees.insuranceNumber,
  firstName: insurees.firstName,
  lastName: insurees.lastName,
  gender: insurees.gender,
  dateOfBirth: insurees.dateOfBirth,
  familyId: insurees.familyId,
  isFamilyHead: insurees.isFamilyHead,
  version: insurees.version,
  isDeleted: insurees.isDeleted,
};

function assertWrite(actor: Actor) {
  if (actor.isPortal) throw new ForbiddenError(err('reference.policyHoldersDeclareNew'));
  assertCan(actor, 'policyholder.write');
}

function mapUnique(e: unknown): never {
  if (isUniqueViolation(e, 'insurees_number_live_uq')) {
    const msg = err('reference.insuranceNumberAlreadyUsed');
    throw new ConflictError(msg, { insuranceNumber: [msg] });
  }
  if (isUniqueViolation(e, 'insurees_family_head_uq')) {
    const msg = err('reference.familyAlreadyHead');
    throw new ConflictError(msg, { isFamilyHead: [msg] });
  }
  throw e;
}

const SORT = { code: insurees.insuranceNumber, name: insurees.lastName, createdAt: insurees.createdAt };

export async function listInsurees(db: DbOrTx, actor: Actor, params: Record<string, unknown>) {
  assertReferenceRead(actor);
  const { q, sort, dir } = parseInput(referenceSearch, params);
  const { page, pageSize } = parseInput(pageParams, params);
  const family = uuid('family')
    .optional()
    .safeParse(params.familyId || undefined);
  if (!family.success)
    throw new ValidationError(err('reference.familyMustBeId'), {
      familyId: [err('reference.familyMustBeId')],
    });
  const where = and(
    eq(insurees.isDeleted, false),
    q
      ? or(
          ilike(insurees.insuranceNumber, prefixPattern(q)),
          ilike(insurees.lastName, prefixPattern(q)),
          ilike(insurees.firstName, prefixPattern(q)),
        )
      : undefined,
    family.data ? eq(insurees.familyId, family.data) : undefined,
  );
  const order = dir === 'desc' ? desc : asc;
  const [items, [total]] = await Promise.all([
    db
      .select(columns)
      .from(insurees)
      .where(where)
      .orderBy(order(SORT[sort]), asc(insurees.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(insurees).where(where),
  ]);
  return { items: items as InsureeDto[], total: total?.n ?? 0, page, pageSize };
}

export async function getInsuree(db: DbOrTx, actor: Actor, id: string): Promise<InsureeDto> {
  assertReferenceRead(actor);
  const [row] = await db
    .select(columns)
    .from(insurees)
    .where(and(eq(insurees.id, id), eq(insurees.isDeleted, false)));
  assertFound(row, 'insuree');
  return row;
}

/** A person joins a family (familyId) or starts a new one, which they then head unless told otherwise. */
export async function createInsuree(db: DbOrTx, actor: Actor, input: unknown): Promise<InsureeDto> {
  assertWrite(actor);
  const { familyId, isFamilyHead, ...data } = parseInput(insureeInput, input);
  try {
    return await db.transaction(async (tx) => {
      let family = familyId;
      if (family) {
        const [f] = await tx
          .select({ id: families.id })
          .from(families)
          .where(and(eq(families.id, family), eq(families.isDeleted, false)));
        if (!f)
          throw new ValidationError(err('notFound', { label: label('family') }), {
            familyId: [err('notFound', { label: label('family') })],
          });
      } else {
        const [f] = await tx
          .insert(families)
          .values({ createdBy: actor.id, updatedBy: actor.id })
          .returning({ id: families.id });
        family = f!.id;
      }
      const values = { ...data, familyId: family, isFamilyHead: isFamilyHead ?? !familyId };
      const [row] = await tx
        .insert(insurees)
        .values({ ...values, createdBy: actor.id, updatedBy: actor.id })
        .returning({ id: insurees.id });
      await writeAudit(tx, actor, [
        { operation: 'create', entity: 'insuree', entityId: row!.id, changes: diffFields(null, values) },
      ]);
      return getInsuree(tx, actor, row!.id);
    });
  } catch (e) {
    mapUnique(e);
  }
}

export async function updateInsuree(db: DbOrTx, actor: Actor, input: unknown): Promise<InsureeDto> {
  assertWrite(actor);
  const { id, version, ...fields } = parseInput(insureeUpdate, input);
  try {
    return await db.transaction(async (tx) => {
      const current = await lockLive(tx, insurees, id, version, 'insuree');
      await applyUpdate(tx, actor, insurees, 'insuree', current, changedValues(current, fields));
      return getInsuree(tx, actor, id);
    });
  } catch (e) {
    mapUnique(e);
  }
}

/** A person still declared by a policy holder or on a contract stays: their history depends on them. */
export async function deleteInsuree(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  assertWrite(actor);
  const { id, version } = parseInput(byIdVersionStrict, input);
  await db.transaction(async (tx) => {
    const current = await lockLive(tx, insurees, id, version, 'insuree');
    const [declared] = await tx
      .select({ n: count() })
      .from(policyHolderInsurees)
      .where(and(eq(policyHolderInsurees.insureeId, id), eq(policyHolderInsurees.isDeleted, false)));
    const [onContract] = await tx
      .select({ n: count() })
      .from(contractDetails)
      .where(and(eq(contractDetails.insureeId, id), eq(contractDetails.isDeleted, false)));
    if ((declared?.n ?? 0) + (onContract?.n ?? 0) > 0)
      throw new ConflictError(err('reference.personDeclaredPolicyHolder'));
    await softDelete(tx, actor, insurees, 'insuree', current);
  });
}

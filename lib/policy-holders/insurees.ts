import { and, asc, eq, gte, ilike, inArray, isNull, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import {
  contributionPlanBundlePlans,
  contributionPlanBundles,
  contributionPlans,
  families,
  insurees,
  policyHolderBundles,
  policyHolderInsurees,
  policyHolders,
} from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { loadPublishedVersions } from '../calculation/premium-versions';
import { getRule, insureeFieldsFor, type ParamField, PREMIUM_RULE_KEY } from '../calculation/rules';
import { assertFound, assertVersion, changedValues } from '../concurrency';
import { ConflictError, isUniqueViolation, NotFoundError, ValidationError } from '../errors';
import { err, label } from '../i18n/keyed';
import { containsPattern, prefixPattern } from '../sql';
import { fieldErrorsOf } from '../validation/common';
import { parseInput } from '../validation/parse';
import {
  byIdVersion,
  policyHolderBundleInput,
  policyHolderInsureeInput,
  policyHolderInsureeUpdate,
} from '../validation/policy-holder';

export type PolicyHolderInsureeDto = {
  id: string;
  version: number;
  insureeId: string;
  insuranceNumber: string;
  firstName: string;
  lastName: string;
  bundleId: string | null;
  bundleCode: string | null;
  bundleName: string | null;
  calculationParams: Record<string, unknown>;
  dateValidFrom: string;
  dateValidTo: string | null;
};

/** Write access to a policy holder's insuree list: staff with policyholder.write, or its own portal users when allowed. */
export function assertCanWriteInsurees(actor: Actor, policyHolderId: string): void {
  if (actor.isPortal) {
    assertCan(actor, 'portal.insurees.write');
    if (!actor.policyHolderIds.includes(policyHolderId))
      throw new NotFoundError(err('notFound', { label: label('policyHolder') }));
    return;
  }
  assertCan(actor, 'policyholder.write');
}

/** The right to write some insuree list at all, checked before any row is read or locked. */
export function assertMayWriteInsurees(actor: Actor): void {
  assertCan(actor, actor.isPortal ? 'portal.insurees.write' : 'policyholder.write');
}

/**
 * The persons an actor may see. Staff read the whole register; a portal actor only the persons declared
 * (a live line) by one of the policy holders it acts for, so another employer's employees (insurance
 * numbers, birth dates, families) are "not found" in every search and lookup.
 */
export function insureeScope(actor: Actor): SQL | undefined {
  if (!actor.isPortal) return undefined;
  return sql`exists (select 1 from ${policyHolderInsurees} where ${and(
    eq(policyHolderInsurees.insureeId, insurees.id),
    eq(policyHolderInsurees.isDeleted, false),
    inArray(policyHolderInsurees.policyHolderId, [...actor.policyHolderIds]),
  )})`;
}

function assertCanReadPolicyHolder(actor: Actor, policyHolderId: string): void {
  if (actor.isPortal) {
    assertCan(actor, 'portal.insurees.read');
    if (!actor.policyHolderIds.includes(policyHolderId))
      throw new NotFoundError(err('notFound', { label: label('policyHolder') }));
    return;
  }
  assertCan(actor, 'policyholder.read');
}

async function lockPolicyHolder(tx: Tx, id: string) {
  const [ph] = await tx
    .select({ id: policyHolders.id })
    .from(policyHolders)
    .where(and(eq(policyHolders.id, id), eq(policyHolders.isDeleted, false)))
    .for('update');
  assertFound(ph, 'policyHolder');
}

export async function listPolicyHolderInsurees(
  db: DbOrTx,
  actor: Actor,
  policyHolderId: string,
  { q = '' }: { q?: string } = {},
): Promise<PolicyHolderInsureeDto[]> {
  assertCanReadPolicyHolder(actor, policyHolderId);
  const term = q.trim();
  return db
    .select({
      id: policyHolderInsurees.id,
      version: policyHolderInsurees.version,
      insureeId: insurees.id,
      insuranceNumber: insurees.insuranceNumber,
      firstName: insurees.firstName,
      lastName: insurees.lastName,
      bundleId: policyHolderInsurees.bundleId,
      bundleCode: contributionPlanBundles.code,
      bundleName: contributionPlanBundles.name,
      calculationParams: policyHolderInsurees.calculationParams,
      dateValidFrom: policyHolderInsurees.dateValidFrom,
      dateValidTo: policyHolderInsurees.dateValidTo,
    })
    .from(policyHolderInsurees)
    .innerJoin(insurees, eq(insurees.id, policyHolderInsurees.insureeId))
    .leftJoin(contributionPlanBundles, eq(contributionPlanBundles.id, policyHolderInsurees.bundleId))
    .where(
      and(
        eq(policyHolderInsurees.policyHolderId, policyHolderId),
        eq(policyHolderInsurees.isDeleted, false),
        term
          ? or(
              ilike(insurees.insuranceNumber, containsPattern(term)),
              ilike(sql`${insurees.firstName} || ' ' || ${insurees.lastName}`, containsPattern(term)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(insurees.lastName), asc(insurees.firstName), asc(policyHolderInsurees.dateValidFrom));
}

/** Validates the insuree parameters against every plan rule of the bundle (e.g. income for percent-of-income). */
export async function validateParams(tx: DbOrTx, bundleId: string, params: Record<string, unknown>) {
  const plans = await tx
    .select({ rule: contributionPlans.calculationRule })
    .from(contributionPlanBundlePlans)
    .innerJoin(contributionPlans, eq(contributionPlans.id, contributionPlanBundlePlans.planId))
    .where(and(eq(contributionPlanBundlePlans.bundleId, bundleId), eq(contributionPlans.isDeleted, false)));
  const out: Record<string, unknown> = {};
  for (const { rule: key } of plans) {
    const rule = getRule(key);
    if (!rule) throw new ValidationError(err('policyHolders.bundleUnknownRule', { rule: key }));
    const result = rule.insureeParams.safeParse(params);
    if (!result.success) {
      const errs = fieldErrorsOf(result.error);
      const prefixed = Object.fromEntries(
        Object.entries(errs).map(([k, v]) => [`calculationParams.${k}`, v]),
      );
      throw new ValidationError(
        Object.values(errs)[0]?.[0] ?? err('common.invalidCalculationParameters'),
        prefixed,
      );
    }
    Object.assign(out, result.data);
  }
  return out;
}

export async function assertBundleAllowed(tx: DbOrTx, policyHolderId: string, bundleId: string) {
  const [ok] = await tx
    .select({ id: policyHolderBundles.id })
    .from(policyHolderBundles)
    .innerJoin(contributionPlanBundles, eq(contributionPlanBundles.id, policyHolderBundles.bundleId))
    .where(
      and(
        eq(policyHolderBundles.policyHolderId, policyHolderId),
        eq(policyHolderBundles.bundleId, bundleId),
        eq(policyHolderBundles.isDeleted, false),
        eq(contributionPlanBundles.isDeleted, false),
      ),
    );
  if (!ok) {
    const msg = err('common.bundleNotAvailablePolicy');
    throw new ValidationError(msg, { bundleId: [msg] });
  }
}

/** One insuree may not be declared twice by the same policy holder for overlapping periods. */
async function assertNoOverlap(
  tx: DbOrTx,
  line: { policyHolderId: string; insureeId: string; dateValidFrom: string; dateValidTo: string | null },
  exceptId?: string,
) {
  const [clash] = await tx
    .select({ id: policyHolderInsurees.id })
    .from(policyHolderInsurees)
    .where(
      and(
        eq(policyHolderInsurees.policyHolderId, line.policyHolderId),
        eq(policyHolderInsurees.insureeId, line.insureeId),
        eq(policyHolderInsurees.isDeleted, false),
        exceptId ? ne(policyHolderInsurees.id, exceptId) : undefined,
        line.dateValidTo ? lte(policyHolderInsurees.dateValidFrom, line.dateValidTo) : undefined,
        or(
          isNull(policyHolderInsurees.dateValidTo),
          gte(policyHolderInsurees.dateValidTo, line.dateValidFrom),
        ),
      ),
    );
  if (clash) {
    const msg = err('common.personAlreadyDeclaredPolicy');
    throw new ConflictError(msg, { insureeId: [msg] });
  }
}

const NUMBER_BIRTH_MISMATCH = err('common.insuranceNumberRegisteredAnother');

/**
 * A policy holder declaring a person the register already knows (an employee who worked elsewhere)
 * cannot search the register, which holds other employers' staff. It proves it knows the person instead:
 * the exact insurance number and date of birth give the existing person's id, and nothing else about
 * them (the names typed are ignored, the register's are kept). A number known with another birth date is
 * refused without saying more than the unique constraint would (that the number is taken).
 */
async function matchRegisteredPerson(
  tx: Tx,
  person: { insuranceNumber: string; dateOfBirth: string },
): Promise<string | undefined> {
  const [found] = await tx
    .select({ id: insurees.id, dateOfBirth: insurees.dateOfBirth })
    .from(insurees)
    .where(and(eq(insurees.insuranceNumber, person.insuranceNumber), eq(insurees.isDeleted, false)));
  if (!found) return undefined;
  if (found.dateOfBirth !== person.dateOfBirth)
    throw new ConflictError(NUMBER_BIRTH_MISMATCH, { 'newInsuree.insuranceNumber': [NUMBER_BIRTH_MISMATCH] });
  return found.id;
}

export async function addPolicyHolderInsuree(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
): Promise<{ id: string; insureeId: string }> {
  assertMayWriteInsurees(actor);
  const data = parseInput(policyHolderInsureeInput, input);
  assertCanWriteInsurees(actor, data.policyHolderId);
  try {
    return await db.transaction(async (tx) => {
      // Locking the policy holder serialises concurrent additions, so the overlap check below holds.
      await lockPolicyHolder(tx, data.policyHolderId);
      await assertBundleAllowed(tx, data.policyHolderId, data.bundleId);
      const params = await validateParams(tx, data.bundleId, data.calculationParams);

      let insureeId = data.insureeId;
      if (data.newInsuree && actor.isPortal) insureeId = await matchRegisteredPerson(tx, data.newInsuree);
      if (data.newInsuree && !insureeId) {
        const [family] = await tx
          .insert(families)
          .values({ createdBy: actor.id, updatedBy: actor.id })
          .returning({ id: families.id });
        assertFound(family, 'family');
        const [created] = await tx
          .insert(insurees)
          .values({
            ...data.newInsuree,
            familyId: family.id,
            isFamilyHead: true,
            createdBy: actor.id,
            updatedBy: actor.id,
          })
          .returning({ id: insurees.id });
        assertFound(created, 'insuree');
        insureeId = created.id;
        await writeAudit(tx, actor, [
          {
            operation: 'create',
            entity: 'insuree',
            entityId: created.id,
            changes: diffFields(null, data.newInsuree),
          },
        ]);
      } else if (data.insureeId) {
        // A person outside the actor's scope answers exactly like one that does not exist.
        const [existing] = await tx
          .select({ id: insurees.id })
          .from(insurees)
          .where(and(eq(insurees.id, data.insureeId), eq(insurees.isDeleted, false), insureeScope(actor)));
        if (!existing)
          throw new NotFoundError(err('notFound', { label: label('insuree') }), {
            insureeId: [err('notFound', { label: label('insuree') })],
          });
      }
      const line = {
        policyHolderId: data.policyHolderId,
        insureeId: insureeId!,
        bundleId: data.bundleId,
        calculationParams: params,
        dateValidFrom: data.dateValidFrom,
        dateValidTo: data.dateValidTo,
      };
      await assertNoOverlap(tx, line);
      const [row] = await tx
        .insert(policyHolderInsurees)
        .values({ ...line, createdBy: actor.id, updatedBy: actor.id })
        .returning({ id: policyHolderInsurees.id });
      assertFound(row, 'insureeLine');
      await writeAudit(tx, actor, [
        {
          operation: 'create',
          entity: 'policy_holder_insuree',
          entityId: row.id,
          changes: diffFields(null, line),
        },
      ]);
      return { id: row.id, insureeId: line.insureeId };
    });
  } catch (e) {
    if (isUniqueViolation(e, 'insurees_number_live_uq')) {
      const msg = err('policyHolders.insuranceNumberAlreadyRegistered');
      throw new ConflictError(msg, { 'newInsuree.insuranceNumber': [msg] });
    }
    throw e;
  }
}

/**
 * Locks a line the actor may write. The right is checked before the query and the tenant scope is in its
 * WHERE clause, so another policy holder's line is "not found" whatever version was sent (a version
 * conflict would tell that it exists) and is never locked.
 */
async function lockLine(tx: Tx, actor: Actor, id: string, version: number) {
  assertMayWriteInsurees(actor);
  const [current] = await tx
    .select()
    .from(policyHolderInsurees)
    .where(
      and(
        eq(policyHolderInsurees.id, id),
        eq(policyHolderInsurees.isDeleted, false),
        actor.isPortal ? inArray(policyHolderInsurees.policyHolderId, [...actor.policyHolderIds]) : undefined,
      ),
    )
    .for('update');
  assertFound(current, 'insureeLine');
  assertCanWriteInsurees(actor, current.policyHolderId);
  assertVersion(current, version, 'insureeLine');
  return current;
}

export async function updatePolicyHolderInsuree(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  const { id, version, ...data } = parseInput(policyHolderInsureeUpdate, input);
  await db.transaction(async (tx) => {
    const current = await lockLine(tx, actor, id, version);
    await lockPolicyHolder(tx, current.policyHolderId);
    await assertBundleAllowed(tx, current.policyHolderId, data.bundleId);
    const params = await validateParams(tx, data.bundleId, data.calculationParams);
    const next = { ...data, calculationParams: params };
    await assertNoOverlap(tx, { ...current, ...next }, id);
    const changes = changedValues(current, next);
    if (Object.keys(changes).length === 0) return;
    await tx
      .update(policyHolderInsurees)
      .set({ ...changes, version: current.version + 1, updatedAt: new Date(), updatedBy: actor.id })
      .where(eq(policyHolderInsurees.id, id));
    await writeAudit(tx, actor, [
      {
        operation: 'update',
        entity: 'policy_holder_insuree',
        entityId: id,
        changes: diffFields(current, changes),
      },
    ]);
  });
}

export async function removePolicyHolderInsuree(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  const { id, version } = parseInput(byIdVersion, input);
  await db.transaction(async (tx) => {
    const current = await lockLine(tx, actor, id, version);
    await tx
      .update(policyHolderInsurees)
      .set({ isDeleted: true, version: current.version + 1, updatedAt: new Date(), updatedBy: actor.id })
      .where(eq(policyHolderInsurees.id, id));
    await writeAudit(tx, actor, [
      {
        operation: 'delete',
        entity: 'policy_holder_insuree',
        entityId: id,
        changes: [{ field: 'isDeleted', oldValue: 'false', newValue: 'true' }],
      },
    ]);
  });
}

export type BundleDto = {
  id: string;
  code: string;
  name: string;
  periodicityMonths: number;
  linkId?: string;
};

export async function listPolicyHolderBundles(
  db: DbOrTx,
  actor: Actor,
  policyHolderId: string,
): Promise<BundleDto[]> {
  assertCanReadPolicyHolder(actor, policyHolderId);
  return db
    .select({
      id: contributionPlanBundles.id,
      code: contributionPlanBundles.code,
      name: contributionPlanBundles.name,
      periodicityMonths: contributionPlanBundles.periodicityMonths,
      linkId: policyHolderBundles.id,
    })
    .from(policyHolderBundles)
    .innerJoin(contributionPlanBundles, eq(contributionPlanBundles.id, policyHolderBundles.bundleId))
    .where(
      and(
        eq(policyHolderBundles.policyHolderId, policyHolderId),
        eq(policyHolderBundles.isDeleted, false),
        eq(contributionPlanBundles.isDeleted, false),
      ),
    )
    .orderBy(asc(contributionPlanBundles.code));
}

export async function addPolicyHolderBundle(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  assertCan(actor, 'policyholder.write');
  const data = parseInput(policyHolderBundleInput, input);
  try {
    await db.transaction(async (tx) => {
      await lockPolicyHolder(tx, data.policyHolderId);
      const [bundle] = await tx
        .select({ id: contributionPlanBundles.id })
        .from(contributionPlanBundles)
        .where(
          and(eq(contributionPlanBundles.id, data.bundleId), eq(contributionPlanBundles.isDeleted, false)),
        );
      assertFound(bundle, 'contributionPlanBundle');
      const [row] = await tx
        .insert(policyHolderBundles)
        .values({ ...data, createdBy: actor.id, updatedBy: actor.id })
        .returning({ id: policyHolderBundles.id });
      await writeAudit(tx, actor, [
        {
          operation: 'create',
          entity: 'policy_holder_bundle',
          entityId: row!.id,
          changes: diffFields(null, data),
        },
      ]);
    });
  } catch (e) {
    if (isUniqueViolation(e, 'phb_live_uq')) {
      throw new ConflictError(err('policyHolders.bundleAlreadyAvailablePolicy'), {
        bundleId: [err('policyHolders.bundleAlreadyAvailablePolicy')],
      });
    }
    throw e;
  }
}

export async function removePolicyHolderBundle(
  db: DbOrTx,
  actor: Actor,
  input: { policyHolderId: string; bundleId: string },
): Promise<void> {
  assertCan(actor, 'policyholder.write');
  const data = parseInput(policyHolderBundleInput, input);
  await db.transaction(async (tx) => {
    await lockPolicyHolder(tx, data.policyHolderId);
    const [inUse] = await tx
      .select({ id: policyHolderInsurees.id })
      .from(policyHolderInsurees)
      .where(
        and(
          eq(policyHolderInsurees.policyHolderId, data.policyHolderId),
          eq(policyHolderInsurees.bundleId, data.bundleId),
          eq(policyHolderInsurees.isDeleted, false),
        ),
      )
      .limit(1);
    if (inUse) throw new ConflictError(err('policyHolders.insureesPolicyHolderStill'));
    const removed = await tx
      .update(policyHolderBundles)
      .set({
        isDeleted: true,
        updatedAt: new Date(),
        updatedBy: actor.id,
        version: sql`${policyHolderBundles.version} + 1`,
      })
      .where(
        and(
          eq(policyHolderBundles.policyHolderId, data.policyHolderId),
          eq(policyHolderBundles.bundleId, data.bundleId),
          eq(policyHolderBundles.isDeleted, false),
        ),
      )
      .returning({ id: policyHolderBundles.id });
    if (!removed[0]) throw new NotFoundError(err('policyHolders.bundleLinkNotFound'));
    await writeAudit(tx, actor, [
      {
        operation: 'delete',
        entity: 'policy_holder_bundle',
        entityId: removed[0].id,
        changes: [{ field: 'isDeleted', oldValue: 'false', newValue: 'true' }],
      },
    ]);
  });
}

/** Reference lists for pickers. */
export async function listBundles(
  db: DbOrTx,
  actor: Actor,
): Promise<(BundleDto & { ruleKeys: string[]; insureeFields: ParamField[] })[]> {
  // The bundle catalogue is public to whoever may work a contract; portal users need an explicit right too.
  assertCan(actor, actor.isPortal ? 'portal.contract.read' : 'policyholder.read');
  const rows = await db
    .select({
      id: contributionPlanBundles.id,
      code: contributionPlanBundles.code,
      name: contributionPlanBundles.name,
      periodicityMonths: contributionPlanBundles.periodicityMonths,
      ruleKeys: sql<
        string[]
      >`coalesce(array_agg(distinct ${contributionPlans.calculationRule}) filter (where ${contributionPlans.id} is not null), '{}')`,
      premiumRules: sql<
        string[]
      >`coalesce(array_agg(distinct ${contributionPlans.params}->>'rule') filter (where ${contributionPlans.calculationRule} = ${PREMIUM_RULE_KEY}), '{}')`,
    })
    .from(contributionPlanBundles)
    .leftJoin(
      contributionPlanBundlePlans,
      eq(contributionPlanBundlePlans.bundleId, contributionPlanBundles.id),
    )
    .leftJoin(contributionPlans, eq(contributionPlans.id, contributionPlanBundlePlans.planId))
    .where(eq(contributionPlanBundles.isDeleted, false))
    .groupBy(contributionPlanBundles.id)
    .orderBy(asc(contributionPlanBundles.code));
  // Configured rules declare their insuree inputs: the forms are generated from the latest published version.
  const versions = await loadPublishedVersions(db, [...new Set(rows.flatMap((r) => r.premiumRules))]);
  return rows.map(({ premiumRules, ...r }) => ({
    ...r,
    insureeFields: insureeFieldsFor(
      r.ruleKeys,
      premiumRules.map((c) => versions.get(c)?.at(-1)?.definition),
    ),
  }));
}

export type InsureeOption = {
  id: string;
  insuranceNumber: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
};

export async function searchInsurees(
  db: DbOrTx,
  actor: Actor,
  q: string,
  ids?: string[],
): Promise<InsureeOption[]> {
  if (!actor.isPortal) assertCan(actor, 'policyholder.read');
  else assertCan(actor, 'portal.insurees.write');
  const term = q.trim();
  const filter: SQL | undefined = term
    ? or(
        ilike(insurees.insuranceNumber, prefixPattern(term)),
        ilike(insurees.lastName, prefixPattern(term)),
        ilike(insurees.firstName, prefixPattern(term)),
      )
    : undefined;
  return db
    .select({
      id: insurees.id,
      insuranceNumber: insurees.insuranceNumber,
      firstName: insurees.firstName,
      lastName: insurees.lastName,
      dateOfBirth: insurees.dateOfBirth,
    })
    .from(insurees)
    .where(
      and(
        eq(insurees.isDeleted, false),
        insureeScope(actor),
        filter,
        ids ? inArray(insurees.id, ids) : undefined,
      ),
    )
    .orderBy(asc(insurees.lastName), asc(insurees.firstName))
    .limit(20);
}

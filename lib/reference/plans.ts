import { and, asc, count, desc, eq, ilike, or } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import {
  contributionPlanBundlePlans,
  contributionPlanBundles,
  contributionPlans,
  products,
} from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import { getRule, PREMIUM_RULE_KEY } from '../calculation/rules';
import { assertFound, changedValues } from '../concurrency';
import { ConflictError, isUniqueViolation, ValidationError } from '../errors';
import { err, label } from '../i18n/keyed';
import { assertPremiumRuleExists } from '../premium-rules/exists';
import { containsPattern } from '../sql';
import { fieldErrorsOf, pageParams, uuid } from '../validation/common';
import { parseInput } from '../validation/parse';
import { byIdVersionStrict, planInput, planUpdate, referenceSearch } from '../validation/reference';
import { assertReferenceRead, assertReferenceWrite } from './access';
import { applyUpdate, assertValidity, lockLive, softDelete } from './crud';

export type PlanDto = {
  id: string;
  code: string;
  name: string;
  productId: string;
  calculationRule: string;
  params: Record<string, unknown>;
  periodicityMonths: number;
  dateValidFrom: string;
  dateValidTo: string | null;
  version: number;
  isDeleted: boolean;
};

const columns = {
  id: contributionPlans.id,
  code: contributionPlans.code,
  name: contributionPlans.name,
  productId: contributionPlans.productId,
  calculationRule: contributionPlans.calculationRule,
  params: contributionPlans.params,
  periodicityMonths: contributionPlans.periodicityMonths,
  dateValidFrom: contributionPlans.dateValidFrom,
  dateValidTo: contributionPlans.dateValidTo,
  version: contributionPlans.version,
  isDeleted: contributionPlans.isDeleted,
};

function duplicate(e: unknown): never {
  if (isUniqueViolation(e, 'contribution_plans_code_live_uq')) {
    const msg = err('reference.planCodeTaken');
    throw new ConflictError(msg, { code: [msg] });
  }
  throw e;
}

/** The rule must exist and the plan parameters must satisfy its schema (rate, family cover...). */
function validateRule(rule: string, params: Record<string, unknown>): Record<string, unknown> {
  const r = getRule(rule);
  if (!r) {
    const msg = err('reference.unknownCalculationRule', { rule });
    throw new ValidationError(msg, { calculationRule: [msg] });
  }
  const parsed = r.planParams.safeParse(params);
  if (!parsed.success) {
    const errors = Object.fromEntries(
      Object.entries(fieldErrorsOf(parsed.error)).map(([k, v]) => [`params.${k}`, v]),
    );
    throw new ValidationError(
      Object.values(errors)[0]?.[0] ?? err('reference.invalidPlanParameters'),
      errors,
    );
  }
  return parsed.data;
}

async function assertProduct(tx: Tx, productId: string) {
  const [p] = await tx
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.id, productId), eq(products.isDeleted, false)));
  if (!p)
    throw new ValidationError(err('notFound', { label: label('product') }), {
      productId: [err('notFound', { label: label('product') })],
    });
}

export async function listPlans(db: DbOrTx, actor: Actor, params: Record<string, unknown>) {
  assertReferenceRead(actor);
  const { q, sort, dir } = parseInput(referenceSearch, params);
  const { page, pageSize } = parseInput(pageParams, params);
  // A malformed filter is refused, never dropped: dropping it would answer every plan.
  const productId = uuid('product')
    .optional()
    .safeParse(params.productId || undefined);
  if (!productId.success)
    throw new ValidationError(err('reference.productMustBeId'), {
      productId: [err('reference.productMustBeId')],
    });
  const where = and(
    eq(contributionPlans.isDeleted, false),
    q
      ? or(
          ilike(contributionPlans.code, containsPattern(q)),
          ilike(contributionPlans.name, containsPattern(q)),
        )
      : undefined,
    productId.data ? eq(contributionPlans.productId, productId.data) : undefined,
  );
  const order = dir === 'desc' ? desc : asc;
  const [items, [total]] = await Promise.all([
    db
      .select(columns)
      .from(contributionPlans)
      .where(where)
      .orderBy(order(contributionPlans[sort]), asc(contributionPlans.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(contributionPlans).where(where),
  ]);
  return { items: items as PlanDto[], total: total?.n ?? 0, page, pageSize };
}

export async function getPlan(db: DbOrTx, actor: Actor, id: string): Promise<PlanDto> {
  assertReferenceRead(actor);
  const [row] = await db
    .select(columns)
    .from(contributionPlans)
    .where(and(eq(contributionPlans.id, id), eq(contributionPlans.isDeleted, false)));
  assertFound(row, 'contributionPlan');
  return row;
}

export async function createPlan(db: DbOrTx, actor: Actor, input: unknown): Promise<PlanDto> {
  assertReferenceWrite(actor);
  const data = parseInput(planInput, input);
  const params = validateRule(data.calculationRule, data.params);
  assertValidity(data.dateValidFrom, data.dateValidTo);
  try {
    return await db.transaction(async (tx) => {
      await assertProduct(tx, data.productId);
      if (data.calculationRule === PREMIUM_RULE_KEY) await assertPremiumRuleExists(tx, String(params.rule));
      const values = { ...data, params };
      const [row] = await tx
        .insert(contributionPlans)
        .values({ ...values, createdBy: actor.id, updatedBy: actor.id })
        .returning({ id: contributionPlans.id });
      await writeAudit(tx, actor, [
        {
          operation: 'create',
          entity: 'contribution_plan',
          entityId: row!.id,
          changes: diffFields(null, values),
        },
      ]);
      return getPlan(tx, actor, row!.id);
    });
  } catch (e) {
    duplicate(e);
  }
}

/**
 * Changing a plan's rule or rate changes what later valuations compute; contracts already approved keep
 * their contribution lines (they were written at approval).
 */
export async function updatePlan(db: DbOrTx, actor: Actor, input: unknown): Promise<PlanDto> {
  assertReferenceWrite(actor);
  const { id, version, ...fields } = parseInput(planUpdate, input);
  try {
    return await db.transaction(async (tx) => {
      const current = await lockLive(tx, contributionPlans, id, version, 'contributionPlan');
      const next = {
        ...current,
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
      };
      const params = validateRule(String(next.calculationRule), next.params as Record<string, unknown>);
      assertValidity(String(next.dateValidFrom), (next.dateValidTo as string | null) ?? null);
      if (fields.productId) await assertProduct(tx, fields.productId);
      if (next.calculationRule === PREMIUM_RULE_KEY) await assertPremiumRuleExists(tx, String(params.rule));
      const changes = changedValues(current, { ...fields, ...(fields.params ? { params } : {}) });
      await applyUpdate(tx, actor, contributionPlans, 'contribution_plan', current, changes);
      return getPlan(tx, actor, id);
    });
  } catch (e) {
    duplicate(e);
  }
}

export async function deletePlan(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  assertReferenceWrite(actor);
  const { id, version } = parseInput(byIdVersionStrict, input);
  await db.transaction(async (tx) => {
    const current = await lockLive(tx, contributionPlans, id, version, 'contributionPlan');
    const [used] = await tx
      .select({ n: count() })
      .from(contributionPlanBundlePlans)
      .innerJoin(
        contributionPlanBundles,
        and(
          eq(contributionPlanBundles.id, contributionPlanBundlePlans.bundleId),
          eq(contributionPlanBundles.isDeleted, false),
        ),
      )
      .where(eq(contributionPlanBundlePlans.planId, id));
    if ((used?.n ?? 0) > 0) throw new ConflictError(err('reference.planPartBundleRemove'));
    await softDelete(tx, actor, contributionPlans, 'contribution_plan', current);
  });
}

import { and, asc, count, desc, eq, ilike, inArray, or } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import {
  contributionPlanBundlePlans,
  contributionPlanBundles,
  contributionPlans,
  policyHolderBundles,
} from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import { assertFound, changedValues } from '../concurrency';
import { ConflictError, isUniqueViolation, ValidationError } from '../errors';
import { err } from '../i18n/keyed';
import { containsPattern } from '../sql';
import { pageParams } from '../validation/common';
import { parseInput } from '../validation/parse';
import { bundleInput, bundleUpdate, byIdVersionStrict, referenceSearch } from '../validation/reference';
import { assertReferenceRead, assertReferenceWrite } from './access';
import { applyUpdate, assertValidity, lockLive, softDelete } from './crud';

export type BundleDto = {
  id: string;
  code: string;
  name: string;
  periodicityMonths: number;
  contributionPlanIds: string[];
  dateValidFrom: string;
  dateValidTo: string | null;
  version: number;
  isDeleted: boolean;
};

const columns = {
  id: contributionPlanBundles.id,
  code: contributionPlanBundles.code,
  name: contributionPlanBundles.name,
  periodicityMonths: contributionPlanBundles.periodicityMonths,
  dateValidFrom: contributionPlanBundles.dateValidFrom,
  dateValidTo: contributionPlanBundles.dateValidTo,
  version: contributionPlanBundles.version,
  isDeleted: contributionPlanBundles.isDeleted,
};

function duplicate(e: unknown): never {
  if (isUniqueViolation(e, 'contribution_plan_bundles_code_live_uq')) {
    const msg = err('reference.bundleCodeTaken');
    throw new ConflictError(msg, { code: [msg] });
  }
  throw e;
}

async function withPlans(db: DbOrTx, rows: Omit<BundleDto, 'contributionPlanIds'>[]): Promise<BundleDto[]> {
  if (!rows.length) return [];
  const links = await db
    .select({ bundleId: contributionPlanBundlePlans.bundleId, planId: contributionPlanBundlePlans.planId })
    .from(contributionPlanBundlePlans)
    .where(
      inArray(
        contributionPlanBundlePlans.bundleId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(contributionPlanBundlePlans.planId);
  return rows.map((r) => ({
    ...r,
    contributionPlanIds: links.filter((l) => l.bundleId === r.id).map((l) => l.planId),
  }));
}

async function assertPlans(tx: Tx, ids: string[]) {
  const unique = [...new Set(ids)];
  const found = await tx
    .select({ id: contributionPlans.id })
    .from(contributionPlans)
    .where(and(inArray(contributionPlans.id, unique), eq(contributionPlans.isDeleted, false)));
  if (found.length !== unique.length) {
    const msg = err('reference.contributionPlanBundleDoes');
    throw new ValidationError(msg, { contributionPlanIds: [msg] });
  }
  return unique;
}

export async function listBundlesPage(db: DbOrTx, actor: Actor, params: Record<string, unknown>) {
  assertReferenceRead(actor);
  const { q, sort, dir } = parseInput(referenceSearch, params);
  const { page, pageSize } = parseInput(pageParams, params);
  const t = contributionPlanBundles;
  const where = and(
    eq(t.isDeleted, false),
    q ? or(ilike(t.code, containsPattern(q)), ilike(t.name, containsPattern(q))) : undefined,
  );
  const order = dir === 'desc' ? desc : asc;
  const [rows, [total]] = await Promise.all([
    db
      .select(columns)
      .from(t)
      .where(where)
      .orderBy(order(t[sort]), asc(t.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(t).where(where),
  ]);
  return { items: await withPlans(db, rows), total: total?.n ?? 0, page, pageSize };
}

export async function getBundle(db: DbOrTx, actor: Actor, id: string): Promise<BundleDto> {
  assertReferenceRead(actor);
  const rows = await db
    .select(columns)
    .from(contributionPlanBundles)
    .where(and(eq(contributionPlanBundles.id, id), eq(contributionPlanBundles.isDeleted, false)));
  const [row] = await withPlans(db, rows);
  assertFound(row, 'contributionPlanBundle');
  return row;
}

export async function createBundle(db: DbOrTx, actor: Actor, input: unknown): Promise<BundleDto> {
  assertReferenceWrite(actor);
  const { contributionPlanIds, ...data } = parseInput(bundleInput, input);
  assertValidity(data.dateValidFrom, data.dateValidTo);
  try {
    return await db.transaction(async (tx) => {
      const planIds = await assertPlans(tx, contributionPlanIds);
      const [row] = await tx
        .insert(contributionPlanBundles)
        .values({ ...data, createdBy: actor.id, updatedBy: actor.id })
        .returning({ id: contributionPlanBundles.id });
      await tx
        .insert(contributionPlanBundlePlans)
        .values(planIds.map((planId) => ({ bundleId: row!.id, planId })));
      await writeAudit(tx, actor, [
        {
          operation: 'create',
          entity: 'contribution_plan_bundle',
          entityId: row!.id,
          changes: diffFields(null, { ...data, contributionPlanIds: [...planIds].sort() }),
        },
      ]);
      return getBundle(tx, actor, row!.id);
    });
  } catch (e) {
    duplicate(e);
  }
}

export async function updateBundle(db: DbOrTx, actor: Actor, input: unknown): Promise<BundleDto> {
  assertReferenceWrite(actor);
  const { id, version, contributionPlanIds, ...fields } = parseInput(bundleUpdate, input);
  try {
    return await db.transaction(async (tx) => {
      const current = await lockLive(tx, contributionPlanBundles, id, version, 'contributionPlanBundle');
      const from = fields.dateValidFrom ?? String(current.dateValidFrom);
      const to =
        fields.dateValidTo !== undefined ? fields.dateValidTo : (current.dateValidTo as string | null);
      assertValidity(from, to);
      const extra = [];
      if (contributionPlanIds) {
        const planIds = (await assertPlans(tx, contributionPlanIds)).sort();
        const links = await tx
          .select({ planId: contributionPlanBundlePlans.planId })
          .from(contributionPlanBundlePlans)
          .where(eq(contributionPlanBundlePlans.bundleId, id));
        const before = links.map((l) => l.planId).sort();
        if (JSON.stringify(before) !== JSON.stringify(planIds)) {
          await tx.delete(contributionPlanBundlePlans).where(eq(contributionPlanBundlePlans.bundleId, id));
          await tx
            .insert(contributionPlanBundlePlans)
            .values(planIds.map((planId) => ({ bundleId: id, planId })));
          extra.push({
            field: 'contributionPlanIds',
            oldValue: JSON.stringify(before),
            newValue: JSON.stringify(planIds),
          });
        }
      }
      await applyUpdate(
        tx,
        actor,
        contributionPlanBundles,
        'contribution_plan_bundle',
        current,
        changedValues(current, fields),
        extra,
      );
      return getBundle(tx, actor, id);
    });
  } catch (e) {
    duplicate(e);
  }
}

export async function deleteBundle(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  assertReferenceWrite(actor);
  const { id, version } = parseInput(byIdVersionStrict, input);
  await db.transaction(async (tx) => {
    const current = await lockLive(tx, contributionPlanBundles, id, version, 'contributionPlanBundle');
    const [used] = await tx
      .select({ n: count() })
      .from(policyHolderBundles)
      .where(and(eq(policyHolderBundles.bundleId, id), eq(policyHolderBundles.isDeleted, false)));
    if ((used?.n ?? 0) > 0) throw new ConflictError(err('reference.policyHoldersMayStill'));
    await softDelete(tx, actor, contributionPlanBundles, 'contribution_plan_bundle', current);
  });
}

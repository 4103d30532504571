import { randomUUID } from 'node:crypto';
import { and, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import {
  contractDetails,
  contracts,
  contributionPlanBundlePlans,
  contributionPlans,
  insurees,
  policyHolderInsurees,
  products,
} from '@/db/schema';
import { uuidArray } from '../bulk-insert';
import { compiledVersion, loadPublishedVersions, versionOn } from '../calculation/premium-versions';
import { PREMIUM_RULE_KEY } from '../calculation/rules';
import type { DetailForValuation, PlanForValuation } from '../calculation/valuation';
import { familyConflicts, valueContract } from '../calculation/valuation';

export type PlanWithProduct = PlanForValuation & { insurancePeriodMonths: number; gracePeriodDays: number };

/** Plans of the given bundles, with their product's insurance period (for policies). */
export async function loadBundlePlans(
  tx: DbOrTx,
  bundleIds: string[],
): Promise<Map<string, PlanWithProduct[]>> {
  const out = new Map<string, PlanWithProduct[]>();
  if (!bundleIds.length) return out;
  const rows = await tx
    .select({
      bundleId: contributionPlanBundlePlans.bundleId,
      planId: contributionPlans.id,
      productId: contributionPlans.productId,
      rule: contributionPlans.calculationRule,
      params: contributionPlans.params,
      periodicityMonths: contributionPlans.periodicityMonths,
      insurancePeriodMonths: products.insurancePeriodMonths,
      gracePeriodDays: products.gracePeriodDays,
    })
    .from(contributionPlanBundlePlans)
    .innerJoin(contributionPlans, eq(contributionPlans.id, contributionPlanBundlePlans.planId))
    .innerJoin(products, eq(products.id, contributionPlans.productId))
    .where(
      and(inArray(contributionPlanBundlePlans.bundleId, bundleIds), eq(contributionPlans.isDeleted, false)),
    )
    .orderBy(contributionPlans.code);
  for (const { bundleId, ...plan } of rows) {
    const list = out.get(bundleId) ?? [];
    list.push(plan);
    out.set(bundleId, list);
  }
  return out;
}

/**
 * A bundle's plans for a contract starting on a day: plans with a configured premium rule get the rule's
 * version valid that day (issue 17), so a later version never changes what the contract was valued at.
 * One query for every rule of every bundle; plans shared by contracts starting the same day are shared.
 */
async function premiumVersionsFor(tx: DbOrTx, plans: Map<string, PlanWithProduct[]>) {
  const codes = [...plans.values()]
    .flat()
    .filter((p) => p.rule === PREMIUM_RULE_KEY)
    .map((p) => String(p.params.rule));
  const versions = await loadPublishedVersions(tx, codes);
  const premiumOn = (code: string, day: string) => {
    const v = versionOn(versions, code, day);
    return v ? compiledVersion(v) : undefined;
  };
  const memo = new Map<string, PlanWithProduct[]>();
  return (bundleId: string, day: string): PlanWithProduct[] => {
    const list = plans.get(bundleId) ?? [];
    if (!codes.length) return list;
    const key = `${bundleId}|${day}`;
    let out = memo.get(key);
    if (!out) {
      out = list.map((p) =>
        p.rule === PREMIUM_RULE_KEY ? { ...p, premium: premiumOn(String(p.params.rule), day) } : p,
      );
      memo.set(key, out);
    }
    return out;
  };
}

export type ValuationDetail = Omit<DetailForValuation, 'plans'> & { plans: PlanWithProduct[] };

/**
 * Everything the valuation needs about contracts' live details, for many contracts in two queries: the
 * insuree's family and its size, the detail's parameters over those of the policy-holder insuree line,
 * and the bundle's plans.
 */
export async function loadValuationDetailsMany(
  tx: DbOrTx,
  contractIds: string[],
): Promise<Map<string, ValuationDetail[]>> {
  const out = new Map<string, ValuationDetail[]>(contractIds.map((id) => [id, []]));
  if (!contractIds.length) return out;
  const familySize = sql<number>`(select count(*)::int from ${insurees} m where m.family_id = ${insurees.familyId} and m.is_deleted = false)`;
  // When the person is the policy holder's insuree during the contract period (all its live lines
  // together: a new line for a new income does not make a new joiner). No line: the whole period.
  const phLines = sql`from ${policyHolderInsurees} w where w.policy_holder_id = ${contracts.policyHolderId}
    and w.insuree_id = ${contractDetails.insureeId} and w.is_deleted = false
    and w.date_valid_from <= ${contracts.dateValidTo} and (w.date_valid_to is null or w.date_valid_to >= ${contracts.dateValidFrom})`;
  const joined = sql<string | null>`(select min(w.date_valid_from)::text ${phLines})`;
  const left = sql<
    string | null
  >`(select case when bool_or(w.date_valid_to is null) then null else max(w.date_valid_to)::text end ${phLines})`;
  const rows = await tx
    .select({
      contractId: contractDetails.contractId,
      detailId: contractDetails.id,
      insureeId: contractDetails.insureeId,
      familyId: insurees.familyId,
      familySize,
      bundleId: contractDetails.bundleId,
      params: contractDetails.calculationParams,
      phParams: policyHolderInsurees.calculationParams,
      joined,
      left,
      dateOfBirth: insurees.dateOfBirth,
      gender: insurees.gender,
      periodStart: contracts.dateValidFrom,
    })
    .from(contractDetails)
    .innerJoin(contracts, eq(contracts.id, contractDetails.contractId))
    .innerJoin(insurees, eq(insurees.id, contractDetails.insureeId))
    .leftJoin(policyHolderInsurees, eq(policyHolderInsurees.id, contractDetails.policyHolderInsureeId))
    .where(
      and(
        sql`${contractDetails.contractId} = any(${uuidArray(contractIds)})`,
        eq(contractDetails.isDeleted, false),
      ),
    )
    .orderBy(contractDetails.createdAt, contractDetails.id);
  const plans = await loadBundlePlans(tx, [...new Set(rows.map((r) => r.bundleId))]);
  const plansOn = await premiumVersionsFor(tx, plans);
  for (const r of rows) {
    out.get(r.contractId)!.push({
      detailId: r.detailId,
      insureeId: r.insureeId,
      familyId: r.familyId,
      familySize: Number(r.familySize),
      params: { ...(r.phParams ?? {}), ...r.params },
      plans: plansOn(r.bundleId, r.periodStart),
      joined: r.joined,
      left: r.left,
      dateOfBirth: r.dateOfBirth,
      gender: r.gender,
    });
  }
  return out;
}

export async function valuate(
  tx: DbOrTx,
  contract: { id: string; dateValidFrom: string; dateValidTo: string },
) {
  const details = (await loadValuationDetailsMany(tx, [contract.id])).get(contract.id)!;
  return { details, ...valueContract({ from: contract.dateValidFrom, to: contract.dateValidTo }, details) };
}

/**
 * The policy holder's insuree lines to import into a contract for a period: live, with a bundle,
 * valid during some of the period; one per insuree (the latest line when several overlap).
 */
export async function policyHolderLinesFor(
  tx: DbOrTx,
  policyHolderId: string,
  period: { from: string; to: string },
) {
  const rows = await tx
    .select({
      id: policyHolderInsurees.id,
      insureeId: policyHolderInsurees.insureeId,
      bundleId: policyHolderInsurees.bundleId,
      calculationParams: policyHolderInsurees.calculationParams,
      dateValidFrom: policyHolderInsurees.dateValidFrom,
      isFamilyHead: insurees.isFamilyHead,
    })
    .from(policyHolderInsurees)
    .innerJoin(insurees, and(eq(insurees.id, policyHolderInsurees.insureeId), eq(insurees.isDeleted, false)))
    .where(
      and(
        eq(policyHolderInsurees.policyHolderId, policyHolderId),
        eq(policyHolderInsurees.isDeleted, false),
        sql`${policyHolderInsurees.bundleId} is not null`,
        lte(policyHolderInsurees.dateValidFrom, period.to),
        or(isNull(policyHolderInsurees.dateValidTo), gte(policyHolderInsurees.dateValidTo, period.from)),
      ),
    )
    .orderBy(policyHolderInsurees.dateValidFrom);
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) latest.set(r.insureeId, r);
  return [...latest.values()];
}

/** Inserts details for the policy holder's insurees not yet on the contract; returns how many. */
export async function importPolicyHolderInsurees(
  tx: DbOrTx,
  actorId: string | null,
  contract: { id: string; policyHolderId: string; dateValidFrom: string; dateValidTo: string },
  skipInsureeIds: ReadonlySet<string> = new Set(),
): Promise<number> {
  const lines = await policyHolderLinesFor(tx, contract.policyHolderId, {
    from: contract.dateValidFrom,
    to: contract.dateValidTo,
  });
  const rows = lines
    .filter((l) => !skipInsureeIds.has(l.insureeId))
    // A family declared twice keeps its head's line (then the earliest declaration): see below.
    .sort((x, y) => Number(y.isFamilyHead) - Number(x.isFamilyHead))
    .map((l) => ({
      id: randomUUID(),
      contractId: contract.id,
      insureeId: l.insureeId,
      policyHolderInsureeId: l.id,
      bundleId: l.bundleId!,
      calculationParams: l.calculationParams,
      createdBy: actorId,
      updatedBy: actorId,
    }));
  if (!rows.length) return 0;
  await tx.insert(contractDetails).values(rows);
  // A family declared twice (two heads on family plans) is imported once: the later lines that would
  // cover it again are not kept (adding one by hand is refused with the reason).
  const order = new Map<string, number>(rows.map((r, i) => [r.id, i + 1]));
  const details = ((await loadValuationDetailsMany(tx, [contract.id])).get(contract.id) ?? []).sort(
    (x, y) => (order.get(x.detailId) ?? 0) - (order.get(y.detailId) ?? 0),
  );
  const inserted = new Set<string>(rows.map((r) => r.id));
  const dropped = familyConflicts(details)
    .map((r) => r.detailId)
    .filter((id) => inserted.has(id));
  if (dropped.length) await tx.delete(contractDetails).where(inArray(contractDetails.id, dropped));
  return rows.length - dropped.length;
}

import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import {
  contractDetails,
  contracts,
  contributionPlanBundlePlans,
  contributionPlanBundles,
  contributionPlans,
  policyHolderBundles,
} from '@/db/schema';
import type { Actor } from '../auth/actor';
import { contractScope } from '../contracts/access';
import { assertReferenceRead } from './access';

export type UsageKind = 'product' | 'plan' | 'bundle';

/**
 * Issue 17, "which contracts use what", for a page of products, plans or bundles: how many live
 * contracts have a line under each (the same test as the contract search's bundleId / planId /
 * productId filters, so a count links to exactly the contracts it counts), and how many plans,
 * bundles or policy holders hang on each. One grouped statement per figure, whatever the page size.
 */
export async function referenceUsage(
  db: DbOrTx,
  actor: Actor,
  kind: UsageKind,
  ids: string[],
): Promise<Record<string, { contracts: number; children: number }>> {
  assertReferenceRead(actor);
  const out: Record<string, { contracts: number; children: number }> = Object.fromEntries(
    ids.map((id) => [id, { contracts: 0, children: 0 }]),
  );
  if (!ids.length) return out;
  const key =
    kind === 'bundle'
      ? contractDetails.bundleId
      : kind === 'plan'
        ? contributionPlanBundlePlans.planId
        : contributionPlans.productId;
  let q = db
    .select({ id: key, n: sql<number>`count(distinct ${contracts.id})::int` })
    .from(contracts)
    .innerJoin(
      contractDetails,
      and(eq(contractDetails.contractId, contracts.id), eq(contractDetails.isDeleted, false)),
    )
    .$dynamic();
  if (kind !== 'bundle')
    q = q.innerJoin(
      contributionPlanBundlePlans,
      eq(contributionPlanBundlePlans.bundleId, contractDetails.bundleId),
    );
  if (kind === 'product')
    q = q.innerJoin(contributionPlans, eq(contributionPlans.id, contributionPlanBundlePlans.planId));
  const used = await q
    .where(and(contractScope(actor), eq(contracts.isDeleted, false), inArray(key, ids)))
    .groupBy(key);
  for (const r of used) if (r.id && out[r.id]) out[r.id]!.contracts = r.n;

  // What hangs on each: a product's live plans, a plan's live bundles, a bundle's policy holders.
  const children =
    kind === 'product'
      ? await db
          .select({ id: contributionPlans.productId, n: sql<number>`count(*)::int` })
          .from(contributionPlans)
          .where(and(inArray(contributionPlans.productId, ids), eq(contributionPlans.isDeleted, false)))
          .groupBy(contributionPlans.productId)
      : kind === 'plan'
        ? await db
            .select({ id: contributionPlanBundlePlans.planId, n: sql<number>`count(*)::int` })
            .from(contributionPlanBundlePlans)
            .innerJoin(
              contributionPlanBundles,
              and(
                eq(contributionPlanBundles.id, contributionPlanBundlePlans.bundleId),
                eq(contributionPlanBundles.isDeleted, false),
              ),
            )
            .where(inArray(contributionPlanBundlePlans.planId, ids))
            .groupBy(contributionPlanBundlePlans.planId)
        : await db
            .select({ id: policyHolderBundles.bundleId, n: sql<number>`count(*)::int` })
            .from(policyHolderBundles)
            .where(and(inArray(policyHolderBundles.bundleId, ids), eq(policyHolderBundles.isDeleted, false)))
            .groupBy(policyHolderBundles.bundleId);
  for (const r of children) if (out[r.id]) out[r.id]!.children = r.n;
  return out;
}

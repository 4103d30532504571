import { and, asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import {
  auditLog,
  contractContributionDetails,
  contractDetails,
  contributionPlanBundles,
  contributionPlans,
  insureePolicies,
  insurees,
  policies,
  products,
} from '@/db/schema';
import { groupHistory, type HistoryEntry } from '../audit/history';
import type { Actor } from '../auth/actor';
import { ForbiddenError } from '../errors';
import { err } from '../i18n/keyed';
import { getContract } from './contracts';

/** Contribution lines of a contract (after approval), with insuree, bundle, plan, product and policy. */
export async function listContributionDetails(db: DbOrTx, actor: Actor, contractId: string) {
  await getContract(db, actor, contractId, { includeDeleted: true });
  return db
    .select({
      id: contractContributionDetails.id,
      insureeId: insurees.id,
      insuranceNumber: insurees.insuranceNumber,
      insureeName: insurees.lastName,
      insureeFirstName: insurees.firstName,
      bundleCode: contributionPlanBundles.code,
      planCode: contributionPlans.code,
      planName: contributionPlans.name,
      productCode: products.code,
      policyId: contractContributionDetails.policyId,
      policyStart: policies.startDate,
      policyExpiry: policies.expiryDate,
      policyStatus: policies.status,
      dateValidFrom: contractContributionDetails.dateValidFrom,
      dateValidTo: contractContributionDetails.dateValidTo,
      amount: contractContributionDetails.amount,
    })
    .from(contractContributionDetails)
    .innerJoin(contractDetails, eq(contractDetails.id, contractContributionDetails.contractDetailId))
    .innerJoin(insurees, eq(insurees.id, contractDetails.insureeId))
    .innerJoin(contributionPlanBundles, eq(contributionPlanBundles.id, contractDetails.bundleId))
    .innerJoin(contributionPlans, eq(contributionPlans.id, contractContributionDetails.contributionPlanId))
    .innerJoin(products, eq(products.id, contributionPlans.productId))
    .innerJoin(policies, eq(policies.id, contractContributionDetails.policyId))
    .where(
      and(
        eq(contractContributionDetails.contractId, contractId),
        eq(contractContributionDetails.isDeleted, false),
      ),
    )
    .orderBy(asc(insurees.lastName), asc(insurees.firstName), asc(contractContributionDetails.dateValidFrom));
}

/** Persons covered by a contract once it is paid. */
export async function listPersonsCovered(db: DbOrTx, actor: Actor, contractId: string) {
  await getContract(db, actor, contractId, { includeDeleted: true });
  return db
    .select({
      id: insureePolicies.id,
      insureeId: insurees.id,
      insuranceNumber: insurees.insuranceNumber,
      lastName: insurees.lastName,
      firstName: insurees.firstName,
      policyId: insureePolicies.policyId,
      startDate: insureePolicies.startDate,
      effectiveDate: insureePolicies.effectiveDate,
      expiryDate: insureePolicies.expiryDate,
    })
    .from(insureePolicies)
    .innerJoin(insurees, eq(insurees.id, insureePolicies.insureeId))
    .where(and(eq(insureePolicies.contractId, contractId), eq(insureePolicies.isDeleted, false)))
    .orderBy(asc(insurees.lastName), asc(insurees.firstName), asc(insureePolicies.startDate));
}

export type { HistoryEntry } from '../audit/history';

/** The contract's audit trail, newest first, grouped per operation: who changed which field, when. */
export async function getContractHistory(
  db: DbOrTx,
  actor: Actor,
  contractId: string,
): Promise<HistoryEntry[]> {
  // The audit trail names insurer staff and internal steps: it is the insurer's record, not the portal's.
  if (actor.isPortal) throw new ForbiddenError(err('common.changeHistoryKeptInsurer'));
  await getContract(db, actor, contractId, { includeDeleted: true });
  const own = await db
    .select()
    .from(auditLog)
    .where(eq(auditLog.entityId, contractId))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(2000);
  // Changes of the contract's details (insured persons, their parameters) belong to its history too.
  const ofDetails = await db
    .select({ row: auditLog })
    .from(auditLog)
    .innerJoin(contractDetails, eq(contractDetails.id, auditLog.entityId))
    .where(and(eq(auditLog.entity, 'contract_detail'), eq(contractDetails.contractId, contractId)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(2000);
  return groupHistory([...own, ...ofDetails.map((r) => r.row)]);
}

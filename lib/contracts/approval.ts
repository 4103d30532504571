import { randomUUID } from 'node:crypto';
import type Decimal from 'decimal.js';
import { and, eq, gte, inArray, lt, lte, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import {
  contractContributionDetails,
  contracts,
  contributions,
  insureePolicies,
  insurees,
  paymentDetails,
  payments,
  policies,
} from '@/db/schema';
import type { Actor } from '../auth/actor';
import { type PolicySpan, splitAtPolicies } from '../calculation/valuation';
import { addDays, addMonths, maxDate, minDate, todayIso } from '../dates';
import { money, toMoneyString } from '../money';
import type { ContractRow } from './access';
import { paymentDueDays } from './states';
import { valuate } from './valuation-data';

/** What earlier amendments of the same contract have already received (an amendment owes only the difference). */
async function receivedForEarlierAmendments(tx: Tx, contract: ContractRow): Promise<Decimal> {
  if (contract.amendment === 0) return money(0);
  const [row] = await tx
    .select({ received: sql<string>`coalesce(sum(${payments.receivedAmount}), 0)` })
    .from(payments)
    .innerJoin(contracts, eq(contracts.id, payments.contractId))
    .where(
      and(
        eq(contracts.code, contract.code),
        lt(contracts.amendment, contract.amendment),
        eq(contracts.isDeleted, false),
        eq(payments.isDeleted, false),
      ),
    );
  return money(row?.received ?? 0);
}

export type ApprovalResult = {
  amountRectified: string;
  amountDue: string;
  lines: number;
  policiesCreated: number;
  paymentId: string | null;
};

/**
 * The insurer's signature (UC3-15), inside the caller's transaction with the contract row locked:
 * contribution lines over the whole period, split at policy boundaries (reusing covering policies and
 * creating the missing ones), one contribution per line, and one payment request for the amount due,
 * or a credit when earlier amendments already received more.
 */
export async function runApproval(
  tx: Tx,
  actor: Actor,
  contract: ContractRow,
  now: Date,
): Promise<ApprovalResult> {
  const { details, lines, total } = await valuate(tx, contract);
  const insuranceMonths = new Map(
    details.flatMap((d) => d.plans.map((p) => [p.productId, p.insurancePeriodMonths])),
  );

  const insureeIds = [...new Set(lines.map((l) => l.insureeId))];
  const productIds = [...new Set(lines.map((l) => l.productId))];
  const existing = insureeIds.length
    ? await tx
        .select({
          id: policies.id,
          insureeId: policies.insureeId,
          productId: policies.productId,
          coversFamily: policies.coversFamily,
          start: policies.startDate,
          expiry: policies.expiryDate,
        })
        .from(policies)
        .where(
          and(
            inArray(policies.insureeId, insureeIds),
            inArray(policies.productId, productIds),
            eq(policies.isDeleted, false),
            ne(policies.status, 'cancelled'),
            lte(policies.startDate, contract.dateValidTo),
            gte(policies.expiryDate, contract.dateValidFrom),
          ),
        )
    : [];

  type Pol = PolicySpan & { insureeId: string; productId: string; coversFamily: boolean };
  const known: Pol[] = existing.map((p) => ({ ...p }));
  const created: (typeof policies.$inferInsert)[] = [];
  const lineRows: (typeof contractContributionDetails.$inferInsert)[] = [];
  const contributionRows: (typeof contributions.$inferInsert)[] = [];

  for (const line of lines) {
    // A family policy also covers the insuree; an individual policy does not cover a family plan.
    const usable = known.filter(
      (p) =>
        p.insureeId === line.insureeId &&
        p.productId === line.productId &&
        (p.coversFamily || !line.coversFamily),
    );
    const parts = splitAtPolicies(line, usable, (start, notAfter) => {
      const months = insuranceMonths.get(line.productId) ?? 12;
      const natural = addDays(addMonths(start, months), -1);
      const p: Pol = {
        id: randomUUID(),
        insureeId: line.insureeId,
        productId: line.productId,
        coversFamily: line.coversFamily,
        start,
        expiry: notAfter ? minDate(natural, notAfter) : natural,
      };
      known.push(p);
      created.push({
        id: p.id,
        insureeId: p.insureeId,
        familyId: line.familyId,
        coversFamily: p.coversFamily,
        productId: p.productId,
        startDate: p.start,
        expiryDate: p.expiry,
        status: 'contracted',
        createdBy: actor.id,
        updatedBy: actor.id,
      });
      return p;
    });
    for (const part of parts) {
      const id = randomUUID();
      lineRows.push({
        id,
        contractId: contract.id,
        contractDetailId: line.detailId,
        contributionPlanId: line.planId,
        policyId: part.policyId,
        dateValidFrom: part.from,
        dateValidTo: part.to,
        amount: toMoneyString(part.amount),
        createdBy: actor.id,
        updatedBy: actor.id,
      });
      contributionRows.push({
        contractContributionDetailId: id,
        policyId: part.policyId,
        amount: toMoneyString(part.amount),
        createdBy: actor.id,
        updatedBy: actor.id,
      });
    }
  }

  // Multi-row inserts in chunks: a few statements per contract, whatever its size.
  const chunked = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
  };
  await chunked(created, (c) => tx.insert(policies).values(c));
  await chunked(lineRows, (c) => tx.insert(contractContributionDetails).values(c));
  await chunked(contributionRows, (c) => tx.insert(contributions).values(c));

  const due = total.minus(await receivedForEarlierAmendments(tx, contract));
  const today = todayIso(now);
  let paymentId: string | null = null;
  if (!due.isZero()) {
    paymentId = randomUUID();
    await tx.insert(payments).values({
      id: paymentId,
      contractId: contract.id,
      kind: due.isPositive() ? 'request' : 'credit',
      expectedAmount: toMoneyString(due),
      requestDate: today,
      reference: contract.paymentReference,
      status: due.isPositive() ? 'requested' : 'credit',
      createdBy: actor.id,
      updatedBy: actor.id,
    });
    if (due.isPositive()) {
      await chunked(lineRows, (c) =>
        tx.insert(paymentDetails).values(
          c.map((l) => ({
            paymentId: paymentId!,
            contractContributionDetailId: l.id!,
            amount: l.amount,
            createdBy: actor.id,
            updatedBy: actor.id,
          })),
        ),
      );
    }
  }
  return {
    amountRectified: toMoneyString(total),
    amountDue: toMoneyString(due),
    lines: lineRows.length,
    policiesCreated: created.length,
    paymentId,
  };
}

/**
 * Paid: the persons covered are created for the contract period (within each policy's span), the
 * insuree's family too when its policy covers the family, and the policies become active.
 */
export async function activateContract(
  tx: Tx,
  actor: Actor,
  contract: ContractRow,
  paidOn: string,
): Promise<number> {
  const used = await tx
    .selectDistinct({
      policyId: policies.id,
      insureeId: policies.insureeId,
      familyId: policies.familyId,
      coversFamily: policies.coversFamily,
      start: policies.startDate,
      expiry: policies.expiryDate,
    })
    .from(contractContributionDetails)
    .innerJoin(policies, eq(policies.id, contractContributionDetails.policyId))
    .where(
      and(
        eq(contractContributionDetails.contractId, contract.id),
        eq(contractContributionDetails.isDeleted, false),
      ),
    );
  if (!used.length) return 0;

  const familyIds = [...new Set(used.filter((u) => u.coversFamily && u.familyId).map((u) => u.familyId!))];
  const members = familyIds.length
    ? await tx
        .select({ id: insurees.id, familyId: insurees.familyId })
        .from(insurees)
        .where(and(inArray(insurees.familyId, familyIds), eq(insurees.isDeleted, false)))
    : [];

  const rows: (typeof insureePolicies.$inferInsert)[] = [];
  for (const u of used) {
    const start = maxDate(u.start, contract.dateValidFrom);
    const expiry = minDate(u.expiry, contract.dateValidTo);
    const persons = u.coversFamily
      ? members.filter((m) => m.familyId === u.familyId).map((m) => m.id)
      : [u.insureeId];
    if (!persons.includes(u.insureeId)) persons.push(u.insureeId);
    for (const insureeId of persons) {
      rows.push({
        insureeId,
        policyId: u.policyId,
        contractId: contract.id,
        startDate: start,
        effectiveDate: maxDate(start, minDate(paidOn, expiry)),
        expiryDate: expiry,
        createdBy: actor.id,
        updatedBy: actor.id,
      });
    }
  }
  await tx.insert(insureePolicies).values(rows).onConflictDoNothing();
  await tx
    .update(policies)
    .set({
      status: 'active',
      updatedAt: new Date(),
      updatedBy: actor.id,
      version: sql`${policies.version} + 1`,
    })
    .where(inArray(policies.id, [...new Set(used.map((u) => u.policyId))]));
  return rows.length;
}

export function paymentDueDate(now: Date): string {
  return addDays(todayIso(now), paymentDueDays());
}

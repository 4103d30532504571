import { randomUUID } from 'node:crypto';
import { and, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import {
  contractContributionDetails,
  contributions,
  insureePolicies,
  insurees,
  policies,
  products,
} from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import { billingTermsOf, scheduleOf } from '../billing/installments';
import {
  accountKey,
  accountOf,
  applyCredit,
  type LedgerAccount,
  liveInstallments,
  lockAccounts,
  type NewSchedule,
  rebaseChain,
  syncContractStates,
  writeSchedules,
} from '../billing/ledger';
import { requiredBeforeEffective } from '../billing/schedule';
import { insertMany, uuidArray } from '../bulk-insert';
import { type PolicySpan, splitAtPolicies, valueContract } from '../calculation/valuation';
import { postTransitionComments } from '../comments/comments';
import { addDays, maxDate, minDate, monthPeriodEnd, todayIso } from '../dates';
import { uuid7 } from '../ids';
import { toMoneyString } from '../money';
import { recordContractEvents } from '../notifications/events';
import type { ContractRow } from './access';
import { chainReceived, supersedeParents } from './amendments';
import { assertCoverFree } from './cover';
import { ContractState, paymentDueDays } from './states';
import type { ValuationDetail } from './valuation-data';

export type ApprovalResult = {
  amountRectified: string;
  amountDue: string;
  amountGross: string;
  lines: number;
  policiesCreated: number;
  installments: number;
  /** Every installment due before cover is 0.00 (or there is none): paid as soon as it is written. */
  paidOnWriting: boolean;
};

/**
 * The insurer's signature (UC3-15) for one or many contracts, inside the caller's transaction with the
 * contract rows and their insurees locked (screenApprovals), from the valuation details the screening
 * loaded: contribution lines over the whole period, split at policy boundaries (reusing covering
 * policies and creating the missing ones), one contribution per line, and the installment schedule (the
 * payment request: one installment per billing period). Whatever the number of contracts, it costs a
 * fixed number of statements: bulk approval stays set-based.
 */
export async function runApprovals(
  tx: Tx,
  actor: Actor,
  batch: ContractRow[],
  now: Date,
  detailsByContract: Map<string, ValuationDetail[]>,
): Promise<Map<string, ApprovalResult>> {
  const valued = batch.map((contract) => {
    const details = detailsByContract.get(contract.id) ?? [];
    return {
      contract,
      details,
      ...valueContract({ from: contract.dateValidFrom, to: contract.dateValidTo }, details),
    };
  });
  const insuranceMonths = new Map(
    valued.flatMap((v) =>
      v.details.flatMap((d) => d.plans.map((p) => [p.productId, p.insurancePeriodMonths] as const)),
    ),
  );
  const graceDays = new Map(
    valued.flatMap((v) =>
      v.details.flatMap((d) => d.plans.map((p) => [p.productId, p.gracePeriodDays] as const)),
    ),
  );
  const allLines = valued.flatMap((v) => v.lines);
  const insureeIds = [...new Set(allLines.map((l) => l.insureeId))];
  const productIds = [...new Set(allLines.map((l) => l.productId))];
  const minFrom = batch.reduce(
    (m, c) => minDate(m, c.dateValidFrom),
    batch[0]?.dateValidFrom ?? '9999-12-31',
  );
  const maxTo = batch.reduce((m, c) => maxDate(m, c.dateValidTo), batch[0]?.dateValidTo ?? '0001-01-01');
  // A new policy runs its product's insurance period unless a later policy of the person starts first:
  // those later ones are read too (up to the longest period past the batch's end), so that a contract
  // gets the same policies whether approved alone or in a batch reaching further (bulk-equivalence.test.ts).
  const horizon = monthPeriodEnd(maxTo, Math.max(12, ...insuranceMonths.values()));
  // Two approvals of different contracts covering the same person could each find no policy for a
  // period and both create one: the insurees' advisory locks, taken by screenApprovals before the
  // details were read, make the second see the first's.
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
            sql`${policies.insureeId} = any(${uuidArray(insureeIds)})`,
            sql`${policies.productId} = any(${uuidArray(productIds)})`,
            eq(policies.isDeleted, false),
            ne(policies.status, 'cancelled'),
            lte(policies.startDate, horizon),
            gte(policies.expiryDate, minFrom),
          ),
        )
    : [];

  type Pol = PolicySpan & { insureeId: string; productId: string; coversFamily: boolean };
  // Shared by the whole batch, so a policy created for one contract is reused by the next; by person and
  // product (a list scanned per line grew with the batch: quadratic in the chunk's size).
  const known = new Map<string, Pol[]>();
  const keyOf = (insureeId: string, productId: string) => `${insureeId}|${productId}`;
  const remember = (p: Pol) => {
    const key = keyOf(p.insureeId, p.productId);
    const list = known.get(key);
    if (list) list.push(p);
    else known.set(key, [p]);
  };
  for (const p of existing) remember({ ...p });
  const created: (typeof policies.$inferInsert)[] = [];
  const lineRows: (typeof contractContributionDetails.$inferInsert)[] = [];
  const contributionRows: (typeof contributions.$inferInsert)[] = [];
  const schedules: NewSchedule[] = [];
  const results = new Map<string, ApprovalResult>();
  const productsOf = new Map(
    valued.map((v) => [v.contract.id, [...new Set(v.lines.map((l) => l.productId))]]),
  );
  const terms = await billingTermsOf(tx, batch, (id) => productsOf.get(id) ?? []);
  const received = await chainReceivedMany(tx, batch);
  const firstDue = paymentDueDate(now);

  for (const { contract, lines, total } of valued) {
    const own: (typeof contractContributionDetails.$inferInsert)[] = [];
    const createdBefore = created.length;
    for (const line of lines) {
      // A family policy also covers the insuree; an individual policy does not cover a family plan.
      const usable = (known.get(keyOf(line.insureeId, line.productId)) ?? []).filter(
        (p) => p.coversFamily || !line.coversFamily,
      );
      const parts = splitAtPolicies(line, usable, (start, notAfter) => {
        const months = insuranceMonths.get(line.productId) ?? 12;
        const natural = monthPeriodEnd(start, months);
        const p: Pol = {
          id: uuid7(),
          insureeId: line.insureeId,
          productId: line.productId,
          coversFamily: line.coversFamily,
          start,
          expiry: notAfter ? minDate(natural, notAfter) : natural,
        };
        remember(p);
        created.push({
          id: p.id,
          insureeId: p.insureeId,
          familyId: line.familyId,
          coversFamily: p.coversFamily,
          productId: p.productId,
          startDate: p.start,
          expiryDate: p.expiry,
          // The specification: cover for the period + the product's grace period.
          graceExpiryDate: addDays(p.expiry, graceDays.get(line.productId) ?? 0),
          status: 'contracted',
          createdBy: actor.id,
          updatedBy: actor.id,
        });
        return p;
      });
      for (const part of parts) {
        const id = uuid7();
        const amount = toMoneyString(part.amount);
        own.push({
          id,
          contractId: contract.id,
          contractDetailId: line.detailId,
          contributionPlanId: line.planId,
          policyId: part.policyId,
          dateValidFrom: part.from,
          dateValidTo: part.to,
          amount,
          createdBy: actor.id,
          updatedBy: actor.id,
        });
        contributionRows.push({
          contractContributionDetailId: id,
          policyId: part.policyId,
          amount,
          createdBy: actor.id,
          updatedBy: actor.id,
        });
      }
    }
    lineRows.push(...own);
    const due = total.minus(received.get(contract.id) ?? 0);
    const schedule = scheduleOf(
      contract,
      terms.get(contract.id)!,
      own.map((l) => ({ id: l.id!, from: l.dateValidFrom, to: l.dateValidTo, amount: l.amount })),
      firstDue,
    );
    schedules.push(schedule);
    results.set(contract.id, {
      // The specification: an amendment's value (rectified at approval) is net of what its chain received.
      amountRectified: toMoneyString(due),
      amountDue: toMoneyString(due),
      amountGross: toMoneyString(total),
      lines: own.length,
      policiesCreated: created.length - createdBefore,
      installments: schedule.installments.length,
      paidOnWriting: schedule.installments.every(
        (i) => !requiredBeforeEffective(schedule.payBeforeEffective, i.seq) || i.amount === '0.00',
      ),
    });
  }

  // One statement per table for the whole batch, its rows as one parameter (lib/bulk-insert.ts).
  await insertMany(tx, policies, created);
  await insertMany(tx, contractContributionDetails, lineRows);
  await insertMany(tx, contributions, contributionRows);
  await writeSchedules(tx, actor, schedules);
  return results;
}

/**
 * What the earlier contracts of each amendment's chain received: the money allocated to the chain's
 * live installments. An amendment's amounts are its valuation net of it (the specification:
 * "Contract value = value of the contribution plan details − amount already paid for that contract").
 */
async function chainReceivedMany(tx: Tx, batch: ContractRow[]): Promise<Map<string, string>> {
  const amendments = batch.filter((c) => c.amendment > 0);
  const out = new Map<string, string>();
  for (const c of amendments) out.set(c.id, (await chainReceived(tx, c)).toFixed(2));
  return out;
}

/**
 * Approves locked contracts that are all Negotiable: runs the approval, moves each to Executable (or
 * straight to Effective when nothing is left to pay), audits each field and records the notification.
 */
export async function approveLocked(
  tx: Tx,
  actor: Actor,
  batch: ContractRow[],
  now: Date,
  comment?: string,
  screened?: Map<string, ValuationDetail[]>,
): Promise<void> {
  if (!batch.length) return;
  // Never two live contracts of a policy holder covering one person for one day, nor one family twice:
  // checked under the insurees' locks, so two approvals racing for the same people cannot both pass.
  // A bulk chunk has screened its batch already (the refused left out) and passes what it loaded.
  const details = screened ?? (await assertCoverFree(tx, batch));
  await supersedeParents(tx, actor, batch);
  const results = await runApprovals(tx, actor, batch, now, details);
  const dueDate = paymentDueDate(now);
  const updates = batch.map((c) => ({ contract: c, r: results.get(c.id)!, state: ContractState.Executable }));
  // Each column as one array parameter (ids, states and amounts need no quoting in an array literal).
  const column = (f: (u: (typeof updates)[number]) => string | number) => `{${updates.map(f).join(',')}}`;
  await tx.execute(sql`
    update contracts c set state = v.state, amount_rectified = v.rectified, amount_due = v.due, amount_gross = v.gross,
      date_approved = ${now.toISOString()}::timestamptz, date_payment_due = ${dueDate}::date, state_reason = null,
      version = c.version + 1, updated_at = now(), updated_by = ${actor.id}
    from unnest(${column((u) => u.contract.id)}::uuid[], ${column((u) => u.state)}::smallint[],
      ${column((u) => u.r.amountRectified)}::numeric[], ${column((u) => u.r.amountDue)}::numeric[],
      ${column((u) => u.r.amountGross)}::numeric[]) as v(id, state, rectified, due, gross)
    where c.id = v.id`);
  await writeAudit(
    tx,
    actor,
    updates.map((u) => ({
      operationId: randomUUID(),
      operation: 'approve',
      entity: 'contract',
      entityId: u.contract.id,
      changes: [
        ...diffFields(u.contract, {
          state: u.state,
          amountRectified: u.r.amountRectified,
          amountDue: u.r.amountDue,
          amountGross: u.r.amountGross,
          dateApproved: now,
          datePaymentDue: dueDate,
        }),
        ...(comment ? [{ field: 'comment', oldValue: null, newValue: comment }] : []),
      ],
    })),
  );
  await settleApprovedMoney(tx, actor, batch, now, results);
  await postTransitionComments(
    tx,
    actor,
    batch.map((c) => c.id),
    'approve',
    comment,
  );
  await recordContractEvents(
    tx,
    updates.map((u) => ({
      event: 'contract.approved' as const,
      contractId: u.contract.id,
      payload: {
        amountDue: u.r.amountDue,
        datePaymentDue: dueDate,
        paymentReference: u.contract.paymentReference,
      },
    })),
  );
}

/**
 * The ledger side of approval: an amendment re-bases its chain (the original's installments replaced,
 * or credited when invoiced, and its money released), then money the payers hold (released, or an
 * earlier credit) pays the new installments, and a contract with nothing left to pay before cover
 * (0.00 due, or paid by that credit) becomes Effective at once, its persons covered.
 */
async function settleApprovedMoney(
  tx: Tx,
  actor: Actor,
  batch: ContractRow[],
  now: Date,
  results: Map<string, ApprovalResult>,
): Promise<void> {
  const today = todayIso(now);
  const accounts = batch.map(accountOf);
  await lockAccounts(tx, accounts);
  for (const c of batch.filter((x) => x.amendment > 0)) {
    const old = (await liveInstallments(tx, c.code)).filter((i) => i.contractId !== c.id);
    await rebaseChain(tx, actor, c, old, `amendment ${c.amendment}`, now);
  }
  // Only the approved contracts' installments: the others of the payer are not locked here (a receipt
  // or a reversal pays them, under their locks).
  const ids = batch.map((c) => c.id);
  const credited = await accountsWithCredit(tx, accounts);
  for (const account of credited) await applyCredit(tx, actor, account, today, { contractIds: ids });
  // Which of them are paid before cover. The new installments start unpaid: only money allocated now
  // (an amendment's chain re-based, a payer's credit) or nothing to pay can make one Effective, so the
  // others (a bulk approval's usual case) are not read back.
  const held = new Set(credited.map(accountKey));
  await syncContractStates(
    tx,
    actor,
    batch
      .filter(
        (c) => c.amendment > 0 || results.get(c.id)!.paidOnWriting || held.has(accountKey(accountOf(c))),
      )
      .map((c) => c.id),
    today,
  );
}

/** The accounts among these that hold unallocated money (usually none: one query for the batch). */
async function accountsWithCredit(tx: Tx, accounts: LedgerAccount[]): Promise<LedgerAccount[]> {
  const phs = [...new Set(accounts.flatMap((a) => (a.policyHolderId ? [a.policyHolderId] : [])))];
  const chains = [...new Set(accounts.flatMap((a) => (a.chainCode ? [a.chainCode] : [])))];
  const rows = await tx.execute<{ policy_holder_id: string | null; chain_code: string | null }>(sql`
    select distinct policy_holder_id, case when policy_holder_id is null then chain_code end as chain_code
    from receipts where reversed_at is null and is_deleted = false and allocated + refunded < amount
      and (policy_holder_id = any(${uuidArray(phs)})
        or (policy_holder_id is null and chain_code = any(${`{${chains.map((c) => JSON.stringify(c)).join(',')}}`}::text[])))`);
  return [...rows].map((r) => ({ policyHolderId: r.policy_holder_id, chainCode: r.chain_code }));
}

/**
 * Paid: the persons covered are created for what the contract paid on each policy (its contribution
 * lines: the contract period, from the day a person joined, until the day they left) plus the
 * product's grace period, the insuree's family too when its policy covers the family, and the
 * policies become active.
 */
export async function activateContract(
  tx: Tx,
  actor: Actor,
  contract: ContractRow,
  paidOn: string,
): Promise<number> {
  const used = await tx
    .select({
      policyId: policies.id,
      insureeId: policies.insureeId,
      familyId: policies.familyId,
      coversFamily: policies.coversFamily,
      start: sql<string>`min(${contractContributionDetails.dateValidFrom})::text`,
      expiry: sql<string>`max(${contractContributionDetails.dateValidTo})::text`,
      graceDays: products.gracePeriodDays,
    })
    .from(contractContributionDetails)
    .innerJoin(policies, eq(policies.id, contractContributionDetails.policyId))
    .innerJoin(products, eq(products.id, policies.productId))
    .where(
      and(
        eq(contractContributionDetails.contractId, contract.id),
        eq(contractContributionDetails.isDeleted, false),
      ),
    )
    .groupBy(policies.id, products.gracePeriodDays);
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
    const start = u.start;
    const expiry = addDays(u.expiry, u.graceDays);
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
        effectiveDate: maxDate(start, minDate(paidOn, u.expiry)),
        expiryDate: expiry,
        createdBy: actor.id,
        updatedBy: actor.id,
      });
    }
  }
  await insertMany(tx, insureePolicies, rows, { onConflictDoNothing: true });
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

import { and, count, eq, inArray, like, lt, lte, max, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { contractDetails, contracts } from '@/db/schema';
import { diffFields, type FieldChange, writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { postTransitionComments } from '../comments/comments';
import { addDays, minDate, nextPeriod, todayIso } from '../dates';
import { ConflictError, InvalidStateError, isUniqueViolation, ValidationError } from '../errors';
import { err, state } from '../i18n/keyed';
import { toMoneyString } from '../money';
import { recordEvent } from '../notifications/events';
import {
  contractAutoRenew,
  contractRenew,
  contractTerminate,
  contractTransition,
} from '../validation/contract';
import { parseInput } from '../validation/parse';
import { recordWebhookEvents } from '../webhooks/events';
import { type ContractRow, lockContract, requireOp } from './access';
import { assertNoOpenAmendment, chainReceived, OPEN_AMENDMENT } from './amendments';
import { approveLocked } from './approval';
import { type ContractDto, getContract, revalue } from './contracts';
import { assertSubmittable } from './cover';
import { ContractState, isApprovable, isUpdatable, STATE_CONFIG } from './states';
import { settleTermination } from './termination';
import { importPolicyHolderInsurees, valuate } from './valuation-data';

type Changes = Partial<ContractRow>;

async function applyChange(
  tx: Tx,
  actor: Actor,
  contract: ContractRow,
  operation: string,
  changes: Changes,
  comment?: string,
  extra: FieldChange[] = [],
) {
  await tx
    .update(contracts)
    .set({ ...changes, version: contract.version + 1, updatedAt: new Date(), updatedBy: actor.id })
    .where(eq(contracts.id, contract.id));
  const fieldChanges = [...diffFields(contract, changes), ...extra];
  if (comment) fieldChanges.push({ field: 'comment', oldValue: null, newValue: comment });
  await writeAudit(tx, actor, [
    { operation, entity: 'contract', entityId: contract.id, changes: fieldChanges },
  ]);
  await postTransitionComments(tx, actor, [contract.id], operation, comment);
}

/** The policy holder's signature: Draft/Counter → Negotiable, amount rectified = valuation. */
export async function submitContract(db: DbOrTx, actor: Actor, input: unknown): Promise<ContractDto> {
  requireOp(actor, 'submit');
  const { id, version, comment } = parseInput(contractTransition, input);
  return db.transaction(async (tx) => {
    const contract = await lockContract(tx, actor, id, version);
    if (contract.state === ContractState.Negotiable)
      throw new InvalidStateError(err('contracts.contractAlreadySubmitted'));
    if (!isUpdatable(contract.state)) {
      throw new InvalidStateError(err('contracts.stateCannotSubmit', { state: state(contract.state) }));
    }
    if (!contract.policyHolderId) {
      throw new ValidationError(err('contracts.contractNoPolicyHolder'), {
        policyHolderId: [err('contracts.setPolicyHolderSubmitting')],
      });
    }
    const [details] = await tx
      .select({ n: count() })
      .from(contractDetails)
      .where(and(eq(contractDetails.contractId, id), eq(contractDetails.isDeleted, false)));
    if (!details?.n) throw new ValidationError(err('contracts.contractNoInsuredPerson'));
    await assertSubmittable(tx, contract);
    const { total } = await valuate(tx, contract);
    await applyChange(
      tx,
      actor,
      contract,
      'submit',
      {
        state: ContractState.Negotiable,
        amountRectified: toMoneyString(total.minus(await chainReceived(tx, contract))),
        amountGross: toMoneyString(total),
        stateReason: null,
      },
      comment,
    );
    // No mail for a signature (the insurer sees it in its work list), but partners may want to hear it.
    await recordWebhookEvents(tx, [{ event: 'contract.submitted', contractId: id }]);
    return getContract(tx, actor, id);
  });
}

/** Ask for changes: Negotiable → Counter, with an optional reason sent to the policy holder. */
export async function counterContract(db: DbOrTx, actor: Actor, input: unknown): Promise<ContractDto> {
  requireOp(actor, 'approve', err('contracts.approverAskChanges'));
  const { id, version, comment } = parseInput(contractTransition, input);
  return db.transaction(async (tx) => {
    const contract = await lockContract(tx, actor, id, version);
    if (!isApprovable(contract.state)) {
      throw new InvalidStateError(err('contracts.onlySubmittedCountered', { state: state(contract.state) }));
    }
    await applyChange(
      tx,
      actor,
      contract,
      'counter',
      { state: ContractState.Counter, stateReason: comment ?? null },
      comment,
    );
    await recordEvent(tx, 'contract.countered', id, { reason: comment ?? null });
    return getContract(tx, actor, id);
  });
}

/** The insurer's signature: Negotiable → Executable, with contributions, policies and the payment request. */
export async function approveContract(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  now = new Date(),
): Promise<ContractDto> {
  requireOp(actor, 'approve', err('contracts.approverApproveContract'));
  const { id, version, comment } = parseInput(contractTransition, input);
  return db.transaction(async (tx) => {
    const contract = await lockContract(tx, actor, id, version);
    if (!isApprovable(contract.state)) {
      throw new InvalidStateError(err('contracts.onlySubmittedApproved', { state: state(contract.state) }));
    }
    await approveLocked(tx, actor, [contract], now, comment);
    return getContract(tx, actor, id);
  });
}

/**
 * A new amendment (Draft, same code, next number, the original's details) of an executable or effective
 * contract. The original stays in force, amendable no more than once at a time, until the amendment is
 * approved (then it becomes Addendum); deleting the draft leaves it exactly as it was.
 */
export async function amendContract(db: DbOrTx, actor: Actor, input: unknown): Promise<ContractDto> {
  requireOp(actor, 'amend');
  const { id, version, comment } = parseInput(contractTransition, input);
  try {
    return await db.transaction(async (tx) => {
      const original = await lockContract(tx, actor, id, version);
      if (!STATE_CONFIG.amendable.includes(original.state)) {
        throw new InvalidStateError(err('contracts.onlyApprovedAmended', { state: state(original.state) }));
      }
      await assertNoOpenAmendment(tx, original.code);
      const [last] = await tx
        .select({ n: max(contracts.amendment) })
        .from(contracts)
        .where(and(eq(contracts.code, original.code), eq(contracts.isDeleted, false)));
      const [amendment] = await tx
        .insert(contracts)
        .values({
          code: original.code,
          policyHolderId: original.policyHolderId,
          paymentReference: original.paymentReference,
          dateValidFrom: original.dateValidFrom,
          dateValidTo: original.dateValidTo,
          state: ContractState.Draft,
          amendment: (last?.n ?? original.amendment) + 1,
          parentId: original.id,
          autoRenew: original.autoRenew,
          createdBy: actor.id,
          updatedBy: actor.id,
        })
        .returning();
      await tx.execute(sql`
        insert into contract_details (contract_id, insuree_id, policy_holder_insuree_id, bundle_id, calculation_params, created_by, updated_by)
        select ${amendment!.id}, insuree_id, policy_holder_insuree_id, bundle_id, calculation_params, ${actor.id}, ${actor.id}
        from contract_details where contract_id = ${original.id} and is_deleted = false`);
      const amounts = await revalue(tx, amendment!);
      await tx.update(contracts).set(amounts).where(eq(contracts.id, amendment!.id));
      await applyChange(tx, actor, original, 'amend', {}, comment);
      await writeAudit(tx, actor, [
        {
          operation: 'create_amendment',
          entity: 'contract',
          entityId: amendment!.id,
          changes: diffFields(null, {
            code: amendment!.code,
            amendment: amendment!.amendment,
            parentId: original.id,
            state: ContractState.Draft,
            ...amounts,
          }),
        },
      ]);
      return getContract(tx, actor, amendment!.id);
    });
  } catch (e) {
    if (isUniqueViolation(e, 'contracts_open_amendment_uq')) throw new ConflictError(OPEN_AMENDMENT);
    throw e;
  }
}

const ALREADY_RENEWED = err('contracts.contractAlreadyRenewed');

/** The contract an amendment chain hangs from (amendment 0): renewals point at it, one live renewal each. */
async function chainRoot(tx: Tx, contract: ContractRow): Promise<string> {
  if (contract.amendment === 0) return contract.id;
  const [root] = await tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(
      and(eq(contracts.code, contract.code), eq(contracts.amendment, 0), eq(contracts.isDeleted, false)),
    );
  return root?.id ?? contract.id;
}

/** Do all the products of the contract's details ask for automatic renewals to start Negotiable? */
async function renewsAsNegotiable(tx: Tx, contractId: string): Promise<boolean> {
  const [row] = await tx.execute<{ n: number; yes: number }>(sql`
    select count(*)::int as n, count(*) filter (where p.renew_as_negotiable)::int as yes
    from contract_details d
    join contribution_plan_bundle_plans bp on bp.bundle_id = d.bundle_id
    join contribution_plans cp on cp.id = bp.plan_id and cp.is_deleted = false
    join products p on p.id = cp.product_id
    where d.contract_id = ${contractId} and d.is_deleted = false`);
  return !!row && Number(row.n) > 0 && Number(row.n) === Number(row.yes);
}

/**
 * The next period's contract for a locked executable or effective contract: from the day after, whole
 * months for a whole-month period (month ends kept) or else the same number of days, with the policy
 * holder's current insurees. At most one live renewal per contract (checked here, and by a unique index
 * for two renewals racing). Draft, or Negotiable for an automatic renewal when its products say so.
 */
async function renewLocked(
  tx: Tx,
  actor: Actor,
  old: ContractRow,
  options: { code?: string; comment?: string; automatic?: boolean },
): Promise<string> {
  if (!STATE_CONFIG.renewable.includes(old.state)) {
    throw new InvalidStateError(err('contracts.onlyApprovedRenewed', { state: state(old.state) }));
  }
  const rootId = await chainRoot(tx, old);
  const [existing] = await tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.parentId, rootId), eq(contracts.amendment, 0), eq(contracts.isDeleted, false)));
  if (existing) throw new ConflictError(ALREADY_RENEWED);
  const { from, to } = nextPeriod(old.dateValidFrom, old.dateValidTo);
  let newCode = options.code;
  if (!newCode) {
    const base = old.code.replace(/-R\d+$/, '');
    const [n] = await tx
      .select({ n: count() })
      .from(contracts)
      .where(and(like(contracts.code, `${base}-R%`), eq(contracts.amendment, 0)));
    newCode = `${base}-R${(n?.n ?? 0) + 1}`.slice(0, 64);
  }
  const [renewal] = await tx
    .insert(contracts)
    .values({
      code: newCode,
      policyHolderId: old.policyHolderId,
      paymentReference: old.paymentReference,
      dateValidFrom: from,
      dateValidTo: to,
      state: ContractState.Draft,
      parentId: rootId,
      autoRenew: old.autoRenew,
      createdBy: actor.id,
      updatedBy: actor.id,
    })
    .returning();
  if (renewal!.policyHolderId) {
    await importPolicyHolderInsurees(tx, actor.id, {
      ...renewal!,
      policyHolderId: renewal!.policyHolderId,
    });
  }
  const { total } = await valuate(tx, renewal!);
  const amount = toMoneyString(total);
  const negotiable =
    !!options.automatic && !!renewal!.policyHolderId && (await renewsAsNegotiable(tx, renewal!.id));
  const values = negotiable
    ? {
        state: ContractState.Negotiable,
        amountNotified: amount,
        amountRectified: amount,
        amountGross: amount,
      }
    : { amountNotified: amount, amountGross: amount };
  await tx.update(contracts).set(values).where(eq(contracts.id, renewal!.id));
  await writeAudit(tx, actor, [
    {
      operation: 'renew',
      entity: 'contract',
      entityId: renewal!.id,
      changes: diffFields(null, {
        code: newCode,
        renewedFrom: old.id,
        dateValidFrom: from,
        dateValidTo: to,
        ...values,
        automatic: options.automatic ? true : undefined,
        comment: options.comment,
      }),
    },
  ]);
  await postTransitionComments(tx, actor, [renewal!.id], 'renew', options.comment);
  return renewal!.id;
}

function mapRenewConflicts(e: unknown): never {
  if (isUniqueViolation(e, 'contracts_code_live_uq')) {
    throw new ConflictError(err('contracts.codeTaken'), {
      code: [err('contracts.codeTaken')],
    });
  }
  if (isUniqueViolation(e, 'contracts_renewal_uq')) throw new ConflictError(ALREADY_RENEWED);
  throw e;
}

/** Renew by hand (contract.renew): the next period's draft, see renewLocked. */
export async function renewContract(db: DbOrTx, actor: Actor, input: unknown): Promise<ContractDto> {
  requireOp(actor, 'renew');
  const { id, version, code, comment } = parseInput(contractRenew, input);
  try {
    return await db.transaction(async (tx) => {
      const old = await lockContract(tx, actor, id, version);
      const renewalId = await renewLocked(tx, actor, old, { code, comment });
      return getContract(tx, actor, renewalId);
    });
  } catch (e) {
    mapRenewConflicts(e);
  }
}

/** Days before a contract's end at which the daily job renews it (PACTUM_RENEW_DAYS_BEFORE, default 30). */
export function renewDaysBefore(): number {
  const n = Number(process.env.PACTUM_RENEW_DAYS_BEFORE ?? 30);
  return Number.isInteger(n) && n >= 0 ? n : 30;
}

/**
 * UC3-14, the daily job: every auto-renew contract (executable or effective, not yet renewed) ending
 * within `daysBefore` days gets its next period's contract, each in its own transaction so that one
 * failure does not hold back the others. Exactly once: a renewed contract is skipped, and two jobs
 * racing meet the unique index. Returns the renewals created and the failures.
 */
export async function autoRenewContracts(
  db: DbOrTx,
  actor: Actor,
  today = todayIso(),
  daysBefore = renewDaysBefore(),
): Promise<{ renewed: number; failed: { id: string; error: string }[] }> {
  assertCan(actor, 'contract.renew');
  const due = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(
      and(
        eq(contracts.autoRenew, true),
        eq(contracts.isDeleted, false),
        inArray(contracts.state, [...STATE_CONFIG.renewable]),
        lte(contracts.dateValidTo, addDays(today, daysBefore)),
        sql`not exists (select 1 from contracts r where r.parent_id = (case when ${contracts.amendment} = 0
          then ${contracts.id} else (select o.id from contracts o where o.code = ${contracts.code}
          and o.amendment = 0 and o.is_deleted = false) end) and r.amendment = 0 and r.is_deleted = false)`,
      ),
    )
    .orderBy(contracts.dateValidTo, contracts.id);
  let renewed = 0;
  const failed: { id: string; error: string }[] = [];
  for (const { id } of due) {
    try {
      await db.transaction(async (tx) => {
        const old = await lockContract(tx, actor, id);
        if (!old.autoRenew || !STATE_CONFIG.renewable.includes(old.state)) return;
        await renewLocked(tx, actor, old, { automatic: true });
        renewed++;
      });
    } catch (e) {
      if (e instanceof ConflictError || isUniqueViolation(e, 'contracts_renewal_uq')) continue;
      failed.push({ id, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return { renewed, failed };
}

/** Staff switch a contract's automatic renewal on or off (contract.renew), in any state but Terminated. */
export async function setAutoRenew(db: DbOrTx, actor: Actor, input: unknown): Promise<ContractDto> {
  requireOp(actor, 'renew');
  const { id, version, autoRenew } = parseInput(contractAutoRenew, input);
  return db.transaction(async (tx) => {
    const contract = await lockContract(tx, actor, id, version);
    if (contract.state === ContractState.Terminated) {
      throw new InvalidStateError(err('contracts.terminatedContractNotRenewed'));
    }
    if (contract.autoRenew !== autoRenew) await applyChange(tx, actor, contract, 'auto_renew', { autoRenew });
    return getContract(tx, actor, id);
  });
}

/**
 * Manual termination (contract.approve) with a reason and the last day of cover (today by default; not in
 * the past, not after the contract's end). The contract is Terminated at once; its chain's cover ends on
 * that day, and what was received for the days after it comes back as a credit (settleTermination).
 */
export async function terminateContract(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  today = todayIso(),
): Promise<ContractDto> {
  requireOp(actor, 'approve', err('contracts.approverTerminateContract'));
  const { id, version, comment, dateTerminated } = parseInput(contractTerminate, input);
  return db.transaction(async (tx) => {
    const contract = await lockContract(tx, actor, id, version);
    if (!STATE_CONFIG.terminable.includes(contract.state)) {
      throw new InvalidStateError(err('contracts.stateCannotTerminate', { state: state(contract.state) }));
    }
    // Without a date: today, or the contract's end when that is already past (its cover ended then).
    const lastDay = dateTerminated ?? minDate(today, contract.dateValidTo);
    if (dateTerminated && lastDay < today) {
      const msg = err('contracts.terminationDateCannotPast');
      throw new ValidationError(msg, { dateTerminated: [msg] });
    }
    if (lastDay > contract.dateValidTo) {
      const msg = err('contracts.terminationDateEndContract');
      throw new ValidationError(msg, { dateTerminated: [msg] });
    }
    const settlement = await settleTermination(tx, actor, contract, lastDay, today);
    await applyChange(
      tx,
      actor,
      contract,
      'terminate',
      { state: ContractState.Terminated, stateReason: comment, dateTerminated: lastDay },
      comment,
      settlement.credit ? [{ field: 'credit', oldValue: null, newValue: settlement.credit }] : [],
    );
    await recordEvent(tx, 'contract.terminated', id, {
      reason: comment,
      dateTerminated: lastDay,
      credit: settlement.credit,
    });
    return getContract(tx, actor, id);
  });
}

/**
 * The daily job: effective contracts whose period has ended become Terminated, in one set-based
 * statement, with one audit row each.
 */
export async function terminateExpiredContracts(
  db: DbOrTx,
  actor: Actor,
  today = todayIso(),
): Promise<number> {
  assertCan(actor, 'contract.approve');
  return db.transaction(async (tx) => {
    const ended = await tx
      .update(contracts)
      .set({
        state: ContractState.Terminated,
        stateReason: 'Contract period ended',
        version: sql`${contracts.version} + 1`,
        updatedAt: new Date(),
        updatedBy: actor.id,
      })
      .where(
        and(
          eq(contracts.state, ContractState.Effective),
          lt(contracts.dateValidTo, today),
          eq(contracts.isDeleted, false),
        ),
      )
      .returning({ id: contracts.id });
    if (ended.length) {
      await writeAudit(
        tx,
        actor,
        ended.map((c) => ({
          operation: 'terminate',
          entity: 'contract',
          entityId: c.id,
          changes: [
            {
              field: 'state',
              oldValue: String(ContractState.Effective),
              newValue: String(ContractState.Terminated),
            },
          ],
        })),
      );
    }
    return ended.length;
  });
}

import { and, count, eq, like, lt, max, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { contractDetails, contracts } from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { postTransitionComments } from '../comments/comments';
import { addDays, addMonths, daysInclusive, todayIso, wholeMonths } from '../dates';
import { ConflictError, InvalidStateError, isUniqueViolation, ValidationError } from '../errors';
import { toMoneyString } from '../money';
import { recordEvent } from '../notifications/events';
import { contractRenew, contractTerminate, contractTransition } from '../validation/contract';
import { parseInput } from '../validation/parse';
import { type ContractRow, lockContract, requireOp } from './access';
import { approveLocked } from './approval';
import { assertSubmittable } from './cover';
import { type ContractDto, getContract } from './contracts';
import { ContractState, isApprovable, isUpdatable, STATE_CONFIG, stateLabel } from './states';
import { importPolicyHolderInsurees, valuate } from './valuation-data';

type Changes = Partial<ContractRow>;

async function applyChange(
  tx: Tx,
  actor: Actor,
  contract: ContractRow,
  operation: string,
  changes: Changes,
  comment?: string,
) {
  await tx
    .update(contracts)
    .set({ ...changes, version: contract.version + 1, updatedAt: new Date(), updatedBy: actor.id })
    .where(eq(contracts.id, contract.id));
  const fieldChanges = diffFields(contract, changes);
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
      throw new InvalidStateError('This contract is already submitted.');
    if (!isUpdatable(contract.state)) {
      throw new InvalidStateError(`A contract in state ${stateLabel(contract.state)} cannot be submitted.`);
    }
    if (!contract.policyHolderId) {
      throw new ValidationError('The contract has no policy holder; set one before submitting.', {
        policyHolderId: ['Set the policy holder before submitting.'],
      });
    }
    const [details] = await tx
      .select({ n: count() })
      .from(contractDetails)
      .where(and(eq(contractDetails.contractId, id), eq(contractDetails.isDeleted, false)));
    if (!details?.n)
      throw new ValidationError('The contract has no insured person; add at least one before submitting.');
    await assertSubmittable(tx, contract);
    const { total } = await valuate(tx, contract);
    await applyChange(
      tx,
      actor,
      contract,
      'submit',
      { state: ContractState.Negotiable, amountRectified: toMoneyString(total), stateReason: null },
      comment,
    );
    return getContract(tx, actor, id);
  });
}

/** Ask for changes: Negotiable → Counter, with an optional reason sent to the policy holder. */
export async function counterContract(db: DbOrTx, actor: Actor, input: unknown): Promise<ContractDto> {
  requireOp(actor, 'approve', 'Only an approver can ask for changes.');
  const { id, version, comment } = parseInput(contractTransition, input);
  return db.transaction(async (tx) => {
    const contract = await lockContract(tx, actor, id, version);
    if (!isApprovable(contract.state)) {
      throw new InvalidStateError(
        `Only a submitted contract can be countered; this one is ${stateLabel(contract.state)}.`,
      );
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
  requireOp(actor, 'approve', 'Only an approver can approve a contract.');
  const { id, version, comment } = parseInput(contractTransition, input);
  return db.transaction(async (tx) => {
    const contract = await lockContract(tx, actor, id, version);
    if (!isApprovable(contract.state)) {
      throw new InvalidStateError(
        `Only a submitted contract can be approved; this one is ${stateLabel(contract.state)}.`,
      );
    }
    await approveLocked(tx, actor, [contract], now, comment);
    return getContract(tx, actor, id);
  });
}

/** A new amendment of an executable or effective contract; the original becomes an Addendum. */
export async function amendContract(db: DbOrTx, actor: Actor, input: unknown): Promise<ContractDto> {
  requireOp(actor, 'amend');
  const { id, version, comment } = parseInput(contractTransition, input);
  return db.transaction(async (tx) => {
    const original = await lockContract(tx, actor, id, version);
    if (!STATE_CONFIG.amendable.includes(original.state)) {
      throw new InvalidStateError(
        `Only an executable or effective contract can be amended; this one is ${stateLabel(original.state)}.`,
      );
    }
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
        createdBy: actor.id,
        updatedBy: actor.id,
      })
      .returning();
    await tx.execute(sql`
      insert into contract_details (contract_id, insuree_id, policy_holder_insuree_id, bundle_id, calculation_params, created_by, updated_by)
      select ${amendment!.id}, insuree_id, policy_holder_insuree_id, bundle_id, calculation_params, ${actor.id}, ${actor.id}
      from contract_details where contract_id = ${original.id} and is_deleted = false`);
    const { total } = await valuate(tx, amendment!);
    await tx
      .update(contracts)
      .set({ amountNotified: toMoneyString(total) })
      .where(eq(contracts.id, amendment!.id));
    await applyChange(tx, actor, original, 'amend', { state: ContractState.Addendum }, comment);
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
          amountNotified: toMoneyString(total),
        }),
      },
    ]);
    return getContract(tx, actor, amendment!.id);
  });
}

/** The next period's draft: from the day after, for the same length, with the policy holder's current insurees. */
export async function renewContract(db: DbOrTx, actor: Actor, input: unknown): Promise<ContractDto> {
  requireOp(actor, 'renew');
  const { id, version, code, comment } = parseInput(contractRenew, input);
  try {
    return await db.transaction(async (tx) => {
      const old = await lockContract(tx, actor, id, version);
      if (!STATE_CONFIG.renewable.includes(old.state)) {
        throw new InvalidStateError(
          `Only an executable, effective or terminated contract can be renewed; this one is ${stateLabel(old.state)}.`,
        );
      }
      const from = addDays(old.dateValidTo, 1);
      const months = wholeMonths(old.dateValidFrom, old.dateValidTo);
      const to = months
        ? addDays(addMonths(from, months), -1)
        : addDays(from, daysInclusive(old.dateValidFrom, old.dateValidTo) - 1);
      let newCode = code;
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
          parentId: old.id,
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
      await tx
        .update(contracts)
        .set({ amountNotified: toMoneyString(total) })
        .where(eq(contracts.id, renewal!.id));
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
            amountNotified: toMoneyString(total),
            comment,
          }),
        },
      ]);
      await postTransitionComments(tx, actor, [renewal!.id], 'renew', comment);
      return getContract(tx, actor, renewal!.id);
    });
  } catch (e) {
    if (isUniqueViolation(e, 'contracts_code_live_uq')) {
      throw new ConflictError('This code is already used by another contract.', {
        code: ['This code is already used by another contract.'],
      });
    }
    throw e;
  }
}

/** Manual termination with a reason (contract.approve). */
export async function terminateContract(db: DbOrTx, actor: Actor, input: unknown): Promise<ContractDto> {
  requireOp(actor, 'approve', 'Only an approver can terminate a contract.');
  const { id, version, comment } = parseInput(contractTerminate, input);
  return db.transaction(async (tx) => {
    const contract = await lockContract(tx, actor, id, version);
    if (!STATE_CONFIG.terminable.includes(contract.state)) {
      throw new InvalidStateError(`A contract in state ${stateLabel(contract.state)} cannot be terminated.`);
    }
    await applyChange(
      tx,
      actor,
      contract,
      'terminate',
      { state: ContractState.Terminated, stateReason: comment },
      comment,
    );
    await recordEvent(tx, 'contract.terminated', id, { reason: comment });
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

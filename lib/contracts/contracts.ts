import { and, eq, ne, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { contractDetails, contracts, policyHolders } from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import { type Actor, can } from '../auth/actor';
import { assertFound, changedValues } from '../concurrency';
import {
  ConflictError,
  ForbiddenError,
  InvalidStateError,
  isUniqueViolation,
  NotFoundError,
  ValidationError,
} from '../errors';
import { err, label, state } from '../i18n/keyed';
import { currencyCode, toMoneyString } from '../money';
import { isUuid } from '../validation/common';
import {
  CONTRACT_TOO_LONG,
  contractCreate,
  contractPeriodFits,
  contractRef,
  contractUpdate,
} from '../validation/contract';
import { parseInput } from '../validation/parse';
import {
  assertEditable,
  type ContractRow,
  contractScope,
  lockContract,
  requireEditRight,
  requireOp,
} from './access';
import { chainReceived } from './amendments';
import { ContractState, STATE_CONFIG, STATES } from './states';
import { importPolicyHolderInsurees, valuate } from './valuation-data';

export type ContractDto = {
  id: string;
  version: number;
  code: string;
  policyHolderId: string | null;
  policyHolderCode: string | null;
  policyHolderName: string | null;
  amountNotified: string | null;
  amountRectified: string | null;
  amountDue: string | null;
  /** The valuation before what the amendment chain received (equal to the amounts outside amendments). */
  amountGross: string | null;
  amount: string | null;
  dateApproved: string | null;
  datePaymentDue: string | null;
  state: number;
  stateName: string;
  stateReason: string | null;
  paymentReference: string | null;
  amendment: number;
  parentId: string | null;
  dateValidFrom: string;
  dateValidTo: string;
  autoRenew: boolean;
  dateTerminated: string | null;
  /** ISO 4217 code of every amount: the installation's one currency (PACTUM_CURRENCY). */
  currency: string;
  isDeleted: boolean;
  updatedAt: string;
};

export const contractColumns = {
  id: contracts.id,
  version: contracts.version,
  code: contracts.code,
  policyHolderId: contracts.policyHolderId,
  policyHolderCode: policyHolders.code,
  policyHolderName: policyHolders.tradeName,
  amountNotified: contracts.amountNotified,
  amountRectified: contracts.amountRectified,
  amountDue: contracts.amountDue,
  amountGross: contracts.amountGross,
  amount: contracts.amount,
  dateApproved: contracts.dateApproved,
  datePaymentDue: contracts.datePaymentDue,
  state: contracts.state,
  stateReason: contracts.stateReason,
  paymentReference: contracts.paymentReference,
  amendment: contracts.amendment,
  parentId: contracts.parentId,
  dateValidFrom: contracts.dateValidFrom,
  dateValidTo: contracts.dateValidTo,
  autoRenew: contracts.autoRenew,
  dateTerminated: contracts.dateTerminated,
  isDeleted: contracts.isDeleted,
  updatedAt: contracts.updatedAt,
};

type ContractSelect = {
  [K in keyof typeof contractColumns]: (typeof contractColumns)[K]['_']['data'] | null;
};

export function toContractDto(r: ContractSelect): ContractDto {
  const state = Number(r.state);
  return {
    ...(r as unknown as ContractDto),
    state,
    stateName: STATES[state]?.name ?? String(state),
    currency: currencyCode(),
    dateApproved: r.dateApproved ? (r.dateApproved as Date).toISOString() : null,
    updatedAt: (r.updatedAt as Date).toISOString(),
  };
}

/** One contract as its reader may see it; another policy holder's id is "not found". */
export async function getContract(
  db: DbOrTx,
  actor: Actor,
  id: string,
  options: { includeDeleted?: boolean } = {},
) {
  requireOp(actor, 'read');
  const [row] = await db
    .select(contractColumns)
    .from(contracts)
    .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
    .where(
      and(
        eq(contracts.id, id),
        options.includeDeleted ? undefined : eq(contracts.isDeleted, false),
        contractScope(actor),
      ),
    );
  assertFound(row, 'contract');
  return toContractDto(row);
}

async function assertPolicyHolder(tx: DbOrTx, actor: Actor, policyHolderId: string) {
  if (actor.isPortal && !actor.policyHolderIds.includes(policyHolderId))
    throw new NotFoundError(err('notFound', { label: label('policyHolder') }));
  const [ph] = await tx
    .select({ id: policyHolders.id })
    .from(policyHolders)
    .where(and(eq(policyHolders.id, policyHolderId), eq(policyHolders.isDeleted, false)));
  if (!ph)
    throw new ValidationError(err('notFound', { label: label('policyHolder') }), {
      policyHolderId: [err('notFound', { label: label('policyHolder') })],
    });
}

const CODE_TAKEN = err('contracts.codeTaken');

async function assertCodeFree(tx: DbOrTx, code: string, exceptId?: string, scope?: SQL) {
  const [taken] = await tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(
      and(
        eq(contracts.code, code),
        eq(contracts.amendment, 0),
        eq(contracts.isDeleted, false),
        exceptId ? ne(contracts.id, exceptId) : undefined,
        scope,
      ),
    );
  if (taken) throw new ConflictError(CODE_TAKEN, { code: [CODE_TAKEN] });
}

/**
 * Is a code free? For the live check in the contract form.
 *
 * Codes are unique across the whole register, so creating a contract with a code another policy holder
 * uses must be refused. But this check answers on every keystroke, writes nothing and is not audited: for
 * a portal actor, answering for every tenant would let it enumerate other employers' contract codes at
 * will. So a portal actor is told only about its own policy holders' contracts (the common case: re-using
 * one's own code); a clash with a foreign code surfaces only when the contract is created, which needs
 * the create right and, when the code is free, writes an audited draft. Staff, who read every contract,
 * get the full answer.
 */
export async function isContractCodeFree(db: DbOrTx, actor: Actor, code: string, exceptId?: string) {
  requireOp(actor, 'read');
  if (typeof code !== 'string' || !code.trim()) return false;
  const except = exceptId && isUuid(exceptId) ? exceptId : undefined;
  return assertCodeFree(db, code.trim(), except, contractScope(actor)).then(
    () => true,
    (e) => {
      if (e instanceof ConflictError) return false;
      throw e;
    },
  );
}

function mapUniqueCode(e: unknown): never {
  if (isUniqueViolation(e, 'contracts_code_live_uq'))
    throw new ConflictError(CODE_TAKEN, { code: [CODE_TAKEN] });
  throw e;
}

/**
 * Re-values the contract from its details: amount notified, or amount rectified once it is submitted;
 * for an amendment net of what its chain already received, with the gross value beside it.
 */
export async function revalue(tx: DbOrTx, contract: ContractRow): Promise<Partial<ContractRow>> {
  const { total } = await valuate(tx, contract);
  const amount = toMoneyString(total.minus(await chainReceived(tx, contract)));
  const amountGross = toMoneyString(total);
  return contract.state === 4
    ? { amountRectified: amount, amountGross }
    : { amountNotified: amount, amountGross };
}

export async function createContract(db: DbOrTx, actor: Actor, input: unknown): Promise<ContractDto> {
  requireOp(actor, 'create');
  const data = parseInput(contractCreate, input);
  if (actor.isPortal && !data.policyHolderId) {
    throw new ValidationError(err('common.choosePolicyHolder'), {
      policyHolderId: [err('common.choosePolicyHolder')],
    });
  }
  try {
    return await db.transaction(async (tx) => {
      if (data.policyHolderId) await assertPolicyHolder(tx, actor, data.policyHolderId);
      await assertCodeFree(tx, data.code);
      const [row] = await tx
        .insert(contracts)
        .values({
          code: data.code,
          policyHolderId: data.policyHolderId ?? null,
          paymentReference: data.paymentReference,
          dateValidFrom: data.dateValidFrom,
          dateValidTo: data.dateValidTo,
          state: 2,
          createdBy: actor.id,
          updatedBy: actor.id,
        })
        .returning();
      assertFound(row, 'contract');
      let imported = 0;
      if (row.policyHolderId) {
        imported = await importPolicyHolderInsurees(tx, actor.id, {
          ...row,
          policyHolderId: row.policyHolderId,
        });
      }
      const amounts = await revalue(tx, row);
      await tx.update(contracts).set(amounts).where(eq(contracts.id, row.id));
      await writeAudit(tx, actor, [
        {
          operation: 'create',
          entity: 'contract',
          entityId: row.id,
          changes: [
            ...diffFields(null, { ...data, state: 2, amendment: 0, ...amounts }),
            ...(imported ? [{ field: 'details', oldValue: null, newValue: `${imported} imported` }] : []),
          ],
        },
      ]);
      return getContract(tx, actor, row.id);
    });
  } catch (e) {
    mapUniqueCode(e);
  }
}

export async function updateContract(db: DbOrTx, actor: Actor, input: unknown): Promise<ContractDto> {
  requireEditRight(actor);
  const { id, version, ...fields } = parseInput(contractUpdate, input);
  try {
    return await db.transaction(async (tx) => {
      const current = await lockContract(tx, actor, id, version);
      assertEditable(actor, current);
      const changes = changedValues(current, fields);

      if ('policyHolderId' in changes) {
        if (current.policyHolderId) {
          const msg = err('contracts.policyHolderContractCannot');
          throw new ValidationError(msg, { policyHolderId: [msg] });
        }
        if (!changes.policyHolderId) delete changes.policyHolderId;
        else await assertPolicyHolder(tx, actor, changes.policyHolderId);
      }
      const approverOnly = (['code', 'dateValidFrom', 'dateValidTo'] as const).filter((f) => f in changes);
      if (approverOnly.length && !can(actor, 'contract.approve')) {
        throw new ForbiddenError(err('contracts.approverChangeCodeValidity'), {
          [approverOnly[0]!]: [err('contracts.approverChangeField')],
        });
      }
      if (current.state === ContractState.Negotiable && approverOnly.length) {
        // The specification: in an approvable state, everything except Code, DateValidFrom and
        // DateValidTo; the policy holder signed this period and its value, so changing them needs a counter.
        const msg = err('contracts.codeValidityDatesSubmitted');
        throw new ValidationError(msg, { [approverOnly[0]!]: [msg] });
      }
      if (current.amendment > 0) {
        const locked = (['code', 'dateValidFrom'] as const).filter((f) => f in changes);
        if (locked.length) {
          const msg = err('contracts.codeValidDateAmendment');
          throw new ValidationError(msg, { [locked[0]!]: [msg] });
        }
      }
      const next = { ...current, ...changes };
      if (next.dateValidTo < next.dateValidFrom) {
        throw new ValidationError(err('validToAfterFrom'), {
          dateValidTo: [err('validToAfterFrom')],
        });
      }
      if (!contractPeriodFits(next.dateValidFrom, next.dateValidTo)) {
        throw new ValidationError(CONTRACT_TOO_LONG, { dateValidTo: [CONTRACT_TOO_LONG] });
      }
      if (changes.code) await assertCodeFree(tx, changes.code, id);
      if (Object.keys(changes).length === 0) return getContract(tx, actor, id);

      if (changes.policyHolderId) {
        const existing = await tx
          .select({ insureeId: contractDetails.insureeId })
          .from(contractDetails)
          .where(and(eq(contractDetails.contractId, id), eq(contractDetails.isDeleted, false)));
        await importPolicyHolderInsurees(
          tx,
          actor.id,
          { ...next, policyHolderId: changes.policyHolderId },
          new Set(existing.map((d) => d.insureeId)),
        );
      }
      const amounts = await revalue(tx, next as ContractRow);
      const all = { ...changes, ...changedValues(current, amounts) };
      await tx
        .update(contracts)
        .set({ ...all, version: current.version + 1, updatedAt: new Date(), updatedBy: actor.id })
        .where(eq(contracts.id, id));
      await writeAudit(tx, actor, [
        { operation: 'update', entity: 'contract', entityId: id, changes: diffFields(current, all) },
      ]);
      return getContract(tx, actor, id);
    });
  } catch (e) {
    mapUniqueCode(e);
  }
}

export async function deleteContract(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  requireOp(actor, 'delete');
  const { id, version } = parseInput(contractRef, input);
  await db.transaction(async (tx) => {
    const current = await lockContract(tx, actor, id, version);
    if (!STATE_CONFIG.deletable.includes(current.state)) {
      throw new InvalidStateError(err('contracts.stateCannotDelete', { state: state(current.state) }));
    }
    await tx
      .update(contracts)
      .set({
        isDeleted: true,
        version: sql`${contracts.version} + 1`,
        updatedAt: new Date(),
        updatedBy: actor.id,
      })
      .where(eq(contracts.id, id));
    await writeAudit(tx, actor, [
      {
        operation: 'delete',
        entity: 'contract',
        entityId: id,
        changes: [{ field: 'isDeleted', oldValue: 'false', newValue: 'true' }],
      },
    ]);
  });
}

/** Bumps the contract's version and re-values it after a change of its details. */
export async function touchContract(tx: Tx, actor: Actor, contract: ContractRow, operation: string) {
  const amounts = await revalue(tx, contract);
  const changes = changedValues(contract, amounts);
  await tx
    .update(contracts)
    .set({ ...changes, version: contract.version + 1, updatedAt: new Date(), updatedBy: actor.id })
    .where(eq(contracts.id, contract.id));
  if (Object.keys(changes).length) {
    await writeAudit(tx, actor, [
      { operation, entity: 'contract', entityId: contract.id, changes: diffFields(contract, changes) },
    ]);
  }
}

import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { contracts } from '@/db/schema';
import { type Actor, can } from '../auth/actor';
import type { Permission } from '../auth/permissions';
import { assertFound, assertVersion } from '../concurrency';
import { ForbiddenError, InvalidStateError } from '../errors';
import { err, state } from '../i18n/keyed';
import { isApprovable, isUpdatable } from './states';

export type ContractOp =
  | 'read'
  | 'create'
  | 'update'
  | 'delete'
  | 'submit'
  | 'approve'
  | 'amend'
  | 'renew'
  | 'invoice'
  | 'payment';

const STAFF: Record<ContractOp, Permission> = {
  read: 'contract.read',
  create: 'contract.create',
  update: 'contract.update',
  delete: 'contract.delete',
  submit: 'contract.submit',
  approve: 'contract.approve',
  amend: 'contract.amend',
  renew: 'contract.renew',
  invoice: 'invoice.create',
  payment: 'payment.record',
};

/** Portal users act for their policy holders with portal.* rights; the insurer's operations stay closed to them. */
const PORTAL: Partial<Record<ContractOp, Permission>> = {
  read: 'portal.contract.read',
  create: 'portal.contract.create',
  update: 'portal.contract.update',
  submit: 'portal.contract.submit',
};

export function permissionFor(actor: Actor, op: ContractOp): Permission | undefined {
  return actor.isPortal ? PORTAL[op] : STAFF[op];
}

export function canDo(actor: Actor, op: ContractOp): boolean {
  const p = permissionFor(actor, op);
  return !!p && can(actor, p);
}

export function requireOp(actor: Actor, op: ContractOp, message?: string): void {
  if (!canDo(actor, op)) throw new ForbiddenError(message);
}

/** Tenant scope: a portal user's queries only ever see its policy holders' contracts. */
export function contractScope(actor: Actor): SQL | undefined {
  if (!actor.isPortal) return undefined;
  return actor.policyHolderIds.length
    ? inArray(contracts.policyHolderId, [...actor.policyHolderIds])
    : eq(contracts.id, '00000000-0000-0000-0000-000000000000');
}

export type ContractRow = typeof contracts.$inferSelect;

/** Locks the contract row for the rest of the transaction and checks the version the caller saw. */
export async function lockContract(tx: Tx, actor: Actor, id: string, version?: number): Promise<ContractRow> {
  const [row] = await tx
    .select()
    .from(contracts)
    .where(and(eq(contracts.id, id), eq(contracts.isDeleted, false), contractScope(actor)))
    .for('update');
  assertFound(row, 'contract');
  assertVersion(row, version, 'contract');
  return row;
}

/**
 * Who may edit a contract (its fields or its details) in its current state: updatable states (1, 2, 11)
 * with contract.update or contract.approve; Negotiable (4) only with contract.approve; never otherwise.
 */
export function assertEditable(actor: Actor, contract: ContractRow): void {
  if (isUpdatable(contract.state)) {
    if (
      actor.isPortal
        ? canDo(actor, 'update')
        : can(actor, 'contract.update') || can(actor, 'contract.approve')
    )
      return;
    throw new ForbiddenError(err('contracts.mayNotChangeContract'));
  }
  if (isApprovable(contract.state)) {
    if (!actor.isPortal && can(actor, 'contract.approve')) return;
    throw new ForbiddenError(err('contracts.submittedNegotiableContractChanged'));
  }
  throw new InvalidStateError(err('contracts.stateCannotChange', { state: state(contract.state) }));
}

/**
 * The least right any edit of a contract needs, whatever its state: checked before the contract is read
 * or locked, so a reader without it is refused before learning whether an id exists or which version
 * it has.
 */
export function requireEditRight(actor: Actor): void {
  const any = actor.isPortal
    ? canDo(actor, 'update')
    : can(actor, 'contract.update') || can(actor, 'contract.approve');
  if (!any) throw new ForbiddenError(err('contracts.mayNotChangeContract'));
}

/** The same rule as assertEditable, as a yes/no for showing or hiding edit controls. */
export function canEditContract(actor: Actor, contract: Pick<ContractRow, 'state'>): boolean {
  try {
    assertEditable(actor, contract as ContractRow);
    return true;
  } catch {
    return false;
  }
}

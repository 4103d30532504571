import type Decimal from 'decimal.js';
import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { contracts, installments } from '@/db/schema';
import { writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import { ConflictError, InvalidStateError } from '../errors';
import { err } from '../i18n/keyed';
import { money } from '../money';
import type { ContractRow } from './access';
import { ContractState, STATE_CONFIG } from './states';

/** States in which an amendment is still open (not yet approved): at most one per contract, by index too. */
export const OPEN_AMENDMENT_STATES = [1, 2, 3, 4, 11] as const;

export const OPEN_AMENDMENT = err('contracts.contractAlreadyAmendmentProgress');

/**
 * What the contracts before this one in its amendment chain (same code, lower amendment number) have
 * received: an amendment's amounts are its valuation net of it (the specification: "Contract value =
 * value of the contribution plan details − amount already paid for that contract").
 */
export async function chainReceived(
  tx: DbOrTx,
  contract: Pick<ContractRow, 'code' | 'amendment'>,
): Promise<Decimal> {
  if (contract.amendment === 0) return money(0);
  // The money receipts allocated to the chain's live installments (those of its earlier contracts).
  const [row] = await tx
    .select({ received: sql<string>`coalesce(sum(${installments.allocated}), 0)` })
    .from(installments)
    .innerJoin(contracts, eq(contracts.id, installments.contractId))
    .where(
      and(
        eq(installments.chainCode, contract.code),
        eq(installments.live, true),
        lt(contracts.amendment, contract.amendment),
      ),
    );
  return money(row?.received ?? 0);
}

export async function assertNoOpenAmendment(tx: DbOrTx, code: string): Promise<void> {
  const [open] = await tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(
      and(
        eq(contracts.code, code),
        gt(contracts.amendment, 0),
        eq(contracts.isDeleted, false),
        inArray(contracts.state, [...OPEN_AMENDMENT_STATES]),
      ),
    );
  if (open) throw new ConflictError(OPEN_AMENDMENT);
}

/**
 * Ends the cover a contract chain gives after `lastDay`: the persons covered by the chain's contracts
 * (same code) stop at that date (rows starting after it go), and the policies only this chain pays for
 * expire then (or are cancelled when they start after it). A policy another contract also uses is kept.
 */
export async function endChainCover(tx: Tx, actor: Actor, code: string, lastDay: string): Promise<void> {
  const chain = sql`(select id from contracts where code = ${code} and is_deleted = false)`;
  await tx.execute(sql`
    update insuree_policies set is_deleted = true, version = version + 1, updated_at = now(), updated_by = ${actor.id}
    where contract_id in ${chain} and is_deleted = false and start_date > ${lastDay}::date`);
  await tx.execute(sql`
    update insuree_policies set expiry_date = ${lastDay}::date, effective_date = least(effective_date, ${lastDay}::date),
      version = version + 1, updated_at = now(), updated_by = ${actor.id}
    where contract_id in ${chain} and is_deleted = false and expiry_date > ${lastDay}::date`);
  const ownPolicies = sql`(select ccd.policy_id from contract_contribution_details ccd
      where ccd.contract_id in ${chain} and ccd.is_deleted = false
      and not exists (select 1 from contract_contribution_details o where o.policy_id = ccd.policy_id
        and o.is_deleted = false and o.contract_id not in ${chain}))`;
  await tx.execute(sql`
    update policies set status = 'cancelled', version = version + 1, updated_at = now(), updated_by = ${actor.id}
    where id in ${ownPolicies} and start_date > ${lastDay}::date and status <> 'cancelled'`);
  await tx.execute(sql`
    update policies set expiry_date = ${lastDay}::date, version = version + 1, updated_at = now(), updated_by = ${actor.id}
    where id in ${ownPolicies} and start_date <= ${lastDay}::date and expiry_date > ${lastDay}::date`);
}

/**
 * An approved amendment supersedes the contract it amends (the specification's "nice to have": the
 * original stays in force until then): the parent becomes Addendum, and a shortened amendment ends the
 * chain's cover at its new end date. A lengthened one is covered through its own activation, once paid.
 * The parents are locked; one that is no longer executable or effective (terminated meanwhile) refuses.
 */
export async function supersedeParents(tx: Tx, actor: Actor, approved: ContractRow[]): Promise<void> {
  const amendments = approved.filter((c) => c.amendment > 0 && c.parentId);
  if (!amendments.length) return;
  const parents = await tx
    .select()
    .from(contracts)
    .where(
      inArray(
        contracts.id,
        amendments.map((c) => c.parentId!),
      ),
    )
    .orderBy(contracts.id)
    .for('update');
  const byId = new Map(parents.map((p) => [p.id, p]));
  for (const a of amendments) {
    const parent = byId.get(a.parentId!);
    if (!parent || parent.isDeleted || !STATE_CONFIG.amendable.includes(parent.state)) {
      throw new InvalidStateError(err('contracts.amendedContractNoLonger'));
    }
  }
  await tx
    .update(contracts)
    .set({
      state: ContractState.Addendum,
      version: sql`${contracts.version} + 1`,
      updatedAt: new Date(),
      updatedBy: actor.id,
    })
    .where(inArray(contracts.id, [...byId.keys()]));
  await writeAudit(
    tx,
    actor,
    parents.map((p) => ({
      operation: 'superseded',
      entity: 'contract',
      entityId: p.id,
      changes: [{ field: 'state', oldValue: String(p.state), newValue: String(ContractState.Addendum) }],
    })),
  );
  for (const a of amendments) {
    const parent = byId.get(a.parentId!)!;
    if (a.dateValidTo < parent.dateValidTo) await endChainCover(tx, actor, a.code, a.dateValidTo);
  }
}

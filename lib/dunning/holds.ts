import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { dunningHolds, policyHolders } from '@/db/schema';
import { writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { assertFound, assertVersion } from '../concurrency';
import { todayIso } from '../dates';
import { InvalidStateError, ValidationError } from '../errors';
import { err } from '../i18n/keyed';
import { dunningHoldInput, dunningHoldRelease } from '../validation/dunning';
import { parseInput } from '../validation/parse';

export type DunningHoldDto = typeof dunningHolds.$inferSelect;

/**
 * Staff (contract.approve) hold a policy holder's dunning with a reason until a day (a dispute, a
 * promise to pay): the daily run applies no level to its contracts meanwhile; paying still closes a case.
 */
export async function holdDunning(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  today = todayIso(),
): Promise<DunningHoldDto> {
  assertCan(actor, 'contract.approve');
  const data = parseInput(dunningHoldInput, input);
  if (data.until < today) {
    const msg = err('dunning.endHoldCannotPast');
    throw new ValidationError(msg, { until: [msg] });
  }
  return db.transaction(async (tx) => {
    const [ph] = await tx
      .select({ id: policyHolders.id })
      .from(policyHolders)
      .where(and(eq(policyHolders.id, data.policyHolderId), eq(policyHolders.isDeleted, false)))
      .for('update');
    assertFound(ph, 'policyHolder');
    const [row] = await tx
      .insert(dunningHolds)
      .values({ ...data, createdBy: actor.id, updatedBy: actor.id })
      .returning();
    await writeAudit(tx, actor, [
      {
        operation: 'dunning_hold',
        entity: 'policy_holder',
        entityId: ph.id,
        changes: [
          { field: 'dunningHoldUntil', oldValue: null, newValue: data.until },
          { field: 'reason', oldValue: null, newValue: data.reason },
        ],
      },
    ]);
    return row!;
  });
}

/** Ends a hold before its day. */
export async function releaseDunningHold(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  assertCan(actor, 'contract.approve');
  const { id, version } = parseInput(dunningHoldRelease, input);
  await db.transaction(async (tx) => {
    const [hold] = await tx
      .select()
      .from(dunningHolds)
      .where(and(eq(dunningHolds.id, id), eq(dunningHolds.isDeleted, false)))
      .for('update');
    assertFound(hold, 'hold');
    assertVersion(hold, version, 'hold');
    if (hold.releasedAt) throw new InvalidStateError(err('dunning.holdAlreadyEnded'));
    await tx
      .update(dunningHolds)
      .set({ releasedAt: new Date(), version: hold.version + 1, updatedAt: new Date(), updatedBy: actor.id })
      .where(eq(dunningHolds.id, id));
    await writeAudit(tx, actor, [
      {
        operation: 'dunning_release',
        entity: 'policy_holder',
        entityId: hold.policyHolderId,
        changes: [{ field: 'dunningHoldUntil', oldValue: hold.until, newValue: null }],
      },
    ]);
  });
}

/** A policy holder's holds, newest first (staff). */
export async function listDunningHolds(db: DbOrTx, actor: Actor, policyHolderId: string) {
  assertCan(actor, 'policyholder.read');
  return db
    .select()
    .from(dunningHolds)
    .where(and(eq(dunningHolds.policyHolderId, policyHolderId), eq(dunningHolds.isDeleted, false)))
    .orderBy(desc(dunningHolds.createdAt));
}

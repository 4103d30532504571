import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { collectionItems, sepaMandates } from '@/db/schema';
import { writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import { reverseReceipt } from '../billing/receipts';
import { revokeMandateInTx } from '../collection/mandates';
import { findCollectionSettings } from '../collection/settings';
import { InvalidStateError, NotFoundError } from '../errors';
import { err, label } from '../i18n/keyed';

/** Return reasons that mean the mandate no longer holds: the mandate is revoked (issue 14). */
export const REVOKING_REASONS = new Set(['MD01', 'MD07']);

export type CollectionItemRow = typeof collectionItems.$inferSelect;

/**
 * Records a SEPA return (R-transaction) of a collection item: the settlement's receipt is reversed (the
 * installment is unpaid again, so dunning sees it overdue), the reason code and date are kept on the
 * item with the configured return fee owed, and an MD01 (no mandate) or MD07 (debtor deceased) return
 * revokes the mandate. A return of an item not settled yet (a reject before settlement) only marks it.
 * Refused for an item already returned.
 */
export async function recordCollectionReturn(
  db: DbOrTx,
  actor: Actor,
  input: { endToEndId: string; reason: string; returnedOn: string },
): Promise<CollectionItemRow> {
  return db.transaction(async (tx) => {
    const [item] = await tx
      .select()
      .from(collectionItems)
      .where(eq(collectionItems.endToEndId, input.endToEndId))
      .for('update');
    if (!item) throw new NotFoundError(err('notFound', { label: label('collectionItem') }));
    if (item.state === 'returned') throw new InvalidStateError(err('bank.collectionAlreadyReturned'));
    const reason = input.reason.toUpperCase();
    if (item.receiptId) {
      await reverseReceipt(tx, actor, {
        receiptId: item.receiptId,
        // i18n-plain: a reversal reason is free text (what a person types); this one names the bank's codes.
        reason: `SEPA return ${reason} (${item.endToEndId})`,
      });
    }
    const settings = await findCollectionSettings(tx);
    const [updated] = await tx
      .update(collectionItems)
      .set({
        state: 'returned',
        returnReason: reason,
        returnedOn: input.returnedOn,
        returnFee: settings?.returnFee ?? null,
      })
      .where(eq(collectionItems.id, item.id))
      .returning();
    if (REVOKING_REASONS.has(reason)) {
      const [mandate] = await tx
        .select()
        .from(sepaMandates)
        .where(and(eq(sepaMandates.id, item.mandateId), eq(sepaMandates.status, 'active')))
        .for('update');
      if (mandate) await revokeMandateInTx(tx, actor, mandate, `SEPA return ${reason}`);
    }
    await writeAudit(tx, actor, [
      {
        operation: 'collection_returned',
        entity: 'policy_holder',
        entityId: item.policyHolderId,
        changes: [
          { field: 'collectionReturn', oldValue: item.endToEndId, newValue: reason },
          ...(settings?.returnFee
            ? [{ field: 'returnFee', oldValue: null, newValue: settings.returnFee }]
            : []),
        ],
      },
    ]);
    return updated!;
  });
}

/**
 * A policy holder's returned collections with their reason and fee (for the dunning screens and the
 * policy holder card): what came back, when, why, and what fee it added.
 */
export async function listCollectionReturns(db: DbOrTx, policyHolderId: string) {
  return db
    .select({
      endToEndId: collectionItems.endToEndId,
      installmentId: collectionItems.installmentId,
      amount: collectionItems.amount,
      returnedOn: collectionItems.returnedOn,
      reason: collectionItems.returnReason,
      fee: collectionItems.returnFee,
    })
    .from(collectionItems)
    .where(and(eq(collectionItems.policyHolderId, policyHolderId), eq(collectionItems.state, 'returned')))
    .orderBy(sql`${collectionItems.returnedOn} desc`);
}

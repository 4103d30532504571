import type { DbOrTx } from '@/db/client';
import { notificationEvents } from '@/db/schema';

export type NotificationEvent =
  | 'contract.approved'
  | 'contract.countered'
  | 'contract.effective'
  | 'contract.terminated'
  | 'invoice.issued';

/**
 * Records a notification in the outbox, inside the caller's transaction: it exists if and only if the
 * change that caused it committed. Delivery (e-mail) happens afterwards and can never block the change.
 */
export async function recordEvent(
  tx: DbOrTx,
  event: NotificationEvent,
  contractId: string,
  payload: Record<string, unknown> = {},
): Promise<void> {
  await tx.insert(notificationEvents).values({ event, contractId, payload });
}

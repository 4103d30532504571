import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import {
  contracts,
  policyHolders,
  type WebhookEvent,
  webhookDeliveries,
  webhookEndpoints,
} from '@/db/schema';

export type WebhookEventInput = {
  event: WebhookEvent;
  contractId: string | null;
  policyHolderId?: string | null;
  /** Event-specific fields, added to `data` next to the contract (amounts, invoice number, comment…). */
  data?: Record<string, unknown>;
};

/** What every payload says of its contract: enough to fetch the rest from /api/v1, nothing internal. */
async function loadContracts(tx: DbOrTx, ids: string[]) {
  if (!ids.length) return new Map();
  const rows = await tx
    .select({
      id: contracts.id,
      code: contracts.code,
      amendment: contracts.amendment,
      state: contracts.state,
      policyHolderId: contracts.policyHolderId,
      policyHolderCode: policyHolders.code,
    })
    .from(contracts)
    .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
    .where(inArray(contracts.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The endpoints that receive events: active, not deleted. */
function activeEndpoints(tx: DbOrTx) {
  return tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.isActive, true), eq(webhookEndpoints.isDeleted, false)));
}

/** Whether an active endpoint wants this event: a bulk writer asks first, and builds no events for nobody. */
export async function webhookWanted(tx: DbOrTx, event: WebhookEvent): Promise<boolean> {
  return (await activeEndpoints(tx)).some((ep) => ep.events.includes(event));
}

/**
 * Writes one delivery per subscribed endpoint for each event, inside the caller's transaction (the
 * webhook outbox): it exists if and only if the change committed. Without an active endpoint wanting
 * one of the events, this is one small read and nothing else.
 */
export async function recordWebhookEvents(
  tx: DbOrTx,
  events: WebhookEventInput[],
  now = new Date(),
): Promise<void> {
  if (!events.length) return;
  const endpoints = await activeEndpoints(tx);
  const wanted = events.filter((e) => endpoints.some((ep) => ep.events.includes(e.event)));
  if (!wanted.length) return;
  const info = await loadContracts(tx, [
    ...new Set(wanted.map((e) => e.contractId).filter((id): id is string => !!id)),
  ]);
  const rows: (typeof webhookDeliveries.$inferInsert)[] = [];
  for (const e of wanted) {
    const eventId = randomUUID();
    const c = e.contractId ? info.get(e.contractId) : undefined;
    const payload = {
      id: eventId,
      type: e.event,
      createdAt: now.toISOString(),
      data: {
        policyHolderId: c?.policyHolderId ?? e.policyHolderId ?? null,
        contract: c
          ? {
              id: c.id,
              code: c.code,
              amendment: c.amendment,
              state: c.state,
              policyHolderCode: c.policyHolderCode,
            }
          : null,
        ...e.data,
      },
    };
    for (const ep of endpoints)
      if (ep.events.includes(e.event))
        rows.push({ endpointId: ep.id, eventId, event: e.event, payload, nextAttemptAt: now });
  }
  for (let i = 0; i < rows.length; i += 500)
    await tx.insert(webhookDeliveries).values(rows.slice(i, i + 500));
}

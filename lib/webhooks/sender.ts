import { randomUUID } from 'node:crypto';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { err } from '../i18n/keyed';
import { backoffMs } from '../notifications/sender';
import { SIGNATURE_HEADER, signatureHeader } from './signature';

/** Attempts before a delivery is given up (then "Send again" in /admin/webhooks or the API). */
export const WEBHOOK_MAX_ATTEMPTS = 8;
/** How long a claimed delivery is reserved for the sender that claimed it. */
export const WEBHOOK_LEASE_MS = 2 * 60_000;
/** A partner that does not answer within this is given up for this attempt (well inside the lease). */
export const WEBHOOK_TIMEOUT_MS = 15_000;

export type WebhookReport = { sent: number; retrying: number; failed: number; lost: number };

async function claimNext(db: DbOrTx, now: Date, token: string) {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
    .orderBy(webhookDeliveries.nextAttemptAt)
    .limit(1)
    .for('update', { skipLocked: true });
  const [delivery] = await db
    .update(webhookDeliveries)
    .set({
      nextAttemptAt: new Date(now.getTime() + WEBHOOK_LEASE_MS),
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      claimToken: token,
    })
    .where(inArray(webhookDeliveries.id, due))
    .returning();
  return delivery;
}

/**
 * Sends due webhook deliveries, one claim (lease and token) per delivery like the mail outbox sender,
 * each POST outside any transaction. 2xx is delivered; anything else (an error status, a redirect, a
 * timeout, a refused connection) is retried with backoff (1 min, 2, 4 … 6 h), up to
 * WEBHOOK_MAX_ATTEMPTS; every attempt is written to the delivery log. At least once: receivers dedupe
 * on the `Pactum-Event-Id` header (the payload's `id`).
 */
export async function deliverWebhooks(
  db: DbOrTx,
  options: { fetch?: typeof fetch; now?: Date; clock?: () => Date; limit?: number } = {},
): Promise<WebhookReport> {
  const clock = options.clock ?? (() => options.now ?? new Date());
  const doFetch = options.fetch ?? fetch;
  const limit = options.limit ?? 50;
  const report: WebhookReport = { sent: 0, retrying: 0, failed: 0, lost: 0 };
  for (let n = 0; n < limit; n++) {
    const token = randomUUID();
    const delivery = await claimNext(db, clock(), token);
    if (!delivery) break;
    const [endpoint] = await db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, delivery.endpointId));
    const stillMine = and(
      eq(webhookDeliveries.id, delivery.id),
      eq(webhookDeliveries.claimToken, token),
      eq(webhookDeliveries.status, 'pending'),
    );
    if (!endpoint || endpoint.isDeleted || !endpoint.isActive) {
      await db
        .update(webhookDeliveries)
        .set({ status: 'failed', lastError: err('webhooks.endpointDisabledOrDeleted'), claimToken: null })
        .where(stillMine);
      report.failed++;
      continue;
    }
    const body = JSON.stringify(delivery.payload);
    const started = Date.now();
    const at = clock();
    let statusCode: number | null = null;
    let error: string | null = null;
    let response: string | null = null;
    try {
      const res = await doFetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Pactum-Webhooks/1.0',
          'pactum-event': delivery.event,
          'pactum-event-id': delivery.eventId,
          'pactum-delivery': delivery.id,
          [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(endpoint.secret, body, at),
        },
        body,
        // A redirect is not followed: the signed body goes only where the partner registered it.
        redirect: 'manual',
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      statusCode = res.status;
      response = (await res.text().catch(() => '')).slice(0, 500);
      if (res.status < 200 || res.status >= 300) error = `The endpoint answered ${res.status}.`;
    } catch (e) {
      error = (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 1000);
    }
    const ok = error === null;
    const giveUp = !ok && delivery.attempts >= WEBHOOK_MAX_ATTEMPTS;
    const outcome: Partial<typeof webhookDeliveries.$inferInsert> = ok
      ? { status: 'sent', sentAt: clock(), lastError: null, lastStatusCode: statusCode, claimToken: null }
      : {
          status: giveUp ? 'failed' : 'pending',
          lastError: error,
          lastStatusCode: statusCode,
          nextAttemptAt: new Date(clock().getTime() + backoffMs(delivery.attempts)),
          claimToken: null,
        };
    const recorded = await db.transaction(async (tx) => {
      const rows = await tx
        .update(webhookDeliveries)
        .set(outcome)
        .where(stillMine)
        .returning({ id: webhookDeliveries.id });
      await tx.insert(webhookAttempts).values({
        deliveryId: delivery.id,
        at,
        statusCode,
        error,
        durationMs: Date.now() - started,
        response: response || null,
      });
      return rows.length > 0;
    });
    if (!recorded) report.lost++;
    else if (ok) report.sent++;
    else if (giveUp) report.failed++;
    else report.retrying++;
  }
  return report;
}

import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { assertFound, assertVersion, changedValues } from '../concurrency';
import { NotFoundError } from '../errors';
import { err, label } from '../i18n/keyed';
import { isUuid } from '../validation/common';
import { parseInput } from '../validation/parse';
import { newWebhookSecret } from './signature';
import {
  webhookDeliveryQuery,
  webhookEndpointDelete,
  webhookEndpointInput,
  webhookEndpointUpdate,
} from './validation';

export type WebhookEndpointDto = {
  id: string;
  version: number;
  url: string;
  description: string | null;
  events: string[];
  isActive: boolean;
  createdAt: Date;
  pending: number;
  failed: number;
};

/** Registers a partner's endpoint. The secret is answered this once; it is never shown again. */
export async function createWebhookEndpoint(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
): Promise<{ id: string; secret: string }> {
  assertCan(actor, 'admin.webhooks');
  const data = parseInput(webhookEndpointInput, input);
  const secret = newWebhookSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ ...data, secret, createdBy: actor.id, updatedBy: actor.id })
      .returning({ id: webhookEndpoints.id });
    assertFound(row, 'webhookEndpoint');
    // The secret is not audited: the audit log is readable by more people than the secret should be.
    await writeAudit(tx, actor, [
      { operation: 'create', entity: 'webhook_endpoint', entityId: row.id, changes: diffFields(null, data) },
    ]);
    return { id: row.id, secret };
  });
}

export async function listWebhookEndpoints(db: DbOrTx, actor: Actor): Promise<WebhookEndpointDto[]> {
  assertCan(actor, 'admin.webhooks');
  const stats = db
    .select({
      endpointId: webhookDeliveries.endpointId,
      pending: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'pending')::int`.as(
        'pending',
      ),
      failed: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'failed')::int`.as('failed'),
    })
    .from(webhookDeliveries)
    .groupBy(webhookDeliveries.endpointId)
    .as('stats');
  return db
    .select({
      id: webhookEndpoints.id,
      version: webhookEndpoints.version,
      url: webhookEndpoints.url,
      description: webhookEndpoints.description,
      events: webhookEndpoints.events,
      isActive: webhookEndpoints.isActive,
      createdAt: webhookEndpoints.createdAt,
      pending: sql<number>`coalesce(${stats.pending}, 0)`,
      failed: sql<number>`coalesce(${stats.failed}, 0)`,
    })
    .from(webhookEndpoints)
    .leftJoin(stats, eq(stats.endpointId, webhookEndpoints.id))
    .where(eq(webhookEndpoints.isDeleted, false))
    .orderBy(desc(webhookEndpoints.createdAt));
}

async function lockEndpoint(tx: DbOrTx, id: string, version: number) {
  const [current] = await tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.isDeleted, false)))
    .for('update');
  assertFound(current, 'webhookEndpoint');
  assertVersion(current, version, 'webhookEndpoint');
  return current;
}

/** Changes the address, description, events or switches the endpoint off (and on again). */
export async function updateWebhookEndpoint(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  assertCan(actor, 'admin.webhooks');
  const { id, version, ...data } = parseInput(webhookEndpointUpdate, input);
  await db.transaction(async (tx) => {
    const current = await lockEndpoint(tx, id, version);
    const changes = changedValues(current, data);
    if (Object.keys(changes).length === 0) return;
    await tx
      .update(webhookEndpoints)
      .set({ ...changes, version: current.version + 1, updatedAt: new Date(), updatedBy: actor.id })
      .where(eq(webhookEndpoints.id, id));
    await writeAudit(tx, actor, [
      {
        operation: 'update',
        entity: 'webhook_endpoint',
        entityId: id,
        changes: diffFields(current, changes),
      },
    ]);
  });
}

/** Deletes an endpoint (softly, its log is kept); what it had not received yet is given up. */
export async function deleteWebhookEndpoint(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  assertCan(actor, 'admin.webhooks');
  const { id, version } = parseInput(webhookEndpointDelete, input);
  await db.transaction(async (tx) => {
    const current = await lockEndpoint(tx, id, version);
    await tx
      .update(webhookEndpoints)
      .set({
        isDeleted: true,
        isActive: false,
        version: current.version + 1,
        updatedAt: new Date(),
        updatedBy: actor.id,
      })
      .where(eq(webhookEndpoints.id, id));
    await tx
      .update(webhookDeliveries)
      .set({ status: 'failed', lastError: err('webhooks.endpointDeleted'), claimToken: null })
      .where(and(eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.status, 'pending')));
    await writeAudit(tx, actor, [
      {
        operation: 'delete',
        entity: 'webhook_endpoint',
        entityId: id,
        changes: [{ field: 'isDeleted', oldValue: 'false', newValue: 'true' }],
      },
    ]);
  });
}

export type WebhookAttemptDto = {
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  response: string | null;
};

export type WebhookDeliveryDto = {
  id: string;
  endpointId: string;
  url: string;
  eventId: string;
  event: string;
  payload: Record<string, unknown>;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
  log: WebhookAttemptDto[];
};

/** The delivery log, newest first: each delivery with its payload and every attempt. */
export async function listWebhookDeliveries(
  db: DbOrTx,
  actor: Actor,
  params: Record<string, unknown>,
): Promise<{ items: WebhookDeliveryDto[]; total: number; page: number; pageSize: number }> {
  assertCan(actor, 'admin.webhooks');
  const { endpointId, status, page, pageSize } = parseInput(webhookDeliveryQuery, params);
  const where = and(
    endpointId ? eq(webhookDeliveries.endpointId, endpointId) : undefined,
    status ? eq(webhookDeliveries.status, status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: webhookDeliveries.id,
        endpointId: webhookDeliveries.endpointId,
        url: webhookEndpoints.url,
        eventId: webhookDeliveries.eventId,
        event: webhookDeliveries.event,
        payload: webhookDeliveries.payload,
        status: webhookDeliveries.status,
        attempts: webhookDeliveries.attempts,
        lastStatusCode: webhookDeliveries.lastStatusCode,
        lastError: webhookDeliveries.lastError,
        createdAt: webhookDeliveries.createdAt,
        nextAttemptAt: webhookDeliveries.nextAttemptAt,
        sentAt: webhookDeliveries.sentAt,
      })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(where)
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(webhookDeliveries).where(where),
  ]);
  const attempts = rows.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(
          inArray(
            webhookAttempts.deliveryId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(webhookAttempts.at)
    : [];
  const items = rows.map((r) => ({
    ...r,
    log: attempts
      .filter((a) => a.deliveryId === r.id)
      .map(({ at, statusCode, error, durationMs, response }) => ({
        at,
        statusCode,
        error,
        durationMs,
        response,
      })),
  }));
  return { items, total: total?.n ?? 0, page, pageSize };
}

/**
 * "Send again": the delivery (sent, failed or waiting for its next try) goes out at the next run with a
 * fresh round of attempts; its log keeps the earlier ones. The same event id, so the receiver can dedupe.
 */
export async function redeliverWebhook(
  db: DbOrTx,
  actor: Actor,
  id: string,
  now = new Date(),
): Promise<void> {
  assertCan(actor, 'admin.webhooks');
  if (!isUuid(id)) throw new NotFoundError(err('notFound', { label: label('webhookDelivery') }));
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ endpointId: webhookDeliveries.endpointId, active: webhookEndpoints.isActive })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(eq(webhookDeliveries.id, id), eq(webhookEndpoints.isDeleted, false)))
      .for('update', { of: webhookDeliveries });
    if (!row) throw new NotFoundError(err('notFound', { label: label('webhookDelivery') }));
    await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now, claimToken: null })
      .where(eq(webhookDeliveries.id, id));
    await writeAudit(tx, actor, [
      { operation: 'redeliver', entity: 'webhook_delivery', entityId: id, changes: [] },
    ]);
  });
}

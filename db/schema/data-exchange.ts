import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { commonColumns } from './common';
import { policyHolders } from './policy-holders';

/** One applied census (employee list) import: what it changed, by whom, from which file. */
export const censusImports = pgTable(
  'census_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    policyHolderId: uuid('policy_holder_id')
      .notNull()
      .references(() => policyHolders.id),
    fileName: text('file_name').notNull(),
    /** sha256 of the file's bytes. */
    checksum: text('checksum').notNull(),
    rows: integer('rows').notNull(),
    added: integer('added').notNull(),
    changed: integer('changed').notNull(),
    leaving: integer('leaving').notNull(),
    unchanged: integer('unchanged').notNull(),
    /** The day people missing from the list stop being declared (their line ends the day before). */
    leaveDate: text('leave_date').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
  },
  (t) => [index('census_imports_ph_idx').on(t.policyHolderId, t.createdAt)],
);

export const WEBHOOK_EVENTS = [
  'contract.submitted',
  'contract.approved',
  'contract.countered',
  'contract.effective',
  'contract.terminated',
  'invoice.issued',
  'receipt.recorded',
  'comment.added',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** A partner's HTTPS endpoint and the events it wants. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    ...commonColumns(),
    url: text('url').notNull(),
    description: text('description'),
    events: text('events').array().notNull(),
    /**
     * The HMAC-SHA256 key shared with the partner. Kept in clear because signing needs it (a hash could
     * not sign); it is shown once, when the endpoint is registered, and never again.
     */
    secret: text('secret').notNull(),
    isActive: boolean('is_active').notNull().default(true),
  },
  (t) => [check('webhook_endpoints_url_ck', sql`${t.url} ~ '^https?://'`)],
);

/**
 * Webhook outbox: one row per (event, endpoint), written in the transaction of the change, so a
 * delivery exists if and only if the change committed. Sent later by deliverWebhooks with a lease.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    /** The event's id: the same for every endpoint it goes to, and for every attempt (dedupe key). */
    eventId: uuid('event_id').notNull(),
    event: text('event').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** pending, sent, failed */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    claimToken: uuid('claim_token'),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
    check('webhook_deliveries_status_ck', sql`${t.status} in ('pending', 'sent', 'failed')`),
  ],
);

/** The delivery log: every attempt, its answer or its error. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    /** The first 500 characters of the answer, to help the partner debug. */
    response: text('response'),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.at)],
);

import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Transactional outbox: an event is written in the same transaction as the change that causes it and
 * delivered afterwards, so a mail failure never rolls a contract change back.
 */
export const notificationEvents = pgTable(
  'notification_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    event: text('event').notNull(),
    contractId: uuid('contract_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    /** pending, sent, failed, undeliverable */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('notification_events_status_idx').on(t.status, t.nextAttemptAt),
    index('notification_events_contract_idx').on(t.contractId),
  ],
);

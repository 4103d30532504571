import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { uuid7 } from './uuid7';

/**
 * Transactional outbox: an event is written in the same transaction as the change that causes it and
 * delivered afterwards, so a mail failure never rolls a contract change back.
 */
export const notificationEvents = pgTable(
  'notification_events',
  {
    id: uuid('id').primaryKey().default(uuid7),
    event: text('event').notNull(),
    contractId: uuid('contract_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    /** The rendered message, fixed when the event is recorded: the outbox shows exactly what goes out. */
    recipient: text('recipient'),
    language: text('language').notNull().default('en'),
    subject: text('subject').notNull().default(''),
    body: text('body').notNull().default(''),
    /** pending, sent, failed, undeliverable */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    /**
     * Who holds the mail's lease (until next_attempt_at): set by each claim, checked when the sender
     * records the outcome, so a sender whose lease ran out cannot overwrite another sender's claim.
     */
    claimToken: uuid('claim_token'),
    /**
     * Documents to attach (issue 16), by reference: the sender renders or reads them from the file store
     * when it sends (an invoice's PDF is rendered on first use and then kept), never bytes in the outbox.
     */
    attachmentRefs:
      jsonb('attachment_refs').$type<{ kind: 'invoice' | 'credit_note' | 'dunning_letter'; id: string }[]>(),
  },
  (t) => [
    index('notification_events_status_idx').on(t.status, t.nextAttemptAt),
    index('notification_events_contract_idx').on(t.contractId),
    index('notification_events_created_idx').on(t.createdAt),
  ],
);

import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { attachments } from './attachments';
import { invoices } from './billing';
import { contracts } from './contracts';

/**
 * A share link (issue 16): a contract's summary, one of its files or one of its invoices, opened by
 * anyone holding the link at /share/<token>, read-only. Only a SHA-256 of the token is kept (the link is
 * shown once, when it is created); it expires, can be revoked, and may be limited to one e-mail address
 * (the visitor proves it with a one-time code mailed through the outbox).
 */
export const shareLinks = pgTable(
  'share_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    /** contract (its summary), attachment, invoice (its PDF) */
    kind: text('kind').notNull(),
    attachmentId: uuid('attachment_id').references(() => attachments.id),
    invoiceId: uuid('invoice_id').references(() => invoices.id),
    tokenHash: text('token_hash').notNull().unique(),
    /** Lower case; null: anyone holding the link. */
    recipientEmail: text('recipient_email'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revokedBy: uuid('revoked_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name').notNull(),
  },
  (t) => [
    index('share_links_contract_idx').on(t.contractId, t.createdAt),
    check('share_links_kind_ck', sql`${t.kind} in ('contract', 'attachment', 'invoice')`),
    check(
      'share_links_target_ck',
      sql`(${t.kind} = 'attachment') = (${t.attachmentId} is not null) and (${t.kind} = 'invoice') = (${t.invoiceId} is not null)`,
    ),
  ],
);

/** Every use of a share link: who (the proven e-mail, when there is one), when, from where, what. */
export const shareLinkAccesses = pgTable(
  'share_link_accesses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    shareLinkId: uuid('share_link_id')
      .notNull()
      .references(() => shareLinks.id),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** view, download, code_sent, code_refused, verified, wrong_code, expired, revoked */
    outcome: text('outcome').notNull(),
    email: text('email'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('share_link_accesses_link_idx').on(t.shareLinkId, t.at)],
);

/**
 * The one-time codes of a link limited to an e-mail address, and the short session a right code opens
 * (a cookie on /share/<token>; only hashes are kept of both).
 */
export const shareLinkCodes = pgTable(
  'share_link_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    shareLinkId: uuid('share_link_id')
      .notNull()
      .references(() => shareLinks.id),
    email: text('email').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'date' }),
    sessionHash: text('session_hash').unique(),
    sessionExpiresAt: timestamp('session_expires_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('share_link_codes_link_idx').on(t.shareLinkId, t.createdAt)],
);

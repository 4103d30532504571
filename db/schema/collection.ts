import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { commonColumns } from './common';
import { installments, receipts } from './ledger';
import { policyHolders } from './policy-holders';

const money = (name: string) => numeric(name, { precision: 18, scale: 2 });

/**
 * The insurer's SEPA creditor settings (issue 14): one row (id 1). Without them no collection file can
 * be written (the creditor identifier, name and account are mandatory in pain.008).
 */
export const collectionSettings = pgTable(
  'collection_settings',
  {
    id: integer('id').primaryKey().default(1),
    version: integer('version').notNull().default(1),
    creditorId: text('creditor_id').notNull(),
    creditorName: text('creditor_name').notNull(),
    iban: text('iban').notNull(),
    bic: text('bic'),
    /** Days between the pre-notification mail and the collection date (SEPA rulebook default 14). */
    preNotificationDays: integer('pre_notification_days').notNull().default(14),
    /** Charged to the policy holder when a collection comes back (R-transaction); null: no fee. */
    returnFee: money('return_fee'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    check('collection_settings_single_ck', sql`${t.id} = 1`),
    check('collection_settings_days_ck', sql`${t.preNotificationDays} between 0 and 60`),
    check('collection_settings_fee_ck', sql`${t.returnFee} is null or ${t.returnFee} >= 0`),
  ],
);

/**
 * A SEPA direct debit mandate given by a policy holder. `sequence` is the next collection's sequence
 * type: FRST until the first collection, then RCUR (FNAL when staff mark the next one the last; OOFF
 * for a one-off mandate). At most one active mandate per policy holder.
 */
export const sepaMandates = pgTable(
  'sepa_mandates',
  {
    ...commonColumns(),
    policyHolderId: uuid('policy_holder_id')
      .notNull()
      .references(() => policyHolders.id),
    /** Unique mandate reference (UMR), at most 35 characters. */
    reference: text('reference').notNull(),
    debtorName: text('debtor_name').notNull(),
    iban: text('iban').notNull(),
    bic: text('bic'),
    signedOn: date('signed_on', { mode: 'string' }).notNull(),
    scheme: text('scheme').notNull().default('CORE'),
    sequence: text('sequence').notNull().default('FRST'),
    /** active, revoked, expired */
    status: text('status').notNull().default('active'),
    lastCollectedOn: date('last_collected_on', { mode: 'string' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revokedReason: text('revoked_reason'),
    /** staff, portal */
    source: text('source').notNull().default('staff'),
    /** Portal mandates: when and by whom the mandate text was accepted, and which text. */
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
    acceptedBy: uuid('accepted_by'),
    acceptedText: text('accepted_text'),
  },
  (t) => [
    uniqueIndex('sepa_mandates_reference_uq').on(t.reference),
    uniqueIndex('sepa_mandates_active_uq')
      .on(t.policyHolderId)
      .where(sql`${t.status} = 'active' and ${t.isDeleted} = false`),
    check('sepa_mandates_scheme_ck', sql`${t.scheme} in ('CORE', 'B2B')`),
    check('sepa_mandates_sequence_ck', sql`${t.sequence} in ('FRST', 'RCUR', 'FNAL', 'OOFF')`),
    check('sepa_mandates_status_ck', sql`${t.status} in ('active', 'revoked', 'expired')`),
  ],
);

/** A collection run: the installments due by a collection date, as one job, then its files. */
export const collectionRuns = pgTable(
  'collection_runs',
  {
    ...commonColumns(),
    collectionDate: date('collection_date', { mode: 'string' }).notNull(),
    /** queued, running, done, failed, cancelled */
    state: text('state').notNull().default('queued'),
    jobId: uuid('job_id'),
    items: integer('items').notNull().default(0),
    amount: money('amount').notNull().default('0'),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('collection_runs_created_idx').on(t.createdAt)],
);

/** One pain.008.001.02 message: the run's items of one scheme and sequence type. */
export const collectionFiles = pgTable(
  'collection_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => collectionRuns.id),
    scheme: text('scheme').notNull(),
    sequence: text('sequence').notNull(),
    messageId: text('message_id').notNull(),
    transactions: integer('transactions').notNull(),
    controlSum: money('control_sum').notNull(),
    xml: text('xml').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('collection_files_message_uq').on(t.messageId),
    uniqueIndex('collection_files_run_uq').on(t.runId, t.scheme, t.sequence),
  ],
);

/**
 * One installment in collection: its end-to-end id (traceable: `PCT-<item id, 32 hex>`), then settled
 * (a receipt allocated to it) or returned (the bank's reason code, the receipt reversed, the fee owed).
 * An installment is in at most one pending collection.
 */
export const collectionItems = pgTable(
  'collection_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => collectionRuns.id),
    fileId: uuid('file_id').references(() => collectionFiles.id),
    installmentId: uuid('installment_id')
      .notNull()
      .references(() => installments.id),
    mandateId: uuid('mandate_id')
      .notNull()
      .references(() => sepaMandates.id),
    policyHolderId: uuid('policy_holder_id')
      .notNull()
      .references(() => policyHolders.id),
    endToEndId: text('end_to_end_id').notNull(),
    amount: money('amount').notNull(),
    scheme: text('scheme').notNull(),
    sequence: text('sequence').notNull(),
    collectionDate: date('collection_date', { mode: 'string' }).notNull(),
    /** pending (in collection), settled, returned */
    state: text('state').notNull().default('pending'),
    receiptId: uuid('receipt_id').references(() => receipts.id),
    settledOn: date('settled_on', { mode: 'string' }),
    returnReason: text('return_reason'),
    returnedOn: date('returned_on', { mode: 'string' }),
    /** The configured return fee owed by the policy holder for this return (see README). */
    returnFee: money('return_fee'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('collection_items_e2e_uq').on(t.endToEndId),
    uniqueIndex('collection_items_pending_uq').on(t.installmentId).where(sql`${t.state} = 'pending'`),
    index('collection_items_run_idx').on(t.runId),
    index('collection_items_ph_idx').on(t.policyHolderId),
    check('collection_items_state_ck', sql`${t.state} in ('pending', 'settled', 'returned')`),
    check('collection_items_amount_ck', sql`${t.amount} > 0`),
  ],
);

/** An imported bank statement (camt.053, camt.054 or CSV); the file's digest makes a re-import a no-op. */
export const bankStatements = pgTable(
  'bank_statements',
  {
    ...commonColumns(),
    format: text('format').notNull(),
    statementId: text('statement_id'),
    digest: text('digest').notNull(),
    fileName: text('file_name'),
    lines: integer('lines').notNull().default(0),
  },
  (t) => [
    uniqueIndex('bank_statements_digest_uq').on(t.digest),
    check('bank_statements_format_ck', sql`${t.format} in ('camt.053', 'camt.054', 'csv')`),
  ],
);

/**
 * A line of a statement. `lineKey` identifies it across files (the bank's reference, or a digest of its
 * fields): the same line in two statements is stored once. `state`: settled (a collection settlement),
 * matched (automatically or by hand), returned (an R-transaction applied), unmatched (the
 * reconciliation queue), not_ours, ignored (a debit that is not a return).
 */
export const bankLines = pgTable(
  'bank_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    version: integer('version').notNull().default(1),
    statementId: uuid('statement_id')
      .notNull()
      .references(() => bankStatements.id),
    lineKey: text('line_key').notNull(),
    bookedOn: date('booked_on', { mode: 'string' }).notNull(),
    /** Always positive; `direction` says which way the money went. */
    amount: money('amount').notNull(),
    direction: text('direction').notNull(),
    counterparty: text('counterparty'),
    reference: text('reference'),
    endToEndId: text('end_to_end_id'),
    returnReason: text('return_reason'),
    state: text('state').notNull(),
    /** How it was matched: collection, reference, invoice, amount, manual. */
    matchedBy: text('matched_by'),
    policyHolderId: uuid('policy_holder_id').references(() => policyHolders.id),
    collectionItemId: uuid('collection_item_id').references(() => collectionItems.id),
    note: text('note'),
    handledBy: uuid('handled_by'),
    handledAt: timestamp('handled_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('bank_lines_key_uq').on(t.lineKey),
    index('bank_lines_statement_idx').on(t.statementId),
    index('bank_lines_state_idx').on(t.state, t.bookedOn),
    check('bank_lines_amount_ck', sql`${t.amount} > 0`),
    check('bank_lines_direction_ck', sql`${t.direction} in ('credit', 'debit')`),
    check(
      'bank_lines_state_ck',
      sql`${t.state} in ('settled', 'matched', 'returned', 'unmatched', 'not_ours', 'ignored')`,
    ),
  ],
);

/** The receipts a bank line became (one, or several when split over installments by hand). */
export const bankLineReceipts = pgTable(
  'bank_line_receipts',
  {
    bankLineId: uuid('bank_line_id')
      .notNull()
      .references(() => bankLines.id),
    receiptId: uuid('receipt_id')
      .notNull()
      .references(() => receipts.id),
  },
  (t) => [uniqueIndex('bank_line_receipts_uq').on(t.bankLineId, t.receiptId)],
);

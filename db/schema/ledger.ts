import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { invoices } from './billing';
import { commonColumns } from './common';
import { contracts } from './contracts';
import { policyHolders } from './policy-holders';
import { uuid7 } from './uuid7';

const money = (name: string) => numeric(name, { precision: 18, scale: 2 });

/**
 * The receivables ledger (issue 12). An approved contract's schedule: one installment per billing period,
 * its amount the contribution lines of that period (split to the cent). `state`: open (not invoiced yet),
 * invoiced, replaced (an amendment or a termination re-based the chain before it was invoiced), credited
 * (invoiced, then credited by a credit note). Open and invoiced installments are "live".
 *
 * Invoicing an installment (open → invoiced, its invoice set) is the billing run's one update per row, a
 * million a month. No index reads the columns it changes (state, invoice_id): indexes use `live`, which
 * invoicing leaves as it is, and the table keeps room on each page (fillfactor 85, migration 0036), so
 * PostgreSQL writes the new row version beside the old one and no index at all (a HOT update): 3× faster
 * than updating its seven indexes. Hence no index on invoice_id: an invoice's installments are its
 * contract's (`installments_contract_idx`, then the invoice id), and no partial unique index on the
 * invoiced periods: a statement trigger refuses a period invoiced twice (migration 0036).
 */
export const installments = pgTable(
  'installments',
  {
    ...commonColumns(),
    // The contract and the payer: checked once per statement, not per row (an approval writes a year of
    // installments for each of its contracts), by the triggers of migration 0041.
    contractId: uuid('contract_id').notNull(),
    /** The contract chain (a contract and its amendments share their code): periods are the chain's. */
    chainCode: text('chain_code').notNull(),
    policyHolderId: uuid('policy_holder_id'),
    seq: integer('seq').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    amount: money('amount').notNull(),
    /** What receipts cover of it (the sum of its allocations not released). */
    allocated: money('allocated').notNull().default('0'),
    state: text('state').notNull().default('open'),
    /** Open or invoiced (what indexes read instead of `state`: see above). */
    live: boolean('live').notNull().generatedAlwaysAs(sql`state in ('open', 'invoiced')`),
    invoiceId: uuid('invoice_id').references(() => invoices.id),
    creditNoteId: uuid('credit_note_id'),
    /** Must be paid before the contract becomes Effective (the product's first installment, or all). */
    requiredBeforeEffective: boolean('required_before_effective').notNull().default(false),
  },
  (t) => [
    // A contract's installments, and a billing run's: those of its contracts due by a day (no more read).
    index('installments_contract_idx').on(t.contractId, t.dueDate),
    index('installments_live_ph_idx').on(t.policyHolderId, t.dueDate).where(sql`${t.live}`),
    index('installments_chain_idx').on(t.chainCode, t.periodFrom),
    // The dashboard's aging: what is still to receive, by due date; paid installments leave the index.
    index('installments_unpaid_due_idx')
      .on(t.dueDate, t.amount, t.allocated)
      .where(sql`${t.live} and ${t.allocated} < ${t.amount}`),
    check('installments_state_ck', sql`${t.state} in ('open', 'invoiced', 'replaced', 'credited')`),
    check('installments_amount_ck', sql`${t.amount} >= 0`),
    check('installments_allocated_ck', sql`${t.allocated} >= 0 and ${t.allocated} <= ${t.amount}`),
    check('installments_period_ck', sql`${t.periodTo} >= ${t.periodFrom}`),
    check(
      'installments_invoiced_ck',
      sql`(${t.state} in ('invoiced', 'credited')) = (${t.invoiceId} is not null)`,
    ),
  ],
);

/** An installment's share of each contribution line (what its invoice lines show), exact to the cent. */
export const installmentLines = pgTable(
  'installment_lines',
  {
    id: uuid('id').primaryKey().default(uuid7),
    // Both references checked once per statement (migration 0041): an approval writes two per
    // installment and contribution line, 240,000 for 10,000 contracts, two lookups each as foreign keys.
    installmentId: uuid('installment_id').notNull(),
    contractContributionDetailId: uuid('contract_contribution_detail_id').notNull(),
    amount: money('amount').notNull(),
  },
  (t) => [index('installment_lines_installment_idx').on(t.installmentId)],
);

/** Gapless yearly credit-note numbering (CN-YYYY-nnnnnn), its own series beside the invoices'. */
export const creditNoteSequences = pgTable('credit_note_sequences', {
  year: integer('year').primaryKey(),
  lastValue: integer('last_value').notNull().default(0),
});

/** A credit note: credits the superseded installments of one invoice (the specification's negative amendment). */
export const creditNotes = pgTable(
  'credit_notes',
  {
    ...commonColumns(),
    number: text('number').notNull(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    policyHolderId: uuid('policy_holder_id').references(() => policyHolders.id),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    dateIssued: date('date_issued', { mode: 'string' }).notNull(),
    total: money('total').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [
    uniqueIndex('credit_notes_number_uq').on(t.number),
    index('credit_notes_contract_idx').on(t.contractId),
    index('credit_notes_ph_idx').on(t.policyHolderId, t.dateIssued),
    index('credit_notes_issued_total_idx').on(t.dateIssued, t.total),
    check('credit_notes_total_ck', sql`${t.total} > 0`),
  ],
);

/**
 * Money received from a policy holder (or for a contract without one). What is not allocated to
 * installments, nor refunded, is the payer's unallocated credit. A reversed receipt (bounced, entered by
 * mistake) keeps its row, with its allocations released.
 */
export const receipts = pgTable(
  'receipts',
  {
    ...commonColumns(),
    policyHolderId: uuid('policy_holder_id').references(() => policyHolders.id),
    /** The contract it was recorded against, if any (allocated to that contract first). */
    contractId: uuid('contract_id').references(() => contracts.id),
    /** For a payer without a policy holder: the contract chain whose installments it may pay. */
    chainCode: text('chain_code'),
    receiptNumber: text('receipt_number').notNull(),
    amount: money('amount').notNull(),
    receivedAt: date('received_at', { mode: 'string' }).notNull(),
    /** Recorded although nothing was payable: money paid in advance. */
    advance: boolean('advance').notNull().default(false),
    allocated: money('allocated').notNull().default('0'),
    refunded: money('refunded').notNull().default('0'),
    reversedAt: timestamp('reversed_at', { withTimezone: true, mode: 'date' }),
    reversedBy: uuid('reversed_by'),
    reversalReason: text('reversal_reason'),
  },
  (t) => [
    uniqueIndex('receipts_number_uq').on(t.receiptNumber).where(sql`${t.isDeleted} = false`),
    index('receipts_ph_idx').on(t.policyHolderId, t.receivedAt),
    index('receipts_contract_idx').on(t.contractId),
    // The dashboard's money collected per month (receipts neither deleted nor reversed).
    index('receipts_received_amount_idx')
      .on(t.receivedAt, t.amount)
      .where(sql`${t.isDeleted} = false and ${t.reversedAt} is null`),
    index('receipts_unallocated_idx')
      .on(t.policyHolderId, t.chainCode)
      .where(sql`${t.reversedAt} is null and ${t.allocated} + ${t.refunded} < ${t.amount}`),
    check('receipts_amount_ck', sql`${t.amount} > 0`),
    check('receipts_payer_ck', sql`${t.policyHolderId} is not null or ${t.chainCode} is not null`),
    check(
      'receipts_used_ck',
      sql`${t.allocated} >= 0 and ${t.refunded} >= 0 and ${t.allocated} + ${t.refunded} <= ${t.amount}`,
    ),
    check('receipts_reversed_ck', sql`${t.reversedAt} is null or (${t.allocated} = 0 and ${t.refunded} = 0)`),
  ],
);

/** A part of a receipt applied to an installment; released (never deleted) when undone. */
export const allocations = pgTable(
  'allocations',
  {
    id: uuid('id').primaryKey().default(uuid7),
    receiptId: uuid('receipt_id')
      .notNull()
      .references(() => receipts.id),
    installmentId: uuid('installment_id')
      .notNull()
      .references(() => installments.id),
    amount: money('amount').notNull(),
    allocatedOn: date('allocated_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
    releasedAt: timestamp('released_at', { withTimezone: true, mode: 'date' }),
    releasedBy: uuid('released_by'),
    releaseReason: text('release_reason'),
  },
  (t) => [
    index('allocations_receipt_idx').on(t.receiptId),
    index('allocations_installment_idx').on(t.installmentId).where(sql`${t.releasedAt} is null`),
    check('allocations_amount_ck', sql`${t.amount} > 0`),
  ],
);

/** Unallocated credit paid back to the payer by an approver. */
export const refunds = pgTable(
  'refunds',
  {
    ...commonColumns(),
    policyHolderId: uuid('policy_holder_id').references(() => policyHolders.id),
    receiptId: uuid('receipt_id')
      .notNull()
      .references(() => receipts.id),
    amount: money('amount').notNull(),
    refundedOn: date('refunded_on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('refunds_receipt_idx').on(t.receiptId), check('refunds_amount_ck', sql`${t.amount} > 0`)],
);

/**
 * The general-ledger side: every invoice, credit note, receipt, allocation, release, refund and
 * reversal posts one balanced entry (lines sharing an entry id; debits = credits), never updated.
 */
export const journalLines = pgTable(
  'journal_lines',
  {
    id: uuid('id').primaryKey().default(uuid7),
    entryId: uuid('entry_id').notNull(),
    entryDate: date('entry_date', { mode: 'string' }).notNull(),
    /** invoice, credit_note, receipt, allocation, release, refund, reversal; billing_run: a run chunk's income */
    docType: text('doc_type').notNull(),
    docId: uuid('doc_id').notNull(),
    docNumber: text('doc_number'),
    policyHolderId: uuid('policy_holder_id'),
    contractId: uuid('contract_id'),
    account: text('account').notNull(),
    debit: money('debit').notNull().default('0'),
    credit: money('credit').notNull().default('0'),
    label: text('label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('journal_lines_date_idx').on(t.entryDate),
    index('journal_lines_entry_idx').on(t.entryId),
    index('journal_lines_ph_idx').on(t.policyHolderId),
    check('journal_lines_side_ck', sql`${t.debit} >= 0 and ${t.credit} >= 0`),
  ],
);

/** A billing run (issue 13): what it bills, its progress, and the contracts it could not bill, with why. */
export const billingRuns = pgTable(
  'billing_runs',
  {
    ...commonColumns(),
    upTo: date('up_to', { mode: 'string' }).notNull(),
    policyHolderId: uuid('policy_holder_id'),
    productId: uuid('product_id'),
    /** running, done */
    state: text('state').notNull(),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    invoices: integer('invoices').notNull().default(0),
    amount: money('amount').notNull().default('0'),
    failures: jsonb('failures').$type<{ contractId: string; error: string }[]>().notNull().default([]),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    /** The background job that does the run (lib/jobs), when it was started as one. */
    jobId: uuid('job_id'),
  },
  (t) => [index('billing_runs_created_idx').on(t.createdAt)],
);

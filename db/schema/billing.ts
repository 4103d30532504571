import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  pgView,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { commonColumns } from './common';
import { contractContributionDetails, contracts } from './contracts';
import { uuid7 } from './uuid7';

const money = (name: string) => numeric(name, { precision: 18, scale: 2 });

/**
 * Before the receivables ledger (db/schema/ledger.ts): a payment request (expected > 0) or a credit
 * (expected < 0) created when a contract was approved. No longer written; kept so that nothing recorded
 * before the ledger is lost.
 */
export const payments = pgTable(
  'payments',
  {
    ...commonColumns(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    kind: text('kind').notNull().default('request'),
    expectedAmount: money('expected_amount').notNull(),
    receivedAmount: money('received_amount').notNull().default('0'),
    requestDate: date('request_date', { mode: 'string' }).notNull(),
    reference: text('reference'),
    /** requested, partial, paid, credit */
    status: text('status').notNull().default('requested'),
  },
  (t) => [index('payments_contract_idx').on(t.contractId)],
);

export const paymentDetails = pgTable(
  'payment_details',
  {
    ...commonColumns(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    contractContributionDetailId: uuid('contract_contribution_detail_id')
      .notNull()
      .references(() => contractContributionDetails.id),
    amount: money('amount').notNull(),
  },
  (t) => [index('payment_details_payment_idx').on(t.paymentId)],
);

export const paymentReceipts = pgTable(
  'payment_receipts',
  {
    ...commonColumns(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    amount: money('amount').notNull(),
    receivedAt: date('received_at', { mode: 'string' }).notNull(),
    receiptNumber: text('receipt_number').notNull(),
  },
  (t) => [
    uniqueIndex('payment_receipts_number_uq').on(t.receiptNumber).where(sql`${t.isDeleted} = false`),
    index('payment_receipts_payment_idx').on(t.paymentId),
  ],
);

/** Gapless yearly invoice numbering: the row is locked while a number is taken. */
export const invoiceSequences = pgTable('invoice_sequences', {
  year: integer('year').primaryKey(),
  lastValue: integer('last_value').notNull().default(0),
});

export const invoices = pgTable(
  'invoices',
  {
    ...commonColumns(),
    number: text('number').notNull(),
    // The contract: checked once per statement, not per row (a billing run inserts 2,000 invoices a
    // statement, in its serial step), by the statement triggers of migration 0040.
    contractId: uuid('contract_id').notNull(),
    dateIssued: date('date_issued', { mode: 'string' }).notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    total: money('total').notNull(),
    policyHolderId: uuid('policy_holder_id'),
    dueDate: date('due_date', { mode: 'string' }),
    /** issued, partially_paid, paid, cancelled (credited in full) */
    state: text('state').notNull().default('issued'),
    amountPaid: money('amount_paid').notNull().default('0'),
    amountCredited: money('amount_credited').notNull().default('0'),
  },
  (t) => [
    uniqueIndex('invoices_number_uq').on(t.number),
    index('invoices_contract_idx').on(t.contractId),
    index('invoices_ph_idx').on(t.policyHolderId, t.dateIssued),
    // The dashboard's premiums billed per month: an index-only range scan over the last 12 months.
    index('invoices_issued_total_idx').on(t.dateIssued, t.total).where(sql`${t.isDeleted} = false`),
    check('invoices_state_ck', sql`${t.state} in ('issued', 'partially_paid', 'paid', 'cancelled')`),
  ],
);

/**
 * Invoice lines written before issue 13 (copies of installment lines, and lines of invoices from before
 * the ledger). No longer written: an invoice's lines are its installments' lines (`invoiceLineItems`).
 */
export const invoiceLines = pgTable(
  'invoice_lines',
  {
    id: uuid('id').primaryKey().default(uuid7),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    /** The installment it bills (its part of a contribution line); the period rule is on installments. */
    installmentId: uuid('installment_id'),
    contractContributionDetailId: uuid('contract_contribution_detail_id')
      .notNull()
      .references(() => contractContributionDetails.id),
    description: text('description').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    amount: money('amount').notNull(),
  },
  (t) => [
    uniqueIndex('invoice_lines_installment_ccd_uq').on(t.installmentId, t.contractContributionDetailId),
    index('invoice_lines_invoice_idx').on(t.invoiceId),
  ],
);

/**
 * An invoice's lines (issue 13): the lines of the installments it bills (their shares of the contribution
 * lines, written at approval), described by plan and person; plus the lines of invoices from before the
 * ledger, which have no installment lines. A billing run writes none: it numbers and issues installments.
 * The view is created by migration 0025_invoice_line_items (its contract added by 0036).
 */
export const invoiceLineItems = pgView('invoice_line_items', {
  id: uuid('id').notNull(),
  invoiceId: uuid('invoice_id').notNull(),
  installmentId: uuid('installment_id'),
  contractContributionDetailId: uuid('contract_contribution_detail_id').notNull(),
  description: text('description').notNull(),
  periodFrom: date('period_from', { mode: 'string' }).notNull(),
  periodTo: date('period_to', { mode: 'string' }).notNull(),
  amount: money('amount').notNull(),
  /** The invoice's contract: filter on it (installments have no index on invoice_id; migration 0036). */
  contractId: uuid('contract_id').notNull(),
}).existing();

import { sql } from 'drizzle-orm';
import { date, index, integer, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { commonColumns } from './common';
import { contractContributionDetails, contracts } from './contracts';

const money = (name: string) => numeric(name, { precision: 18, scale: 2 });

/** A payment request (expected > 0) or a credit (expected < 0) created when a contract is approved. */
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
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    dateIssued: date('date_issued', { mode: 'string' }).notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    total: money('total').notNull(),
  },
  (t) => [uniqueIndex('invoices_number_uq').on(t.number), index('invoices_contract_idx').on(t.contractId)],
);

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    /** Unique: a contribution line (and so a contract period) is never invoiced twice. */
    contractContributionDetailId: uuid('contract_contribution_detail_id')
      .notNull()
      .references(() => contractContributionDetails.id),
    description: text('description').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    amount: money('amount').notNull(),
  },
  (t) => [
    uniqueIndex('invoice_lines_ccd_uq').on(t.contractContributionDetailId),
    index('invoice_lines_invoice_idx').on(t.invoiceId),
  ],
);

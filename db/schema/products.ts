import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { commonColumns } from './common';

/** Benefit plans (openIMIS "product"): what a policy covers and for how long. */
export const products = pgTable(
  'products',
  {
    ...commonColumns(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    insurancePeriodMonths: integer('insurance_period_months').notNull(),
    /** UC3-14: automatic renewals of contracts under this product start Negotiable instead of Draft. */
    renewAsNegotiable: boolean('renew_as_negotiable').notNull().default(false),
    /** Days the cover of a policy (and of its persons covered) runs on after the period paid for. */
    gracePeriodDays: integer('grace_period_days').notNull().default(0),
    /** How contracts under this product are billed: every 12, 6, 3 or 1 months (one installment each). */
    billingFrequencyMonths: integer('billing_frequency_months').notNull().default(12),
    /** What must be paid before a contract becomes Effective: its first installment, or all of them. */
    payBeforeEffective: text('pay_before_effective').notNull().default('all'),
  },
  (t) => [
    uniqueIndex('products_code_live_uq').on(t.code).where(sql`${t.isDeleted} = false`),
    check('products_period_ck', sql`${t.insurancePeriodMonths} between 1 and 120`),
    check('products_grace_ck', sql`${t.gracePeriodDays} between 0 and 365`),
    check('products_billing_frequency_ck', sql`${t.billingFrequencyMonths} in (1, 3, 6, 12)`),
    check('products_pay_before_effective_ck', sql`${t.payBeforeEffective} in ('first', 'all')`),
  ],
);

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
  },
  (t) => [
    uniqueIndex('products_code_live_uq').on(t.code).where(sql`${t.isDeleted} = false`),
    check('products_period_ck', sql`${t.insurancePeriodMonths} between 1 and 120`),
    check('products_grace_ck', sql`${t.gracePeriodDays} between 0 and 365`),
  ],
);

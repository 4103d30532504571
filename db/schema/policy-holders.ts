import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { commonColumns } from './common';
import { contributionPlanBundles } from './contribution-plans';
import { insurees } from './insurees';

export const policyHolders = pgTable(
  'policy_holders',
  {
    ...commonColumns(),
    code: text('code').notNull(),
    tradeName: text('trade_name').notNull(),
    contactName: text('contact_name'),
    email: text('email'),
    phone: text('phone'),
    address: text('address'),
    /** Language of the e-mails sent to this policy holder: 'en' or 'fr'. */
    language: text('language').notNull().default('en'),
    paymentReference: text('payment_reference'),
    dateValidFrom: date('date_valid_from', { mode: 'string' }).notNull(),
    dateValidTo: date('date_valid_to', { mode: 'string' }),
    /** Overrides the products' billing frequency for this policy holder's contracts (12, 6, 3 or 1 months). */
    billingFrequencyMonths: integer('billing_frequency_months'),
  },
  (t) => [
    check(
      'policy_holders_billing_frequency_ck',
      sql`${t.billingFrequencyMonths} is null or ${t.billingFrequencyMonths} in (1, 3, 6, 12)`,
    ),
    uniqueIndex('policy_holders_code_live_uq').on(t.code).where(sql`${t.isDeleted} = false`),
    index('policy_holders_trade_name_idx').on(t.tradeName),
    // The contract search sorted by policy holder walks every holder (deleted ones too) in code order.
    index('policy_holders_code_idx').on(t.code),
    check('policy_holders_language_ck', sql`${t.language} in ('en', 'fr')`),
    check(
      'policy_holders_validity_ck',
      sql`${t.dateValidTo} is null or ${t.dateValidTo} >= ${t.dateValidFrom}`,
    ),
  ],
);

/** The employees (insurees) a policy holder declares, with their bundle and calculation parameters. */
export const policyHolderInsurees = pgTable(
  'policy_holder_insurees',
  {
    ...commonColumns(),
    policyHolderId: uuid('policy_holder_id')
      .notNull()
      .references(() => policyHolders.id),
    insureeId: uuid('insuree_id')
      .notNull()
      .references(() => insurees.id),
    bundleId: uuid('bundle_id').references(() => contributionPlanBundles.id),
    /** Insuree-level rule parameters, e.g. `{ "income": "500.00" }`. */
    calculationParams: jsonb('calculation_params').$type<Record<string, unknown>>().notNull().default({}),
    dateValidFrom: date('date_valid_from', { mode: 'string' }).notNull(),
    dateValidTo: date('date_valid_to', { mode: 'string' }),
  },
  (t) => [
    index('phi_policy_holder_idx').on(t.policyHolderId).where(sql`${t.isDeleted} = false`),
    index('phi_insuree_idx').on(t.insureeId),
    check('phi_validity_ck', sql`${t.dateValidTo} is null or ${t.dateValidTo} >= ${t.dateValidFrom}`),
  ],
);

/** Which contribution plan bundles a policy holder may use. */
export const policyHolderBundles = pgTable(
  'policy_holder_bundles',
  {
    ...commonColumns(),
    policyHolderId: uuid('policy_holder_id')
      .notNull()
      .references(() => policyHolders.id),
    bundleId: uuid('bundle_id')
      .notNull()
      .references(() => contributionPlanBundles.id),
  },
  (t) => [uniqueIndex('phb_live_uq').on(t.policyHolderId, t.bundleId).where(sql`${t.isDeleted} = false`)],
);

/** Portal users acting for a policy holder, for a period. */
export const policyHolderUsers = pgTable(
  'policy_holder_users',
  {
    ...commonColumns(),
    policyHolderId: uuid('policy_holder_id')
      .notNull()
      .references(() => policyHolders.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    dateValidFrom: date('date_valid_from', { mode: 'string' }).notNull(),
    dateValidTo: date('date_valid_to', { mode: 'string' }),
  },
  (t) => [
    uniqueIndex('phu_live_uq').on(t.policyHolderId, t.userId).where(sql`${t.isDeleted} = false`),
    index('phu_user_idx').on(t.userId),
  ],
);

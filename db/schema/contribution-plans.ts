import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { commonColumns } from './common';
import { products } from './products';

export const contributionPlans = pgTable(
  'contribution_plans',
  {
    ...commonColumns(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    /** Key into the calculation rule registry (lib/calculation). */
    calculationRule: text('calculation_rule').notNull(),
    /** Plan-level rule parameters, validated by the rule's schema, e.g. `{ "rate": "5", "includeFamily": false }`. */
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    periodicityMonths: integer('periodicity_months').notNull(),
    dateValidFrom: date('date_valid_from', { mode: 'string' }).notNull(),
    dateValidTo: date('date_valid_to', { mode: 'string' }),
  },
  (t) => [
    uniqueIndex('contribution_plans_code_live_uq').on(t.code).where(sql`${t.isDeleted} = false`),
    index('contribution_plans_product_idx').on(t.productId),
    check('contribution_plans_periodicity_ck', sql`${t.periodicityMonths} between 1 and 120`),
    check(
      'contribution_plans_validity_ck',
      sql`${t.dateValidTo} is null or ${t.dateValidTo} >= ${t.dateValidFrom}`,
    ),
  ],
);

export const contributionPlanBundles = pgTable(
  'contribution_plan_bundles',
  {
    ...commonColumns(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    periodicityMonths: integer('periodicity_months').notNull(),
    dateValidFrom: date('date_valid_from', { mode: 'string' }).notNull(),
    dateValidTo: date('date_valid_to', { mode: 'string' }),
  },
  (t) => [
    uniqueIndex('contribution_plan_bundles_code_live_uq').on(t.code).where(sql`${t.isDeleted} = false`),
    check('contribution_plan_bundles_periodicity_ck', sql`${t.periodicityMonths} between 1 and 120`),
  ],
);

export const contributionPlanBundlePlans = pgTable(
  'contribution_plan_bundle_plans',
  {
    bundleId: uuid('bundle_id')
      .notNull()
      .references(() => contributionPlanBundles.id, { onDelete: 'cascade' }),
    planId: uuid('plan_id')
      .notNull()
      .references(() => contributionPlans.id),
  },
  (t) => [primaryKey({ columns: [t.bundleId, t.planId] }), index('cpb_plans_plan_idx').on(t.planId)],
);

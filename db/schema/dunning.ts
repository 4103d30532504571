import { sql } from 'drizzle-orm';
import {
  boolean,
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
import { contracts } from './contracts';
import { policyHolders } from './policy-holders';
import { products } from './products';

const money = (name: string) => numeric(name, { precision: 18, scale: 2 });

/**
 * Issue 14, dunning: a product's levels, in the order of their days after the due date. Each sends its
 * letter (English and French, `{placeholder}` texts) and may suspend the cover or terminate the contract.
 */
export const dunningLevels = pgTable(
  'dunning_levels',
  {
    ...commonColumns(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    name: text('name').notNull(),
    daysAfterDue: integer('days_after_due').notNull(),
    /** letter, suspend, terminate (each also sends its letter) */
    action: text('action').notNull(),
    /** Sent as a registered letter (shown on the letter and the overview; the mail says so). */
    registered: boolean('registered').notNull().default(false),
    fee: money('fee'),
    subjectEn: text('subject_en').notNull(),
    bodyEn: text('body_en').notNull(),
    subjectFr: text('subject_fr').notNull(),
    bodyFr: text('body_fr').notNull(),
  },
  (t) => [
    uniqueIndex('dunning_levels_product_days_uq')
      .on(t.productId, t.daysAfterDue)
      .where(sql`${t.isDeleted} = false`),
    check('dunning_levels_action_ck', sql`${t.action} in ('letter', 'suspend', 'terminate')`),
    check('dunning_levels_days_ck', sql`${t.daysAfterDue} between 1 and 365`),
    check('dunning_levels_fee_ck', sql`${t.fee} is null or ${t.fee} >= 0`),
  ],
);

/**
 * An arrears case: one contract chain (its code) with installments past due and unpaid, from the day the
 * daily job first saw it until it is paid (closed) or the contract is terminated for non-payment.
 */
export const dunningCases = pgTable(
  'dunning_cases',
  {
    ...commonColumns(),
    chainCode: text('chain_code').notNull(),
    /** The contract the overdue installments belong to (the chain's latest, after an amendment). */
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    policyHolderId: uuid('policy_holder_id').references(() => policyHolders.id),
    productId: uuid('product_id').references(() => products.id),
    /** The oldest unpaid due date when the case opened: the levels count their days from it. */
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    /** open, paid, terminated */
    status: text('status').notNull().default('open'),
    /** How many levels were applied, and the last one's day (one level per case and day). */
    level: integer('level').notNull().default(0),
    lastStepOn: date('last_step_on', { mode: 'string' }),
    feesTotal: money('fees_total').notNull().default('0'),
    closedOn: date('closed_on', { mode: 'string' }),
  },
  (t) => [
    uniqueIndex('dunning_cases_open_uq').on(t.chainCode).where(sql`${t.status} = 'open'`),
    index('dunning_cases_ph_idx').on(t.policyHolderId),
    index('dunning_cases_contract_idx').on(t.contractId),
    check('dunning_cases_status_ck', sql`${t.status} in ('open', 'paid', 'terminated')`),
  ],
);

/** A level applied to a case: once per case and level (the unique index makes a rerun a no-op). */
export const dunningSteps = pgTable(
  'dunning_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => dunningCases.id),
    levelId: uuid('level_id')
      .notNull()
      .references(() => dunningLevels.id),
    levelNumber: integer('level_number').notNull(),
    levelName: text('level_name').notNull(),
    action: text('action').notNull(),
    stepDate: date('step_date', { mode: 'string' }).notNull(),
    amountOverdue: money('amount_overdue').notNull(),
    fee: money('fee').notNull().default('0'),
    notificationId: uuid('notification_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dunning_steps_case_level_uq').on(t.caseId, t.levelId),
    index('dunning_steps_case_idx').on(t.caseId),
  ],
);

/** Staff hold a policy holder's dunning (a dispute, a promise to pay) until a day, with a reason. */
export const dunningHolds = pgTable(
  'dunning_holds',
  {
    ...commonColumns(),
    policyHolderId: uuid('policy_holder_id')
      .notNull()
      .references(() => policyHolders.id),
    reason: text('reason').notNull(),
    /** The last day of the hold. */
    until: date('until', { mode: 'string' }).notNull(),
    releasedAt: timestamp('released_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('dunning_holds_ph_idx').on(t.policyHolderId, t.until)],
);

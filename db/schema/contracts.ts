import { type SQL, sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { commonColumns } from './common';
import { contributionPlanBundles, contributionPlans } from './contribution-plans';
import { insurees } from './insurees';
import { policyHolderInsurees, policyHolders } from './policy-holders';

const money = (name: string) => numeric(name, { precision: 18, scale: 2 });

export const contracts = pgTable(
  'contracts',
  {
    ...commonColumns(),
    code: text('code').notNull(),
    policyHolderId: uuid('policy_holder_id').references(() => policyHolders.id),
    amountNotified: money('amount_notified'),
    amountRectified: money('amount_rectified'),
    amountDue: money('amount_due'),
    /**
     * The amount that matches the state (notified for 1–2, rectified for 3, 4, 11, due otherwise),
     * stored so that searching and sorting on it can use an index.
     */
    amount: money('amount').generatedAlwaysAs(
      (): SQL => sql`case when ${contracts.state} in (1, 2) then ${contracts.amountNotified}
        when ${contracts.state} in (3, 4, 11) then ${contracts.amountRectified}
        else ${contracts.amountDue} end`,
    ),
    dateApproved: timestamp('date_approved', { withTimezone: true, mode: 'date' }),
    datePaymentDue: date('date_payment_due', { mode: 'string' }),
    state: smallint('state').notNull().default(2),
    paymentReference: text('payment_reference'),
    amendment: integer('amendment').notNull().default(0),
    parentId: uuid('parent_id').references((): AnyPgColumn => contracts.id),
    dateValidFrom: date('date_valid_from', { mode: 'string' }).notNull(),
    dateValidTo: date('date_valid_to', { mode: 'string' }).notNull(),
    /** Why the contract was countered or terminated, last reason given. */
    stateReason: text('state_reason'),
    /**
     * The contract's valuation before what its amendment chain already received: for an amendment the
     * amounts notified/rectified/due are net of it (the specification), this is the gross value beside them.
     */
    amountGross: money('amount_gross'),
    /** UC3-14: the daily job creates the next period's contract when this one nears its end. */
    autoRenew: boolean('auto_renew').notNull().default(false),
    /** Manual termination: the last day of cover (cover ends at this date). */
    dateTerminated: date('date_terminated', { mode: 'string' }),
    /** Issue 14: dunning suspended the cover from this day (until the arrears are paid). */
    coverSuspendedFrom: date('cover_suspended_from', { mode: 'string' }),
  },
  (t) => [
    // A code identifies one contract; its amendments share it.
    uniqueIndex('contracts_code_live_uq')
      .on(t.code)
      .where(sql`${t.isDeleted} = false and ${t.amendment} = 0`),
    uniqueIndex('contracts_code_amendment_uq').on(t.code, t.amendment).where(sql`${t.isDeleted} = false`),
    // One open (not yet approved) amendment per contract at a time: amendments share their contract's code.
    uniqueIndex('contracts_open_amendment_uq')
      .on(t.code)
      .where(sql`${t.isDeleted} = false and ${t.amendment} > 0 and ${t.state} in (1, 2, 3, 4, 11)`),
    // At most one live renewal per contract: a renewal (amendment 0) points at the renewed chain's root.
    uniqueIndex('contracts_renewal_uq')
      .on(t.parentId)
      .where(sql`${t.isDeleted} = false and ${t.amendment} = 0 and ${t.parentId} is not null`),
    index('contracts_auto_renew_idx')
      .on(t.dateValidTo)
      .where(sql`${t.autoRenew} = true and ${t.isDeleted} = false`),
    index('contracts_code_trgm_idx').using('gin', sql`${t.code} gin_trgm_ops`),
    index('contracts_payment_ref_trgm_idx').using('gin', sql`${t.paymentReference} gin_trgm_ops`),
    index('contracts_policy_holder_idx').on(t.policyHolderId, t.dateValidFrom),
    index('contracts_state_amount_idx').on(t.state, t.amount),
    // The dashboard's contracts by state (and its "to approve" count): an index-only scan of live rows.
    index('contracts_live_state_idx').on(t.state).where(sql`${t.isDeleted} = false`),
    // The amount filter matches any of the three amounts (the specification): one index each, so that
    // an amount range is a BitmapOr of three index ranges (ANDed with the state index when filtered).
    index('contracts_amount_notified_idx').on(t.amountNotified),
    index('contracts_amount_rectified_idx').on(t.amountRectified),
    index('contracts_amount_due_idx').on(t.amountDue),
    index('contracts_amount_id_idx').on(t.amount, t.id),
    // (value, id): sorting by a date reads the index in the search's order (many contracts share a date:
    // a date-only index left an incremental sort of each day's ties, 40-60 ms at a million).
    index('contracts_payment_due_id_idx').on(t.datePaymentDue, t.id),
    index('contracts_valid_from_id_idx').on(t.dateValidFrom, t.id),
    index('contracts_valid_to_id_idx').on(t.dateValidTo, t.id),
    index('contracts_code_idx').on(t.code),
    index('contracts_parent_idx').on(t.parentId),
    // With the id tie-breaker the default order (newest change first) is a plain index scan.
    index('contracts_updated_at_id_idx').on(t.updatedAt, t.id),
    // Issue 13, every sort at a million contracts: the sorts on few distinct values read their index in
    // (value, id) order; sorting by policy holder walks the holders by code and each one's contracts by id.
    index('contracts_state_id_idx').on(t.state, t.id),
    index('contracts_amendment_id_idx').on(t.amendment, t.id),
    index('contracts_policy_holder_id_idx').on(t.policyHolderId, t.id),
    // The validity filter is an overlap of two periods: one GiST range index answers it.
    index('contracts_validity_gist_idx').using(
      'gist',
      sql`daterange(${t.dateValidFrom}, ${t.dateValidTo}, '[]')`,
    ),
    check('contracts_code_len_ck', sql`char_length(${t.code}) between 1 and 64`),
    check('contracts_state_ck', sql`${t.state} between 1 and 11`),
    check('contracts_validity_ck', sql`${t.dateValidTo} >= ${t.dateValidFrom}`),
    check('contracts_payment_ref_len_ck', sql`char_length(${t.paymentReference}) <= 255`),
  ],
);

export const contractDetails = pgTable(
  'contract_details',
  {
    ...commonColumns(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    insureeId: uuid('insuree_id')
      .notNull()
      .references(() => insurees.id),
    policyHolderInsureeId: uuid('policy_holder_insuree_id').references(() => policyHolderInsurees.id),
    bundleId: uuid('bundle_id')
      .notNull()
      .references(() => contributionPlanBundles.id),
    calculationParams: jsonb('calculation_params').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    uniqueIndex('contract_details_insuree_uq')
      .on(t.contractId, t.insureeId)
      .where(sql`${t.isDeleted} = false`),
    index('contract_details_insuree_idx').on(t.insureeId),
  ],
);

/** Policies (openIMIS): cover of one insuree, or of its family, by a product for a period. */
export const policies = pgTable(
  'policies',
  {
    ...commonColumns(),
    insureeId: uuid('insuree_id')
      .notNull()
      .references(() => insurees.id),
    familyId: uuid('family_id'),
    coversFamily: boolean('covers_family').notNull().default(false),
    productId: uuid('product_id').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    expiryDate: date('expiry_date', { mode: 'string' }).notNull(),
    /**
     * The end of cover: the expiry plus the product's grace period (the specification's "period + grace
     * period"). Contributions are matched on start–expiry only, so the next period never lands on it.
     */
    graceExpiryDate: date('grace_expiry_date', { mode: 'string' }),
    /** contracted (created at approval), active (paid), expired. */
    status: text('status').notNull().default('contracted'),
  },
  (t) => [index('policies_insuree_product_idx').on(t.insureeId, t.productId, t.startDate)],
);

/** Contribution lines: one per detail × plan × period (split at policy boundaries). */
export const contractContributionDetails = pgTable(
  'contract_contribution_details',
  {
    ...commonColumns(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    contractDetailId: uuid('contract_detail_id')
      .notNull()
      .references(() => contractDetails.id),
    contributionPlanId: uuid('contribution_plan_id')
      .notNull()
      .references(() => contributionPlans.id),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => policies.id),
    dateValidFrom: date('date_valid_from', { mode: 'string' }).notNull(),
    dateValidTo: date('date_valid_to', { mode: 'string' }).notNull(),
    amount: money('amount').notNull(),
  },
  (t) => [index('ccd_contract_idx').on(t.contractId), index('ccd_detail_idx').on(t.contractDetailId)],
);

export const contributions = pgTable(
  'contributions',
  {
    ...commonColumns(),
    contractContributionDetailId: uuid('contract_contribution_detail_id')
      .notNull()
      .references(() => contractContributionDetails.id),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => policies.id),
    amount: money('amount').notNull(),
    payDate: date('pay_date', { mode: 'string' }),
  },
  (t) => [uniqueIndex('contributions_line_uq').on(t.contractContributionDetailId)],
);

/** Persons covered: insuree × policy for the contract period, created when the contract is paid. */
export const insureePolicies = pgTable(
  'insuree_policies',
  {
    ...commonColumns(),
    insureeId: uuid('insuree_id')
      .notNull()
      .references(() => insurees.id),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => policies.id),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    expiryDate: date('expiry_date', { mode: 'string' }).notNull(),
  },
  (t) => [
    index('insuree_policies_contract_idx').on(t.contractId),
    uniqueIndex('insuree_policies_uq')
      .on(t.contractId, t.insureeId, t.policyId)
      .where(sql`${t.isDeleted} = false`),
  ],
);

import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { RuleDefinition, TestCaseResult } from '@/lib/calculation/premium-rule';
import { commonColumns } from './common';

/**
 * Configured premium rules (issue 17). A rule is named by its code (a contribution plan with calculation
 * rule "premium-rule" names it in its parameters: `{ "rule": "GTL-AGES" }`); what it computes lives in
 * its versions, each valid from a date. Valuation uses the published version valid at the contract's
 * period start, so publishing a new version never changes an approved contract. A published version is
 * frozen (a trigger refuses changing or deleting it); a draft is edited freely.
 */
export const premiumRules = pgTable(
  'premium_rules',
  {
    ...commonColumns(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description'),
  },
  (t) => [uniqueIndex('premium_rules_code_live_uq').on(t.code).where(sql`${t.isDeleted} = false`)],
);

export const premiumRuleVersions = pgTable(
  'premium_rule_versions',
  {
    ...commonColumns(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => premiumRules.id),
    /** 1, 2, 3… per rule, in order of creation. */
    number: integer('number').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    status: text('status', { enum: ['draft', 'published'] })
      .notNull()
      .default('draft'),
    /** Inputs, rate tables, formula and test cases (lib/calculation/premium-rule.ts). */
    definition: jsonb('definition').$type<RuleDefinition>().notNull(),
    /** The test cases' results at the last save. */
    testResults: jsonb('test_results').$type<TestCaseResult[]>().notNull().default([]),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    publishedBy: uuid('published_by'),
  },
  (t) => [
    uniqueIndex('premium_rule_versions_number_uq').on(t.ruleId, t.number),
    uniqueIndex('premium_rule_versions_published_from_uq')
      .on(t.ruleId, t.validFrom)
      .where(sql`${t.status} = 'published' and ${t.isDeleted} = false`),
    index('premium_rule_versions_rule_idx').on(t.ruleId, t.validFrom),
    check('premium_rule_versions_status_ck', sql`${t.status} in ('draft', 'published')`),
  ],
);

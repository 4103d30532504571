import { and, asc, count, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import {
  contractDetails,
  contracts,
  contributionPlanBundlePlans,
  contributionPlans,
  premiumRules,
  premiumRuleVersions,
} from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import type { RuleDefinition, TestCaseResult } from '../calculation/premium-rule';
import { PREMIUM_RULE_KEY } from '../calculation/rules';
import { assertFound, changedValues } from '../concurrency';
import { ConflictError, isUniqueViolation } from '../errors';
import { err } from '../i18n/keyed';
import { applyUpdate, lockLive } from '../reference/crud';
import { containsPattern } from '../sql';
import { pageParams } from '../validation/common';
import { parseInput } from '../validation/parse';
import { referenceSearch } from '../validation/reference';
import { assertRulesRead, assertRulesWrite } from './access';
import { premiumRuleInput, premiumRuleUpdate } from './validation';

export type PremiumRuleDto = {
  id: string;
  code: string;
  name: string;
  description: string | null;
  version: number;
};

export type RuleVersionDto = {
  id: string;
  version: number;
  number: number;
  validFrom: string;
  status: 'draft' | 'published';
  definition: RuleDefinition;
  testResults: TestCaseResult[];
  publishedAt: Date | null;
};

const ruleColumns = {
  id: premiumRules.id,
  code: premiumRules.code,
  name: premiumRules.name,
  description: premiumRules.description,
  version: premiumRules.version,
};

export const versionColumns = {
  id: premiumRuleVersions.id,
  version: premiumRuleVersions.version,
  number: premiumRuleVersions.number,
  validFrom: premiumRuleVersions.validFrom,
  status: premiumRuleVersions.status,
  definition: premiumRuleVersions.definition,
  testResults: premiumRuleVersions.testResults,
  publishedAt: premiumRuleVersions.publishedAt,
};

function duplicate(e: unknown): never {
  if (isUniqueViolation(e, 'premium_rules_code_live_uq')) {
    const msg = err('premiumRules.codeTaken');
    throw new ConflictError(msg, { code: [msg] });
  }
  throw e;
}

export async function listPremiumRules(db: DbOrTx, actor: Actor, params: Record<string, unknown>) {
  assertRulesRead(actor);
  const { q, dir } = parseInput(referenceSearch, params);
  const { page, pageSize } = parseInput(pageParams, params);
  const where = and(
    eq(premiumRules.isDeleted, false),
    q
      ? or(ilike(premiumRules.code, containsPattern(q)), ilike(premiumRules.name, containsPattern(q)))
      : undefined,
  );
  const published = sql<number>`(select count(*)::int from ${premiumRuleVersions} v where v.rule_id = ${premiumRules.id} and v.status = 'published' and v.is_deleted = false)`;
  const drafts = sql<number>`(select count(*)::int from ${premiumRuleVersions} v where v.rule_id = ${premiumRules.id} and v.status = 'draft' and v.is_deleted = false)`;
  const [items, [total]] = await Promise.all([
    db
      .select({ ...ruleColumns, published, drafts })
      .from(premiumRules)
      .where(where)
      .orderBy((dir === 'desc' ? desc : asc)(premiumRules.code))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(premiumRules).where(where),
  ]);
  return { items, total: total?.n ?? 0, page, pageSize };
}

/** A rule with its versions (newest first). */
export async function getPremiumRule(db: DbOrTx, actor: Actor, id: string) {
  assertRulesRead(actor);
  const [rule] = await db
    .select(ruleColumns)
    .from(premiumRules)
    .where(and(eq(premiumRules.id, id), eq(premiumRules.isDeleted, false)));
  assertFound(rule, 'premiumRule');
  const versions = (await db
    .select(versionColumns)
    .from(premiumRuleVersions)
    .where(and(eq(premiumRuleVersions.ruleId, id), eq(premiumRuleVersions.isDeleted, false)))
    .orderBy(desc(premiumRuleVersions.number))) as RuleVersionDto[];
  return { ...(rule as PremiumRuleDto), versions };
}

export async function createPremiumRule(db: DbOrTx, actor: Actor, input: unknown): Promise<PremiumRuleDto> {
  assertRulesWrite(actor);
  const data = parseInput(premiumRuleInput, input);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(premiumRules)
        .values({ ...data, createdBy: actor.id, updatedBy: actor.id })
        .returning(ruleColumns);
      await writeAudit(tx, actor, [
        { operation: 'create', entity: 'premium_rule', entityId: row!.id, changes: diffFields(null, data) },
      ]);
      return row!;
    });
  } catch (e) {
    duplicate(e);
  }
}

export async function updatePremiumRule(db: DbOrTx, actor: Actor, input: unknown): Promise<PremiumRuleDto> {
  assertRulesWrite(actor);
  const { id, version, ...fields } = parseInput(premiumRuleUpdate, input);
  return db.transaction(async (tx) => {
    const current = await lockLive(tx, premiumRules, id, version, 'premiumRule');
    await applyUpdate(tx, actor, premiumRules, 'premium_rule', current, changedValues(current, fields));
    const [row] = await tx.select(ruleColumns).from(premiumRules).where(eq(premiumRules.id, id));
    return row!;
  });
}

/**
 * Which contribution plans name the rule, and how many contracts (by state) use those plans: what a
 * new version would touch (drafts revalue; approved contracts keep their lines).
 */
export async function premiumRuleUsage(db: DbOrTx, actor: Actor, id: string) {
  assertRulesRead(actor);
  const [rule] = await db
    .select({ code: premiumRules.code })
    .from(premiumRules)
    .where(and(eq(premiumRules.id, id), eq(premiumRules.isDeleted, false)));
  assertFound(rule, 'premiumRule');
  const plans = await db
    .select({ id: contributionPlans.id, code: contributionPlans.code, name: contributionPlans.name })
    .from(contributionPlans)
    .where(
      and(
        eq(contributionPlans.isDeleted, false),
        eq(contributionPlans.calculationRule, PREMIUM_RULE_KEY),
        sql`${contributionPlans.params}->>'rule' = ${rule.code}`,
      ),
    )
    .orderBy(contributionPlans.code);
  const byState = plans.length
    ? await db
        .select({ state: contracts.state, n: sql<number>`count(distinct ${contracts.id})::int` })
        .from(contracts)
        .innerJoin(
          contractDetails,
          and(eq(contractDetails.contractId, contracts.id), eq(contractDetails.isDeleted, false)),
        )
        .innerJoin(
          contributionPlanBundlePlans,
          eq(contributionPlanBundlePlans.bundleId, contractDetails.bundleId),
        )
        .where(
          and(
            eq(contracts.isDeleted, false),
            inArray(
              contributionPlanBundlePlans.planId,
              plans.map((p) => p.id),
            ),
          ),
        )
        .groupBy(contracts.state)
    : [];
  return { plans, contractsByState: byState };
}

export type PremiumRuleChoice = {
  code: string;
  name: string;
  /** The plan-level inputs its newest version declares: the plan form asks for them. */
  planInputs: { name: string; label: string; kind: string; required: boolean }[];
};

/**
 * The rules a contribution plan can name (the plan form's choice), each with the plan-level inputs of
 * its newest version, published or draft. Bounded: a product line has tens of rules, not thousands.
 */
export async function premiumRuleChoices(db: DbOrTx, actor: Actor): Promise<PremiumRuleChoice[]> {
  assertRulesRead(actor);
  const rows = await db
    .selectDistinctOn([premiumRules.code], {
      code: premiumRules.code,
      name: premiumRules.name,
      definition: premiumRuleVersions.definition,
    })
    .from(premiumRules)
    .leftJoin(
      premiumRuleVersions,
      and(eq(premiumRuleVersions.ruleId, premiumRules.id), eq(premiumRuleVersions.isDeleted, false)),
    )
    .where(eq(premiumRules.isDeleted, false))
    .orderBy(premiumRules.code, desc(premiumRuleVersions.number))
    .limit(500);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    planInputs: (r.definition?.inputs ?? [])
      .filter((i) => i.source === 'plan')
      .map((i) => ({ name: i.name, label: i.label, kind: i.kind, required: i.required })),
  }));
}

import { and, eq, gte, inArray, max, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
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
import { compileRule, explainRule, type RuleDefinition, runTestCases } from '../calculation/premium-rule';
import { type Dimension, tableFromCsv } from '../calculation/rate-table';
import { MAX_XLSX_BYTES, tableFromXlsx, tableToXlsx } from '../calculation/rate-table-xlsx';
import { PREMIUM_RULE_KEY } from '../calculation/rules';
import { assertFound, assertVersion } from '../concurrency';
import { STATE_CONFIG } from '../contracts/states';
import { ConflictError, InvalidStateError, isUniqueViolation, ValidationError } from '../errors';
import { err } from '../i18n/keyed';
import { parseInput } from '../validation/parse';
import { assertRulesRead, assertRulesWrite } from './access';
import { type RuleVersionDto, versionColumns } from './rules';
import { rulePreviewInput, ruleVersionInput, ruleVersionRef } from './validation';

/** Compiles (refusing bad formulas and tables with their position) and runs the test cases. */
function check(definition: RuleDefinition) {
  const rule = compileRule(definition);
  return { rule, results: runTestCases(rule) };
}

async function readVersion(tx: DbOrTx, id: string): Promise<RuleVersionDto> {
  const [row] = await tx
    .select(versionColumns)
    .from(premiumRuleVersions)
    .where(and(eq(premiumRuleVersions.id, id), eq(premiumRuleVersions.isDeleted, false)));
  assertFound(row, 'ruleVersion');
  return row as RuleVersionDto;
}

async function lockVersion(tx: Tx, id: string, version: number | undefined) {
  const [row] = await tx
    .select()
    .from(premiumRuleVersions)
    .where(and(eq(premiumRuleVersions.id, id), eq(premiumRuleVersions.isDeleted, false)))
    .for('update');
  assertFound(row, 'ruleVersion');
  assertVersion(row, version, 'ruleVersion');
  return row;
}

/**
 * Saves a draft version: a new one (numbered after the rule's last) or a change to a draft. The
 * definition is compiled first, so a formula or table error is refused with where it is; the test
 * cases run and their results are stored with the draft (failing cases do not stop a draft, they stop
 * publishing).
 */
export async function saveRuleVersion(db: DbOrTx, actor: Actor, input: unknown): Promise<RuleVersionDto> {
  assertRulesWrite(actor);
  const data = parseInput(ruleVersionInput, input);
  const { results } = check(data.definition);
  return db.transaction(async (tx) => {
    const [rule] = await tx
      .select({ id: premiumRules.id })
      .from(premiumRules)
      .where(and(eq(premiumRules.id, data.ruleId), eq(premiumRules.isDeleted, false)))
      .for('update');
    assertFound(rule, 'premiumRule');
    const values = { validFrom: data.validFrom, definition: data.definition, testResults: results };
    if (data.id) {
      const current = await lockVersion(tx, data.id, data.version);
      if (current.ruleId !== data.ruleId) throw new ValidationError(err('premiumRules.ruleVersionNotFound'));
      if (current.status !== 'draft')
        throw new InvalidStateError(err('premiumRules.publishedVersionCannotChange'));
      await tx
        .update(premiumRuleVersions)
        .set({ ...values, version: current.version + 1, updatedAt: new Date(), updatedBy: actor.id })
        .where(eq(premiumRuleVersions.id, current.id));
      await writeAudit(tx, actor, [
        {
          operation: 'update',
          entity: 'premium_rule_version',
          entityId: current.id,
          changes: diffFields(current, { validFrom: data.validFrom, definition: data.definition }),
        },
      ]);
      return readVersion(tx, current.id);
    }
    const [last] = await tx
      .select({ n: max(premiumRuleVersions.number) })
      .from(premiumRuleVersions)
      .where(eq(premiumRuleVersions.ruleId, data.ruleId));
    const [row] = await tx
      .insert(premiumRuleVersions)
      .values({
        ...values,
        ruleId: data.ruleId,
        number: (last?.n ?? 0) + 1,
        createdBy: actor.id,
        updatedBy: actor.id,
      })
      .returning({ id: premiumRuleVersions.id });
    await writeAudit(tx, actor, [
      {
        operation: 'create',
        entity: 'premium_rule_version',
        entityId: row!.id,
        changes: diffFields(null, {
          ruleId: data.ruleId,
          validFrom: data.validFrom,
          definition: data.definition,
        }),
      },
    ]);
    return readVersion(tx, row!.id);
  });
}

/**
 * Publishes a draft: it must compile, have test cases, and pass them all. It may not take effect on or
 * before the start of a contract already approved with the rule: that contract was valued with the
 * version then valid, and a new version must never change it.
 */
export async function publishRuleVersion(db: DbOrTx, actor: Actor, input: unknown): Promise<RuleVersionDto> {
  assertRulesWrite(actor);
  const { id, version } = parseInput(ruleVersionRef, input);
  try {
    return await db.transaction(async (tx) => {
      const current = await lockVersion(tx, id, version);
      if (current.status !== 'draft')
        throw new InvalidStateError(err('premiumRules.ruleVersionAlreadyPublished'));
      const { results } = check(current.definition);
      if (!results.length) throw new InvalidStateError(err('premiumRules.ruleVersionNeedsTest'));
      const failed = results.filter((r) => !r.passed);
      if (failed.length)
        throw new InvalidStateError(
          err('premiumRules.testsFail', { failing: failed.map((f) => f.name).join(', ') }),
        );
      const [rule] = await tx
        .select({ code: premiumRules.code })
        .from(premiumRules)
        .where(eq(premiumRules.id, current.ruleId));
      const [approved] = await tx
        .select({ code: contracts.code, from: contracts.dateValidFrom })
        .from(contracts)
        .innerJoin(
          contractDetails,
          and(eq(contractDetails.contractId, contracts.id), eq(contractDetails.isDeleted, false)),
        )
        .innerJoin(
          contributionPlanBundlePlans,
          eq(contributionPlanBundlePlans.bundleId, contractDetails.bundleId),
        )
        .innerJoin(contributionPlans, eq(contributionPlans.id, contributionPlanBundlePlans.planId))
        .where(
          and(
            eq(contracts.isDeleted, false),
            inArray(contracts.state, [...STATE_CONFIG.amendable]),
            gte(contracts.dateValidFrom, current.validFrom),
            eq(contributionPlans.calculationRule, PREMIUM_RULE_KEY),
            sql`${contributionPlans.params}->>'rule' = ${rule!.code}`,
          ),
        )
        .limit(1);
      if (approved)
        throw new InvalidStateError(
          err('premiumRules.versionAfterContract', { code: approved.code, from: approved.from }),
        );
      await tx
        .update(premiumRuleVersions)
        .set({
          status: 'published',
          testResults: results,
          publishedAt: new Date(),
          publishedBy: actor.id,
          version: current.version + 1,
          updatedAt: new Date(),
          updatedBy: actor.id,
        })
        .where(eq(premiumRuleVersions.id, id));
      await writeAudit(tx, actor, [
        {
          operation: 'publish',
          entity: 'premium_rule_version',
          entityId: id,
          changes: [{ field: 'status', oldValue: 'draft', newValue: 'published' }],
        },
      ]);
      return readVersion(tx, id);
    });
  } catch (e) {
    if (isUniqueViolation(e, 'premium_rule_versions_published_from_uq'))
      throw new ConflictError(err('premiumRules.anotherPublishedVersionRule'));
    throw e;
  }
}

/** A draft can be thrown away; a published version stays (approved contracts were valued with it). */
export async function deleteRuleVersion(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  assertRulesWrite(actor);
  const { id, version } = parseInput(ruleVersionRef, input);
  await db.transaction(async (tx) => {
    const current = await lockVersion(tx, id, version);
    if (current.status !== 'draft')
      throw new InvalidStateError(err('premiumRules.publishedVersionCannotBeDeleted'));
    await tx
      .update(premiumRuleVersions)
      .set({ isDeleted: true, version: current.version + 1, updatedAt: new Date(), updatedBy: actor.id })
      .where(eq(premiumRuleVersions.id, id));
    await writeAudit(tx, actor, [
      { operation: 'delete', entity: 'premium_rule_version', entityId: id, changes: [] },
    ]);
  });
}

/**
 * The editor's preview: the premium for the typed inputs, explained line by line, and the test cases'
 * results. Nothing is saved.
 */
export function previewRule(actor: Actor, input: unknown) {
  assertRulesRead(actor);
  const { definition, inputs } = parseInput(rulePreviewInput, input);
  const { rule, results } = check(definition);
  return { ...explainRule(rule, inputs), testResults: results };
}

const kindsOf = (kinds: unknown): Dimension['kind'][] =>
  Array.isArray(kinds) ? kinds.map((k) => (k === 'category' ? 'category' : 'band')) : [];

/** A rate table read from an XLSX workbook (sent as base64): checked, returned for the editor to keep. */
export async function importRateTableXlsx(
  actor: Actor,
  input: { name: string; xlsx: string; kinds: Dimension['kind'][] },
) {
  assertRulesWrite(actor);
  if (typeof input.xlsx !== 'string' || input.xlsx.length > Math.ceil((MAX_XLSX_BYTES * 4) / 3) + 4)
    throw new ValidationError(err('common.xlsxFileTooLarge'));
  const bytes = new Uint8Array(Buffer.from(input.xlsx, 'base64'));
  return tableFromXlsx(String(input.name), bytes, kindsOf(input.kinds));
}

/** The editor's table (CSV text) as an XLSX workbook, base64 for the browser to download. */
export async function exportRateTableXlsx(
  actor: Actor,
  input: { name: string; csv: string; kinds: Dimension['kind'][] },
) {
  assertRulesRead(actor);
  if (typeof input.csv !== 'string' || input.csv.length > 500_000)
    throw new ValidationError(err('premiumRules.csvFileTooLarge'));
  const table = tableFromCsv(String(input.name), input.csv, kindsOf(input.kinds));
  return Buffer.from(await tableToXlsx(table)).toString('base64');
}

/** A rate table read from CSV (spreadsheets export it): checked, returned for the editor to keep. */
export function importRateTable(
  actor: Actor,
  input: { name: string; csv: string; kinds: Dimension['kind'][] },
) {
  assertRulesWrite(actor);
  if (typeof input.csv !== 'string' || input.csv.length > 500_000)
    throw new ValidationError(err('premiumRules.csvFileTooLarge'));
  return tableFromCsv(String(input.name), input.csv, input.kinds);
}

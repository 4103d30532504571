import { createHash, randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx, Tx } from '@/db/client';
import {
  censusImports,
  contributionPlanBundlePlans,
  contributionPlanBundles,
  contributionPlans,
  insurees,
  policyHolderBundles,
  policyHolderInsurees,
  policyHolders,
} from '@/db/schema';
import { type AuditEntry, auditRows, diffFields, writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import { getRule } from '../calculation/rules';
import { assertFound } from '../concurrency';
import { todayIso } from '../dates';
import { ConflictError, isUniqueViolation, NotFoundError, ValidationError } from '../errors';
import { err, label } from '../i18n/keyed';
import { assertCanWriteInsurees, assertMayWriteInsurees } from '../policy-holders/insurees';
import { fieldErrorsOf, isoDate, requiredText, uuid } from '../validation/common';
import { parseInput } from '../validation/parse';
import { insertRecordset } from './bulk';
import { type BundleRules, type CensusPlan, type CurrentLine, planCensus } from './plan';
import { readCensusFile } from './read';

export type { CensusChange, CensusPerson, CensusRowError } from './plan';

const censusInput = z.object({
  policyHolderId: uuid('policyHolder'),
  fileName: requiredText(255, 'fileName'),
  /** The day people missing from the list stop being declared; today by default. */
  leaveDate: z.union([z.literal(''), isoDate('leavingDate')]).optional(),
});
const applyInput = censusInput.extend({
  digest: z.string().regex(/^[0-9a-f]{64}$/, err('census.previewListApplying')),
});

export type CensusPreview = {
  fileName: string;
  checksum: string;
  rows: number;
  leaveDate: string;
  errors: CensusPlan['errors'];
  added: CensusPlan['added'];
  changed: CensusPlan['changed'];
  leaving: CensusPlan['leaving'];
  unchanged: number;
  digest: string;
  canApply: boolean;
};

export type CensusResult = {
  importId: string;
  added: number;
  changed: number;
  leaving: number;
  unchanged: number;
};

/** Each allowed bundle of the policy holder, with its plans' rules validating the insuree parameters. */
async function loadBundles(db: DbOrTx, policyHolderId: string): Promise<BundleRules[]> {
  const rows = await db
    .select({
      id: contributionPlanBundles.id,
      code: contributionPlanBundles.code,
      rule: contributionPlans.calculationRule,
    })
    .from(policyHolderBundles)
    .innerJoin(contributionPlanBundles, eq(contributionPlanBundles.id, policyHolderBundles.bundleId))
    .leftJoin(
      contributionPlanBundlePlans,
      eq(contributionPlanBundlePlans.bundleId, contributionPlanBundles.id),
    )
    .leftJoin(
      contributionPlans,
      and(
        eq(contributionPlans.id, contributionPlanBundlePlans.planId),
        eq(contributionPlans.isDeleted, false),
      ),
    )
    .where(
      and(
        eq(policyHolderBundles.policyHolderId, policyHolderId),
        eq(policyHolderBundles.isDeleted, false),
        eq(contributionPlanBundles.isDeleted, false),
      ),
    );
  const byId = new Map<string, { code: string; rules: string[] }>();
  for (const r of rows) {
    const b = byId.get(r.id) ?? { code: r.code, rules: [] };
    if (r.rule) b.rules.push(r.rule);
    byId.set(r.id, b);
  }
  // The same validation as one insuree line at a time (validateParams), without a query per row.
  return [...byId].map(([id, b]) => ({
    id,
    code: b.code,
    validate: (params) => {
      const out: Record<string, unknown> = {};
      for (const key of new Set(b.rules)) {
        const rule = getRule(key);
        if (!rule) return { error: err('policyHolders.bundleUnknownRule', { rule: key }) };
        const result = rule.insureeParams.safeParse(params);
        if (!result.success)
          return {
            error:
              Object.values(fieldErrorsOf(result.error))[0]?.[0] ??
              err('common.invalidCalculationParameters'),
          };
        Object.assign(out, result.data);
      }
      return { data: out };
    },
  }));
}

/** The latest live declaration of every person the policy holder declared; locked when applying. */
async function loadCurrent(db: DbOrTx, policyHolderId: string, lock: boolean): Promise<CurrentLine[]> {
  const query = db
    .selectDistinctOn([policyHolderInsurees.insureeId], {
      lineId: policyHolderInsurees.id,
      version: policyHolderInsurees.version,
      insureeId: insurees.id,
      insuranceNumber: insurees.insuranceNumber,
      firstName: insurees.firstName,
      lastName: insurees.lastName,
      dateOfBirth: insurees.dateOfBirth,
      familyId: insurees.familyId,
      bundleId: policyHolderInsurees.bundleId,
      bundleCode: contributionPlanBundles.code,
      calculationParams: policyHolderInsurees.calculationParams,
      dateValidFrom: policyHolderInsurees.dateValidFrom,
      dateValidTo: policyHolderInsurees.dateValidTo,
    })
    .from(policyHolderInsurees)
    .innerJoin(insurees, eq(insurees.id, policyHolderInsurees.insureeId))
    .leftJoin(contributionPlanBundles, eq(contributionPlanBundles.id, policyHolderInsurees.bundleId))
    .where(
      and(eq(policyHolderInsurees.policyHolderId, policyHolderId), eq(policyHolderInsurees.isDeleted, false)),
    )
    .orderBy(policyHolderInsurees.insureeId, desc(policyHolderInsurees.dateValidFrom));
  if (!lock) return query;
  // Every live line of the policy holder is locked: no single-line edit can slip between plan and write.
  await db
    .select({ id: policyHolderInsurees.id })
    .from(policyHolderInsurees)
    .where(
      and(eq(policyHolderInsurees.policyHolderId, policyHolderId), eq(policyHolderInsurees.isDeleted, false)),
    )
    .for('update');
  return query;
}

async function buildPlan(
  db: DbOrTx,
  policyHolderId: string,
  bytes: Uint8Array,
  fileName: string,
  leaveDate: string,
  lock: boolean,
) {
  const table = await readCensusFile(fileName, bytes);
  const [bundles, current] = await Promise.all([
    loadBundles(db, policyHolderId),
    loadCurrent(db, policyHolderId, lock),
  ]);
  const at = table.columns.insuranceNumber!.index;
  const known = new Set(current.map((c) => c.insuranceNumber));
  const numbers = [...new Set(table.rows.map((r) => (r.cells[at] ?? '').trim()))].filter(
    (n) => n && !known.has(n),
  );
  // Only the exact numbers of the list are looked up: a policy holder learns nothing else of the register.
  const registered = numbers.length
    ? await db
        .select({
          id: insurees.id,
          insuranceNumber: insurees.insuranceNumber,
          dateOfBirth: insurees.dateOfBirth,
          familyId: insurees.familyId,
        })
        .from(insurees)
        .where(
          and(
            // One JSON parameter rather than one bind parameter per number.
            sql`${insurees.insuranceNumber} in (select jsonb_array_elements_text(${JSON.stringify(numbers)}::jsonb))`,
            eq(insurees.isDeleted, false),
          ),
        )
    : [];
  return { table, plan: planCensus(table, { current, registered, bundles, leaveDate }) };
}

async function assertPolicyHolder(db: DbOrTx, actor: Actor, id: string, lock: boolean) {
  assertCanWriteInsurees(actor, id);
  const q = db
    .select({ id: policyHolders.id })
    .from(policyHolders)
    .where(and(eq(policyHolders.id, id), eq(policyHolders.isDeleted, false)));
  const [ph] = lock ? await q.for('update') : await q;
  if (!ph) throw new NotFoundError(err('notFound', { label: label('policyHolder') }));
}

const checksumOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Reads an employee list and says what applying it would do (new, changed, leaving people and every
 * row's errors) without writing anything. Staff with policyholder.write, or the policy holder's own
 * portal users (portal.insurees.write).
 */
export async function previewCensus(
  db: DbOrTx,
  actor: Actor,
  input: { policyHolderId: string; fileName: string; leaveDate?: string },
  bytes: Uint8Array,
  now = new Date(),
): Promise<CensusPreview> {
  assertMayWriteInsurees(actor);
  const data = parseInput(censusInput, input);
  await assertPolicyHolder(db, actor, data.policyHolderId, false);
  const leaveDate = data.leaveDate || todayIso(now);
  const { table, plan } = await buildPlan(db, data.policyHolderId, bytes, data.fileName, leaveDate, false);
  const { write: _write, ...shown } = plan;
  return {
    fileName: data.fileName,
    checksum: checksumOf(bytes),
    rows: table.rows.length,
    leaveDate,
    ...shown,
    canApply: plan.errors.length === 0 && plan.added.length + plan.changed.length + plan.leaving.length > 0,
  };
}

const chunks = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/**
 * Applies an employee list: in one transaction (all of it or nothing), after validating it again under
 * the policy holder's lock, and only if it still plans exactly what the preview showed (its digest).
 * Writes are set-based (a statement per kind and chunk, never per person); every changed line is
 * audited, and the import itself is recorded.
 */
export async function applyCensus(
  db: DbOrTx,
  actor: Actor,
  input: { policyHolderId: string; fileName: string; leaveDate?: string; digest: string },
  bytes: Uint8Array,
  now = new Date(),
): Promise<CensusResult> {
  assertMayWriteInsurees(actor);
  const data = parseInput(applyInput, input);
  const leaveDate = data.leaveDate || todayIso(now);
  try {
    return await db.transaction(async (tx) => {
      await assertPolicyHolder(tx, actor, data.policyHolderId, true);
      const { table, plan } = await buildPlan(tx, data.policyHolderId, bytes, data.fileName, leaveDate, true);
      if (plan.errors.length) throw new ValidationError(err('census.listErrorsNothingImported'));
      if (plan.digest !== data.digest) throw new ConflictError(err('census.employeeListDeclarationsChanged'));
      await writePlan(tx, actor, data.policyHolderId, plan);
      const [row] = await tx
        .insert(censusImports)
        .values({
          policyHolderId: data.policyHolderId,
          fileName: data.fileName,
          checksum: checksumOf(bytes),
          rows: table.rows.length,
          added: plan.added.length,
          changed: plan.changed.length,
          leaving: plan.leaving.length,
          unchanged: plan.unchanged,
          leaveDate,
          createdBy: actor.id,
        })
        .returning({ id: censusImports.id });
      assertFound(row, 'censusImport');
      await writeAudit(tx, actor, [
        {
          operation: 'census_import',
          entity: 'policy_holder',
          entityId: data.policyHolderId,
          changes: [
            { field: 'censusFile', oldValue: null, newValue: data.fileName },
            {
              field: 'censusCounts',
              oldValue: null,
              newValue: `added ${plan.added.length}, changed ${plan.changed.length}, leaving ${plan.leaving.length}`,
            },
          ],
        },
      ]);
      return {
        importId: row.id,
        added: plan.added.length,
        changed: plan.changed.length,
        leaving: plan.leaving.length,
        unchanged: plan.unchanged,
      };
    });
  } catch (e) {
    if (isUniqueViolation(e, 'insurees_number_live_uq'))
      throw new ConflictError(err('census.someoneRegisteredOnePeople'));
    throw e;
  }
}

const AUDIT_COLUMNS = {
  operation_id: 'uuid',
  operation: 'text',
  entity: 'text',
  entity_id: 'uuid',
  field: 'text',
  old_value: 'text',
  new_value: 'text',
  actor_id: 'uuid',
  actor_name: 'text',
  source: 'text',
};
const PERSON_COLUMNS = {
  id: 'uuid',
  insurance_number: 'text',
  first_name: 'text',
  last_name: 'text',
  gender: 'text',
  date_of_birth: 'date',
  family_id: 'uuid',
  is_family_head: 'boolean',
  created_by: 'uuid',
  updated_by: 'uuid',
};
const LINE_COLUMNS = {
  id: 'uuid',
  policy_holder_id: 'uuid',
  insuree_id: 'uuid',
  bundle_id: 'uuid',
  calculation_params: 'jsonb',
  date_valid_from: 'date',
  date_valid_to: 'date',
  created_by: 'uuid',
  updated_by: 'uuid',
};

/**
 * A row created by an import is audited as one entry holding all its values (JSON), not one per field:
 * a 5,000-person list would otherwise append 65,000 audit rows, most of the import's time.
 */
const created = (values: Record<string, unknown>) => {
  const fields = Object.fromEntries(diffFields(null, values).map((c) => [c.field, c.newValue]));
  return [{ field: 'created', oldValue: null, newValue: JSON.stringify(fields) }];
};

async function writePlan(tx: Tx, actor: Actor, policyHolderId: string, plan: CensusPlan) {
  const { write } = plan;
  const operationId = randomUUID();
  const audit: AuditEntry[] = [];
  // Ids are made here, not read back from RETURNING, so that no row is matched to the wrong person.
  const familyIds = new Map(write.newFamilies.map((k) => [k, randomUUID()]));
  await insertRecordset(
    tx,
    'families',
    { id: 'uuid', created_by: 'uuid', updated_by: 'uuid' },
    [...familyIds.values()].map((id) => ({ id, created_by: actor.id, updated_by: actor.id })),
  );
  const personIds = new Map(write.newPersons.map((p) => [p.key, randomUUID()]));
  await insertRecordset(
    tx,
    'insurees',
    PERSON_COLUMNS,
    write.newPersons.map((p) => ({
      id: personIds.get(p.key),
      insurance_number: p.insuranceNumber,
      first_name: p.firstName,
      last_name: p.lastName,
      gender: p.gender,
      date_of_birth: p.dateOfBirth,
      family_id: 'id' in p.family ? p.family.id : familyIds.get(p.family.newKey),
      is_family_head: p.isFamilyHead,
      created_by: actor.id,
      updated_by: actor.id,
    })),
  );
  for (const { key, family: _f, ...fields } of write.newPersons)
    audit.push({
      operationId,
      operation: 'create',
      entity: 'insuree',
      entityId: personIds.get(key)!,
      changes: created(fields),
    });
  // Lines that end (a changed person's earlier line, people leaving) before the new lines start.
  for (const batch of chunks(write.closeLines, 5000)) {
    const values = JSON.stringify(batch.map((c) => ({ id: c.lineId, to_date: c.dateValidTo })));
    await tx.execute(sql`update ${policyHolderInsurees} p set date_valid_to = v.to_date, version = p.version + 1,
      updated_at = now(), updated_by = ${actor.id}
      from jsonb_to_recordset(${values}::jsonb) as v(id uuid, to_date date) where p.id = v.id`);
    for (const c of batch)
      audit.push({
        operationId,
        operation: 'update',
        entity: 'policy_holder_insuree',
        entityId: c.lineId,
        changes: [{ field: 'dateValidTo', oldValue: c.before.dateValidTo, newValue: c.dateValidTo }],
      });
  }
  for (const batch of chunks(write.updateLines, 5000)) {
    const values = JSON.stringify(
      batch.map((u) => ({ id: u.lineId, bundle_id: u.bundleId, params: u.calculationParams })),
    );
    await tx.execute(sql`update ${policyHolderInsurees} p set bundle_id = v.bundle_id, calculation_params = v.params,
      version = p.version + 1, updated_at = now(), updated_by = ${actor.id}
      from jsonb_to_recordset(${values}::jsonb) as v(id uuid, bundle_id uuid, params jsonb) where p.id = v.id`);
    for (const u of batch)
      audit.push({
        operationId,
        operation: 'update',
        entity: 'policy_holder_insuree',
        entityId: u.lineId,
        changes: diffFields(
          { bundleId: u.before.bundleId, calculationParams: u.before.calculationParams },
          { bundleId: u.bundleId, calculationParams: u.calculationParams },
        ),
      });
  }
  const deleted = write.deleteLines.map((d) => d.lineId);
  for (const ids of chunks(deleted, 5000)) {
    await tx
      .update(policyHolderInsurees)
      .set({
        isDeleted: true,
        version: sql`${policyHolderInsurees.version} + 1`,
        updatedAt: new Date(),
        updatedBy: actor.id,
      })
      .where(inArray(policyHolderInsurees.id, ids));
    for (const id of ids)
      audit.push({
        operationId,
        operation: 'delete',
        entity: 'policy_holder_insuree',
        entityId: id,
        changes: [{ field: 'isDeleted', oldValue: 'false', newValue: 'true' }],
      });
  }
  const lines = write.insertLines.map(({ insuree, ...l }) => ({
    id: randomUUID(),
    insureeId: 'id' in insuree ? insuree.id : personIds.get(insuree.newKey)!,
    ...l,
  }));
  await insertRecordset(
    tx,
    'policy_holder_insurees',
    LINE_COLUMNS,
    lines.map((l) => ({
      id: l.id,
      policy_holder_id: policyHolderId,
      insuree_id: l.insureeId,
      bundle_id: l.bundleId,
      calculation_params: l.calculationParams,
      date_valid_from: l.dateValidFrom,
      date_valid_to: l.dateValidTo,
      created_by: actor.id,
      updated_by: actor.id,
    })),
  );
  for (const { id, ...fields } of lines)
    audit.push({
      operationId,
      operation: 'create',
      entity: 'policy_holder_insuree',
      entityId: id,
      changes: created({ policyHolderId, ...fields }),
    });
  // The same rows writeAudit would append, in a few statements.
  await insertRecordset(
    tx,
    'audit_log',
    AUDIT_COLUMNS,
    auditRows(actor, audit).map((r) => ({
      operation_id: r.operationId,
      operation: r.operation,
      entity: r.entity,
      entity_id: r.entityId,
      field: r.field ?? null,
      old_value: r.oldValue ?? null,
      new_value: r.newValue ?? null,
      actor_id: r.actorId ?? null,
      actor_name: r.actorName ?? null,
      source: r.source,
    })),
  );
}

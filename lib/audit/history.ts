import { and, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditLog, contractDetails, policyHolderBundles, policyHolderInsurees } from '@/db/schema';
import { type Actor, assertCan } from '../auth/actor';
import { ForbiddenError } from '../errors';
import { err } from '../i18n/keyed';
import { getPolicyHolder } from '../policy-holders/policy-holders';
import { getInsuree } from '../reference/insurees';
import { isUuid } from '../validation/common';

export type HistoryChange = {
  id: number;
  entity: string;
  /** The row changed: the card's own record, or one of its lines (an insured person, a declaration). */
  entityId: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
};

/** One operation (one transaction): who, when, through which surface, and every field it changed. */
export type HistoryEntry = {
  operationId: string;
  operation: string;
  actorName: string | null;
  source: string;
  at: string;
  changes: HistoryChange[];
};

type AuditRow = typeof auditLog.$inferSelect;

/**
 * Audit rows, newest first, grouped per operation. The rows one service call writes share an operation
 * id, but a call may write twice (a line's change, then the contract it revalued): both carry the
 * transaction's timestamp (`now()` is fixed for a transaction) and the same actor and operation name,
 * so those make the group.
 */
export function groupHistory(rows: AuditRow[]): HistoryEntry[] {
  const sorted = [...rows].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id));
  const groups = new Map<string, HistoryEntry>();
  const keyOf = new Map<string, string>();
  for (const r of sorted) {
    const key =
      keyOf.get(r.operationId) ?? `${r.at.toISOString()}|${r.actorId ?? r.actorName ?? ''}|${r.operation}`;
    keyOf.set(r.operationId, key);
    let g = groups.get(key);
    if (!g) {
      g = {
        operationId: r.operationId,
        operation: r.operation,
        actorName: r.actorName,
        source: r.source,
        at: r.at.toISOString(),
        changes: [],
      };
      groups.set(key, g);
    }
    g.changes.push({
      id: r.id,
      entity: r.entity,
      entityId: r.entityId,
      field: r.field,
      oldValue: r.oldValue,
      newValue: r.newValue,
    });
  }
  // Within an operation, fields in the order they were written (the record's own order).
  for (const g of groups.values()) g.changes.sort((a, b) => a.id - b.id);
  return [...groups.values()];
}

/** The fields that hold the id of another record: shown by that record's name. */
export const REFERENCE_FIELDS = new Set([
  'policyHolderId',
  'insureeId',
  'bundleId',
  'parentId',
  'contractId',
  'policyHolderInsureeId',
  'userId',
  'productId',
  'contributionPlanId',
  'familyId',
]);

/**
 * The names of every record a history mentions (by a reference field, or as the line a change is
 * about), by id: "Acme Logistics Ltd (PH-ACME)", "Jean Martin", "CPB-STD · Standard employee cover",
 * "ACME-2026 · amendment 1". One query, whatever the history's length.
 */
export async function historyNames(db: DbOrTx, entries: HistoryEntry[]): Promise<Record<string, string>> {
  const ids = new Set<string>();
  for (const e of entries)
    for (const c of e.changes) {
      if (c.entity !== 'contract' && c.entity !== 'policy_holder') ids.add(c.entityId);
      if (c.field && REFERENCE_FIELDS.has(c.field))
        for (const v of [c.oldValue, c.newValue]) if (v && isUuid(v)) ids.add(v);
    }
  if (!ids.size) return {};
  const list = sql.join(
    [...ids].map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = await db.execute<{ id: string; name: string }>(sql`
    select id::text, trade_name || ' (' || code || ')' as name from policy_holders where id in (${list})
    union all select id::text, first_name || ' ' || last_name from insurees where id in (${list})
    union all select id::text, code || ' · ' || name from contribution_plan_bundles where id in (${list})
    union all select id::text, code || ' · ' || name from contribution_plans where id in (${list})
    union all select id::text, code || ' · ' || name from products where id in (${list})
    union all select id::text, code || case when amendment > 0 then ' #' || amendment else '' end
      from contracts where id in (${list})
    union all select id::text, name from users where id in (${list})
    union all select d.id::text, i.first_name || ' ' || i.last_name from contract_details d
      join insurees i on i.id = d.insuree_id where d.id in (${list})
    union all select p.id::text, i.first_name || ' ' || i.last_name from policy_holder_insurees p
      join insurees i on i.id = p.insuree_id where p.id in (${list})
    union all select b.id::text, c.code || ' · ' || c.name from policy_holder_bundles b
      join contribution_plan_bundles c on c.id = b.bundle_id where b.id in (${list})`);
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/**
 * A policy holder's history: its own record, the employees it declared (and their declarations'
 * changes), the persons it declared (their register entries) and the bundles it may use. Staff only,
 * like the contract's: the audit trail names the insurer's staff.
 */
export async function getPolicyHolderHistory(
  db: DbOrTx,
  actor: Actor,
  policyHolderId: string,
): Promise<HistoryEntry[]> {
  if (actor.isPortal) throw new ForbiddenError(err('common.changeHistoryKeptInsurer'));
  assertCan(actor, 'policyholder.read');
  await getPolicyHolder(db, actor, policyHolderId);
  const declared = db
    .select({ id: policyHolderInsurees.id })
    .from(policyHolderInsurees)
    .where(eq(policyHolderInsurees.policyHolderId, policyHolderId));
  const persons = db
    .select({ id: policyHolderInsurees.insureeId })
    .from(policyHolderInsurees)
    .where(eq(policyHolderInsurees.policyHolderId, policyHolderId));
  const bundles = db
    .select({ id: policyHolderBundles.id })
    .from(policyHolderBundles)
    .where(eq(policyHolderBundles.policyHolderId, policyHolderId));
  const about: SQL[] = [
    eq(auditLog.entityId, policyHolderId),
    and(eq(auditLog.entity, 'policy_holder_insuree'), inArray(auditLog.entityId, declared))!,
    and(eq(auditLog.entity, 'insuree'), inArray(auditLog.entityId, persons))!,
    and(eq(auditLog.entity, 'policy_holder_bundle'), inArray(auditLog.entityId, bundles))!,
  ];
  const rows = await db
    .select()
    .from(auditLog)
    .where(or(...about))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(4000);
  return groupHistory(rows);
}

/**
 * A person's history: their register entry, their declarations by policy holders and their lines on
 * contracts (parameters, bundle, added or removed). Staff only, like the other histories.
 */
export async function getInsureeHistory(
  db: DbOrTx,
  actor: Actor,
  insureeId: string,
): Promise<HistoryEntry[]> {
  if (actor.isPortal) throw new ForbiddenError(err('common.changeHistoryKeptInsurer'));
  assertCan(actor, 'policyholder.read');
  await getInsuree(db, actor, insureeId);
  const declarations = db
    .select({ id: policyHolderInsurees.id })
    .from(policyHolderInsurees)
    .where(eq(policyHolderInsurees.insureeId, insureeId));
  const lines = db
    .select({ id: contractDetails.id })
    .from(contractDetails)
    .where(eq(contractDetails.insureeId, insureeId));
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      or(
        eq(auditLog.entityId, insureeId),
        and(eq(auditLog.entity, 'policy_holder_insuree'), inArray(auditLog.entityId, declarations)),
        and(eq(auditLog.entity, 'contract_detail'), inArray(auditLog.entityId, lines)),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(4000);
  return groupHistory(rows);
}

import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '@/db/client';
import { auditLog } from '@/db/schema';
import type { Actor } from '../auth/actor';
import { insertMany } from '../bulk-insert';

/** Bookkeeping columns that every row has; they are not "fields a user changed". */
const IGNORED = new Set(['id', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy']);

function serialize(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return stableJson(value);
  return String(value);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type FieldChange = { field: string; oldValue: string | null; newValue: string | null };

/** The fields whose value differs between two versions of a row (before null = created). */
export function diffFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, value] of Object.entries(after)) {
    if (IGNORED.has(field)) continue;
    const oldValue = before ? serialize(before[field]) : null;
    const newValue = serialize(value);
    if (oldValue !== newValue) changes.push({ field, oldValue, newValue });
  }
  return changes;
}

export type AuditEntry = {
  /** Rows of one entry share an operation id; by default all entries of one call share one too. */
  operationId?: string;
  operation: string;
  entity: string;
  entityId: string;
  changes: FieldChange[];
};

/**
 * Appends one row per changed field, in the caller's transaction, so the log and the change commit or
 * roll back together. An operation that changes no field still leaves one row (field null), so that
 * "who submitted this, when" is never lost.
 */
export async function writeAudit(tx: DbOrTx, actor: Actor, entries: AuditEntry[]): Promise<void> {
  const rows = auditRows(actor, entries);
  await insertMany(tx, auditLog, rows);
}

/** The rows writeAudit appends, for callers that insert many at once (set-based imports). */
export function auditRows(actor: Actor, entries: AuditEntry[]): (typeof auditLog.$inferInsert)[] {
  const operationId = randomUUID();
  return entries.flatMap((e): (typeof auditLog.$inferInsert)[] => {
    const base = {
      operationId: e.operationId ?? operationId,
      operation: e.operation,
      entity: e.entity,
      entityId: e.entityId,
      actorId: actor.id,
      actorName: actor.name,
      source: actor.source,
    };
    if (e.changes.length === 0) return [{ ...base, field: null, oldValue: null, newValue: null }];
    return e.changes.map((c) => ({ ...base, ...c }));
  });
}

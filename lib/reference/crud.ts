import { and, eq, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/client';
import { diffFields, writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import { assertFound, assertVersion } from '../concurrency';
import { ValidationError } from '../errors';
import { err, type FieldLabel, type ThingLabel } from '../i18n/keyed';

/** What every reference table has (commonColumns): the helpers below work on any of them. */
export type LiveTable = PgTable & {
  id: AnyPgColumn;
  version: AnyPgColumn;
  isDeleted: AnyPgColumn;
};

type Row = { id: string; version: number; isDeleted: boolean } & Record<string, unknown>;

/** A validity period: the end, when there is one, is not before the start. */
export function assertValidity(from: string, to: string | null): void {
  if (to && to < from) {
    const msg = err('validToAfterFrom');
    throw new ValidationError(msg, { dateValidTo: [msg] });
  }
}

/** Locks a live row for the rest of the transaction and checks the version the caller saw. */
export async function lockLive(
  tx: Tx,
  table: LiveTable,
  id: string,
  version: number | undefined,
  what: FieldLabel & ThingLabel,
) {
  const [row] = (await tx
    .select()
    .from(table)
    .where(and(eq(table.id, id), eq(table.isDeleted, false)) as SQL)
    .for('update')) as Row[];
  assertFound(row, what);
  assertVersion(row, version, what);
  return row;
}

/** Applies the changed fields, bumps the version and audits field by field; no change, no write. */
export async function applyUpdate(
  tx: Tx,
  actor: Actor,
  table: LiveTable,
  entity: string,
  current: Row,
  changes: Record<string, unknown>,
  extraAudit: { field: string; oldValue: string | null; newValue: string | null }[] = [],
): Promise<boolean> {
  if (!Object.keys(changes).length && !extraAudit.length) return false;
  await tx
    .update(table)
    .set({ ...changes, version: current.version + 1, updatedAt: new Date(), updatedBy: actor.id } as never)
    .where(eq(table.id, current.id));
  await writeAudit(tx, actor, [
    {
      operation: 'update',
      entity,
      entityId: current.id,
      changes: [...diffFields(current, changes), ...extraAudit],
    },
  ]);
  return true;
}

export async function softDelete(tx: Tx, actor: Actor, table: LiveTable, entity: string, current: Row) {
  await tx
    .update(table)
    .set({
      isDeleted: true,
      version: current.version + 1,
      updatedAt: new Date(),
      updatedBy: actor.id,
    } as never)
    .where(eq(table.id, current.id));
  await writeAudit(tx, actor, [
    {
      operation: 'delete',
      entity,
      entityId: current.id,
      changes: [{ field: 'isDeleted', oldValue: 'false', newValue: 'true' }],
    },
  ]);
}

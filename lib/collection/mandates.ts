import { randomBytes } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { policyHolders, sepaMandates } from '@/db/schema';
import { writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { assertFound, assertVersion } from '../concurrency';
import { addMonths, todayIso } from '../dates';
import { ConflictError, InvalidStateError, isUniqueViolation, NotFoundError } from '../errors';
import { err, label } from '../i18n/keyed';
import { MANDATE_TEXT } from '../i18n/mandate-text';
import { parseInput } from '../validation/parse';
import { mandateInput, mandateRevokeInput, mandateSequenceInput, portalMandateInput } from './validation';

export { MANDATE_TEXT };

export type MandateRow = typeof sepaMandates.$inferSelect;

/** A mandate unused for 36 months expires (SEPA rulebook). */
export const MANDATE_EXPIRY_MONTHS = 36;

const ALREADY_ACTIVE = err('collection.policyHolderAlreadyActive');
const DUPLICATE_REFERENCE = err('collection.mandateReferenceAlreadyUsed');

/** A new unique mandate reference: the policy holder's code and a random suffix (35 characters at most). */
function newReference(code: string): string {
  const base = code
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase()
    .slice(0, 20);
  return `PCT-${base}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

async function loadPolicyHolder(db: DbOrTx, actor: Actor, id: string) {
  const [ph] = await db
    .select({ id: policyHolders.id, code: policyHolders.code, name: policyHolders.tradeName })
    .from(policyHolders)
    .where(and(eq(policyHolders.id, id), eq(policyHolders.isDeleted, false)));
  if (!ph || (actor.isPortal && !actor.policyHolderIds.includes(ph.id)))
    throw new NotFoundError(err('notFound', { label: label('policyHolder') }));
  return ph;
}

async function insertMandate(
  db: DbOrTx,
  actor: Actor,
  values: Omit<typeof sepaMandates.$inferInsert, 'reference'> & { reference?: string },
  code: string,
): Promise<MandateRow> {
  try {
    return await db.transaction(async (tx) => {
      // One active mandate per policy holder: the partial unique index decides under concurrency.
      await tx.execute(sql`select id from policy_holders where id = ${values.policyHolderId} for update`);
      const [active] = await tx
        .select({ id: sepaMandates.id })
        .from(sepaMandates)
        .where(
          and(
            eq(sepaMandates.policyHolderId, values.policyHolderId),
            eq(sepaMandates.status, 'active'),
            eq(sepaMandates.isDeleted, false),
          ),
        );
      if (active) throw new ConflictError(ALREADY_ACTIVE);
      const [row] = await tx
        .insert(sepaMandates)
        .values({
          ...values,
          reference: values.reference ?? newReference(code),
          createdBy: actor.id,
          updatedBy: actor.id,
        })
        .returning();
      await writeAudit(tx, actor, [
        {
          operation: 'create_mandate',
          entity: 'policy_holder',
          entityId: values.policyHolderId,
          changes: [
            { field: 'mandate', oldValue: null, newValue: row!.reference },
            { field: 'mandateIban', oldValue: null, newValue: `…${row!.iban.slice(-4)}` },
          ],
        },
      ]);
      return row!;
    });
  } catch (e) {
    if (isUniqueViolation(e, 'sepa_mandates_reference_uq'))
      throw new ConflictError(DUPLICATE_REFERENCE, { reference: [DUPLICATE_REFERENCE] });
    if (isUniqueViolation(e, 'sepa_mandates_active_uq')) throw new ConflictError(ALREADY_ACTIVE);
    throw e;
  }
}

/** Staff enter a signed mandate on the policy holder card. */
export async function createMandate(db: DbOrTx, actor: Actor, input: unknown): Promise<MandateRow> {
  assertCan(actor, 'collection.manage');
  const data = parseInput(mandateInput, input);
  const ph = await loadPolicyHolder(db, actor, data.policyHolderId);
  if (data.signedOn > todayIso()) throw new InvalidStateError(err('collection.signatureDateCannotFuture'));
  return insertMandate(
    db,
    actor,
    {
      policyHolderId: ph.id,
      reference: data.reference,
      debtorName: data.debtorName,
      iban: data.iban,
      bic: data.bic,
      signedOn: data.signedOn,
      scheme: data.scheme,
      sequence: data.sequence,
      source: 'staff',
    },
    ph.code,
  );
}

/**
 * A portal user gives a mandate for one of their own policy holders: the IBAN and the acceptance of the
 * mandate text (in their language), recorded with the time and the user. Always CORE, recurrent.
 */
export async function giveMandate(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  now = new Date(),
): Promise<MandateRow> {
  assertCan(actor, 'portal.mandate.write');
  const data = parseInput(portalMandateInput, input);
  const ph = await loadPolicyHolder(db, actor, data.policyHolderId);
  return insertMandate(
    db,
    actor,
    {
      policyHolderId: ph.id,
      debtorName: data.debtorName,
      iban: data.iban,
      bic: data.bic,
      signedOn: todayIso(now),
      scheme: 'CORE',
      sequence: 'FRST',
      source: 'portal',
      acceptedAt: now,
      acceptedBy: actor.id,
      acceptedText: MANDATE_TEXT[actor.language],
    },
    ph.code,
  );
}

async function lockMandate(db: DbOrTx, actor: Actor, id: string) {
  const [row] = await db
    .select()
    .from(sepaMandates)
    .where(and(eq(sepaMandates.id, id), eq(sepaMandates.isDeleted, false)))
    .for('update');
  assertFound(row, 'mandate');
  if (actor.isPortal && !actor.policyHolderIds.includes(row.policyHolderId))
    throw new NotFoundError(err('notFound', { label: label('mandate') }));
  return row;
}

/** Revokes a mandate (staff, or the bank's MD01/MD07 return through `revokeMandateInTx`). */
export async function revokeMandate(db: DbOrTx, actor: Actor, input: unknown): Promise<MandateRow> {
  assertCan(actor, actor.isPortal ? 'portal.mandate.write' : 'collection.manage');
  const data = parseInput(mandateRevokeInput, input);
  return db.transaction(async (tx) => {
    const row = await lockMandate(tx, actor, data.id);
    assertVersion(row, data.version, 'mandate');
    return revokeMandateInTx(tx, actor, row, data.reason);
  });
}

export async function revokeMandateInTx(
  tx: DbOrTx,
  actor: Actor,
  row: MandateRow,
  reason: string,
): Promise<MandateRow> {
  if (row.status !== 'active') throw new InvalidStateError(err('collection.activeMandateRevoked'));
  const [updated] = await tx
    .update(sepaMandates)
    .set({
      status: 'revoked',
      revokedAt: new Date(),
      revokedReason: reason,
      version: sql`${sepaMandates.version} + 1`,
      updatedAt: new Date(),
      updatedBy: actor.id,
    })
    .where(eq(sepaMandates.id, row.id))
    .returning();
  await writeAudit(tx, actor, [
    {
      operation: 'revoke_mandate',
      entity: 'policy_holder',
      entityId: row.policyHolderId,
      changes: [{ field: 'mandate', oldValue: row.reference, newValue: `revoked: ${reason}` }],
    },
  ]);
  return updated!;
}

/** Staff mark the next collection the last one (FNAL) or set the sequence back (e.g. FRST after a change of bank). */
export async function setMandateSequence(db: DbOrTx, actor: Actor, input: unknown): Promise<MandateRow> {
  assertCan(actor, 'collection.manage');
  const data = parseInput(mandateSequenceInput, input);
  return db.transaction(async (tx) => {
    const row = await lockMandate(tx, actor, data.id);
    assertVersion(row, data.version, 'mandate');
    if (row.status !== 'active') throw new InvalidStateError(err('collection.activeMandateChanged'));
    const [updated] = await tx
      .update(sepaMandates)
      .set({
        sequence: data.sequence,
        version: sql`${sepaMandates.version} + 1`,
        updatedAt: new Date(),
        updatedBy: actor.id,
      })
      .where(eq(sepaMandates.id, row.id))
      .returning();
    await writeAudit(tx, actor, [
      {
        operation: 'update_mandate',
        entity: 'policy_holder',
        entityId: row.policyHolderId,
        changes: [{ field: 'mandateSequence', oldValue: row.sequence, newValue: data.sequence }],
      },
    ]);
    return updated!;
  });
}

export type MandateDto = Pick<
  MandateRow,
  | 'id'
  | 'version'
  | 'reference'
  | 'debtorName'
  | 'iban'
  | 'bic'
  | 'signedOn'
  | 'scheme'
  | 'sequence'
  | 'status'
  | 'lastCollectedOn'
  | 'revokedReason'
  | 'source'
  | 'acceptedAt'
>;

/** A policy holder's mandates, newest first (staff, or a portal user for their own policy holder). */
export async function listMandates(db: DbOrTx, actor: Actor, policyHolderId: string): Promise<MandateDto[]> {
  if (actor.isPortal) assertCan(actor, 'portal.contract.read');
  else assertCan(actor, 'policyholder.read');
  await loadPolicyHolder(db, actor, policyHolderId);
  return db
    .select({
      id: sepaMandates.id,
      version: sepaMandates.version,
      reference: sepaMandates.reference,
      debtorName: sepaMandates.debtorName,
      iban: sepaMandates.iban,
      bic: sepaMandates.bic,
      signedOn: sepaMandates.signedOn,
      scheme: sepaMandates.scheme,
      sequence: sepaMandates.sequence,
      status: sepaMandates.status,
      lastCollectedOn: sepaMandates.lastCollectedOn,
      revokedReason: sepaMandates.revokedReason,
      source: sepaMandates.source,
      acceptedAt: sepaMandates.acceptedAt,
    })
    .from(sepaMandates)
    .where(and(eq(sepaMandates.policyHolderId, policyHolderId), eq(sepaMandates.isDeleted, false)))
    .orderBy(desc(sepaMandates.createdAt));
}

/**
 * The daily job: an active mandate with no collection for 36 months (counted from its last collection,
 * or its signature when never used) expires. Safe to run twice.
 */
export async function expireMandates(db: DbOrTx, today = todayIso()): Promise<number> {
  const cutoff = addMonths(today, -MANDATE_EXPIRY_MONTHS);
  const rows = await db
    .update(sepaMandates)
    .set({ status: 'expired', version: sql`${sepaMandates.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(sepaMandates.status, 'active'),
        sql`coalesce(${sepaMandates.lastCollectedOn}, ${sepaMandates.signedOn}) <= ${cutoff}::date`,
      ),
    )
    .returning({ id: sepaMandates.id });
  return rows.length;
}

import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { collectionSettings } from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { assertVersion } from '../concurrency';
import { InvalidStateError } from '../errors';
import { err } from '../i18n/keyed';
import { parseInput } from '../validation/parse';
import { collectionSettingsInput } from './validation';

export type CollectionSettings = typeof collectionSettings.$inferSelect;

const NOT_SET = err('collection.sepaCreditorSettingsNot');

/** The insurer's creditor settings, or null before an administrator entered them. */
export async function findCollectionSettings(db: DbOrTx): Promise<CollectionSettings | null> {
  const [row] = await db.select().from(collectionSettings).where(eq(collectionSettings.id, 1));
  return row ?? null;
}

/** The settings a collection needs; refuses (with where to set them) when there are none. */
export async function requireCollectionSettings(db: DbOrTx): Promise<CollectionSettings> {
  const row = await findCollectionSettings(db);
  if (!row) throw new InvalidStateError(NOT_SET);
  return row;
}

export async function getCollectionSettings(db: DbOrTx, actor: Actor): Promise<CollectionSettings | null> {
  assertCan(actor, 'collection.manage');
  return findCollectionSettings(db);
}

/** Creates or updates the one settings row (optimistic version check on update), audited. */
export async function saveCollectionSettings(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
): Promise<CollectionSettings> {
  assertCan(actor, 'collection.manage');
  const data = parseInput(collectionSettingsInput, input);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(collectionSettings)
      .where(eq(collectionSettings.id, 1))
      .for('update');
    if (before) assertVersion(before, data.version, 'setting');
    const values = {
      creditorId: data.creditorId,
      creditorName: data.creditorName,
      iban: data.iban,
      bic: data.bic,
      preNotificationDays: data.preNotificationDays,
      returnFee: data.returnFee,
      updatedBy: actor.id,
      updatedAt: new Date(),
    };
    const [row] = before
      ? await tx
          .update(collectionSettings)
          .set({ ...values, version: sql`${collectionSettings.version} + 1` })
          .where(eq(collectionSettings.id, 1))
          .returning()
      : await tx
          .insert(collectionSettings)
          .values({ id: 1, ...values })
          .returning();
    await writeAudit(tx, actor, [
      {
        operation: 'update_collection_settings',
        entity: 'collection_settings',
        entityId: '00000000-0000-0000-0000-000000000001',
        changes: diffFields(before ?? null, row!),
      },
    ]);
    return row!;
  });
}

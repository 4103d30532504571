import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { dunningLevels, products } from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { assertFound, assertVersion } from '../concurrency';
import { ConflictError, isUniqueViolation, ValidationError } from '../errors';
import { err } from '../i18n/keyed';
import { toMoneyString } from '../money';
import { dunningDefaults, dunningLevelDelete, dunningLevelInput } from '../validation/dunning';
import { parseInput } from '../validation/parse';
import { DEFAULT_LEVELS, unknownPlaceholders } from './letters';

export type DunningLevelDto = typeof dunningLevels.$inferSelect;

const SAME_DAY = err('dunning.anotherLevelProductAlready');

/** A product's levels, in order (days after the due date). */
export async function listDunningLevels(
  db: DbOrTx,
  actor: Actor,
  productId: string,
): Promise<DunningLevelDto[]> {
  assertCan(actor, 'product.configure');
  return db
    .select()
    .from(dunningLevels)
    .where(and(eq(dunningLevels.productId, productId), eq(dunningLevels.isDeleted, false)))
    .orderBy(asc(dunningLevels.daysAfterDue));
}

function checkPlaceholders(data: Record<'subjectEn' | 'bodyEn' | 'subjectFr' | 'bodyFr', string>) {
  const fieldErrors: Record<string, string[]> = {};
  for (const field of ['subjectEn', 'bodyEn', 'subjectFr', 'bodyFr'] as const) {
    const unknown = unknownPlaceholders(data[field]);
    if (unknown.length)
      fieldErrors[field] = [err('dunning.unknownPlaceholder', { placeholder: `{${unknown[0]}}` })];
  }
  if (Object.keys(fieldErrors).length)
    throw new ValidationError(err('dunning.letterUsesPlaceholderDoes'), fieldErrors);
}

/**
 * Creates or changes a level (product.configure). Levels are ordered by their days after the due date,
 * one per day and product; a termination level must be the last (nothing can follow a terminated contract).
 */
export async function saveDunningLevel(db: DbOrTx, actor: Actor, input: unknown): Promise<DunningLevelDto> {
  assertCan(actor, 'product.configure');
  const data = parseInput(dunningLevelInput, input);
  checkPlaceholders(data);
  const values = {
    productId: data.productId,
    name: data.name,
    daysAfterDue: data.daysAfterDue,
    action: data.action,
    registered: data.registered,
    fee: data.fee ? toMoneyString(data.fee) : null,
    subjectEn: data.subjectEn,
    bodyEn: data.bodyEn,
    subjectFr: data.subjectFr,
    bodyFr: data.bodyFr,
  };
  try {
    return await db.transaction(async (tx) => {
      const [product] = await tx
        .select({ id: products.id })
        .from(products)
        .where(and(eq(products.id, data.productId), eq(products.isDeleted, false)))
        .for('update');
      assertFound(product, 'product');
      const others = (
        await tx
          .select()
          .from(dunningLevels)
          .where(and(eq(dunningLevels.productId, data.productId), eq(dunningLevels.isDeleted, false)))
      ).filter((l) => l.id !== data.id);
      const all = [...others, values].sort((a, b) => a.daysAfterDue - b.daysAfterDue);
      const term = all.findIndex((l) => l.action === 'terminate');
      if (term >= 0 && term < all.length - 1) {
        const msg = err('dunning.terminationLevelLastLevel');
        throw new ValidationError(msg, { daysAfterDue: [msg] });
      }
      let row: DunningLevelDto;
      if (data.id) {
        const [old] = await tx
          .select()
          .from(dunningLevels)
          .where(and(eq(dunningLevels.id, data.id), eq(dunningLevels.isDeleted, false)))
          .for('update');
        assertFound(old, 'level');
        if (old.productId !== data.productId) assertFound(undefined, 'level');
        assertVersion(old, data.version, 'level');
        [row] = (await tx
          .update(dunningLevels)
          .set({ ...values, version: old.version + 1, updatedAt: new Date(), updatedBy: actor.id })
          .where(eq(dunningLevels.id, old.id))
          .returning()) as [DunningLevelDto];
        await writeAudit(tx, actor, [
          {
            operation: 'update',
            entity: 'dunning_level',
            entityId: old.id,
            changes: diffFields(old, values),
          },
        ]);
      } else {
        [row] = (await tx
          .insert(dunningLevels)
          .values({ ...values, createdBy: actor.id, updatedBy: actor.id })
          .returning()) as [DunningLevelDto];
        await writeAudit(tx, actor, [
          {
            operation: 'create',
            entity: 'dunning_level',
            entityId: row.id,
            changes: diffFields(null, values),
          },
        ]);
      }
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e, 'dunning_levels_product_days_uq'))
      throw new ConflictError(SAME_DAY, { daysAfterDue: [SAME_DAY] });
    throw e;
  }
}

/** Removes a level (soft delete: steps already taken keep naming it). */
export async function deleteDunningLevel(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  assertCan(actor, 'product.configure');
  const { id, version } = parseInput(dunningLevelDelete, input);
  await db.transaction(async (tx) => {
    const [old] = await tx
      .select()
      .from(dunningLevels)
      .where(and(eq(dunningLevels.id, id), eq(dunningLevels.isDeleted, false)))
      .for('update');
    assertFound(old, 'level');
    assertVersion(old, version, 'level');
    await tx
      .update(dunningLevels)
      .set({ isDeleted: true, version: old.version + 1, updatedAt: new Date(), updatedBy: actor.id })
      .where(eq(dunningLevels.id, id));
    await writeAudit(tx, actor, [
      {
        operation: 'delete',
        entity: 'dunning_level',
        entityId: id,
        changes: [{ field: 'isDeleted', oldValue: 'false', newValue: 'true' }],
      },
    ]);
  });
}

/** Gives a product without levels the default four (reminder, formal notice, suspension, termination). */
export async function addDefaultDunningLevels(db: DbOrTx, actor: Actor, input: unknown): Promise<number> {
  assertCan(actor, 'product.configure');
  const { productId } = parseInput(dunningDefaults, input);
  const existing = await listDunningLevels(db, actor, productId);
  if (existing.length) throw new ConflictError(err('dunning.productAlreadyDunningLevels'));
  for (const level of DEFAULT_LEVELS) await saveDunningLevel(db, actor, { productId, ...level });
  return DEFAULT_LEVELS.length;
}

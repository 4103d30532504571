import { and, asc, count, desc, eq, ilike, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { contributionPlans, products } from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import { assertFound, changedValues } from '../concurrency';
import { ConflictError, isUniqueViolation } from '../errors';
import { err } from '../i18n/keyed';
import { containsPattern } from '../sql';
import { pageParams } from '../validation/common';
import { parseInput } from '../validation/parse';
import { byIdVersionStrict, productInput, productUpdate, referenceSearch } from '../validation/reference';
import { assertReferenceRead, assertReferenceWrite } from './access';
import { applyUpdate, lockLive, softDelete } from './crud';

export type ProductDto = {
  id: string;
  code: string;
  name: string;
  insurancePeriodMonths: number;
  gracePeriodDays: number;
  billingFrequencyMonths: number;
  payBeforeEffective: string;
  renewAsNegotiable: boolean;
  version: number;
  isDeleted: boolean;
};

const columns = {
  id: products.id,
  code: products.code,
  name: products.name,
  insurancePeriodMonths: products.insurancePeriodMonths,
  gracePeriodDays: products.gracePeriodDays,
  billingFrequencyMonths: products.billingFrequencyMonths,
  payBeforeEffective: products.payBeforeEffective,
  renewAsNegotiable: products.renewAsNegotiable,
  version: products.version,
  isDeleted: products.isDeleted,
};

function duplicate(e: unknown): never {
  if (isUniqueViolation(e, 'products_code_live_uq')) {
    const msg = err('reference.productCodeTaken');
    throw new ConflictError(msg, { code: [msg] });
  }
  throw e;
}

export async function listProducts(db: DbOrTx, actor: Actor, params: Record<string, unknown>) {
  assertReferenceRead(actor);
  const { q, sort, dir } = parseInput(referenceSearch, params);
  const { page, pageSize } = parseInput(pageParams, params);
  const where = and(
    eq(products.isDeleted, false),
    q ? or(ilike(products.code, containsPattern(q)), ilike(products.name, containsPattern(q))) : undefined,
  );
  const order = dir === 'desc' ? desc : asc;
  const [items, [total]] = await Promise.all([
    db
      .select(columns)
      .from(products)
      .where(where)
      .orderBy(order(products[sort]), asc(products.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(products).where(where),
  ]);
  return { items: items as ProductDto[], total: total?.n ?? 0, page, pageSize };
}

export async function getProduct(db: DbOrTx, actor: Actor, id: string): Promise<ProductDto> {
  assertReferenceRead(actor);
  const [row] = await db
    .select(columns)
    .from(products)
    .where(and(eq(products.id, id), eq(products.isDeleted, false)));
  assertFound(row, 'product');
  return row;
}

export async function createProduct(db: DbOrTx, actor: Actor, input: unknown): Promise<ProductDto> {
  assertReferenceWrite(actor);
  const data = parseInput(productInput, input);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(products)
        .values({ ...data, createdBy: actor.id, updatedBy: actor.id })
        .returning({ id: products.id });
      await writeAudit(tx, actor, [
        { operation: 'create', entity: 'product', entityId: row!.id, changes: diffFields(null, data) },
      ]);
      return getProduct(tx, actor, row!.id);
    });
  } catch (e) {
    duplicate(e);
  }
}

export async function updateProduct(db: DbOrTx, actor: Actor, input: unknown): Promise<ProductDto> {
  assertReferenceWrite(actor);
  const { id, version, ...fields } = parseInput(productUpdate, input);
  try {
    return await db.transaction(async (tx) => {
      const current = await lockLive(tx, products, id, version, 'product');
      await applyUpdate(tx, actor, products, 'product', current, changedValues(current, fields));
      return getProduct(tx, actor, id);
    });
  } catch (e) {
    duplicate(e);
  }
}

export async function deleteProduct(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  assertReferenceWrite(actor);
  const { id, version } = parseInput(byIdVersionStrict, input);
  await db.transaction(async (tx) => {
    const current = await lockLive(tx, products, id, version, 'product');
    // A product still used by a live plan stays: deleting it would orphan the plan's policies.
    const [used] = await tx
      .select({ n: count() })
      .from(contributionPlans)
      .where(and(eq(contributionPlans.productId, id), eq(contributionPlans.isDeleted, false)));
    if ((used?.n ?? 0) > 0) throw new ConflictError(err('reference.productStillUsedContribution'));
    await softDelete(tx, actor, products, 'product', current);
  });
}

import type { Db } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { listPlans } from '@/lib/reference/plans';
import { listProducts } from '@/lib/reference/products';

/** The live plans a bundle can hold, with their product's code (first 100 by code). */
export async function planOptions(db: Db, actor: Actor) {
  const [plans, products] = await Promise.all([
    listPlans(db, actor, { pageSize: 100 }),
    listProducts(db, actor, { pageSize: 100 }),
  ]);
  const code = new Map(products.items.map((p) => [p.id, p.code]));
  return plans.items.map((p) => ({
    id: p.id,
    code: p.code,
    name: p.name,
    productCode: code.get(p.productId) ?? '',
  }));
}

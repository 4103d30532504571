import { getDb } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { getTranslator } from '@/lib/i18n/server';
import { getBundle } from '@/lib/reference/bundles';
import { getPlan } from '@/lib/reference/plans';
import { getProduct } from '@/lib/reference/products';

/**
 * Issue 17: the product admin screens link their counts to the contract search filtered by product,
 * plan or bundle; the search says so ("Only contracts using product GTL"). The filter form has no field
 * for these, so without the note the list would look unfiltered.
 */
export async function usesNote(
  actor: Actor,
  params: Record<string, string | string[] | undefined>,
): Promise<string | null> {
  const { t } = await getTranslator();
  const one = (k: string) => (typeof params[k] === 'string' && params[k] ? (params[k] as string) : null);
  const db = getDb();
  // A reader without reference rights, or a bad id, still sees that a filter applies (by its id).
  const code = async (read: () => Promise<{ code: string }>, id: string) =>
    read()
      .then((r) => r.code)
      .catch(() => id);
  const parts: string[] = [];
  const product = one('productId');
  const plan = one('planId');
  const bundle = one('bundleId');
  if (product)
    parts.push(t('filters.usesProduct', { code: await code(() => getProduct(db, actor, product), product) }));
  if (plan) parts.push(t('filters.usesPlan', { code: await code(() => getPlan(db, actor, plan), plan) }));
  if (bundle)
    parts.push(t('filters.usesBundle', { code: await code(() => getBundle(db, actor, bundle), bundle) }));
  return parts.length ? parts.join(', ') : null;
}

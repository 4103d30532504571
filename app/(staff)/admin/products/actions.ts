'use server';
import { runAction } from '@/lib/action';
import { createProduct, updateProduct } from '@/lib/reference/products';

const LIST = '/admin/products';

export async function createProductAction(input: unknown) {
  return runAction((db, actor) => createProduct(db, actor, input), { revalidate: [LIST] });
}

export async function updateProductAction(input: { id: string; [field: string]: unknown }) {
  return runAction((db, actor) => updateProduct(db, actor, input), {
    revalidate: [LIST, `${LIST}/${input.id}`],
  });
}

'use server';
import { runAction } from '@/lib/action';
import { createBundle, updateBundle } from '@/lib/reference/bundles';

const LIST = '/admin/bundles';

export async function createBundleAction(input: unknown) {
  return runAction((db, actor) => createBundle(db, actor, input), { revalidate: [LIST, '/admin/plans'] });
}

export async function updateBundleAction(input: { id: string; [field: string]: unknown }) {
  return runAction((db, actor) => updateBundle(db, actor, input), {
    revalidate: [LIST, `${LIST}/${input.id}`, '/admin/plans'],
  });
}

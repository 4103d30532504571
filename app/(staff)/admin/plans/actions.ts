'use server';
import { runAction } from '@/lib/action';
import { createPlan, updatePlan } from '@/lib/reference/plans';

const LIST = '/admin/plans';

export async function createPlanAction(input: unknown) {
  return runAction((db, actor) => createPlan(db, actor, input), { revalidate: [LIST, '/admin/products'] });
}

export async function updatePlanAction(input: { id: string; [field: string]: unknown }) {
  return runAction((db, actor) => updatePlan(db, actor, input), {
    revalidate: [LIST, `${LIST}/${input.id}`, '/admin/products'],
  });
}

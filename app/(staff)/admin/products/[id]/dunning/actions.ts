'use server';
import { runAction } from '@/lib/action';
import { addDefaultDunningLevels, deleteDunningLevel, saveDunningLevel } from '@/lib/dunning/levels';

const page = (productId: unknown) => `/admin/products/${String(productId)}/dunning`;

export async function saveDunningLevelAction(input: { productId: string; [field: string]: unknown }) {
  return runAction(
    async (db, actor) => {
      const level = await saveDunningLevel(db, actor, input);
      return { id: level.id, version: level.version };
    },
    { revalidate: [page(input.productId)] },
  );
}

export async function deleteDunningLevelAction(input: { productId: string; id: string; version: number }) {
  return runAction((db, actor) => deleteDunningLevel(db, actor, { id: input.id, version: input.version }), {
    revalidate: [page(input.productId)],
  });
}

export async function addDefaultDunningLevelsAction(input: { productId: string }) {
  return runAction((db, actor) => addDefaultDunningLevels(db, actor, input), {
    revalidate: [page(input.productId)],
  });
}

'use server';
import { runAction } from '@/lib/action';
import { previewCollectionRun, startCollectionRun } from '@/lib/collection/runs';

export async function previewCollectionRunAction(input: { [field: string]: unknown }) {
  return runAction((db, actor) => previewCollectionRun(db, actor, input));
}

/** Starts the collection run as a background job; the page lists it with its files once done. */
export async function startCollectionRunAction(input: { [field: string]: unknown }) {
  return runAction(
    async (db, actor) => {
      const run = await startCollectionRun(db, actor, input);
      return { id: run.id, jobId: run.jobId! };
    },
    { revalidate: ['/billing/collections', '/admin/jobs'] },
  );
}

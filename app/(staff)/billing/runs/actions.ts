'use server';
import { runAction } from '@/lib/action';
import { previewBillingRun, startBillingRun } from '@/lib/billing/runs';

export async function previewBillingRunAction(input: { [field: string]: unknown }) {
  return runAction((db, actor) => previewBillingRun(db, actor, input));
}

/** Starts the run as a background job; the form then opens the job's page (progress, failures). */
export async function runBillingAction(input: { [field: string]: unknown }) {
  return runAction(
    async (db, actor) => {
      const run = await startBillingRun(db, actor, input);
      return { id: run.id, jobId: run.jobId!, total: run.total };
    },
    { revalidate: ['/billing/runs', '/admin/jobs'] },
  );
}

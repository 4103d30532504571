'use server';
import { runAction } from '@/lib/action';
import { type BulkOp, startBulkJob } from '@/lib/contracts/bulk';

/** Starts a bulk action as a background job; the dialog then follows the job (jobStatusAction). */
export async function bulkAction(
  op: BulkOp,
  input: { ids?: string[]; filter?: Record<string, unknown>; comment?: string },
) {
  return runAction(async (db, actor) => {
    const job = await startBulkJob(db, actor, op, input);
    return { id: job.id, total: job.total };
  });
}

'use server';
import { runAction } from '@/lib/action';
import { cancelJob, getJob, retryJob } from '@/lib/jobs/jobs';

/** A job's progress and first failures, for the bulk dialog and the job page while it runs. */
export async function jobStatusAction(id: string) {
  return runAction((db, actor) => getJob(db, actor, id));
}

export async function cancelJobAction(id: string) {
  return runAction(async (db, actor) => ({ id: (await cancelJob(db, actor, id)).id }), {
    revalidate: ['/admin/jobs'],
  });
}

export async function retryJobAction(id: string) {
  return runAction(async (db, actor) => ({ id: (await retryJob(db, actor, id)).id }), {
    revalidate: ['/admin/jobs'],
  });
}

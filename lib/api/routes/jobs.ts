import { z } from 'zod';
import { cancelJob, getJob, type JobRow, listJobs, progressOf, retryJob } from '../../jobs/jobs';
import type { ApiRoute } from '../router';

const tag = 'Jobs';

export const jobJson = z.object({
  id: z.string(),
  kind: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  params: z.record(z.string(), z.unknown()),
  total: z.number(),
  done: z.number(),
  failed: z.number(),
  rate: z.number().nullable(),
  secondsLeft: z.number().nullable(),
  error: z.string().nullable(),
  cancelRequested: z.boolean(),
  createdByName: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  url: z.string(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A job as the API shows it, with where to follow it. */
export function jobToJson(job: JobRow): z.infer<typeof jobJson> {
  const { rate, secondsLeft } = progressOf(job);
  return {
    id: job.id,
    kind: job.kind,
    state: job.state as z.infer<typeof jobJson>['state'],
    params: job.params,
    total: job.total,
    done: job.done,
    failed: job.failed,
    rate: rate === null ? null : Math.round(rate * 10) / 10,
    secondsLeft,
    error: job.error,
    cancelRequested: job.cancelRequested,
    createdByName: job.createdByName,
    createdAt: job.createdAt.toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    url: `/api/v1/jobs/${job.id}`,
  };
}

export const jobRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/jobs',
    tag,
    summary: 'Background jobs (bulk actions, billing runs) you started; operators see everyone’s',
    response: z.array(jobJson),
    handler: async ({ db, actor }) => (await listJobs(db, actor)).map(jobToJson),
  },
  {
    method: 'GET',
    path: '/jobs/{id}',
    tag,
    summary: 'A job’s state and progress (n of N, rate, time left) and its first 200 failures with reasons',
    response: jobJson.extend({
      failures: z.array(
        z.object({
          id: z.string(),
          label: z.string().nullable(),
          code: z.string().nullable(),
          error: z.string().nullable(),
        }),
      ),
    }),
    handler: async ({ db, actor, params }) => {
      const job = await getJob(db, actor, params.id!);
      return { ...jobToJson(job), failures: job.failures };
    },
  },
  {
    method: 'POST',
    path: '/jobs/{id}/cancel',
    tag,
    summary: 'Stop a queued or running job after its current chunk (what is done stays done)',
    response: jobJson,
    handler: async ({ db, actor, params }) => jobToJson(await cancelJob(db, actor, params.id!)),
  },
  {
    method: 'POST',
    path: '/jobs/{id}/retry',
    tag,
    summary: 'Run an ended job again over what it did not do (failed items, and those a cancel left)',
    response: jobJson,
    status: 202,
    handler: async ({ db, actor, params }) => jobToJson(await retryJob(db, actor, params.id!)),
  },
];

import type { Db } from '@/db/client';
import { systemActor } from '../auth/actor';
import { startBillingRun } from '../billing/runs';
import { deliverPending, transportFromEnv } from '../notifications/sender';
import { deliverWebhooks } from '../webhooks/sender';
import { runDailyJobs } from './daily';
import { redispatchQueued } from './jobs';
import { configureQueue, newBoss, QUEUES } from './queue';
import { runJobSlice } from './runner';

/** The schedules, stored once in the queue's tables (each instance upserts the same rows). */
export function schedules(env = process.env): { queue: string; cron: string | null }[] {
  const cron = (value: string | undefined, fallback: string) => (value === 'off' ? null : value || fallback);
  return [
    { queue: QUEUES.daily, cron: cron(env.PACTUM_DAILY_CRON, '5 0 * * *') },
    { queue: QUEUES.outbox, cron: cron(env.PACTUM_OUTBOX_CRON, '* * * * *') },
    { queue: QUEUES.billing, cron: cron(env.PACTUM_BILLING_CRON, '0 2 1 * *') },
    { queue: QUEUES.webhooks, cron: cron(env.PACTUM_WEBHOOKS_CRON, '* * * * *') },
  ];
}

export type Worker = { stop: () => Promise<void> };

const log = (msg: string) => console.log(`[pactum] ${msg}`);

/**
 * A queue worker: `concurrency` job slices at a time, plus the scheduled work (daily job, outbox,
 * monthly billing run). Runs inside the server (`npm start`, PACTUM_WORKERS, default 1) or alone
 * (`npm run worker`), any number of them on one database.
 */
export async function startWorker(
  url: string,
  db: Db,
  options: { concurrency?: number; sliceSeconds?: number; quiet?: boolean } = {},
): Promise<Worker> {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const sliceMs = 1000 * (options.sliceSeconds ?? Number(process.env.PACTUM_JOB_SLICE_SECONDS ?? 20));
  const say = options.quiet ? () => {} : log;
  configureQueue(url);
  const boss = newBoss(url, { max: concurrency + 3, supervise: true, schedule: true, migrate: false });
  boss.on('error', (e) => console.error('[pactum] queue:', e.message));
  await boss.start();
  for (const s of schedules()) {
    if (s.cron) await boss.schedule(s.queue, s.cron, {}, { tz: 'UTC' });
    else await boss.unschedule(s.queue);
  }

  for (let i = 0; i < concurrency; i++) {
    await boss.work<{ jobId: string }>(QUEUES.job, { pollingIntervalSeconds: 1 }, async ([message]) => {
      const jobId = message!.data.jobId;
      const result = await runJobSlice(db, jobId, Date.now() + sliceMs);
      // Time is up with work left: a continuation, which this or another worker takes.
      if (result === 'more') await boss.send(QUEUES.job, { jobId });
    });
  }
  await boss.work(QUEUES.daily, async () => {
    const r = await runDailyJobs(db);
    say(`daily job: ${r.renewed} renewed, ${r.terminated} terminated`);
    for (const f of r.renewalsFailed)
      console.error(`[pactum] daily job: renewing contract ${f.id} failed: ${f.error}`);
  });
  const transport = transportFromEnv();
  await boss.work(QUEUES.outbox, async () => {
    await redispatchQueued(db);
    // Without a mail transport (RESEND_API_KEY), mails stay in the outbox (visible in /admin/outbox).
    if (!transport) return;
    const until = Date.now() + 50_000;
    for (;;) {
      const r = await deliverPending(db, transport);
      if (r.sent || r.retrying || r.failed)
        say(`outbox: ${r.sent} sent, ${r.retrying} to retry, ${r.failed} failed`);
      if (r.sent + r.retrying + r.failed + r.lost < 50 || Date.now() > until) break;
    }
  });
  await boss.work(QUEUES.webhooks, async () => {
    const until = Date.now() + 50_000;
    for (;;) {
      const r = await deliverWebhooks(db);
      if (r.sent || r.retrying || r.failed)
        say(`webhooks: ${r.sent} sent, ${r.retrying} to retry, ${r.failed} failed`);
      if (r.sent + r.retrying + r.failed + r.lost < 50 || Date.now() > until) break;
    }
  });
  await boss.work(QUEUES.billing, async () => {
    const run = await startBillingRun(db, systemActor(['invoice.create']), {});
    say(`monthly billing run ${run.id}: ${run.total} contract(s) to bill`);
  });
  say(`queue worker started (${concurrency} at a time)`);
  return {
    stop: async () => {
      await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
    },
  };
}

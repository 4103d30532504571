/**
 * Runs when the Next.js server starts: schedules the daily job (terminating ended contracts) in the
 * server itself, a minute after start and then every day shortly after midnight UTC. Set
 * PACTUM_DISABLE_SCHEDULER=1 when an external scheduler runs `npm run jobs:daily` instead.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.PACTUM_DISABLE_SCHEDULER === '1') return;
  const { getDb } = await import('./db/client');
  const { runDailyJobs } = await import('./lib/jobs/daily');
  const run = async () => {
    try {
      const r = await runDailyJobs(getDb());
      if (r.terminated) console.log(`[pactum] daily job: ${r.terminated} contract(s) terminated`);
    } catch (e) {
      console.error('[pactum] daily job failed', e);
    }
  };
  const msToNextRun = () => {
    const now = new Date();
    const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 0, 5);
    return next - now.getTime();
  };
  const scheduleNext = () => setTimeout(() => void run().finally(scheduleNext), msToNextRun()).unref();
  setTimeout(() => void run(), 60_000).unref();
  scheduleNext();
}

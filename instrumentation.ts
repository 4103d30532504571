/**
 * Runs when the Next.js server starts. Background work (the daily job, the e-mail outbox, billing runs,
 * bulk actions) runs on the durable job queue (lib/jobs): this server runs PACTUM_WORKERS queue workers
 * itself (default 1; 0 when separate `npm run worker` processes do the work) and sends jobs to the queue
 * in any case. However many servers and workers run, each job and each scheduled tick is worked once.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // The client's real address for sign-in throttling (lib/auth/client-ip.ts), whatever headers it sends.
  (await import('./lib/auth/peer-address')).stampPeerAddress();
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const { configureQueue } = await import('./lib/jobs/queue');
  configureQueue(url);
  const workers = Number(
    process.env.PACTUM_WORKERS ?? (process.env.PACTUM_DISABLE_SCHEDULER === '1' ? 0 : 1),
  );
  if (!(workers > 0)) return;
  const { getDb } = await import('./db/client');
  const { startWorker } = await import('./lib/jobs/worker');
  try {
    // Stopped with the process: a slice cut short rolls back, and its job is taken over (lib/jobs).
    await startWorker(url, getDb(), { concurrency: workers });
  } catch (e) {
    console.error('[pactum] the queue worker could not start:', e instanceof Error ? e.message : e);
  }
}

/**
 * Runs when the Next.js server starts: starts the e-mail outbox sender (when a transport is configured) and schedules the daily job (auto-renewals, terminating ended contracts) in the
 * server itself, a minute after start and then every day shortly after midnight UTC. Set
 * PACTUM_DISABLE_SCHEDULER=1 when an external scheduler runs `npm run jobs:daily` instead.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // The client's real address for sign-in throttling (lib/auth/client-ip.ts), whatever headers it sends.
  (await import('./lib/auth/peer-address')).stampPeerAddress();
  if (process.env.PACTUM_DISABLE_SCHEDULER === '1') return;
  const { getDb } = await import('./db/client');
  const { runDailyJobs } = await import('./lib/jobs/daily');
  const run = async () => {
    try {
      const r = await runDailyJobs(getDb());
      if (r.renewed || r.terminated)
        console.log(`[pactum] daily job: ${r.renewed} renewed, ${r.terminated} terminated`);
      for (const f of r.renewalsFailed)
        console.error(`[pactum] daily job: renewing contract ${f.id} failed: ${f.error}`);
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

  // Partners' webhooks (lib/webhooks/sender.ts), every 30 s; the job queue will take this over.
  const { deliverWebhooks } = await import('./lib/webhooks/sender');
  let hooking = false;
  setInterval(async () => {
    if (hooking) return;
    hooking = true;
    try {
      const r = await deliverWebhooks(getDb());
      if (r.sent || r.retrying || r.failed)
        console.log(`[pactum] webhooks: ${r.sent} sent, ${r.retrying} to retry, ${r.failed} failed`);
    } catch (e) {
      console.error('[pactum] webhook sender failed', e);
    } finally {
      hooking = false;
    }
  }, 30_000).unref();

  // The outbox sender: with a mail transport configured (RESEND_API_KEY), due mails go out every 30 s.
  // Without one, mails stay in the outbox (visible in /admin/outbox) and nothing is attempted.
  const { transportFromEnv, deliverPending } = await import('./lib/notifications/sender');
  const transport = transportFromEnv();
  if (!transport) return;
  let sending = false;
  setInterval(async () => {
    if (sending) return;
    sending = true;
    try {
      const r = await deliverPending(getDb(), transport);
      if (r.sent || r.retrying || r.failed)
        console.log(`[pactum] outbox: ${r.sent} sent, ${r.retrying} to retry, ${r.failed} failed`);
    } catch (e) {
      console.error('[pactum] outbox sender failed', e);
    } finally {
      sending = false;
    }
  }, 30_000).unref();
}

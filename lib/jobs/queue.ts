import PgBoss from 'pg-boss';

/**
 * The durable job queue: pg-boss on the application's own PostgreSQL (schema `pgboss`). Messages
 * survive restarts, are retried with backoff, and each is handed to exactly one of any number of
 * workers (`FOR UPDATE SKIP LOCKED`). Schedules (cron) are rows in `pgboss.schedule`: stored once, and
 * however many instances run, one message is created per tick.
 *
 * Queues:
 * - `pactum-job`: "work on job X" (lib/jobs/runner.ts). A worker works on a job for a slice of time, then
 *   sends a continuation; a worker that dies leaves its message active until it expires, then another
 *   worker takes it over. Nothing is lost either way: items are done in the transaction of their effect.
 * - `pactum-daily`: the daily job (renewals, terminations, purges), by schedule.
 * - `pactum-outbox`: sends due e-mails, by schedule (every minute) and when nudged.
 * - `pactum-billing`: the monthly billing run, by schedule.
 * - `pactum-webhooks`: delivers due webhook calls to partners, by schedule (every minute).
 */
export const QUEUES = {
  job: 'pactum-job',
  daily: 'pactum-daily',
  outbox: 'pactum-outbox',
  billing: 'pactum-billing',
  webhooks: 'pactum-webhooks',
} as const;

/** Seconds a job message may stay active before another worker takes it over (a worker that died). */
export const jobExpireSeconds = () => Number(process.env.PACTUM_JOB_EXPIRE_SECONDS ?? 120);

const QUEUE_OPTIONS: Record<(typeof QUEUES)[keyof typeof QUEUES], Omit<PgBoss.Queue, 'name'>> = {
  // A job message is a lease on a slice of work; expiring it is how a dead worker's slice is taken over,
  // so it may expire many times (retryLimit) and is retried at once.
  [QUEUES.job]: { policy: 'standard', retryLimit: 1000, retryDelay: 1, retryBackoff: false },
  [QUEUES.daily]: {
    policy: 'singleton',
    retryLimit: 5,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 3600,
  },
  [QUEUES.outbox]: { policy: 'short', retryLimit: 0, expireInSeconds: 600 },
  [QUEUES.billing]: {
    policy: 'singleton',
    retryLimit: 5,
    retryDelay: 300,
    retryBackoff: true,
    expireInSeconds: 600,
  },
  [QUEUES.webhooks]: { policy: 'short', retryLimit: 0, expireInSeconds: 600 },
};

function bossOptions(url: string, extra: Partial<PgBoss.ConstructorOptions>): PgBoss.ConstructorOptions {
  return {
    connectionString: url,
    schema: 'pgboss',
    application_name: 'pactum-queue',
    max: Number(process.env.PACTUM_QUEUE_POOL ?? 4),
    // How often expired messages (dead workers) are noticed and retried.
    maintenanceIntervalSeconds: Number(process.env.PACTUM_QUEUE_MAINTENANCE_SECONDS ?? 30),
    ...extra,
  };
}

/**
 * Installs or upgrades the queue's schema and queues (run as the database owner, with the migrations),
 * and gives the app role (owner/app split, README "Security") what it needs to use them.
 */
export async function installQueue(
  url: string,
  appRole = process.env.PACTUM_APP_ROLE?.trim(),
): Promise<void> {
  const boss = new PgBoss(bossOptions(url, { max: 1, supervise: false, schedule: false, migrate: true }));
  boss.on('error', (e) => console.error('[pactum] queue:', e.message));
  await boss.start();
  try {
    for (const [name, options] of Object.entries(QUEUE_OPTIONS)) {
      const withExpiry = {
        name,
        ...options,
        ...(name === QUEUES.job ? { expireInSeconds: jobExpireSeconds() } : {}),
      };
      await boss.createQueue(name, withExpiry);
      await boss.updateQueue(name, withExpiry);
    }
    if (appRole) {
      const db = boss.getDb();
      const role = `"${appRole.replaceAll('"', '""')}"`;
      await db.executeSql(`GRANT USAGE ON SCHEMA pgboss TO ${role}`, []);
      await db.executeSql(
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO ${role}`,
        [],
      );
      await db.executeSql(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgboss TO ${role}`, []);
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

const globalForQueue = globalThis as unknown as { pactumBoss?: Promise<PgBoss>; pactumQueueUrl?: string };

/**
 * Where jobs are sent: set by the server (instrumentation.ts) and by workers to their database. Until
 * then (tests, one-off scripts) nothing is sent: jobs stay queued, and are worked in-process
 * (lib/jobs/runner.ts runJobToEnd) or picked up by the minute's sweep of a worker.
 */
export function configureQueue(url: string | undefined) {
  globalForQueue.pactumQueueUrl = url;
}

/**
 * The process's queue client, for sending (started on first use; the schema is installed by the
 * launcher/worker setup, not here). Workers use their own instance (lib/jobs/worker.ts).
 */
export function getQueue(url = globalForQueue.pactumQueueUrl): Promise<PgBoss> | null {
  if (!globalForQueue.pactumBoss) {
    if (!url) return null;
    const boss = new PgBoss(bossOptions(url, { max: 2, supervise: false, schedule: false, migrate: false }));
    boss.on('error', (e) => console.error('[pactum] queue:', e.message));
    globalForQueue.pactumBoss = boss.start().catch((e) => {
      globalForQueue.pactumBoss = undefined;
      throw e;
    });
  }
  return globalForQueue.pactumBoss;
}

/** For tests and scripts that point the process at another database: forget the client. */
export async function closeQueue(): Promise<void> {
  const boss = globalForQueue.pactumBoss;
  globalForQueue.pactumBoss = undefined;
  if (boss) await (await boss).stop({ graceful: false, wait: true }).catch(() => {});
}

export function newBoss(url: string, extra: Partial<PgBoss.ConstructorOptions>): PgBoss {
  return new PgBoss(bossOptions(url, extra));
}

export type { PgBoss };

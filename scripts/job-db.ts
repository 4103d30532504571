import path from 'node:path';
import { type Db, openDb } from '../db/client';
import { migrateDb } from '../db/migrate';
import { withSetupLock } from '../db/setup';
import { installQueue } from '../lib/jobs/queue';
import { type EmbeddedDb, runningEmbeddedUrl, startEmbeddedDb } from './embedded-db';

/**
 * The database for scripts (`npm run worker`, `npm run jobs:*`): DATABASE_URL; else the embedded server
 * that `npm start` runs (found through `<data dir>.url`); else the embedded one, started here.
 */
export async function jobDatabase(): Promise<{ url: string; embedded?: EmbeddedDb }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  const root = path.resolve(import.meta.dirname, '..');
  const dataDir = path.resolve(root, process.env.PACTUM_DATA_DIR ?? '.data/postgres');
  const running = runningEmbeddedUrl(dataDir);
  if (running) return { url: running };
  const embedded = await startEmbeddedDb(dataDir);
  return { url: embedded.url, embedded };
}

/** Migrations and the queue's schema, under the setup lock (as the owner when PACTUM_MIGRATE_URL is set). */
export async function prepareDatabase(url: string): Promise<void> {
  const ownerUrl = process.env.PACTUM_MIGRATE_URL || url;
  const handle = openDb(ownerUrl, { max: 1 });
  try {
    await withSetupLock(ownerUrl, async () => {
      await migrateDb(handle.db);
      await installQueue(ownerUrl);
    });
  } finally {
    await handle.close();
  }
}

/** For one-shot jobs (`npm run jobs:*`): the database prepared, the job run, everything closed afterwards. */
export async function withJobDb<T>(job: (db: Db) => Promise<T>): Promise<T> {
  const { url, embedded } = await jobDatabase();
  try {
    await prepareDatabase(url);
    const handle = openDb(url, { max: 4 });
    try {
      return await job(handle.db);
    } finally {
      await handle.close();
    }
  } finally {
    await embedded?.stop();
  }
}

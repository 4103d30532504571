import path from 'node:path';
import { type Db, openDb } from '../db/client';
import { migrateDb } from '../db/migrate';
import { withSetupLock } from '../db/setup';
import { startEmbeddedDb } from './embedded-db';

/**
 * For one-shot jobs (`npm run jobs:*`): the database in DATABASE_URL, or the embedded one (which then
 * needs the server stopped: its data directory has a single owner), migrated, closed afterwards.
 */
export async function withJobDb<T>(job: (db: Db) => Promise<T>): Promise<T> {
  const root = path.resolve(import.meta.dirname, '..');
  let url = process.env.DATABASE_URL;
  const embedded = url
    ? undefined
    : await startEmbeddedDb(path.resolve(root, process.env.PACTUM_DATA_DIR ?? '.data/pglite'));
  url ??= embedded!.url;
  const handle = openDb(url, { max: 1, noPrepare: !!embedded });
  try {
    await withSetupLock(url, () => migrateDb(handle.db));
    return await job(handle.db);
  } finally {
    await handle.close();
    await embedded?.stop();
  }
}

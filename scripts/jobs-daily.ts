/**
 * `npm run jobs:daily`: runs the daily job once (also scheduled inside the running server). On the
 * embedded database it needs the server stopped: the data directory has a single owner.
 */
import path from 'node:path';
import { openDb } from '../db/client';
import { migrateDb } from '../db/migrate';
import { runDailyJobs } from '../lib/jobs/daily';
import { startEmbeddedDb } from './embedded-db';

const root = path.resolve(import.meta.dirname, '..');
let url = process.env.DATABASE_URL;
const embedded = url
  ? undefined
  : await startEmbeddedDb(path.resolve(root, process.env.PACTUM_DATA_DIR ?? '.data/pglite'));
url ??= embedded!.url;
const handle = openDb(url, { max: 1, noPrepare: !!embedded });
try {
  await migrateDb(handle.db);
  const result = await runDailyJobs(handle.db);
  console.log(`daily job: ${result.terminated} contract(s) terminated`);
} finally {
  await handle.close();
  await embedded?.stop();
}

/**
 * `npm run jobs:daily`: runs the daily job once (also scheduled inside the running server). On the
 * embedded database it needs the server stopped: the data directory has a single owner.
 */
import { runDailyJobs } from '../lib/jobs/daily';
import { withJobDb } from './job-db';

await withJobDb(async (db) => {
  const result = await runDailyJobs(db);
  console.log(`daily job: ${result.renewed} contract(s) renewed, ${result.terminated} terminated`);
  for (const f of result.renewalsFailed) console.error(`renewing contract ${f.id} failed: ${f.error}`);
});

/**
 * `npm run jobs:daily`: runs the daily job once, by hand (the queue runs it every day, once however many
 * servers and workers run). Works beside a running `npm start` (same database).
 */
import { runDailyJobs } from '../lib/jobs/daily';
import { withJobDb } from './job-db';

await withJobDb(async (db) => {
  const result = await runDailyJobs(db);
  console.log(`daily job: ${result.renewed} contract(s) renewed, ${result.terminated} terminated`);
  for (const f of result.renewalsFailed) console.error(`renewing contract ${f.id} failed: ${f.error}`);
});

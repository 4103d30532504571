/**
 * `npm run worker`: a queue worker process (lib/jobs/worker.ts) on DATABASE_URL, or on the embedded
 * database that `npm start` runs on this machine. Run as many as you like, on as many machines as reach
 * the database; set PACTUM_WORKERS=0 on the servers when the workers do all the work.
 * PACTUM_WORKER_CONCURRENCY: job slices at a time in this process (default 2).
 */
import { openDb } from '../db/client';
import { startWorker } from '../lib/jobs/worker';
import { jobDatabase, prepareDatabase } from './job-db';

const { url, embedded } = await jobDatabase();
await prepareDatabase(url);
const concurrency = Number(process.env.PACTUM_WORKER_CONCURRENCY ?? 2);
const handle = openDb(url, { max: concurrency + 2 });
const worker = await startWorker(url, handle.db, { concurrency });
console.log(`[pactum] worker ${process.pid} ready`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  await handle.close();
  await embedded?.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingRuns, jobs } from '@/db/schema';
import { makeUser } from '@/db/seed/factories';
import { createServerTestDb } from '@/db/testing/server-db';
import type { TestDb } from '@/db/testing/test-db';
import { seedBook } from '../../scripts/book';
import { type Actor, loadActor } from '../auth/actor';
import { startBillingRun } from '../billing/runs';
import { bulkContracts } from '../contracts/bulk';
import { closeQueue, configureQueue, installQueue } from './queue';

/**
 * The queue with real worker processes on a real server (several sessions at once: what PGlite cannot
 * serve). The kill test of issue 13 on a smaller book, and two workers sharing one schedule.
 */
const root = path.resolve(import.meta.dirname, '../..');
const CONTRACTS = Number(process.env.KILL_TEST_CONTRACTS ?? 1000);

type Worker = { child: ChildProcess; output: string[]; ready: Promise<void> };

function startWorker(url: string, env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PACTUM_WORKER_CONCURRENCY: '1',
      PACTUM_DAILY_CRON: 'off',
      PACTUM_OUTBOX_CRON: 'off',
      PACTUM_BILLING_CRON: 'off',
      PACTUM_QUEUE_MAINTENANCE_SECONDS: '2',
      RESEND_API_KEY: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        output.push(line);
        if (line.includes('ready')) resolve();
      }
    };
    child.stdout!.on('data', onLine);
    child.stderr!.on('data', onLine);
    child.on('exit', (code) => reject(new Error(`worker exited (${code}): ${output.join('\n')}`)));
  });
  return { child, output, ready };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let t: TestDb;
let actor: Actor;
const workers: Worker[] = [];

beforeAll(async () => {
  t = await createServerTestDb();
  await installQueue(t.url);
  actor = (await loadActor(t.db, (await makeUser(t.db, 'admin')).id))!;
}, 180_000);

afterAll(async () => {
  for (const w of workers) w.child.kill('SIGKILL');
  await closeQueue();
  await t?.close();
});

describe('billing run on the queue', () => {
  it('completes with every installment billed exactly once and numbers gapless when a worker is killed mid-run and started again', async () => {
    await seedBook(t.handle, { contracts: CONTRACTS, submitted: CONTRACTS, billingMonths: 1 });
    const submitted = (await t.db.execute<{ id: string }>(sql`select id from contracts where state = 4`)).map(
      (r) => r.id,
    );
    const t0 = Date.now();
    const approved = await bulkContracts(t.db, actor, 'approve', { ids: submitted }, { concurrency: 4 });
    expect(approved.failed).toEqual([]);
    console.log(`kill test: ${CONTRACTS} contracts approved in ${Date.now() - t0} ms`);
    const [open] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from installments where state = 'open'`,
    );
    expect(open!.n).toBe(CONTRACTS * 12); // monthly installments of one-year contracts

    // Small chunks and short slices: the run takes long enough to be killed in the middle.
    const env = { PACTUM_BILLING_CHUNK: '20', PACTUM_JOB_SLICE_SECONDS: '3', PACTUM_JOB_EXPIRE_SECONDS: '8' };
    await installQueue(t.url); // with this expiry for the job queue
    const a = startWorker(t.url, env);
    const b = startWorker(t.url, env);
    workers.push(a, b);
    await Promise.all([a.ready, b.ready]);

    configureQueue(t.url);
    const run = await startBillingRun(t.db, actor, { upTo: '2999-12-31' });
    expect(run.total).toBe(CONTRACTS);
    const job = async () => (await t.db.select().from(jobs).where(eq(jobs.id, run.jobId!)))[0]!;
    await until('a quarter of the run', async () => (await job()).done >= CONTRACTS / 4, 120_000);
    a.child.kill('SIGKILL');
    const atKill = await job();
    expect(atKill.done).toBeLessThan(CONTRACTS); // killed mid-run, not after
    const again = startWorker(t.url, env);
    workers.push(again);
    await again.ready;
    const finished = await until(
      'the run to finish',
      async () => {
        const j = await job();
        return j.state === 'done' && j;
      },
      180_000,
    );

    console.log(
      `kill test: killed at ${atKill.done}/${CONTRACTS}, run done in ${finished.finishedAt!.getTime() - finished.startedAt!.getTime()} ms`,
    );
    expect(finished).toMatchObject({ total: CONTRACTS, done: CONTRACTS, failed: 0 });
    const [check] = await t.db.execute<{
      open: number;
      invoiced: number;
      lines: number;
      twice: number;
      invoices: number;
      first: number;
      last: number;
      distinct_numbers: number;
    }>(sql`
      select
        (select count(*)::int from installments where state = 'open') as open,
        (select count(*)::int from installments where state = 'invoiced' and invoice_id is not null) as invoiced,
        (select count(*)::int from invoices v
          where v.total <> (select sum(x.amount) from installments x where x.invoice_id = v.id)) as lines,
        (select count(*)::int from (select 1 from installments where invoice_id is not null
          group by chain_code, period_from having count(*) > 1) d) as twice,
        (select count(*)::int from invoices) as invoices,
        (select min(split_part(number, '-', 3)::int) from invoices) as first,
        (select max(split_part(number, '-', 3)::int) from invoices) as last,
        (select count(distinct number)::int from invoices) as distinct_numbers`);
    expect(check).toEqual({
      open: 0,
      invoiced: CONTRACTS * 12,
      lines: 0, // each invoice bills exactly its installments: its total is theirs
      twice: 0,
      invoices: CONTRACTS, // one per contract
      first: 1,
      last: CONTRACTS, // gapless: 1..N, each once
      distinct_numbers: CONTRACTS,
    });
    const [billing] = await t.db.select().from(billingRuns).where(eq(billingRuns.id, run.id));
    expect(billing).toMatchObject({
      state: 'done',
      total: CONTRACTS,
      done: CONTRACTS,
      invoices: CONTRACTS,
      failed: 0,
    });
    // Running it again bills nothing.
    const rerun = await startBillingRun(t.db, actor, { upTo: '2999-12-31' }, new Date(), { dispatch: false });
    expect(rerun.total).toBe(0);
    for (const w of [b, again]) w.child.kill('SIGKILL');
  }, 600_000);
});

describe('two workers on one schedule', () => {
  it('run the daily job once per tick, and send each mail once', async () => {
    // 300 mails waiting in the outbox; both workers run the outbox schedule into one mail log.
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-mails-')), 'mails.jsonl');
    // (The kill test's invoice mails are set aside: this test counts its own.)
    await t.db.execute(sql`update notification_events set status = 'failed' where status = 'pending'`);
    await t.db.execute(sql`
      insert into notification_events (event, recipient, subject, body)
      select 'contract.approved', 'm' || g || '@example.test', 'Mail ' || g, 'Body' from generate_series(1, 300) g`);
    const env = { PACTUM_DAILY_CRON: '* * * * *', PACTUM_OUTBOX_CRON: '* * * * *', PACTUM_MAIL_LOG: log };
    const one = startWorker(t.url, env);
    const two = startWorker(t.url, env);
    workers.push(one, two);
    await Promise.all([one.ready, two.ready]);
    const runs = () => [...one.output, ...two.output].filter((l) => l.includes('daily job:')).length;
    await until('the first tick', async () => runs() > 0, 150_000);
    await new Promise((r) => setTimeout(r, 5000));
    expect(runs()).toBe(1);
    const sent = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
    await until('every mail sent', async () => sent().length >= 300, 150_000);
    const ids = sent().map((l) => JSON.parse(l).id as string);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    const [left] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from notification_events where subject like 'Mail %' and status <> 'sent'`,
    );
    expect(left!.n).toBe(0);
    expect(one.output.concat(two.output).join('\n')).not.toMatch(/error/i);
  }, 300_000);
});

/**
 * `npm run bench [-- --contracts 100000 --approve 10000 --invoice 10000 --samples 40 --billing-months 1 --keep --json]`
 *
 * Seeds N contracts with details (set-based SQL) into a fresh database, then prints p50/p95 of
 * searchContracts for typical filters, and the throughput of bulk approval and invoicing through the
 * real services. With DATABASE_URL it creates (and afterwards drops) a database `pactum_bench_<pid>` on
 * that server; without it, it starts a throwaway PostgreSQL 15 server with scripts/pg-server.sh.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type DbHandle, openDb } from '../db/client';
import { migrateDb } from '../db/migrate';
import { allowBundle, linkPortalUser, makePolicyHolder, makeUser } from '../db/seed/factories';
import { withDatabase } from '../db/testing/global-setup';
import { dispatch } from '../lib/api/router';
import { API_ROUTES } from '../lib/api/routes';
import { createApiToken } from '../lib/api/tokens';
import { loadActor, systemActor } from '../lib/auth/actor';
import { STAFF_PERMISSIONS } from '../lib/auth/permissions';
import { previewBillingRun, runBilling, startBillingRun } from '../lib/billing/runs';
import { applyCensus, previewCensus } from '../lib/census/census';
import { bulkContracts } from '../lib/contracts/bulk';
import { searchContracts } from '../lib/contracts/search';
import { getDashboard } from '../lib/dashboard/dashboard';
import { exportContracts } from '../lib/exports/contracts';
import { approvalLimit, billingLimit } from './bench-limits';
import { benchSearch } from './bench-search';
import { BILLING_UP_TO, seedBillingBook, seedBook } from './book';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N = opt('contracts', 100_000);
const APPROVE = Math.min(opt('approve', 10_000), N);
const INVOICE = Math.min(opt('invoice', 10_000), APPROVE);
const SAMPLES = opt('samples', 40);
/** `--seed-only` (with `--billing`): seed the book and keep its database (printed), for runs with `--db`. */
const SEED_ONLY = args.includes('--seed-only');
const KEEP = args.includes('--keep') || SEED_ONLY;
/** `--no-limit` (with `--billing`): skip the hand-written limit (quicker experiments; no ratio printed). */
const NO_LIMIT = args.includes('--no-limit');
const JSON_OUT = args.includes('--json');
/** Months between installments: 1 (monthly, what a billing run at scale bills) by default. */
const BILLING_MONTHS = opt('billing-months', 1);
/** `--billing`: only the billing run at scale, over N effective contracts' monthly installments. */
const BILLING_ONLY = args.includes('--billing');
/** Job runners working the billing run side by side (as `PACTUM_WORKER_CONCURRENCY` workers would). */
const WORKERS = opt('workers', 2);
/** `--approve-only`: only bulk approval, of APPROVE submitted contracts (for profiling it). */
const APPROVE_ONLY = args.includes('--approve-only');
/** `--search-only`: seed, then only the search figures (every filter and sort, deep pages). */
const SEARCH_ONLY = args.includes('--search-only');
/** `--db NAME`: reuse a database a `--keep` run left (no seeding; never dropped), e.g. to re-measure search. */
const REUSE_DB = args.includes('--db') ? args[args.indexOf('--db') + 1] : undefined;
/** `--up-to DAY`: what the billing run bills (default January 2031); on a kept book, the next month. */
const UP_TO = args.includes('--up-to') ? args[args.indexOf('--up-to') + 1]! : BILLING_UP_TO;
type Figure = { app: number; limit: number | null; ratio: number | null; unit: string };
const figures: Record<string, Figure> = {};
/** A figure for `--json`: the app's result and, where measured, the limit (hand-written SQL) beside it. */
const figure = (name: string, app: number, unit: string, limit: number | null = null) => {
  figures[name] = {
    app: Number(app.toFixed(2)),
    limit,
    ratio: limit ? Number((app / limit).toFixed(2)) : null,
    unit,
  };
};
const root = path.resolve(import.meta.dirname, '..');

function pct(values: number[], p: number) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function main() {
  let serverUrl = process.env.DATABASE_URL;
  let pgDir: string | undefined;
  if (!serverUrl) {
    pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-bench-pg-'));
    // Sized as a server for this machine would be: a quarter of its memory in shared buffers (at most
    // 8 GB), WAL room for a run's writes between checkpoints.
    const buffers = Math.min(8192, Math.floor(os.totalmem() / 2 ** 20 / 4));
    serverUrl = execFileSync(path.join(root, 'scripts/pg-server.sh'), ['start', pgDir, '54339'], {
      encoding: 'utf8',
      env: { ...process.env, PG_SHARED_BUFFERS: `${buffers}MB`, PG_MAX_WAL_SIZE: '8GB' },
    }).trim();
    console.log(`started a throwaway PostgreSQL server (${serverUrl})`);
  }
  const dbName = REUSE_DB ?? `pactum_bench_${process.pid}`;
  const admin = openDb(serverUrl, { max: 1 });
  if (!REUSE_DB) await admin.sql.unsafe(`create database ${dbName}`);
  const pool = Number(process.env.PACTUM_DB_POOL ?? 8);
  const h: DbHandle = openDb(withDatabase(serverUrl, dbName), { max: pool });
  const rows: [string, string][] = [];
  try {
    await migrateDb(h.db);
    if (BILLING_ONLY) {
      await billingAtScale(h, rows);
      if (SEED_ONLY) rows.push(['kept database', dbName]);
      return;
    }
    if (APPROVE_ONLY) {
      await seedBook(h, { contracts: N, submitted: APPROVE, billingMonths: BILLING_MONTHS });
      await approveAll(h, pool, rows);
      return;
    }
    const t0 = performance.now();
    if (!REUSE_DB) await seedBook(h, { contracts: N, submitted: APPROVE, billingMonths: BILLING_MONTHS });
    const seedMs = performance.now() - t0;
    rows.push([
      'seed',
      REUSE_DB
        ? `reused database ${REUSE_DB}`
        : `${N.toLocaleString('en')} contracts, ${(N * 2).toLocaleString('en')} details in ${(seedMs / 1000).toFixed(1)} s`,
    ]);

    const actor = systemActor(STAFF_PERMISSIONS);
    await benchSearch(h, actor, SAMPLES, (name, times) => {
      rows.push([
        `search: ${name}`,
        `p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms`,
      ]);
      figure(`search p95: ${name}`, pct(times, 95), 'ms');
    });
    if (SEARCH_ONLY) return;
    const phIds = (
      await h.db.execute<{ id: string }>(sql`select id from policy_holders order by code limit 200`)
    ).map((r) => r.id);
    const rnd = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;

    // The same search through the REST API (token check, dispatch, JSON), and scoped to one portal user.
    const viewer = await makeUser(h.db, 'viewer');
    const { token } = await createApiToken(
      h.db,
      { email: viewer.email, password: 'demo1234' },
      { ip: 'bench' },
    );
    const portalUser = await makeUser(h.db, 'portal');
    await linkPortalUser(h.db, portalUser.id, rnd(phIds));
    const portal = (await loadActor(h.db, portalUser.id))!;
    const timed: [string, () => Promise<unknown>][] = [
      [
        'API GET /contracts?state=4',
        async () =>
          (
            await dispatch(
              h.db,
              API_ROUTES,
              new Request('http://bench/api/v1/contracts?state=4', {
                headers: { authorization: `Bearer ${token}` },
              }),
            )
          ).text(),
      ],
      ['portal search (own contracts)', () => searchContracts(h.db, portal, {})],
    ];
    for (const [name, run] of timed) {
      await run();
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const s = performance.now();
        await run();
        times.push(performance.now() - s);
      }
      rows.push([name, `p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms`]);
    }

    const approved = await approveAll(h, pool, rows);
    let s = performance.now();
    let secs: number;
    const invoiced = await bulkContracts(
      h.db,
      actor,
      'invoice',
      { ids: approved.succeeded.slice(0, INVOICE) },
      { concurrency: pool },
    );
    secs = (performance.now() - s) / 1000;
    figure('bulk invoice', invoiced.succeeded.length / secs, 'contracts/s');
    rows.push([
      'bulk invoice',
      `${invoiced.succeeded.length} ok, ${invoiced.failed.length} failed in ${secs.toFixed(1)} s = ${(invoiced.succeeded.length / secs).toFixed(0)} contracts/s`,
    ]);
    if (invoiced.failed[0]) console.log('first invoice failure:', invoiced.failed[0]);

    // The billing run (issue 13): every installment still open of the approved contracts, set-based.
    const [open] = await h.db.execute<{ n: number }>(
      sql`select count(*)::int as n from installments where state = 'open'`,
    );
    s = performance.now();
    // Peak memory of the run (the process's resident set), sampled: it should stay flat as the book grows.
    let runPeak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      runPeak = Math.max(runPeak, process.memoryUsage().rss);
    }, 50);
    const run = await runBilling(h.db, actor, { upTo: '2999-12-31' }).finally(() => clearInterval(sampler));
    secs = (performance.now() - s) / 1000;
    figure('billing run', open!.n / secs, 'installments/s');
    figure('billing run: seconds', secs, 's');
    figure('billing run: peak memory', runPeak / 2 ** 20, 'MiB');
    rows.push(['billing run: peak memory', `${(runPeak / 2 ** 20).toFixed(0)} MiB resident`]);
    rows.push([
      'billing run',
      `${open!.n} installments → ${run.invoices} invoices, ${run.failed} failed in ${secs.toFixed(1)} s = ${(open!.n / secs).toFixed(0)} installments/s`,
    ]);

    // Census import (issue 16): a 5,000-person employee list, previewed then applied in one transaction.
    const [bundle] = await h.db.execute<{ id: string; code: string }>(
      sql`select id, code from contribution_plan_bundles where is_deleted = false order by code limit 1`,
    );
    const censusPh = await makePolicyHolder(h.db, { code: `BENCH-CENSUS-${process.pid}` });
    await allowBundle(h.db, censusPh.id, bundle!.id);
    const lines = Array.from(
      { length: 5000 },
      (_, i) =>
        `CEN${process.pid}-${i};First${i};Census;O;1980-01-01;;${1000 + i}.00;${bundle!.code};2026-01-01`,
    );
    const file = new TextEncoder().encode(
      ['Insurance number;First name;Last name;Gender;Date of birth;Family;Income;Bundle;From', ...lines].join(
        '\n',
      ),
    );
    const input = { policyHolderId: censusPh.id, fileName: 'bench.csv', leaveDate: '2026-01-01' };
    s = performance.now();
    const preview = await previewCensus(h.db, actor, input, file);
    const previewMs = performance.now() - s;
    s = performance.now();
    await applyCensus(h.db, actor, { ...input, digest: preview.digest }, file);
    rows.push([
      'census import',
      `5,000 people: preview ${(previewMs / 1000).toFixed(2)} s, apply ${((performance.now() - s) / 1000).toFixed(2)} s`,
    ]);

    // Export (issue 16): every contract of the database as CSV, streamed; memory sampled as it goes.
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    let bytes = 0;
    s = performance.now();
    const reader = exportContracts(h.db, actor, {}, 'csv').stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    secs = (performance.now() - s) / 1000;
    rows.push([
      'export CSV, every contract',
      `${N.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(0)} MB in ${secs.toFixed(1)} s; RSS +${((peak - rss0) / 1e6).toFixed(0)} MB at peak`,
    ]);

    // The staff home page (issue 15): every figure of the dashboard, as an approver sees it.
    await h.db.execute(sql`analyze`);
    await getDashboard(h.db, actor);
    const dash: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const t0 = performance.now();
      await getDashboard(h.db, actor);
      dash.push(performance.now() - t0);
    }
    figure('dashboard p95', pct(dash, 95), 'ms');
    rows.push([
      'dashboard (all tiles)',
      `p50 ${pct(dash, 50).toFixed(1)} ms, p95 ${pct(dash, 95).toFixed(1)} ms`,
    ]);
  } finally {
    print(rows, pool);
    await h.close();
    if (!KEEP && !REUSE_DB) await admin.sql.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.close();
    if (pgDir) {
      execFileSync(path.join(root, 'scripts/pg-server.sh'), ['stop', pgDir]);
      fs.rmSync(pgDir, { recursive: true, force: true });
    }
  }
}

function print(rows: [string, string][], pool: number) {
  if (!rows.length) return;
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(
    `\nPactum benchmark: ${os.cpus().length} cores, pool ${pool}, ${new Date().toISOString().slice(0, 10)}`,
  );
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  if (JSON_OUT) console.log(JSON.stringify(figures));
}

/** Bulk approval of the submitted contracts ("BULK-…") through the service, as the job runs it. */
async function approveAll(h: DbHandle, pool: number, rows: [string, string][]) {
  const actor = systemActor(STAFF_PERMISSIONS);
  const submitted = (
    await h.db.execute<{ id: string }>(
      sql`select id from contracts where code like 'BULK-%' order by code limit ${APPROVE}`,
    )
  ).map((r) => r.id);
  // The limit on one connection, and on as many as the machine has cores (all of them on the database,
  // none on Node): the better of the two is the limit the app's figure is compared with. One run on a
  // single core.
  const connections = NO_LIMIT ? [] : [...new Set([1, os.cpus().length])];
  let limitRate: number | null = null;
  for (const parts of connections) {
    const limit = await approvalLimit(h, parts);
    const rate = limit.contracts / (limit.ms / 1000);
    limitRate = Math.max(limitRate ?? 0, rate);
    rows.push([
      `bulk approve limit (hand-written SQL, ${parts} connection${parts > 1 ? 's' : ''})`,
      `${limit.contracts} contracts in ${(limit.ms / 1000).toFixed(1)} s = ${rate.toFixed(0)} contracts/s`,
    ]);
  }
  const s = performance.now();
  const cpu = process.cpuUsage();
  const approved = await bulkContracts(h.db, actor, 'approve', { ids: submitted }, { concurrency: pool });
  const secs = (performance.now() - s) / 1000;
  const used = process.cpuUsage(cpu);
  const rate = approved.succeeded.length / secs;
  figure('bulk approve', rate, 'contracts/s', limitRate && Number(limitRate.toFixed(0)));
  rows.push([
    'bulk approve',
    `${approved.succeeded.length} ok, ${approved.failed.length} failed in ${secs.toFixed(1)} s = ${rate.toFixed(0)} contracts/s${limitRate ? ` (${(rate / limitRate).toFixed(2)}× the limit's rate)` : ''}`,
  ]);
  // Where the two cores go: this process's CPU per approval (the rest of the machine's is the database's).
  rows.push([
    'bulk approve: Node CPU',
    `${((used.user + used.system) / 1000 / Math.max(1, approved.succeeded.length)).toFixed(3)} ms per contract (${((used.user + used.system) / 1e6).toFixed(1)} s)`,
  ]);
  if (approved.failed[0]) console.log('first approval failure:', approved.failed[0]);

  return approved;
}

/** Samples the process's resident set while `work` runs: the peak, in MiB. */
async function peakMemory<T>(work: () => Promise<T>): Promise<[T, number]> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    return [await work(), peak / 2 ** 20];
  } finally {
    clearInterval(sampler);
  }
}

/**
 * `--billing`: N effective contracts with one monthly installment each (set-based, as approval leaves
 * them); the hand-written limit (the same writes in one statement per table, rolled back), then the
 * billing run as the app runs it: a job worked by WORKERS runners taking chunks side by side.
 */
async function billingAtScale(h: DbHandle, rows: [string, string][]) {
  let t0 = performance.now();
  if (REUSE_DB) rows.push(['seed', `reused database ${REUSE_DB}`]);
  else {
    await seedBook(h, { contracts: 0, submitted: 0, billingMonths: 1 });
    await seedBillingBook(h, { contracts: N });
    rows.push([
      'seed',
      `${N.toLocaleString('en')} effective contracts, twelve monthly installments each (January's due), in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    ]);
    if (SEED_ONLY) {
      await h.sql.unsafe('vacuum analyze');
      return;
    }
  }
  const limit = NO_LIMIT
    ? {
        ms: Number.NaN,
        installments: (await previewBillingRun(h.db, systemActor(STAFF_PERMISSIONS), { upTo: UP_TO }))
          .installments,
      }
    : await billingLimit(h, UP_TO);
  rows.push([
    'billing limit (hand-written SQL)',
    `${limit.installments.toLocaleString('en')} installments in ${(limit.ms / 1000).toFixed(1)} s`,
  ]);
  const actor = systemActor(STAFF_PERMISSIONS);
  t0 = performance.now();
  let jobSecs = 0;
  const [run, peak] = await peakMemory(async () => {
    const started = await startBillingRun(h.db, actor, { upTo: UP_TO }, new Date(), {
      dispatch: false,
    });
    jobSecs = (performance.now() - t0) / 1000;
    const { runJobToEnd } = await import('../lib/jobs/runner');
    await Promise.all(Array.from({ length: WORKERS }, () => runJobToEnd(h.db, started.jobId!)));
    const [finished] = await h.db.execute<{ invoices: number; failed: number }>(
      sql`select invoices, failed from billing_runs where id = ${started.id}`,
    );
    return finished!;
  });
  const secs = (performance.now() - t0) / 1000;
  figure(
    'billing run',
    limit.installments / secs,
    'installments/s',
    Number((limit.installments / (limit.ms / 1000)).toFixed(0)),
  );
  figure('billing run: seconds', secs, 's', Number((limit.ms / 1000).toFixed(2)));
  figure('billing run: peak memory', peak, 'MiB');
  rows.push([
    'billing run',
    `${limit.installments.toLocaleString('en')} installments → ${run.invoices} invoices, ${run.failed} failed in ${secs.toFixed(1)} s = ${(limit.installments / secs).toFixed(0)} installments/s (${WORKERS} runners; ${(secs / (limit.ms / 1000)).toFixed(2)}× the limit)`,
  ]);
  rows.push(['billing run: its job created', `in ${jobSecs.toFixed(1)} s (included above)`]);
  rows.push(['billing run: peak memory', `${peak.toFixed(0)} MiB resident`]);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * `npm run bench [-- --contracts 100000 --approve 10000 --invoice 10000 --samples 40 --keep]`
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
import { linkPortalUser, makeUser } from '../db/seed/factories';
import { withDatabase } from '../db/testing/global-setup';
import { dispatch } from '../lib/api/router';
import { API_ROUTES } from '../lib/api/routes';
import { createApiToken } from '../lib/api/tokens';
import { loadActor, systemActor } from '../lib/auth/actor';
import { STAFF_PERMISSIONS } from '../lib/auth/permissions';
import { runBilling } from '../lib/billing/runs';
import { bulkContracts } from '../lib/contracts/bulk';
import { searchContracts } from '../lib/contracts/search';
import { getDashboard } from '../lib/dashboard/dashboard';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N = opt('contracts', 100_000);
const APPROVE = Math.min(opt('approve', 10_000), N);
const INVOICE = Math.min(opt('invoice', 10_000), APPROVE);
const SAMPLES = opt('samples', 40);
const KEEP = args.includes('--keep');
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
    serverUrl = execFileSync(path.join(root, 'scripts/pg-server.sh'), ['start', pgDir, '54339'], {
      encoding: 'utf8',
    }).trim();
    console.log(`started a throwaway PostgreSQL server (${serverUrl})`);
  }
  const dbName = `pactum_bench_${process.pid}`;
  const admin = openDb(serverUrl, { max: 1 });
  await admin.sql.unsafe(`create database ${dbName}`);
  const pool = Number(process.env.PACTUM_DB_POOL ?? 8);
  const h: DbHandle = openDb(withDatabase(serverUrl, dbName), { max: pool });
  const rows: [string, string][] = [];
  try {
    await migrateDb(h.db);
    const t0 = performance.now();
    await seed(h);
    const seedMs = performance.now() - t0;
    rows.push([
      'seed',
      `${N.toLocaleString('en')} contracts, ${(N * 2).toLocaleString('en')} details in ${(seedMs / 1000).toFixed(1)} s`,
    ]);

    const actor = systemActor(STAFF_PERMISSIONS);
    const phIds = (
      await h.db.execute<{ id: string }>(sql`select id from policy_holders order by code limit 200`)
    ).map((r) => r.id);
    const rnd = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const cases: [string, () => Record<string, unknown>][] = [
      ['code contains', () => ({ code: String(Math.floor(Math.random() * 9000) + 1000) })],
      [
        'state + amount range',
        () => ({ state: rnd(['2', '4', '5', '7']), amountFrom: '100', amountTo: '400' }),
      ],
      ['policy holder', () => ({ policyHolderId: rnd(phIds) })],
      ['sort by amount', () => ({ sort: 'amount', dir: rnd(['asc', 'desc']) })],
      ['page 1 (default sort)', () => ({ page: '1' })],
      ['page 500', () => ({ page: '500', sort: 'code', dir: 'asc' })],
    ];
    for (const [name, params] of cases) {
      await searchContracts(h.db, actor, params()); // warm-up
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const s = performance.now();
        await searchContracts(h.db, actor, params());
        times.push(performance.now() - s);
      }
      rows.push([
        `search: ${name}`,
        `p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms`,
      ]);
    }

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

    const submitted = (
      await h.db.execute<{ id: string }>(
        sql`select id from contracts where code like 'BULK-%' order by code limit ${APPROVE}`,
      )
    ).map((r) => r.id);
    let s = performance.now();
    const approved = await bulkContracts(h.db, actor, 'approve', { ids: submitted }, { concurrency: pool });
    let secs = (performance.now() - s) / 1000;
    rows.push([
      'bulk approve',
      `${approved.succeeded.length} ok, ${approved.failed.length} failed in ${secs.toFixed(1)} s = ${(approved.succeeded.length / secs).toFixed(0)} contracts/s`,
    ]);
    if (approved.failed[0]) console.log('first approval failure:', approved.failed[0]);

    s = performance.now();
    const invoiced = await bulkContracts(
      h.db,
      actor,
      'invoice',
      { ids: approved.succeeded.slice(0, INVOICE) },
      { concurrency: pool },
    );
    secs = (performance.now() - s) / 1000;
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
    const run = await runBilling(h.db, actor, { upTo: '2999-12-31' });
    secs = (performance.now() - s) / 1000;
    rows.push([
      'billing run',
      `${open!.n} installments → ${run.invoices} invoices, ${run.failed} failed in ${secs.toFixed(1)} s = ${(open!.n / secs).toFixed(0)} installments/s`,
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
    rows.push([
      'dashboard (all tiles)',
      `p50 ${pct(dash, 50).toFixed(1)} ms, p95 ${pct(dash, 95).toFixed(1)} ms`,
    ]);
  } finally {
    await h.close();
    if (!KEEP) await admin.sql.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.close();
    if (pgDir) {
      execFileSync(path.join(root, 'scripts/pg-server.sh'), ['stop', pgDir]);
      fs.rmSync(pgDir, { recursive: true, force: true });
    }
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(
    `\nPactum benchmark: ${os.cpus().length} cores, pool ${pool}, ${new Date().toISOString().slice(0, 10)}`,
  );
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

/**
 * Set-based seed: 1 000 policy holders with 5 employees each, one percent-of-income plan; N contracts
 * in mixed states with two details each; APPROVE of them submitted (state 4) with coherent amounts, for
 * the bulk approval.
 */
async function seed(h: DbHandle) {
  const q = (text: string) => h.sql.unsafe(text);
  await q(`insert into products (code, name, insurance_period_months) values ('BENCH', 'Bench product', 12)`);
  await q(`insert into contribution_plans (code, name, product_id, calculation_rule, params, periodicity_months, date_valid_from)
           select 'BENCH-5', 'Bench 5 %', id, 'percent-of-income', '{"rate":"5","includeFamily":false}', 12, '2020-01-01' from products`);
  await q(
    `insert into contribution_plan_bundles (code, name, periodicity_months, date_valid_from) values ('BENCH-B', 'Bench bundle', 12, '2020-01-01')`,
  );
  await q(
    `insert into contribution_plan_bundle_plans (bundle_id, plan_id) select b.id, p.id from contribution_plan_bundles b, contribution_plans p`,
  );
  await q(`insert into policy_holders (code, trade_name, language, date_valid_from)
           select 'PH-' || lpad(g::text, 5, '0'), 'Employer ' || g, 'en', '2020-01-01' from generate_series(1, 1000) g`);
  await q(
    `insert into policy_holder_bundles (policy_holder_id, bundle_id) select ph.id, b.id from policy_holders ph, contribution_plan_bundles b`,
  );
  await q(`insert into families (address) select 'Family ' || g from generate_series(1, 5000) g`);
  await q(`insert into insurees (insurance_number, first_name, last_name, gender, date_of_birth, family_id, is_family_head)
           select 'B' || lpad(row_number() over ()::text, 8, '0'), 'First', 'Last', 'O', '1980-01-01', id, true from families`);
  await q(`insert into policy_holder_insurees (policy_holder_id, insuree_id, bundle_id, calculation_params, date_valid_from)
           select ph.id, i.id, b.id, jsonb_build_object('income', (400 + (i.n % 7) * 100)::text || '.00'), '2020-01-01'
           from (select id, row_number() over (order by insurance_number) - 1 as n from insurees) i
           join (select id, row_number() over (order by code) - 1 as n from policy_holders) ph on ph.n = i.n / 5
           cross join contribution_plan_bundles b`);
  // Contracts: state 4 for the first APPROVE ("BULK-"), mixed states for the rest.
  await q(`insert into contracts (code, policy_holder_id, state, amount_notified, amount_rectified, amount_due, payment_reference,
             date_valid_from, date_valid_to, date_payment_due)
           select case when g <= ${APPROVE} then 'BULK-' else 'CT-' end || lpad(g::text, 7, '0'),
             ph.id,
             case when g <= ${APPROVE} then 4 else (array[2, 2, 4, 5, 7, 7, 7, 10, 11, 6])[1 + g % 10] end,
             (50 + (g * 37) % 500)::numeric(18,2), (50 + (g * 37) % 500)::numeric(18,2),
             case when g % 10 in (3, 4, 5, 6, 7) then (50 + (g * 37) % 500)::numeric(18,2) end,
             'REF-' || (g::bigint * 7919 % 1000000),
             -- The contracts to approve cover their people in a year of their own (one live contract per
             -- person and period); the others are spread over 2024-2027.
             case when g <= ${APPROVE} then make_date(2030 + g / 1000, 1, 1)
               else (date '2024-01-01' + (g % 36) * interval '1 month')::date end,
             case when g <= ${APPROVE} then make_date(2030 + g / 1000, 12, 31)
               else (date '2024-01-01' + (g % 36 + 12) * interval '1 month' - interval '1 day')::date end,
             (date '2024-02-01' + (g % 900))::date
           from generate_series(1, ${N}) g
           join (select id, row_number() over (order by code) as n from policy_holders) ph on ph.n = 1 + g % 1000`);
  await q(`insert into contract_details (contract_id, insuree_id, policy_holder_insuree_id, bundle_id, calculation_params)
           select c.id, phi.insuree_id, phi.id, phi.bundle_id, phi.calculation_params
           from contracts c
           join lateral (select * from policy_holder_insurees p where p.policy_holder_id = c.policy_holder_id order by p.id limit 2) phi on true`);
  await q('analyze');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

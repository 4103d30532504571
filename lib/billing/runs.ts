import { randomUUID } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { billingRuns } from '@/db/schema';
import { type Actor, assertCan } from '../auth/actor';
import { uuidArray } from '../bulk-insert';
import { todayIso } from '../dates';
import { createJob, dispatchJob } from '../jobs/jobs';
import type { JobKind } from '../jobs/kinds';
import { money, toMoneyString } from '../money';
import { renderInvoiceMails, writeInvoiceMails } from '../notifications/events';
import { isoDate, uuid } from '../validation/common';
import { parseInput } from '../validation/parse';
import { recordWebhookEvents, webhookWanted } from '../webhooks/events';
import { createInvoice } from './invoices';
import { accountKey, accountOf, lockAccounts, tryLockAccounts } from './ledger';

export const billingRunInput = z.strictObject({
  /** Bill every open installment due up to this day (default today). */
  upTo: isoDate('upTo').optional(),
  policyHolderId: uuid('policyHolder').optional(),
  productId: uuid('product').optional(),
});

const CHUNK = Number(process.env.PACTUM_BILLING_CHUNK ?? 2000);

/** What a run would bill: installments and their total, per the same filter the run uses. */
function dueFilter(
  f: { upTo: string; policyHolderId?: string; productId?: string },
  contractChecked = false,
) {
  return sql`i.state = 'open' and i.due_date <= ${f.upTo}::date
    ${contractChecked ? sql`` : sql`and exists (select 1 from contracts c where c.id = i.contract_id and c.state in (5, 7) and c.is_deleted = false)`}
    ${f.policyHolderId ? sql`and i.policy_holder_id = ${f.policyHolderId}` : sql``}
    ${
      f.productId
        ? sql`and exists (select 1 from installment_lines l join contract_contribution_details d on d.id = l.contract_contribution_detail_id
            join contribution_plans p on p.id = d.contribution_plan_id where l.installment_id = i.id and p.product_id = ${f.productId})`
        : sql``
    }`;
}

export async function previewBillingRun(db: DbOrTx, actor: Actor, input: unknown, now = new Date()) {
  assertCan(actor, 'invoice.create');
  const data = parseInput(billingRunInput, input);
  const f = { ...data, upTo: data.upTo ?? todayIso(now) };
  const [row] = await db.execute<{ installments: number; contracts: number; amount: string }>(sql`
    select count(*)::int as installments, count(distinct i.contract_id)::int as contracts,
      coalesce(sum(i.amount), 0)::text as amount from installments i where ${dueFilter(f)}`);
  return {
    upTo: f.upTo,
    installments: row?.installments ?? 0,
    contracts: row?.contracts ?? 0,
    amount: toMoneyString(row?.amount ?? 0),
  };
}

/**
 * A billing run: every open installment due up to a day (optionally of one policy holder or product) is
 * invoiced, one invoice per contract, as a background job (lib/jobs) over the contracts that have such
 * installments when it starts. Set-based in chunks of contracts: a fixed number of statements per chunk,
 * whatever its size. Each chunk is one transaction: it locks its job items and contracts (skipping those
 * another transaction holds: they are billed alone at the end) and their payers' ledger locks, takes a
 * block of gapless numbers from the year's counter in one statement (the one serial step: workers on the
 * same run number one chunk after another), and writes invoices, installment states, invoice lines,
 * journal entries, audit rows and the invoice mails. A chunk that fails is retried contract by contract,
 * so one bad contract goes to the run's failure list and the rest proceeds. Running it again bills
 * nothing twice: only open installments are billed, and the database refuses a period invoiced twice.
 */
export async function startBillingRun(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  now = new Date(),
  options: { dispatch?: boolean } = {},
) {
  assertCan(actor, 'invoice.create');
  const data = parseInput(billingRunInput, input);
  const f = { ...data, upTo: data.upTo ?? todayIso(now) };
  const run = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(billingRuns)
      .values({
        upTo: f.upTo,
        policyHolderId: f.policyHolderId,
        productId: f.productId,
        state: 'queued',
        createdBy: actor.id,
      })
      .returning();
    const job = await createJob(
      tx,
      actor,
      'billing-run',
      { ...f, asOf: now.toISOString(), runId: created!.id },
      // In payer order (policy holder, or the chain of a contract without one): chunks worked side by side
      // then lock different payers' accounts.
      sql`select i.contract_id as id from installments i where ${dueFilter(f)}
        group by i.contract_id, i.policy_holder_id, i.chain_code order by i.policy_holder_id, i.chain_code, i.contract_id`,
    );
    const [withJob] = await tx
      .update(billingRuns)
      .set({ jobId: job.id, total: job.total })
      .where(eq(billingRuns.id, created!.id))
      .returning();
    return withJob!;
  });
  if (options.dispatch !== false) await dispatchJob(run.jobId!);
  return run;
}

/** A billing run worked to its end in this process (tests, the benchmark, scripts). */
export async function runBilling(db: Db, actor: Actor, input: unknown, now = new Date()) {
  const run = await startBillingRun(db, actor, input, now, { dispatch: false });
  const { runJobToEnd } = await import('../jobs/runner');
  await runJobToEnd(db, run.jobId!);
  const [finished] = await db.select().from(billingRuns).where(eq(billingRuns.id, run.id));
  return finished!;
}

type RunParams = { upTo: string; policyHolderId?: string; productId?: string; asOf: string; runId: string };
const runParams = (p: Record<string, unknown>) => p as unknown as RunParams;

/** The billing run as a kind of job (lib/jobs/kinds.ts). */
export function billingRunKind(): JobKind {
  return {
    chunk: CHUNK,
    systemPermissions: ['invoice.create'],
    async runChunk(tx, actor, params, ids, { wait }) {
      const p = runParams(params);
      const r = await billChunk(tx, actor, ids, p, new Date(p.asOf), wait);
      return {
        done: ids.filter((id) => r.billed.has(id)),
        failed: [],
        held: ids.filter((id) => !r.billed.has(id)),
        stats: { invoices: r.invoices, amount: r.amount },
        finish: r.finish,
      };
    },
    async runOne(tx, actor, params, id) {
      const p = runParams(params);
      const [still] = await tx.execute<{ n: number }>(
        sql`select count(*)::int as n from installments i where i.contract_id = ${id}::uuid and ${dueFilter(p)}`,
      );
      if (!still?.n) return { invoices: 0, amount: '0' };
      const inv = await createInvoice(tx, actor, { contractId: id, upTo: p.upTo }, new Date(p.asOf));
      return { invoices: 1, amount: String(inv.total) };
    },
    emptyStats: () => ({ invoices: 0, amount: '0' }),
    addStats: (a, b) => ({
      invoices: Number(a.invoices) + Number(b.invoices),
      amount: money(a.amount!).plus(b.amount!).toFixed(2),
    }),
    async recordStats(tx, job, stats, done, failed) {
      await tx
        .update(billingRuns)
        .set({
          state: 'running',
          done: sql`${billingRuns.done} + ${done}`,
          failed: sql`${billingRuns.failed} + ${failed}`,
          invoices: sql`${billingRuns.invoices} + ${Number(stats.invoices)}`,
          amount: sql`${billingRuns.amount} + ${String(stats.amount)}::numeric`,
          updatedAt: new Date(),
        })
        .where(eq(billingRuns.id, runParams(job.params).runId));
    },
    async onFinish(db, job) {
      await db.execute(sql`
        update billing_runs r set state = ${job.state}, done = ${job.done}, failed = ${job.failed},
          failures = coalesce((select jsonb_agg(jsonb_build_object('contractId', i.ref_id, 'error', i.error) order by i.seq)
            from (select * from job_items where job_id = ${job.id} and state = 2 order by seq limit 1000) i), '[]'::jsonb),
          finished_at = now(), updated_at = now()
        where r.id = ${runParams(job.params).runId}::uuid`);
    },
  };
}

async function billChunk(
  tx: Tx,
  actor: Actor,
  ids: string[],
  f: { upTo: string; policyHolderId?: string; productId?: string; runId: string },
  now: Date,
  wait = false,
): Promise<{
  contracts: number;
  invoices: number;
  amount: string;
  billed: Set<string>;
  /** The serial step (numbers, then the invoices and what shows their numbers), run last (lib/jobs). */
  finish?: () => Promise<void>;
}> {
  // The chunk's contracts, locked, kept in a temporary table that the statements below join: a join on
  // it, not `= any(array of 2,000)` on every row. The ids travel as one array parameter. Unless `wait`
  // (the run's last pass), contracts and payers' accounts another transaction holds are left for later
  // (held) instead of waiting: the run's contracts come in payer order, so runners side by side bill
  // different payers and only a chunk's edges meet.
  await tx.execute(sql`create temp table _chunk (id uuid primary key, ph uuid, code text) on commit drop`);
  const locked = await tx.execute<{ id: string; ph: string | null; code: string }>(sql`
    with l as (select id, policy_holder_id, code from contracts where id = any(${uuidArray(ids)})
      and state in (5, 7) and is_deleted = false order by id for update ${wait ? sql`` : sql`skip locked`})
    insert into _chunk select * from l returning id, ph, code`);
  const accounts = locked.map((c) => accountOf({ policyHolderId: c.ph, code: c.code }));
  let mine: { id: string }[] = locked;
  if (wait) await lockAccounts(tx, accounts);
  else {
    const busy = await tryLockAccounts(tx, accounts);
    if (busy.size) {
      mine = locked.filter((_, i) => !busy.has(accountKey(accounts[i]!)));
      const left = locked.filter((_, i) => busy.has(accountKey(accounts[i]!))).map((c) => c.id);
      await tx.execute(sql`delete from _chunk where id = any(${uuidArray(left)})`);
    }
  }
  if (!mine.length) return { contracts: 0, invoices: 0, amount: '0', billed: new Set() };
  await tx.execute(sql`analyze _chunk (id)`);
  const year = now.getUTCFullYear();
  const today = todayIso(now);
  const billed = new Set(mine.map((c) => c.id));
  // 1. The installments to bill, one invoice per contract, in contract order.
  await tx.execute(sql`
    create temp table _bill on commit drop as
    select i.id as installment_id, i.contract_id, i.amount, i.due_date, i.period_from, i.period_to,
      i.allocated, i.allocated > 0 as paid_some, dense_rank() over (order by i.contract_id) as k
    from installments i join _chunk c on c.id = i.contract_id where ${dueFilter(f, true)}`);
  // 2. The invoices, numbered last: the year's counter row is locked from its update to the commit, so
  // everything that can be prepared before it is (the one serial step of runs working side by side).
  await tx.execute(sql`
    create temp table _inv on commit drop as
    select pactum_uuid7() as id, gen_random_uuid() as entry_id, b.k, b.contract_id, c.ph as policy_holder_id, c.code,
      null::text as number, min(b.due_date) as due_date, min(b.period_from) as period_from, max(b.period_to) as period_to,
      sum(b.amount) as total, bool_or(b.paid_some) as paid_some
    from _bill b join _chunk c on c.id = b.contract_id group by b.k, b.contract_id, c.ph, c.code`);
  const [count] = await tx.execute<{ n: number; total: string }>(
    sql`select count(*)::int as n, coalesce(sum(total), 0)::text as total from _inv`,
  );
  const n = count?.n ?? 0;
  if (!n) return { contracts: 0, invoices: 0, amount: '0', billed };
  // Statistics of the columns the statements below join on (no more: each analyze is per chunk).
  await tx.execute(sql`analyze _bill (installment_id, contract_id)`);
  await tx.execute(sql`analyze _inv (id, k, contract_id)`);
  // The installments are issued as they are (their lines are the invoice's lines, invoice_line_items):
  // marked before the numbering, as their invoices' ids are known; the reference to the invoice, inserted
  // after it, is checked at commit (migration 0033). The installments are reached by key: without the
  // \`any(array(...))\` the planner hash-joined a sequential scan of every installment, per chunk.
  await tx.execute(sql`set constraints installments_invoice_id_invoices_id_fk deferred`);
  await tx.execute(sql`
    update installments i set state = 'invoiced', invoice_id = v.id, version = i.version + 1, updated_at = now()
    from _bill b join _inv v on v.contract_id = b.contract_id
    where i.id = b.installment_id and i.id = any(array(select installment_id from _bill))`);
  // The partners' webhooks, when an endpoint wants them: only then do the invoices come back to Node.
  const webhooks = await webhookWanted(tx, 'invoice.issued');
  // The invoice mails, rendered in SQL now (the same text as the one-by-one path renders in Node), around
  // the numbers the serial step fills in.
  await renderInvoiceMails(tx, sql`select id, contract_id, total from _inv`);
  const finish = async () => {
    // 3. A block of n gapless numbers in one statement: the year's counter row stays locked to the
    // commit, so this is the one serial step of runs working side by side, kept as short as it can be.
    // The number has at least six digits and grows past 999,999 (lpad would cut it); registers sort
    // numbers by year, length, then text (numberOrder).
    const [seq] = await tx.execute<{ last: number }>(sql`
      insert into invoice_sequences (year, last_value) values (${year}, ${n})
      on conflict (year) do update set last_value = invoice_sequences.last_value + ${n}
      returning last_value as last`);
    const first = Number(seq!.last) - n + 1;
    await tx.execute(sql`
      update _inv set number = 'INV-' || ${year} || '-' || lpad(s.n, greatest(6, length(s.n)), '0')
      from (select k, (${first}::bigint + k - 1)::text as n from _inv) s where s.k = _inv.k`);
    // 4. Invoices, then what shows their numbers, one statement each for the chunk.
    await tx.execute(sql`
      insert into invoices (id, number, contract_id, policy_holder_id, date_issued, due_date, period_from, period_to, total, created_by, updated_by)
      select id, number, contract_id, policy_holder_id, ${today}::date, due_date, period_from, period_to, total, ${actor.id}, ${actor.id} from _inv`);
    // The journal: each invoice's receivable, and the chunk's income in one line (a centralised posting:
    // one entry for the chunk, which balances; the receivables stay traceable invoice by invoice).
    const entry = randomUUID();
    await tx.execute(sql`
      insert into journal_lines (entry_id, entry_date, doc_type, doc_id, doc_number, policy_holder_id, contract_id, account, debit, credit, label)
      select ${entry}::uuid, ${today}::date, 'invoice', v.id, v.number, v.policy_holder_id, v.contract_id, '411000', v.total, 0,
        'Invoice ' || v.number || ' ' || v.code
      from _inv v where v.total > 0
      union all
      select ${entry}::uuid, ${today}::date, 'billing_run', ${f.runId}::uuid, null, null, null, '706000', 0, sum(v.total),
        'Billing run ' || ${today} || ': invoices ' || (array_agg(v.number order by v.k))[1] || ' to '
          || (array_agg(v.number order by v.k desc))[1]
      from _inv v where v.total > 0 having count(*) > 0`);
    await tx.execute(sql`
      insert into audit_log (operation_id, actor_id, actor_name, source, operation, entity, entity_id, field, old_value, new_value)
      select ${randomUUID()}::uuid, ${actor.id}, ${actor.name}, ${actor.source}, 'create_invoice', 'contract', v.contract_id, 'invoice', null,
        v.number || ' (' || v.total::text || ')'
      from _inv v`);
    // Paid (in part) before they were invoiced: only those invoices' paid amount and state change.
    await tx.execute(sql`
      update invoices i set amount_paid = s.paid,
        state = case when s.paid >= i.total then 'paid' when s.paid > 0 then 'partially_paid' else 'issued' end
      from (select v.id as invoice_id, sum(b.allocated) as paid from _inv v join _bill b on b.contract_id = v.contract_id
            where v.paid_some group by v.id) s
      where i.id = s.invoice_id`);
    // The invoice mails with their numbers, and the same events for the partners' webhooks.
    await writeInvoiceMails(tx, sql`select id, number from _inv`);
    if (!webhooks) return;
    const invs = await tx.execute<{ contract_id: string; number: string; total: string }>(
      sql`select contract_id, number, total::text from _inv order by k`,
    );
    await recordWebhookEvents(
      tx,
      invs.map((i) => ({
        event: 'invoice.issued' as const,
        contractId: i.contract_id,
        data: { invoiceNumber: i.number, invoiceTotal: toMoneyString(i.total) },
      })),
    );
  };
  return { contracts: n, invoices: n, amount: toMoneyString(count!.total), billed, finish };
}

export async function listBillingRuns(db: DbOrTx, actor: Actor) {
  assertCan(actor, 'invoice.create');
  return db.select().from(billingRuns).orderBy(desc(billingRuns.createdAt)).limit(50);
}

import type { DbHandle } from '../db/client';

/**
 * The limits the benchmark prints beside the app's figures (issue 13): the same writes as the app, in
 * hand-written set-based SQL over the whole set at once, with no job, no chunks and no Node work per
 * row. Each runs in a transaction that is rolled back (then vacuumed), so the app then runs on the same
 * data. What the app adds on top of a limit is its price for chunking, failure isolation and progress.
 */
class Rollback extends Error {}

type Sql = DbHandle['sql'];

async function timedRollback(sql: Sql, work: (t: Sql) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  let ms = 0;
  try {
    await sql.begin(async (t) => {
      await work(t as unknown as Sql);
      ms = performance.now() - t0;
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  return ms;
}

/**
 * A billing run's writes for every open installment due by `upTo` of effective contracts: numbers in one
 * step, invoices, installment states (their lines are the invoices' lines), journal entries, audit rows,
 * the invoice mails.
 * Returns the milliseconds to commit-ready, and the number of installments.
 */
export async function billingLimit(h: DbHandle, upTo: string): Promise<{ ms: number; installments: number }> {
  let installments = 0;
  const ms = await timedRollback(h.sql, async (t) => {
    const q = async (text: string) => {
      const s = performance.now();
      const r = (await t.unsafe(text)) as unknown as Record<string, number>[];
      if (process.env.BENCH_VERBOSE)
        console.log(
          `${(performance.now() - s).toFixed(0).padStart(6)} ms  ${text.trim().split('\n')[0]!.slice(0, 90)}`,
        );
      return r;
    };
    await q(`create temp table _bill on commit drop as
      select i.id as installment_id, i.contract_id, i.amount, i.due_date, i.period_from, i.period_to,
        dense_rank() over (order by i.contract_id) as k
      from installments i join contracts c on c.id = i.contract_id and c.state in (5, 7) and c.is_deleted = false
      where i.state = 'open' and i.due_date <= '${upTo}'`);
    const [n] = await q('select count(distinct contract_id)::int as n, count(*)::int as i from _bill');
    installments = n!.i!;
    const [seq] = await q(`insert into invoice_sequences (year, last_value) values (2026, ${n!.n})
      on conflict (year) do update set last_value = invoice_sequences.last_value + ${n!.n} returning last_value as last`);
    const first = Number(seq!.last) - n!.n! + 1;
    await q(`create temp table _inv on commit drop as
      select gen_random_uuid() as id, gen_random_uuid() as entry_id, b.k, b.contract_id, c.policy_holder_id, c.code,
        'INV-2026-' || lpad((${first} + b.k - 1)::text, greatest(6, length((${first} + b.k - 1)::text)), '0') as number,
        min(b.due_date) as due_date, min(b.period_from) as period_from, max(b.period_to) as period_to, sum(b.amount) as total
      from _bill b join contracts c on c.id = b.contract_id group by b.k, b.contract_id, c.policy_holder_id, c.code`);
    await q(`insert into invoices (id, number, contract_id, policy_holder_id, date_issued, due_date, period_from, period_to, total)
      select id, number, contract_id, policy_holder_id, '2026-11-26', due_date, period_from, period_to, total from _inv`);
    await q(`update installments i set state = 'invoiced', invoice_id = v.id, version = i.version + 1, updated_at = now()
      from _bill b join _inv v on v.contract_id = b.contract_id where i.id = b.installment_id`);
    await q(`insert into journal_lines (entry_id, entry_date, doc_type, doc_id, doc_number, policy_holder_id, contract_id, account, debit, credit, label)
      select v.entry_id, '2026-11-26'::date, 'invoice', v.id, v.number, v.policy_holder_id, v.contract_id, '411000', v.total, 0,
        'Invoice ' || v.number || ' ' || v.code
      from _inv v where v.total > 0
      union all
      select gen_random_uuid(), '2026-11-26'::date, 'billing_run', gen_random_uuid(), null, null, null, '706000', 0, sum(total), 'Billing run'
      from _inv where total > 0`);
    await q(`insert into audit_log (operation_id, actor_id, actor_name, source, operation, entity, entity_id, field, old_value, new_value)
      select gen_random_uuid(), null, 'bench', 'system', 'create_invoice', 'contract', v.contract_id, 'invoice', null,
        v.number || ' (' || v.total::text || ')' from _inv v`);
    await q(`insert into notification_events (event, contract_id, payload, recipient, language, subject, body, attachment_refs)
      select 'invoice.issued', v.contract_id, jsonb_build_object('invoiceNumber', v.number, 'invoiceTotal', v.total::text),
        ph.email, coalesce(ph.language, 'en'), 'Invoice ' || v.number || ' for contract ' || v.code,
        'Dear ' || coalesce(ph.contact_name, ph.trade_name) || E',\\n\\nInvoice ' || v.number || ' for contract ' || v.code
          || ' has been issued.\\n\\nTotal: ' || v.total::text,
        jsonb_build_array(jsonb_build_object('kind', 'invoice', 'id', v.id))
      from _inv v left join policy_holders ph on ph.id = v.policy_holder_id`);
  });
  await h.sql.unsafe('vacuum analyze invoices, installments, journal_lines, audit_log, notification_events');
  return { ms, installments };
}

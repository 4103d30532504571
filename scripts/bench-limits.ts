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

/** Runs a statement; with BENCH_VERBOSE, prints its time and first line. */
const verbose =
  (t: Sql) =>
  async (text: string): Promise<Record<string, number>[]> => {
    const s = performance.now();
    const r = (await t.unsafe(text)) as unknown as Record<string, number>[];
    if (process.env.BENCH_VERBOSE)
      console.log(
        `${(performance.now() - s).toFixed(0).padStart(6)} ms  ${text.trim().split('\n')[0]!.slice(0, 90)}`,
      );
    return r;
  };

/**
 * A billing run's writes for every open installment due by `upTo` of effective contracts: numbers in one
 * step, invoices, installment states (their lines are the invoices' lines), journal entries, audit rows,
 * the invoice mails.
 * Returns the milliseconds to commit-ready, and the number of installments.
 */
export async function billingLimit(h: DbHandle, upTo: string): Promise<{ ms: number; installments: number }> {
  let installments = 0;
  const ms = await timedRollback(h.sql, async (t) => {
    const q = verbose(t);
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

/**
 * Bulk approval's writes for the submitted contracts (`BULK-…`, state 4), with the app's row counts and
 * shapes: the contracts locked, the people's overlapping cover looked up, a policy per person and product
 * for the contract's year, a contribution line and a contribution per insured person, the installments
 * (one per billing period of the product) and their shares of each line (exact to the cent by cumulative rounding), the contracts
 * moved to Executable with their amounts, six audit rows and a notification each.
 * Returns the milliseconds to commit-ready, and the number of contracts.
 */
export async function approvalLimit(h: DbHandle, parts = 1): Promise<{ ms: number; contracts: number }> {
  // `parts` > 1: the contracts split by policy holder into that many parts, each approved on its own
  // connection at the same time (every core on the database, none on Node).
  const times = await Promise.all(Array.from({ length: parts }, (_, k) => approvalLimitPart(h, k, parts)));
  await h.sql.unsafe(
    'vacuum analyze contracts, policies, contract_contribution_details, contributions, installments, installment_lines, audit_log, notification_events',
  );
  return {
    ms: Math.max(...times.map((t) => t.ms)),
    contracts: times.reduce((n, t) => n + t.contracts, 0),
  };
}

async function approvalLimitPart(h: DbHandle, part: number, parts: number) {
  let contracts = 0;
  const ms = await timedRollback(h.sql, async (t) => {
    const q = verbose(t);
    await q(`create temp table _a on commit drop as
      select c.id, c.code, c.policy_holder_id, c.date_valid_from as f, c.date_valid_to as t, c.payment_reference
      from contracts c where c.code like 'BULK-%' and c.state = 4 and c.is_deleted = false
        and abs(hashtext(coalesce(c.policy_holder_id, c.id)::text)) % ${parts} = ${part}`);
    await q('select 1 from contracts c join _a on _a.id = c.id order by c.id for update of c');
    const [n] = await q('select count(*)::int as n from _a');
    contracts = n!.n!;
    await q(`create temp table _d on commit drop as
      select gen_random_uuid() as line_id, gen_random_uuid() as policy_id, a.id as contract_id, a.code, a.policy_holder_id,
        a.f, a.t, d.id as detail_id, d.insuree_id, i.family_id, p.id as plan_id, p.product_id, pr.grace_period_days,
        make_interval(months => pr.billing_frequency_months) as every,
        round((d.calculation_params->>'income')::numeric * 0.05 * 12, 2) as amount
      from _a a join contract_details d on d.contract_id = a.id and d.is_deleted = false
      join insurees i on i.id = d.insuree_id
      join contribution_plan_bundle_plans bp on bp.bundle_id = d.bundle_id
      join contribution_plans p on p.id = bp.plan_id join products pr on pr.id = p.product_id`);
    // Overlapping cover: another live contract of the same people over the same days (none here).
    await q(`select d.contract_id from _d d join contract_details o on o.insuree_id = d.insuree_id and o.is_deleted = false
      join contracts oc on oc.id = o.contract_id and oc.id <> d.contract_id and oc.state in (5, 6, 7)
      where oc.date_valid_from <= d.t and oc.date_valid_to >= d.f limit 1`);
    await q(`select 1 from policies p join _d d on d.insuree_id = p.insuree_id and d.product_id = p.product_id
      where p.is_deleted = false and p.status <> 'cancelled' and p.start_date <= d.t and p.expiry_date >= d.f`);
    await q(`insert into policies (id, insuree_id, family_id, covers_family, product_id, start_date, expiry_date, grace_expiry_date, status)
      select policy_id, insuree_id, family_id, false, product_id, f, t, t + grace_period_days, 'contracted' from _d`);
    await q(`insert into contract_contribution_details (id, contract_id, contract_detail_id, contribution_plan_id, policy_id,
        date_valid_from, date_valid_to, amount)
      select line_id, contract_id, detail_id, plan_id, policy_id, f, t, amount from _d`);
    await q(`insert into contributions (contract_contribution_detail_id, policy_id, amount)
      select line_id, policy_id, amount from _d`);
    // Each billing period's share of each line (the product's frequency): by days, rounded on the running
    // total (the parts add up to the line).
    await q(`create temp table _s on commit drop as
      select d.line_id, d.contract_id, m.seq, m.pf, m.pt,
        round(d.amount * m.upto / m.days, 2) - round(d.amount * (m.upto - (m.pt - m.pf + 1)) / m.days, 2) as share
      from _d d cross join lateral (
        select row_number() over (order by g)::int as seq, greatest(g::date, d.f) as pf,
          least((g + d.every - interval '1 day')::date, d.t) as pt,
          sum(least((g + d.every - interval '1 day')::date, d.t) - greatest(g::date, d.f) + 1) over (order by g) as upto,
          d.t - d.f + 1 as days
        from generate_series(date_trunc('month', d.f), d.t, d.every) g) m`);
    await q(`create temp table _i on commit drop as
      select gen_random_uuid() as id, s.contract_id, a.code, a.policy_holder_id, s.seq, s.pf, s.pt, sum(s.share) as amount
      from _s s join _a a on a.id = s.contract_id group by s.contract_id, a.code, a.policy_holder_id, s.seq, s.pf, s.pt`);
    await q(`insert into installments (id, contract_id, chain_code, policy_holder_id, seq, period_from, period_to, due_date,
        amount, required_before_effective)
      select id, contract_id, code, policy_holder_id, seq, pf, pt, case when seq = 1 then current_date + 30 else pf end, amount,
        seq = 1 from _i`);
    await q(`insert into installment_lines (installment_id, contract_contribution_detail_id, amount)
      select i.id, s.line_id, s.share from _s s join _i i on i.contract_id = s.contract_id and i.seq = s.seq`);
    await q(`update contracts c set state = 5, amount_rectified = v.total, amount_due = v.total, amount_gross = v.total,
        date_approved = now(), date_payment_due = current_date + 30, version = c.version + 1, updated_at = now()
      from (select contract_id, sum(amount) as total from _d group by contract_id) v where c.id = v.contract_id`);
    await q(`insert into audit_log (operation_id, actor_id, actor_name, source, operation, entity, entity_id, field, old_value, new_value)
      select gen_random_uuid(), null, 'bench', 'system', 'approve', 'contract', a.id, f.field, f.old, f.new
      from _a a cross join (values ('state', 'Negotiable', 'Executable'), ('amountRectified', '0.00', '1.00'),
        ('amountDue', null, '1.00'), ('amountGross', null, '1.00'), ('dateApproved', null, '2026-11-26'),
        ('datePaymentDue', null, '2026-12-26')) f(field, old, new)`);
    await q(`insert into notification_events (event, contract_id, payload, recipient, language, subject, body, status)
      select 'contract.approved', a.id, jsonb_build_object('amountDue', v.total::text, 'paymentReference', a.payment_reference),
        null, 'en', 'Contract ' || a.code || ' approved', 'Contract ' || a.code || ' was approved. Amount due: ' || v.total::text,
        'pending'
      from _a a join (select contract_id, sum(amount) as total from _d group by contract_id) v on v.contract_id = a.id`);
  });
  return { ms, contracts };
}

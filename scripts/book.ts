import type { DbHandle } from '../db/client';

/**
 * Set-based seed: 1 000 policy holders with 5 employees each, one percent-of-income plan; N contracts
 * in mixed states with two details each; APPROVE of them submitted (state 4) with coherent amounts, for
 * the bulk approval.
 */
export async function seedBook(
  h: DbHandle,
  {
    contracts: N,
    submitted: APPROVE,
    billingMonths = 12,
  }: { contracts: number; submitted: number; billingMonths?: number },
) {
  const q = (text: string) => h.sql.unsafe(text);
  await q(
    `insert into products (code, name, insurance_period_months, billing_frequency_months) values ('BENCH', 'Bench product', 12, ${billingMonths})`,
  );
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

/** What the billing run at scale bills: January 2031, one installment of each contract's twelve. */
export const BILLING_UP_TO = '2031-01-31';

/**
 * The book of a billing run at scale (issue 13): `contracts` effective contracts (state 7, "EFF-"), each
 * with its two members' contribution lines and its year of twelve monthly installments (2031, each due
 * on its month's first day, a contract's twelve written together), written set-based as approval would
 * have left them. A monthly run bills one of each contract's twelve (BILLING_UP_TO, January). Runs after
 * seedBook (its policy holders, insurees, plan).
 */
export async function seedBillingBook(h: DbHandle, { contracts: N }: { contracts: number }) {
  // One connection (a transaction): the temporary table lives in it.
  await h.sql.begin((t) => seedBilling(t, N));
  await h.sql.unsafe('analyze');
}

async function seedBilling(t: { unsafe: (text: string) => Promise<unknown> }, N: number) {
  const q = (text: string) => t.unsafe(text);
  await q(`insert into policies (insuree_id, family_id, product_id, start_date, expiry_date, status)
           select i.id, i.family_id, p.id, '2031-01-01', '2031-12-31', 'active' from insurees i cross join products p
           where p.code = 'BENCH'`);
  await q(`insert into contracts (code, policy_holder_id, state, amount_notified, amount_rectified, amount_due, payment_reference,
             date_valid_from, date_valid_to, date_payment_due)
           select 'EFF-' || lpad(g::text, 7, '0'), ph.id, 7, 0, 0, 0, 'EFF-REF-' || g, '2031-01-01', '2031-12-31', '2031-01-31'
           from generate_series(1, ${N}) g
           join (select id, row_number() over (order by code) as n from policy_holders) ph on ph.n = 1 + g % 1000`);
  await q(`insert into contract_details (contract_id, insuree_id, policy_holder_insuree_id, bundle_id, calculation_params)
           select c.id, phi.insuree_id, phi.id, phi.bundle_id, phi.calculation_params
           from contracts c
           join lateral (select * from policy_holder_insurees p where p.policy_holder_id = c.policy_holder_id order by p.id limit 2) phi on true
           where c.code like 'EFF-%'`);
  await q(`insert into contract_contribution_details (contract_id, contract_detail_id, contribution_plan_id, policy_id, date_valid_from, date_valid_to, amount)
           select d.contract_id, d.id, pl.id, po.id, '2031-01-01', '2031-12-31', ((d.calculation_params->>'income')::numeric * 0.05 * 12)::numeric(18,2)
           from contract_details d join contracts c on c.id = d.contract_id and c.code like 'EFF-%'
           cross join (select id from contribution_plans where code = 'BENCH-5') pl
           join policies po on po.insuree_id = d.insuree_id`);
  await q(`create temp table _seed_inst as
           select pactum_uuid7() as id, c.id as contract_id, c.code, c.policy_holder_id, m.m as seq,
             ('2031-01-01'::date + (m.m - 1) * interval '1 month')::date as pf, c.a
           from (select c.id, c.code, c.policy_holder_id,
                   (select sum((d.amount / 12)::numeric(18,2)) from contract_contribution_details d where d.contract_id = c.id) as a
                 from contracts c where c.code like 'EFF-%') c
           cross join generate_series(1, 12) m(m) order by c.id, m.m`);
  await q(`insert into installments (id, contract_id, chain_code, policy_holder_id, seq, period_from, period_to, due_date, amount)
           select id, contract_id, code, policy_holder_id, seq, pf, (pf + interval '1 month' - interval '1 day')::date, pf, a
           from _seed_inst order by contract_id, seq`);
  await q(`insert into installment_lines (installment_id, contract_contribution_detail_id, amount)
           select s.id, d.id, (d.amount / 12)::numeric(18,2) from _seed_inst s join contract_contribution_details d on d.contract_id = s.contract_id`);
  await q(`update contracts c set amount_notified = t.a * 12, amount_rectified = t.a * 12, amount_due = t.a * 12
           from (select contract_id, amount as a from installments where seq = 1) t where t.contract_id = c.id and c.code like 'EFF-%'`);
  await q('drop table _seed_inst');
}

import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractDetails, policyHolders, products } from '@/db/schema';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { type ContractDto, createContract, getContract } from '../contracts/contracts';
import { updateContractDetail } from '../contracts/details';
import { ContractState } from '../contracts/states';
import {
  amendContract,
  approveContract,
  renewContract,
  submitContract,
  terminateContract,
} from '../contracts/transitions';
import { isDomainError } from '../errors';
import { money } from '../money';
import { createInvoice } from './invoices';
import { listPayments, recordReceipt, refundCredit, reverseReceipt } from './receipts';
import { policyHolderStatement } from './statement';

/*
 * Issue 12's invariants over random chains: approve → receipts → amend (up, down, same) → receipts →
 * invoices → reversal → refund → renew → terminate, in any order, on one policy holder each. After every
 * chain, on the whole database: per period invoiced − credited = the latest value; allocations match
 * what installments and receipts say and never exceed them; each policy holder's balance = invoiced −
 * credited − received + refunded, in the statement and in the journal; every journal entry balances;
 * invoice and credit-note numbers are gapless; the contracts' states follow the money.
 * LEDGER_CHAINS sets the number of chains: 40 on PGlite, 1,000 on a real server (CI); `npm run test:ledger`
 * runs 5,000 with a fresh seed (LEDGER_SEED).
 */
const CHAINS = Number(process.env.LEDGER_CHAINS ?? (process.env.DATABASE_URL ? 1000 : 40));

let t: TestDb;
let a: Record<'editor' | 'approver', Actor>;
let schemes: { bundleId: string; productId: string }[];
let seq = 0;

beforeAll(async () => {
  t = await createTestDb();
  a = await makeActors(t.db, ['editor', 'approver'] as const);
  // Four products: billed every 12, 6, 3 and 1 months; the quarterly one needs only its first installment.
  schemes = [];
  for (const [months, pay] of [
    [12, 'all'],
    [6, 'all'],
    [3, 'first'],
    [1, 'all'],
  ] as const) {
    const s = await makeScheme(t.db);
    await t.db
      .update(products)
      .set({ billingFrequencyMonths: months, payBeforeEffective: pay })
      .where(eq(products.id, s.productId));
    schemes.push(s);
  }
}, 120_000);
afterAll(() => t?.close());

const command = fc.oneof(
  {
    arbitrary: fc.record({ op: fc.constant('pay' as const), share: fc.integer({ min: 1, max: 150 }) }),
    weight: 5,
  },
  {
    arbitrary: fc.record({ op: fc.constant('advance' as const), cents: fc.integer({ min: 1, max: 50_000 }) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ op: fc.constant('phPay' as const), share: fc.integer({ min: 1, max: 150 }) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ op: fc.constant('invoice' as const), month: fc.integer({ min: 0, max: 13 }) }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ op: fc.constant('amend' as const), factor: fc.constantFrom(0.5, 0.8, 1, 1.2, 2) }),
    weight: 3,
  },
  { arbitrary: fc.record({ op: fc.constant('reverse' as const), pick: fc.nat() }), weight: 2 },
  {
    arbitrary: fc.record({ op: fc.constant('refund' as const), share: fc.integer({ min: 1, max: 100 }) }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('renew' as const) }), weight: 1 },
  {
    arbitrary: fc.record({ op: fc.constant('terminate' as const), month: fc.integer({ min: 1, max: 11 }) }),
    weight: 1,
  },
);

const chain = fc.record({
  scheme: fc.integer({ min: 0, max: 3 }),
  phFrequency: fc.constantFrom(null, 12, 3, 1),
  incomes: fc.array(fc.integer({ min: 100_00, max: 50_000_00 }), { minLength: 1, maxLength: 3 }),
  startMonth: fc.integer({ min: 1, max: 12 }),
  commands: fc.array(command, { maxLength: 8 }),
});

const cents = (n: number) => (n / 100).toFixed(2);
const now = new Date('2026-06-15T00:00:00Z');

/** Runs an operation; a refusal the domain explains (nothing payable, wrong state...) is a valid outcome. */
async function attempt<T>(run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (e) {
    if (isDomainError(e)) return null;
    throw e;
  }
}

type Chain = typeof chain extends fc.Arbitrary<infer R> ? R : never;

async function runChain(c: Chain) {
  const n = ++seq;
  const scheme = schemes[c.scheme]!;
  const ph = await makeEmployer(t.db, scheme.bundleId, c.incomes.map(cents), {
    billingFrequencyMonths: c.phFrequency,
  });
  const from = `2026-${String(c.startMonth).padStart(2, '0')}-01`;
  const to = `2027-${String(c.startMonth).padStart(2, '0')}-01`;
  const draft = await createContract(t.db, a.editor, {
    code: `PB-${n}`,
    policyHolderId: ph.id,
    dateValidFrom: from,
    dateValidTo: new Date(new Date(`${to}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10),
  });
  await submitContract(t.db, a.editor, { id: draft.id });
  let current: ContractDto = await approveContract(t.db, a.approver, { id: draft.id }, now);
  let r = 0;
  for (const cmd of c.commands) {
    const open = money((await listPayments(t.db, a.approver, current.id)).open);
    const receiptNumber = `PB-${n}-${++r}`;
    switch (cmd.op) {
      case 'pay':
      case 'phPay': {
        const amount = open.times(cmd.share).dividedBy(100).toDecimalPlaces(2);
        if (!amount.greaterThan(0)) break;
        await attempt(() =>
          recordReceipt(
            t.db,
            a.approver,
            {
              ...(cmd.op === 'pay' ? { contractId: current.id } : { policyHolderId: ph.id }),
              amount: amount.toFixed(2),
              receivedAt: '2026-06-01',
              receiptNumber,
            },
            now,
          ),
        );
        break;
      }
      case 'advance':
        await attempt(() =>
          recordReceipt(
            t.db,
            a.approver,
            {
              contractId: current.id,
              amount: cents(cmd.cents),
              receivedAt: '2026-06-01',
              receiptNumber,
              advance: true,
            },
            now,
          ),
        );
        break;
      case 'invoice': {
        const upTo = new Date(Date.UTC(2026, c.startMonth - 1 + cmd.month, 1)).toISOString().slice(0, 10);
        await attempt(() => createInvoice(t.db, a.approver, { contractId: current.id, upTo }, now));
        break;
      }
      case 'amend': {
        const am = await attempt(() => amendContract(t.db, a.editor, { id: current.id }));
        if (!am) break;
        const details = await t.db
          .select()
          .from(contractDetails)
          .where(eq(contractDetails.contractId, am.id));
        for (const [i, d] of details.entries()) {
          const income = Math.max(1, Math.round((c.incomes[i] ?? c.incomes[0]!) * cmd.factor));
          await updateContractDetail(t.db, a.editor, {
            id: d.id,
            calculationParams: { income: cents(income) },
          });
        }
        await submitContract(t.db, a.editor, { id: am.id });
        current = await approveContract(t.db, a.approver, { id: am.id }, now);
        break;
      }
      case 'reverse': {
        const receipts = (await listPayments(t.db, a.approver, current.id)).receipts.filter(
          (x) => !x.reversed,
        );
        const target = receipts[cmd.pick % Math.max(1, receipts.length)];
        if (target)
          await attempt(() =>
            reverseReceipt(t.db, a.approver, { receiptId: target.id, reason: 'Bounced' }, now),
          );
        break;
      }
      case 'refund': {
        const credit = money((await listPayments(t.db, a.approver, current.id)).credit);
        const amount = credit.times(cmd.share).dividedBy(100).toDecimalPlaces(2);
        if (amount.greaterThan(0))
          await refundCredit(
            t.db,
            a.approver,
            { policyHolderId: ph.id, amount: amount.toFixed(2), reason: 'Refund' },
            now,
          );
        break;
      }
      case 'renew': {
        const renewal = await attempt(() =>
          renewContract(t.db, a.editor, { id: current.id, code: `PB-${n}-R${r}` }),
        );
        if (!renewal) break;
        await submitContract(t.db, a.editor, { id: renewal.id });
        await approveContract(t.db, a.approver, { id: renewal.id }, now);
        break;
      }
      case 'terminate': {
        const day = `2026-${String(Math.min(12, c.startMonth + cmd.month)).padStart(2, '0')}-15`;
        const ended = await attempt(() =>
          terminateContract(
            t.db,
            a.approver,
            { id: current.id, comment: 'End', dateTerminated: day },
            '2026-01-01',
          ),
        );
        if (ended) current = await getContract(t.db, a.approver, current.id);
        break;
      }
    }
  }
  return ph.id;
}

async function checkInvariants(phId: string) {
  const q = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
    [...(await t.db.execute<T>(query))] as T[];

  // Per period of a chain: invoiced − credited (the installments' documents) = the latest (live) value.
  const periods = await q<{ chain_code: string; period_from: string; net: string; live: string }>(sql`
    select chain_code, period_from::text,
      (sum(amount) filter (where invoice_id is not null) - sum(amount) filter (where state = 'credited'))::text as net,
      coalesce(sum(amount) filter (where state in ('open', 'invoiced')), 0)::text as live
    from installments where policy_holder_id = ${phId}
    group by chain_code, period_from
    having bool_or(invoice_id is not null) and bool_or(state = 'invoiced' or state = 'credited')`);
  for (const p of periods) {
    if (p.net === null) continue;
    const hasLiveInvoiced = await q<{ n: number }>(sql`select count(*)::int as n from installments
      where chain_code = ${p.chain_code} and period_from = ${p.period_from}::date and state = 'invoiced'`);
    const expected = hasLiveInvoiced[0]!.n > 0 ? p.live : '0';
    expect(money(p.net ?? 0).toFixed(2), `${p.chain_code} ${p.period_from}`).toBe(money(expected).toFixed(2));
  }
  // Documents agree with installments: invoices − credit notes = live invoiced installments.
  const [docs] = await q<{ invoiced: string; credited: string; live: string }>(sql`
    select coalesce((select sum(total) from invoices where policy_holder_id = ${phId}), 0)::text as invoiced,
      coalesce((select sum(total) from credit_notes where policy_holder_id = ${phId}), 0)::text as credited,
      coalesce((select sum(amount) from installments where policy_holder_id = ${phId} and state = 'invoiced'), 0)::text as live`);
  expect(money(docs!.invoiced).minus(docs!.credited).toFixed(2)).toBe(money(docs!.live).toFixed(2));

  // Allocations: what installments and receipts say, never more than their amounts.
  const badInstallments = await q(sql`
    select i.id from installments i left join (select installment_id, sum(amount) s from allocations
      where released_at is null group by installment_id) a on a.installment_id = i.id
    where i.policy_holder_id = ${phId} and (coalesce(a.s, 0) <> i.allocated or i.allocated > i.amount
      or (i.state in ('replaced', 'credited') and i.allocated <> 0))`);
  expect(badInstallments).toEqual([]);
  const badReceipts = await q(sql`
    select r.id from receipts r left join (select receipt_id, sum(amount) s from allocations
      where released_at is null group by receipt_id) a on a.receipt_id = r.id
    where r.policy_holder_id = ${phId} and (coalesce(a.s, 0) <> r.allocated or r.allocated + r.refunded > r.amount
      or (r.reversed_at is not null and r.allocated <> 0))`);
  expect(badReceipts).toEqual([]);

  // Balance = invoiced − credited − received + refunded: statement, documents and journal agree.
  const [bal] = await q<{ docs: string; journal: string }>(sql`
    select (coalesce((select sum(total) from invoices where policy_holder_id = ${phId}), 0)
      - coalesce((select sum(total) from credit_notes where policy_holder_id = ${phId}), 0)
      - coalesce((select sum(amount) from receipts where policy_holder_id = ${phId} and reversed_at is null), 0)
      + coalesce((select sum(amount) from refunds where policy_holder_id = ${phId}), 0))::text as docs,
      coalesce((select sum(debit - credit) from journal_lines where policy_holder_id = ${phId}
        and account in ('411000', '419000')), 0)::text as journal`);
  const statement = await policyHolderStatement(t.db, a.approver, phId, {}, new Date('2027-12-31T00:00:00Z'));
  expect(statement.balance).toBe(money(bal!.docs).toFixed(2));
  expect(money(bal!.journal).toFixed(2)).toBe(money(bal!.docs).toFixed(2));
  // And the unallocated credit is what receipts hold free.
  const [free] = await q<{
    free: string;
  }>(sql`select coalesce(sum(amount - allocated - refunded), 0)::text as free
    from receipts where policy_holder_id = ${phId} and reversed_at is null`);
  expect(statement.unallocatedCredit).toBe(money(free!.free).toFixed(2));

  // States follow the money: no Executable contract with its required installments paid, and no
  // Effective one without (an amendment or a termination may end one earlier: Addendum, Terminated).
  const wrong = await q(sql`
    select c.id, c.state from contracts c where c.policy_holder_id = ${phId} and c.state in (5, 7)
      and (c.state = 7) <> not exists (select 1 from installments i where i.contract_id = c.id
        and i.state in ('open', 'invoiced') and i.required_before_effective and i.allocated < i.amount)`);
  expect(wrong).toEqual([]);
}

async function checkGlobal() {
  const unbalanced = await t.db.execute(sql`select entry_id from journal_lines group by entry_id
    having sum(debit) <> sum(credit) or count(*) <> 2`);
  expect([...unbalanced]).toEqual([]);
  for (const [table, prefix] of [
    ['invoices', 'INV'],
    ['credit_notes', 'CN'],
  ] as const) {
    const rows = await t.db.execute<{ year: string; n: number; max: number }>(sql`
      select substr(number, ${prefix.length + 2}, 4) as year, count(*)::int as n,
        max(substr(number, ${prefix.length + 7})::int) as max from ${sql.identifier(table)} group by 1`);
    for (const r of rows) expect(r.max, `${table} ${r.year} gapless`).toBe(r.n);
  }
}

describe('ledger invariants over random chains', () => {
  it(
    `hold over ${CHAINS} chains`,
    async () => {
      let ran = 0;
      await fc.assert(
        fc.asyncProperty(chain, async (c) => {
          const phId = await runChain(c);
          await checkInvariants(phId);
          ran++;
        }),
        { numRuns: CHAINS, seed: Number(process.env.LEDGER_SEED ?? 20261126), endOnFailure: true },
      );
      await checkGlobal();
      expect(ran).toBe(CHAINS);
      const [ph] = await t.db.select({ n: sql<number>`count(*)::int` }).from(policyHolders);
      expect(ph!.n).toBeGreaterThanOrEqual(CHAINS);
      // The chains reached every state the ledger knows.
      const states = await t.db.execute<{ state: string }>(sql`select distinct state from installments`);
      expect([...states].map((s) => s.state).sort()).toEqual(['credited', 'invoiced', 'open', 'replaced']);
      const contractStates = await t.db.execute<{ state: number }>(sql`select distinct state from contracts`);
      expect([...contractStates].map((s) => s.state)).toEqual(
        expect.arrayContaining([ContractState.Executable, ContractState.Effective, ContractState.Addendum]),
      );
    },
    Math.max(300_000, CHAINS * 2_000),
  );
});

import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contractDetails,
  contracts,
  installments,
  insureePolicies,
  policyHolders,
  products,
} from '@/db/schema';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { bulkContracts } from '../contracts/bulk';
import { type ContractDto, createContract, getContract } from '../contracts/contracts';
import { updateContractDetail } from '../contracts/details';
import { ContractState } from '../contracts/states';
import { amendContract, approveContract, submitContract, terminateContract } from '../contracts/transitions';
import { ForbiddenError, InvalidStateError, ValidationError } from '../errors';
import { money } from '../money';
import { createInvoice, listCreditNotes, listInvoices } from './invoices';
import { listPayments, recordReceipt, refundCredit, reverseReceipt } from './receipts';
import { exportJournal, journalBalances, policyHolderStatement } from './statement';

/*
 * Issue 12: the receivables ledger, with the figures of the probes that opened it. One person per
 * employer, 5 % of income a year: an income of 12,000.00 is worth 600.00 a year.
 */
let t: TestDb;
let a: Record<'editor' | 'approver' | 'viewer', Actor>;
let scheme: Awaited<ReturnType<typeof makeScheme>>;
let n = 0;
const code = () => `LG-${++n}-${Date.now() % 100000}`;
const year = { dateValidFrom: '2026-01-01', dateValidTo: '2026-12-31' };
const day = new Date('2026-01-02T00:00:00Z');
/** Statements are read after the receipts (dated 10 January). */
const later = new Date('2026-02-01T00:00:00Z');

beforeAll(async () => {
  t = await createTestDb();
  scheme = await makeScheme(t.db);
  a = await makeActors(t.db, ['editor', 'approver', 'viewer'] as const);
});
afterAll(() => t.close());

async function approved(incomes: string[] = ['12000.00'], over: Record<string, unknown> = {}, s = scheme) {
  const ph = await makeEmployer(t.db, s.bundleId, incomes);
  const c = await createContract(t.db, a.editor, { code: code(), policyHolderId: ph.id, ...year, ...over });
  await submitContract(t.db, a.editor, { id: c.id });
  return approveContract(t.db, a.approver, { id: c.id }, day);
}

let r = 0;
const pay = (contractId: string, amount: string, extra: Record<string, unknown> = {}) =>
  recordReceipt(
    t.db,
    a.approver,
    { contractId, amount, receivedAt: '2026-01-10', receiptNumber: `RC-${++r}-${Date.now()}`, ...extra },
    day,
  );

async function amendIncome(original: ContractDto, income: string) {
  const am = await amendContract(t.db, a.editor, { id: original.id });
  const [detail] = await t.db.select().from(contractDetails).where(eq(contractDetails.contractId, am.id));
  await updateContractDetail(t.db, a.editor, { id: detail!.id, calculationParams: { income } });
  await submitContract(t.db, a.editor, { id: am.id });
  return approveContract(t.db, a.approver, { id: am.id }, day);
}

/** Per period of the chain: what was invoiced less what was credited. */
async function netInvoicedPerPeriod(chainCode: string) {
  const rows = await t.db.execute<{ period_from: string; net: string }>(sql`
    select period_from::text, sum(case when state = 'invoiced' then amount when state = 'credited' then 0 else 0 end)::text as net
    from installments where chain_code = ${chainCode} and invoice_id is not null group by period_from order by 1`);
  return Object.fromEntries([...rows].map((x) => [x.period_from, x.net]));
}

async function invoicedAndCredited(chainCode: string) {
  const [row] = await t.db.execute<{ invoiced: string; credited: string }>(sql`
    select coalesce((select sum(i.total) from invoices i join contracts c on c.id = i.contract_id where c.code = ${chainCode}), 0)::text as invoiced,
      coalesce((select sum(n.total) from credit_notes n join contracts c on c.id = n.contract_id where c.code = ${chainCode}), 0)::text as credited`);
  return { invoiced: money(row!.invoiced).toFixed(2), credited: money(row!.credited).toFixed(2) };
}

describe('installments', () => {
  it('an annual product bills a year in one installment; approval writes it as the payment request', async () => {
    const c = await approved();
    const p = await listPayments(t.db, a.viewer, c.id);
    expect(p.installments.map((i) => [i.periodFrom, i.periodTo, i.amount, i.state])).toEqual([
      ['2026-01-01', '2026-12-31', '600.00', 'open'],
    ]);
    expect(p.open).toBe('600.00');
  });

  it('a monthly policy holder gets twelve installments that add up to the cent', async () => {
    const ph = await makeEmployer(t.db, scheme.bundleId, ['10000.00', '10000.00', '10000.00'], {
      billingFrequencyMonths: 1,
    });
    // 3 × 500.00 = 1,500.00 a year; 1,500 / 12 = 125.00, but a contract from 15 January has broken months.
    const c = await createContract(t.db, a.editor, {
      code: code(),
      policyHolderId: ph.id,
      dateValidFrom: '2026-01-15',
      dateValidTo: '2027-01-14',
    });
    await submitContract(t.db, a.editor, { id: c.id });
    const ok = await approveContract(t.db, a.approver, { id: c.id }, day);
    const p = await listPayments(t.db, a.viewer, ok.id);
    expect(p.installments).toHaveLength(12);
    expect(p.installments[0]).toMatchObject({ periodFrom: '2026-01-15', periodTo: '2026-02-14' });
    expect(p.installments.at(-1)).toMatchObject({ periodFrom: '2026-12-15', periodTo: '2027-01-14' });
    const sum = p.installments.reduce((s, i) => s.plus(i.amount), money(0));
    expect(sum.toFixed(2)).toBe('1500.00');
    expect(ok.amountDue).toBe('1500.00');
  });

  it('"first installment" products become Effective once the first is paid', async () => {
    const s = await makeScheme(t.db);
    await t.db
      .update(products)
      .set({ billingFrequencyMonths: 3, payBeforeEffective: 'first' })
      .where(eq(products.id, s.productId));
    const c = await approved(['12000.00'], {}, s);
    const p = await listPayments(t.db, a.viewer, c.id);
    expect(p.installments.map((i) => i.amount)).toEqual(['147.95', '149.59', '151.23', '151.23']);
    const res = await pay(c.id, '147.95');
    expect(res.effective).toBe(true);
    expect((await getContract(t.db, a.viewer, c.id)).state).toBe(ContractState.Effective);
  });
});

describe('invoices per period', () => {
  it('bills the next installment (and those already due), never a period twice', async () => {
    const ph = await makeEmployer(t.db, scheme.bundleId, ['12000.00'], { billingFrequencyMonths: 3 });
    const c = await createContract(t.db, a.editor, { code: code(), policyHolderId: ph.id, ...year });
    await submitContract(t.db, a.editor, { id: c.id });
    await approveContract(t.db, a.approver, { id: c.id }, day);
    const first = await createInvoice(t.db, a.approver, { contractId: c.id }, day);
    expect([first.periodFrom, first.periodTo, first.total, first.state]).toEqual([
      '2026-01-01',
      '2026-03-31',
      '147.95',
      'issued',
    ]);
    // In August the second and third quarters are due: one document for both.
    const next = await createInvoice(
      t.db,
      a.approver,
      { contractId: c.id },
      new Date('2026-08-01T00:00:00Z'),
    );
    expect([next.periodFrom, next.periodTo, next.total]).toEqual(['2026-04-01', '2026-09-30', '300.82']);
    expect(Number(next.number.slice(-6))).toBe(Number(first.number.slice(-6)) + 1);
    await createInvoice(t.db, a.approver, { contractId: c.id }, day);
    await expect(createInvoice(t.db, a.approver, { contractId: c.id }, day)).rejects.toThrow(
      'Every installment of this contract has already been invoiced.',
    );
    // The database refuses a second live invoice for a period, whatever the code does.
    const [inst] = await t.db.select().from(installments).where(eq(installments.contractId, c.id)).limit(1);
    const other = await t.db.execute<{ id: string }>(
      sql`select id from invoices where contract_id = ${c.id} order by number limit 1`,
    );
    await expect(
      t.db.insert(installments).values({
        contractId: c.id,
        chainCode: inst!.chainCode,
        seq: 99,
        periodFrom: inst!.periodFrom,
        periodTo: inst!.periodTo,
        dueDate: inst!.dueDate,
        amount: '1.00',
        state: 'invoiced',
        invoiceId: [...other][0]!.id,
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringContaining('would be invoiced twice') } });
    // Nor by an update: an open installment of an invoiced period may exist, not be invoiced too.
    const [extra] = await t.db
      .insert(installments)
      .values({
        contractId: c.id,
        chainCode: inst!.chainCode,
        seq: 98,
        periodFrom: inst!.periodFrom,
        periodTo: inst!.periodTo,
        dueDate: inst!.dueDate,
        amount: '1.00',
      })
      .returning();
    await expect(
      t.db
        .update(installments)
        .set({ state: 'invoiced', invoiceId: [...other][0]!.id })
        .where(eq(installments.id, extra!.id)),
    ).rejects.toMatchObject({ cause: { message: expect.stringContaining('would be invoiced twice') } });
    await t.db.delete(installments).where(eq(installments.id, extra!.id));
  });

  it('invoicing an installment touches no index (a HOT update): no index reads state or invoice_id', async () => {
    // Every index of the table, its columns and predicate: a new one that reads what invoicing changes
    // would make the billing run's million updates write every index again (db/schema/ledger.ts).
    const indexes = await t.db.execute<{ name: string; def: string }>(sql`
      select c.relname as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = 'installments'::regclass`);
    expect(indexes.length).toBeGreaterThanOrEqual(4);
    for (const { name, def } of indexes)
      expect([name, /\b(state|invoice_id)\b/.test(def)]).toEqual([name, false]);
    const [table] = await t.db.execute<{ options: string[] | null }>(
      sql`select reloptions as options from pg_class where oid = 'installments'::regclass`,
    );
    expect(table!.options).toContain('fillfactor=85');
  });

  it('a paid invoice says so; a partial receipt makes it partially paid', async () => {
    const c = await approved();
    const inv = await createInvoice(t.db, a.approver, { contractId: c.id }, day);
    await pay(c.id, '100.00', { invoiceId: inv.id });
    expect((await listInvoices(t.db, a.viewer, c.id))[0]).toMatchObject({
      state: 'partially_paid',
      open: '500.00',
    });
    await pay(c.id, '500.00');
    expect((await listInvoices(t.db, a.viewer, c.id))[0]).toMatchObject({ state: 'paid', open: '0.00' });
  });
});

describe('amendments and credit notes (the probes’ figures)', () => {
  it('up: 600.00 invoiced and paid, amended to 720.00 → a credit note of 600.00, an invoice of 720.00, 120.00 due', async () => {
    const c = await approved();
    await createInvoice(t.db, a.approver, { contractId: c.id }, day);
    await pay(c.id, '600.00');
    const am = await amendIncome(c, '14400.00');
    expect(am.amountDue).toBe('120.00');
    expect(am.state).toBe(ContractState.Executable);
    expect(await netInvoicedPerPeriod(c.code)).toEqual({ '2026-01-01': '720.00' });
    expect(await invoicedAndCredited(c.code)).toEqual({ invoiced: '1320.00', credited: '600.00' });
    const notes = await listCreditNotes(t.db, a.viewer, c.id);
    expect(notes.map((x) => [x.number.slice(0, 8), x.total])).toEqual([
      [`CN-${new Date().getUTCFullYear()}-`, '600.00'],
    ]);
    const ph = (await getContract(t.db, a.viewer, c.id)).policyHolderId!;
    const st = await policyHolderStatement(t.db, a.viewer, ph, {}, later);
    expect(st.balance).toBe('120.00');
    // The superseded contract asks for nothing any more: the chain shows 120.00 outstanding, not 720 + 600.
    expect((await listPayments(t.db, a.viewer, c.id)).open).toBe('0.00');
    expect((await listPayments(t.db, a.viewer, am.id)).open).toBe('120.00');
    const res = await pay(am.id, '120.00');
    expect(res.effective).toBe(true);
  });

  it('down: 600.00 paid, amended to 480.00 → Effective at once, 120.00 credit, refunded by an approver', async () => {
    const c = await approved();
    await createInvoice(t.db, a.approver, { contractId: c.id }, day);
    await pay(c.id, '600.00');
    const am = await amendIncome(c, '9600.00');
    expect(am.amountDue).toBe('-120.00');
    expect(am.state).toBe(ContractState.Effective);
    expect(await netInvoicedPerPeriod(c.code)).toEqual({ '2026-01-01': '480.00' });
    expect(await invoicedAndCredited(c.code)).toEqual({ invoiced: '1080.00', credited: '600.00' });
    const p = await listPayments(t.db, a.viewer, am.id);
    expect(p.credit).toBe('120.00');
    const ph = am.policyHolderId!;
    expect((await policyHolderStatement(t.db, a.viewer, ph, {}, later)).balance).toBe('-120.00');
    await expect(
      refundCredit(t.db, a.viewer, { policyHolderId: ph, amount: '120.00', reason: 'x' }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      refundCredit(t.db, a.approver, { policyHolderId: ph, amount: '120.01', reason: 'too much' }),
    ).rejects.toThrow('Only 120.00 of unallocated credit can be refunded.');
    await refundCredit(
      t.db,
      a.approver,
      { policyHolderId: ph, amount: '120.00', reason: 'Amendment down' },
      day,
    );
    expect((await policyHolderStatement(t.db, a.viewer, ph, {}, later)).balance).toBe('0.00');
  });

  it('the credit of a downward amendment pays the policy holder’s next installments by itself', async () => {
    const c = await approved();
    await pay(c.id, '600.00');
    const am = await amendIncome(c, '9600.00');
    const ph = am.policyHolderId!;
    // A second contract of the same policy holder: the 120.00 credit pays part of it at approval.
    const [ins] = await t.db.select().from(contracts).where(eq(contracts.id, c.id));
    const other = await createContract(t.db, a.editor, {
      code: code(),
      policyHolderId: ph,
      dateValidFrom: '2027-01-01',
      dateValidTo: '2027-12-31',
    });
    expect(ins).toBeTruthy();
    await submitContract(t.db, a.editor, { id: other.id });
    await approveContract(t.db, a.approver, { id: other.id }, day);
    const p = await listPayments(t.db, a.viewer, other.id);
    expect([p.paid, p.open, p.credit]).toEqual(['120.00', '480.00', '0.00']);
  });

  it('an unpaid original’s request does not stay open beside its amendment (500.00, not 1000.00)', async () => {
    const c = await approved(['10000.00']);
    const am = await amendIncome(c, '10000.00');
    const ph = am.policyHolderId!;
    expect((await listPayments(t.db, a.viewer, c.id)).open).toBe('0.00');
    expect((await listPayments(t.db, a.viewer, am.id)).open).toBe('500.00');
    const [row] = await t.db.execute<{ open: string }>(
      sql`select sum(amount - allocated)::text as open from installments where policy_holder_id = ${ph} and state in ('open', 'invoiced')`,
    );
    expect(row!.open).toBe('500.00');
  });
});

describe('receipts', () => {
  it('refuses receipts where nothing is payable (Addendum, paid, Terminated and settled) unless an advance', async () => {
    const c = await approved();
    await pay(c.id, '600.00');
    await expect(pay(c.id, '1.00')).rejects.toThrow(InvalidStateError);
    const adv = await pay(c.id, '50.00', { advance: true });
    expect([adv.allocated, adv.unallocated, adv.overpayment]).toEqual(['0.00', '50.00', false]);
    const am = await amendIncome(c, '12000.00');
    expect(am.state).toBe(ContractState.Effective);
    expect((await getContract(t.db, a.viewer, c.id)).state).toBe(ContractState.Addendum);
    await expect(pay(c.id, '1.00')).rejects.toThrow(InvalidStateError);
    await terminateContract(t.db, a.approver, { id: am.id, comment: 'Closed' }, '2026-12-31');
    await expect(pay(am.id, '1.00')).rejects.toThrow(InvalidStateError);
  });

  it('an overpayment (99,999.00 on 266.02) pays the contract and keeps the rest as credit, said in the answer', async () => {
    const c = await approved(['5320.40']);
    expect(c.amountDue).toBe('266.02');
    const res = await pay(c.id, '99999.00');
    expect(res).toMatchObject({
      allocated: '266.02',
      unallocated: '99732.98',
      overpayment: true,
      open: '0.00',
      effective: true,
    });
    const st = await policyHolderStatement(t.db, a.viewer, c.policyHolderId!, {}, later);
    expect([st.balance, st.unallocatedCredit]).toEqual(['-99999.00', '99732.98']);
  });

  it('bounds amounts and dates', async () => {
    const c = await approved();
    for (const bad of [
      { amount: '1000000000.00' },
      { amount: '0' },
      { amount: '-5' },
      { amount: '1.001' },
      { receivedAt: '2999-01-01' },
      { receivedAt: '2026-02-30' },
    ]) {
      await expect(pay(c.id, '10.00', bad)).rejects.toThrow(ValidationError);
    }
  });

  it('a reversal by an approver undoes the allocations: the contract is Executable again, its cover withdrawn', async () => {
    const c = await approved();
    const res = await pay(c.id, '600.00');
    expect(res.effective).toBe(true);
    const covered = async () =>
      (
        await t.db
          .select()
          .from(insureePolicies)
          .where(and(eq(insureePolicies.contractId, c.id), eq(insureePolicies.isDeleted, false)))
      ).length;
    expect(await covered()).toBe(1);
    await expect(
      reverseReceipt(t.db, a.viewer, { receiptId: res.receiptId, reason: 'Bounced' }),
    ).rejects.toThrow(ForbiddenError);
    await expect(reverseReceipt(t.db, a.approver, { receiptId: res.receiptId, reason: '' })).rejects.toThrow(
      ValidationError,
    );
    const rev = await reverseReceipt(t.db, a.approver, { receiptId: res.receiptId, reason: 'Bounced' });
    expect(rev.unpaidContractIds).toEqual([c.id]);
    expect((await getContract(t.db, a.viewer, c.id)).state).toBe(ContractState.Executable);
    expect(await covered()).toBe(0);
    const p = await listPayments(t.db, a.viewer, c.id);
    expect([p.open, p.receipts[0]!.reversed]).toEqual(['600.00', true]);
    await expect(
      reverseReceipt(t.db, a.approver, { receiptId: res.receiptId, reason: 'Again' }),
    ).rejects.toThrow('This receipt has already been reversed.');
    // Paid again: Effective again, covered again.
    expect((await pay(c.id, '600.00')).effective).toBe(true);
    expect(await covered()).toBe(1);
  });

  it('a policy holder’s receipt pays its open installments oldest first', async () => {
    const ph = await makeEmployer(t.db, scheme.bundleId, ['12000.00']);
    const mk = async (from: string, to: string) => {
      const c = await createContract(t.db, a.editor, {
        code: code(),
        policyHolderId: ph.id,
        dateValidFrom: from,
        dateValidTo: to,
      });
      await submitContract(t.db, a.editor, { id: c.id });
      return approveContract(t.db, a.approver, { id: c.id }, day);
    };
    const first = await mk('2026-01-01', '2026-12-31');
    const second = await mk('2027-01-01', '2027-12-31');
    const res = await recordReceipt(
      t.db,
      a.approver,
      {
        policyHolderId: ph.id,
        amount: '700.00',
        receivedAt: '2026-01-10',
        receiptNumber: `PH-${Date.now()}`,
      },
      day,
    );
    expect(res.effectiveContractIds).toEqual([first.id]);
    expect((await listPayments(t.db, a.viewer, second.id)).paid).toBe('100.00');
  });
});

describe('0.00 due', () => {
  it('a 0.00 contract becomes Effective at approval, its persons covered', async () => {
    const s = await makeScheme(t.db, { rate: '0' });
    const c = await approved(['12000.00'], {}, s);
    expect(c.amountDue).toBe('0.00');
    expect(c.state).toBe(ContractState.Effective);
    const covered = await t.db.select().from(insureePolicies).where(eq(insureePolicies.contractId, c.id));
    expect(covered).toHaveLength(1);
  });

  it('a payer holding money pays the new contract at approval, one by one and in bulk: Effective at once', async () => {
    for (const bulk of [false, true]) {
      const ph = await makeEmployer(t.db, scheme.bundleId, ['12000.00']);
      await recordReceipt(
        t.db,
        a.approver,
        {
          policyHolderId: ph.id,
          amount: '700.00',
          receivedAt: '2026-01-01',
          receiptNumber: `ADV-${bulk}-${Date.now()}`,
          advance: true,
        },
        day,
      );
      const c = await createContract(t.db, a.editor, { code: code(), policyHolderId: ph.id, ...year });
      await submitContract(t.db, a.editor, { id: c.id });
      if (bulk)
        expect((await bulkContracts(t.db, a.approver, 'approve', { ids: [c.id] })).succeeded).toEqual([c.id]);
      else await approveContract(t.db, a.approver, { id: c.id }, day);
      const after = await getContract(t.db, a.viewer, c.id);
      expect([after.state, (await listPayments(t.db, a.viewer, c.id)).paid], `bulk: ${bulk}`).toEqual([
        ContractState.Effective,
        '600.00',
      ]);
    }
  });

  it('an unchanged amendment of a paid contract is Effective at once', async () => {
    const c = await approved();
    await pay(c.id, '600.00');
    const am = await amendIncome(c, '12000.00');
    expect([am.amountDue, am.state]).toEqual(['0.00', ContractState.Effective]);
  });
});

describe('termination', () => {
  it('a paid year ended on 30 June: the second half is credited and stays as credit', async () => {
    const c = await approved();
    await createInvoice(t.db, a.approver, { contractId: c.id }, day);
    await pay(c.id, '600.00');
    await terminateContract(
      t.db,
      a.approver,
      { id: c.id, comment: 'Closed', dateTerminated: '2026-06-30' },
      '2026-06-01',
    );
    const p = await listPayments(t.db, a.viewer, c.id);
    // 181 days of 365: 297.53 kept.
    expect([p.total, p.paid, p.credit]).toEqual(['297.53', '297.53', '302.47']);
    expect(await netInvoicedPerPeriod(c.code)).toEqual({ '2026-01-01': '297.53' });
  });
});

describe('statement, aging and journal', () => {
  it('aging puts an invoice unpaid 45 days past due in 31–60', async () => {
    const c = await approved();
    const inv = await createInvoice(t.db, a.approver, { contractId: c.id }, day);
    const [row] = await t.db.select().from(policyHolders).where(eq(policyHolders.id, c.policyHolderId!));
    const later = new Date(`${inv.dueDate}T00:00:00Z`);
    later.setUTCDate(later.getUTCDate() + 45);
    const st = await policyHolderStatement(t.db, a.viewer, row!.id, {}, later);
    expect(st.aging).toEqual({
      current: '0.00',
      d1_30: '0.00',
      d31_60: '600.00',
      d61_90: '0.00',
      over90: '0.00',
    });
    expect(st.lines.map((l) => [l.kind, l.debit, l.balance])).toEqual([['invoice', '600.00', '600.00']]);
  });

  it('the journal balances and its receivable net of customer credit equals the policy holders’ balances', async () => {
    const bal = await journalBalances(t.db);
    const total = Object.values(bal).reduce((s, v) => s.plus(v), money(0));
    expect(total.toFixed(2)).toBe('0.00');
    const [sum] = await t.db.execute<{ balance: string }>(sql`
      select (coalesce((select sum(total) from invoices where state is not null), 0)
        - coalesce((select sum(total) from credit_notes), 0)
        - coalesce((select sum(amount) from receipts where reversed_at is null), 0)
        + coalesce((select sum(amount) from refunds), 0))::text as balance`);
    expect(
      money(bal['411000'] ?? 0)
        .plus(bal['419000'] ?? 0)
        .toFixed(2),
    ).toBe(money(sum!.balance).toFixed(2));
    const csv = await exportJournal(t.db, a.approver, { from: '2020-01-01', to: '2030-12-31' });
    expect(csv.csv.split('\r\n')[0]).toContain('entry_id,date,document_type');
    expect(csv.lines).toBeGreaterThan(10);
    await expect(exportJournal(t.db, a.viewer, { from: '2026-01-01', to: '2026-12-31' })).rejects.toThrow(
      ForbiddenError,
    );
  });
});

describe('scope', () => {
  it('a portal user reads its own policy holder’s statement, never another’s, and records no receipt', async () => {
    const own = await approved();
    const other = await approved();
    const { portal } = await makeActors(t.db, ['portal'] as const, { policyHolderId: own.policyHolderId! });
    expect((await policyHolderStatement(t.db, portal, own.policyHolderId!, {}, later)).policyHolder.id).toBe(
      own.policyHolderId,
    );
    await expect(policyHolderStatement(t.db, portal, other.policyHolderId!, {}, later)).rejects.toThrow(
      'Policy holder not found.',
    );
    await expect(
      recordReceipt(t.db, portal, {
        policyHolderId: own.policyHolderId!,
        amount: '1.00',
        receivedAt: '2026-01-10',
        receiptNumber: `P-${Date.now()}`,
      }),
    ).rejects.toThrow(ForbiddenError);
  });
});

describe('data recorded before the ledger', () => {
  it('is carried over: one installment per approved contract, old receipts allocated to it in date order', async () => {
    const c = await approved(['12000.00']);
    // As an approval before the ledger left it: a payment request and two receipts, no installment.
    await t.db.execute(
      sql`delete from installment_lines where installment_id in (select id from installments where contract_id = ${c.id})`,
    );
    await t.db.execute(sql`delete from installments where contract_id = ${c.id}`);
    await t.db.execute(sql`
      with p as (insert into payments (contract_id, expected_amount, received_amount, request_date, status)
        values (${c.id}, 600, 700, '2026-01-02', 'paid') returning id)
      insert into payment_receipts (payment_id, amount, received_at, receipt_number)
      select id, 450, '2026-01-05'::date, ${`OLD-${c.id}-1`} from p union all select id, 250, '2026-01-06'::date, ${`OLD-${c.id}-2`} from p`);
    const [row] = [...(await t.db.execute<{ n: number }>(sql`select pactum_backfill_ledger() as n`))];
    expect(row?.n).toBeGreaterThanOrEqual(1);
    const p = await listPayments(t.db, a.viewer, c.id);
    expect(p.installments.map((i) => [i.amount, i.allocated, i.state])).toEqual([
      ['600.00', '600.00', 'open'],
    ]);
    expect(p.receipts.map((r) => [r.amount, r.allocated, r.unallocated])).toEqual([
      ['450.00', '450.00', '0.00'],
      ['250.00', '150.00', '100.00'],
    ]);
    // Running it again changes nothing.
    await t.db.execute(sql`select pactum_backfill_ledger()`);
    expect((await listPayments(t.db, a.viewer, c.id)).receipts).toHaveLength(2);
  });

  it('keeps the journal append-only', async () => {
    const why = (e: unknown) => String((e as { cause?: Error }).cause?.message ?? e);
    expect(why(await t.db.execute(sql`update journal_lines set label = 'x'`).catch((e) => e))).toMatch(
      /append-only/,
    );
    expect(why(await t.db.execute(sql`delete from journal_lines`).catch((e) => e))).toMatch(/append-only/);
  });
});

import { and, eq, max, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contractDetails,
  contracts,
  insureePolicies,
  notificationEvents,
  policies,
  products,
} from '@/db/schema';
import {
  declareInsuree,
  makeActors,
  makeBundle,
  makeEmployer,
  makeFamily,
  makePlan,
  makeProduct,
  makeScheme,
} from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { createInvoice } from '../billing/invoices';
import { listPayments, recordPayment } from '../billing/receipts';
import { addDays, nextPeriod, todayIso, wholeMonths } from '../dates';
import {
  ConflictError,
  ForbiddenError,
  InvalidRequestError,
  InvalidStateError,
  ValidationError,
} from '../errors';
import { runDailyJobs } from '../jobs/daily';
import { renderMail } from '../notifications/templates';
import { type ContractDto, createContract, deleteContract, getContract, updateContract } from './contracts';
import { addContractDetail, listContractDetails, updateContractDetail } from './details';
import {
  amendContract,
  approveContract,
  renewContract,
  setAutoRenew,
  submitContract,
  terminateContract,
} from './transitions';

/*
 * Issue 11: who may change what, amendments, renewals (UC3-14) and manual termination. Every employer
 * here is new (5 people at 500.00 income, 5 % a year: 125.00 for a year), so no two tests share people.
 */
let t: TestDb;
let a: Record<'editor' | 'approver' | 'viewer' | 'admin', Actor>;
let scheme: Awaited<ReturnType<typeof makeScheme>>;
let n = 0;
const code = () => `H6-${++n}-${Date.now() % 100000}`;
const year = { dateValidFrom: '2026-01-01', dateValidTo: '2026-12-31' };

beforeAll(async () => {
  t = await createTestDb();
  scheme = await makeScheme(t.db);
  a = await makeActors(t.db, ['editor', 'approver', 'viewer', 'admin'] as const);
});
afterAll(() => t.close());

async function employer() {
  return makeEmployer(t.db, scheme.bundleId, ['500.00', '500.00', '500.00', '500.00', '500.00']);
}

async function draft(over: Record<string, unknown> = {}) {
  const ph = await employer();
  return createContract(t.db, a.editor, { code: code(), policyHolderId: ph.id, ...year, ...over });
}

async function approved(over: Record<string, unknown> = {}, now = new Date('2026-01-02T00:00:00Z')) {
  const c = await submitContract(t.db, a.editor, { id: (await draft(over)).id });
  return approveContract(t.db, a.approver, { id: c.id }, now);
}

async function paid(over: Record<string, unknown> = {}) {
  const c = await approved(over);
  await recordPayment(t.db, a.approver, {
    contractId: c.id,
    amount: c.amountDue!,
    receivedAt: c.dateValidFrom,
    receiptNumber: `R-${c.id}`,
  });
  return getContract(t.db, a.viewer, c.id);
}

const stateOf = async (id: string) => (await getContract(t.db, a.viewer, id)).state;

async function coverEnd(contractId: string) {
  const [row] = await t.db
    .select({ end: max(insureePolicies.expiryDate) })
    .from(insureePolicies)
    .where(and(eq(insureePolicies.contractId, contractId), eq(insureePolicies.isDeleted, false)));
  return row?.end ?? null;
}

async function amendAndApprove(original: ContractDto, change: (am: ContractDto) => Promise<unknown>) {
  const am = await amendContract(t.db, a.editor, { id: original.id });
  await change(am);
  const s = await submitContract(t.db, a.editor, { id: am.id });
  return approveContract(t.db, a.approver, { id: s.id });
}

describe('who may change what', () => {
  it('an approver changes a Negotiable contract’s details but not its code or validity dates', async () => {
    const c = await submitContract(t.db, a.editor, { id: (await draft()).id });
    for (const field of [
      { dateValidTo: '2026-06-30' },
      { dateValidFrom: '2026-02-01' },
      { code: `${c.code}-X` },
    ]) {
      const err = await updateContract(t.db, a.approver, { id: c.id, version: c.version, ...field }).catch(
        (e) => e,
      );
      expect(err).toBeInstanceOf(ValidationError);
      expect(Object.keys(err.fieldErrors)).toEqual(Object.keys(field));
    }
    const after = await getContract(t.db, a.viewer, c.id);
    expect(after).toMatchObject({ dateValidTo: '2026-12-31', amountRectified: '125.00' });
    const changed = await updateContract(t.db, a.approver, {
      id: c.id,
      version: c.version,
      paymentReference: 'NEW-REF',
    });
    expect(changed.paymentReference).toBe('NEW-REF');
    // Before the signature (Draft) an approver may still change the period.
    const d = await draft();
    const shorter = await updateContract(t.db, a.approver, {
      id: d.id,
      version: d.version,
      dateValidTo: '2026-06-30',
    });
    expect(shorter.dateValidTo).toBe('2026-06-30');
  });

  it('a line keeps the bundle the policy holder declared: a bundle in an edit or an add is refused', async () => {
    const c = await draft();
    const other = await makeBundle(t.db, [scheme.planId]);
    const [line] = await listContractDetails(t.db, a.editor, c.id);
    await expect(updateContractDetail(t.db, a.editor, { id: line!.id, bundleId: other.id })).rejects.toThrow(
      InvalidRequestError,
    );
    await updateContractDetail(t.db, a.editor, { id: line!.id, calculationParams: { income: '600.00' } });
    const [after] = (await listContractDetails(t.db, a.editor, c.id)).filter((d) => d.id === line!.id);
    expect(after).toMatchObject({ bundleId: scheme.bundleId, calculationParams: { income: '600.00' } });

    // An added line takes the declared bundle; the API's bundle override is gone.
    const ph = (await getContract(t.db, a.viewer, c.id)).policyHolderId!;
    const { members } = await makeFamily(t.db, [{ firstName: 'New', lastName: 'Hire' }]);
    await declareInsuree(t.db, ph, members[0]!.id, scheme.bundleId);
    await expect(
      addContractDetail(t.db, a.editor, { contractId: c.id, insureeId: members[0]!.id, bundleId: other.id }),
    ).rejects.toThrow(InvalidRequestError);
    await addContractDetail(t.db, a.editor, { contractId: c.id, insureeId: members[0]!.id });
    const added = (await listContractDetails(t.db, a.editor, c.id)).find(
      (d) => d.insureeId === members[0]!.id,
    );
    expect(added?.bundleId).toBe(scheme.bundleId);
  });

  it('an added line’s declared bundle must still be allowed for the policy holder', async () => {
    const c = await draft();
    const ph = (await getContract(t.db, a.viewer, c.id)).policyHolderId!;
    const notAllowed = await makeBundle(t.db, [scheme.planId]);
    const { members } = await makeFamily(t.db, [{ firstName: 'Odd', lastName: 'Bundle' }]);
    await declareInsuree(t.db, ph, members[0]!.id, notAllowed.id);
    await expect(
      addContractDetail(t.db, a.editor, { contractId: c.id, insureeId: members[0]!.id }),
    ).rejects.toThrow(ValidationError);
  });
});

describe('amendments', () => {
  it('leave the original in force until approved; a deleted draft leaves it as it was', async () => {
    const c = await paid();
    expect(c.state).toBe(7);
    const am = await amendContract(t.db, a.editor, { id: c.id });
    expect(await stateOf(c.id)).toBe(7);
    // One open amendment at a time, with a clear message.
    await expect(amendContract(t.db, a.editor, { id: c.id })).rejects.toThrow(ConflictError);
    await expect(amendContract(t.db, a.editor, { id: c.id })).rejects.toThrow('amendment in progress');

    await deleteContract(t.db, a.editor, { id: am.id });
    expect(await stateOf(c.id)).toBe(7);
    // Still amendable, renewable, invoiceable and terminable.
    const again = await amendContract(t.db, a.editor, { id: c.id });
    expect(again.amendment).toBe(1);
    await deleteContract(t.db, a.editor, { id: again.id });
    const invoice = await createInvoice(t.db, a.approver, { contractId: c.id });
    expect(invoice.total).toBe('125.00');
    const renewal = await renewContract(t.db, a.editor, { id: c.id });
    expect(renewal.dateValidFrom).toBe('2027-01-01');
    const ended = await terminateContract(
      t.db,
      a.approver,
      { id: c.id, comment: 'Closing', dateTerminated: '2026-12-31' },
      '2026-06-01',
    );
    expect(ended.state).toBe(10);
  });

  it('one open amendment per contract is enforced by the database too', async () => {
    const c = await paid();
    const am = await amendContract(t.db, a.editor, { id: c.id });
    const [row] = await t.db.select().from(contracts).where(eq(contracts.id, am.id));
    const { id: _id, amount: _amount, ...copy } = row!;
    const err = await t.db
      .insert(contracts)
      .values({ ...copy, amendment: 2 })
      .catch((e) => e);
    expect(String(err?.cause?.message ?? err?.message)).toContain('contracts_open_amendment_uq');
  });

  it('become Addendum when the amendment is approved; amounts are net of what the chain received, gross beside', async () => {
    const c = await paid();
    const am = await amendContract(t.db, a.editor, { id: c.id });
    expect(am).toMatchObject({ amountNotified: '0.00', amountGross: '125.00', amount: '0.00' });
    for (const d of await listContractDetails(t.db, a.editor, am.id)) {
      await updateContractDetail(t.db, a.editor, { id: d.id, calculationParams: { income: '600.00' } });
    }
    let cur = await getContract(t.db, a.editor, am.id);
    expect(cur).toMatchObject({ amountNotified: '25.00', amountGross: '150.00' });
    cur = await submitContract(t.db, a.editor, { id: am.id });
    expect(cur).toMatchObject({ amountRectified: '25.00', amountGross: '150.00' });
    expect(await stateOf(c.id)).toBe(7);
    cur = await approveContract(t.db, a.approver, { id: am.id });
    expect(cur).toMatchObject({
      state: 5,
      amountRectified: '25.00',
      amountDue: '25.00',
      amountGross: '150.00',
    });
    expect(await stateOf(c.id)).toBe(6);
  });

  it('a shortened amendment ends the original’s cover at the new end date, with a credit and a mail that asks for nothing', async () => {
    const c = await paid();
    expect(await coverEnd(c.id)).toBe('2026-12-31');
    const am = await amendAndApprove(c, async (d) => {
      await updateContract(t.db, a.approver, { id: d.id, version: d.version, dateValidTo: '2026-06-29' });
    });
    // 180 of 365 days: 12.33 a person, 61.65; 125.00 was received: 63.35 back.
    expect(am).toMatchObject({ state: 7, amountGross: '61.65', amountDue: '-63.35' });
    expect(await stateOf(c.id)).toBe(6);
    expect(await coverEnd(c.id)).toBe('2026-06-29');
    expect(await coverEnd(am.id)).toBe('2026-06-29');
    const usedPolicies = await t.db.execute<{ expiry: string }>(sql`
      select distinct p.expiry_date::text as expiry from policies p
      join contract_contribution_details l on l.policy_id = p.id where l.contract_id = ${c.id}`);
    expect([...usedPolicies].map((r) => r.expiry)).toEqual(['2026-06-29']);
    // What the original received beyond the amendment's value stays as the payer's credit.
    expect((await listPayments(t.db, a.viewer, am.id)).credit).toBe('63.35');
    const [mail] = await t.db
      .select()
      .from(notificationEvents)
      .where(
        and(eq(notificationEvents.contractId, am.id), eq(notificationEvents.event, 'contract.approved')),
      );
    expect(mail!.body).not.toMatch(/please|payment is received/i);
    expect(mail!.body).toContain('credit of 63.35\u00a0EUR');
    expect(mail!.subject).toContain('credit');
  });

  it('an unchanged amendment (0.00 due) is approved without asking for a payment', async () => {
    const c = await paid();
    const am = await amendAndApprove(c, async () => {});
    expect(am).toMatchObject({ state: 7, amountDue: '0.00', amountGross: '125.00' });
    const [mail] = await t.db
      .select()
      .from(notificationEvents)
      .where(
        and(eq(notificationEvents.contractId, am.id), eq(notificationEvents.event, 'contract.approved')),
      );
    expect(mail!.subject).toContain('nothing to pay');
    expect(mail!.body).not.toMatch(/please|payment is received/i);
  });

  it('a lengthened amendment extends the cover once paid', async () => {
    const c = await paid();
    const am = await amendAndApprove(c, async (d) => {
      await updateContract(t.db, a.approver, { id: d.id, version: d.version, dateValidTo: '2027-06-30' });
    });
    expect(am.state).toBe(5);
    expect(Number(am.amountDue)).toBeGreaterThan(0);
    expect(await coverEnd(am.id)).toBeNull();
    expect(await coverEnd(c.id)).toBe('2026-12-31');
    const [mail] = await t.db
      .select()
      .from(notificationEvents)
      .where(
        and(eq(notificationEvents.contractId, am.id), eq(notificationEvents.event, 'contract.approved')),
      );
    expect(mail!.body).toContain(`Amount due: ${am.amountDue}\u00a0EUR`);
    await recordPayment(t.db, a.approver, {
      contractId: am.id,
      amount: am.amountDue!,
      receivedAt: '2026-03-01',
      receiptNumber: `R-${am.id}`,
    });
    expect(await stateOf(am.id)).toBe(7);
    expect(await coverEnd(am.id)).toBe('2027-06-30');
  });

  it('an amendment of a contract terminated meanwhile cannot be approved', async () => {
    const c = await paid();
    const am = await amendContract(t.db, a.editor, { id: c.id });
    const s = await submitContract(t.db, a.editor, { id: am.id });
    await terminateContract(
      t.db,
      a.approver,
      { id: c.id, comment: 'Gone', dateTerminated: '2026-12-31' },
      '2026-02-01',
    );
    await expect(approveContract(t.db, a.approver, { id: s.id })).rejects.toThrow(InvalidStateError);
  });
});

describe('currency', () => {
  it('one configured currency (PACTUM_CURRENCY, default EUR) on the contract and in the mails', async () => {
    const c = await draft();
    expect(c.currency).toBe('EUR');
    process.env.PACTUM_CURRENCY = 'chf';
    try {
      expect((await getContract(t.db, a.viewer, c.id)).currency).toBe('CHF');
      const mail = renderMail('contract.approved', 'fr', {
        recipientName: 'X',
        contractCode: 'C',
        amendment: 0,
        policyHolderName: 'P',
        amountDue: '1263.50',
        datePaymentDue: '2026-02-01',
      });
      expect(mail.body).toContain('Montant dû : 1\u202f263,50\u00a0CHF');
      expect(mail.body).toContain('La couverture commence à réception du paiement.');
    } finally {
      delete process.env.PACTUM_CURRENCY;
    }
  });
});

describe('renewals', () => {
  it('at most one live renewal per contract, in code and in the database; a terminated contract is not renewed', async () => {
    const c = await paid();
    const results = await Promise.allSettled([
      renewContract(t.db, a.editor, { id: c.id }),
      renewContract(t.db, a.admin, { id: c.id }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const err = await renewContract(t.db, a.editor, { id: c.id }).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toBe('This contract has already been renewed.');
    const [renewal] = await t.db
      .select()
      .from(contracts)
      .where(and(eq(contracts.parentId, c.id), eq(contracts.amendment, 0)));
    const { id: _id, amount: _amount, ...copy } = renewal!;
    const dbErr = await t.db
      .insert(contracts)
      .values({ ...copy, code: `${c.code}-RX` })
      .catch((e) => e);
    expect(String(dbErr?.cause?.message ?? dbErr?.message)).toContain('contracts_renewal_uq');

    const other = await paid();
    await terminateContract(
      t.db,
      a.approver,
      { id: other.id, comment: 'End', dateTerminated: '2026-12-31' },
      '2026-03-01',
    );
    await expect(renewContract(t.db, a.editor, { id: other.id })).rejects.toThrow(InvalidStateError);
  });

  it('an approved amendment is renewed once for its whole chain', async () => {
    const c = await paid();
    const am = await amendAndApprove(c, async () => {});
    const r = await renewContract(t.db, a.editor, { id: am.id });
    expect(r).toMatchObject({ parentId: c.id, dateValidFrom: '2027-01-01', dateValidTo: '2027-12-31' });
  });

  it('whole-month periods renew in whole months, month ends included; other periods by days', async () => {
    expect(wholeMonths('2028-02-29', '2029-02-28')).toBe(12);
    expect(nextPeriod('2028-02-29', '2029-02-28')).toEqual({ from: '2029-03-01', to: '2030-02-28' });
    expect(nextPeriod('2026-01-01', '2026-01-20')).toEqual({ from: '2026-01-21', to: '2026-02-09' });
    const leap = await approved({ dateValidFrom: '2028-02-29', dateValidTo: '2029-02-28' });
    const r = await renewContract(t.db, a.editor, { id: leap.id });
    expect(r).toMatchObject({ dateValidFrom: '2029-03-01', dateValidTo: '2030-02-28' });
    const short = await approved({ dateValidFrom: '2026-01-01', dateValidTo: '2026-01-20' });
    expect(await renewContract(t.db, a.editor, { id: short.id })).toMatchObject({
      dateValidFrom: '2026-01-21',
      dateValidTo: '2026-02-09',
    });
  });
});

describe('automatic renewal (UC3-14)', () => {
  it('staff mark a contract auto-renew; the daily job renews it once, with the current insurees', async () => {
    const c = await paid();
    await expect(setAutoRenew(t.db, a.viewer, { id: c.id, autoRenew: true })).rejects.toThrow(ForbiddenError);
    const marked = await setAutoRenew(t.db, a.editor, { id: c.id, version: c.version, autoRenew: true });
    expect(marked.autoRenew).toBe(true);
    const ph = marked.policyHolderId!;
    const { members } = await makeFamily(t.db, [{ firstName: 'Later', lastName: 'Hire' }]);
    await declareInsuree(t.db, ph, members[0]!.id, scheme.bundleId, { dateValidFrom: '2026-11-01' });

    // 40 days before the end: outside the default 30 days.
    const early = await runDailyJobs(t.db, '2026-11-21');
    expect(early.renewed).toBe(0);
    const first = await runDailyJobs(t.db, '2026-12-10');
    expect(first.renewed).toBe(1);
    expect(first.renewalsFailed).toEqual([]);
    const second = await runDailyJobs(t.db, '2026-12-11');
    expect(second.renewed).toBe(0);
    const renewals = await t.db.select().from(contracts).where(eq(contracts.parentId, c.id));
    expect(renewals).toHaveLength(1);
    expect(renewals[0]).toMatchObject({
      state: 2,
      dateValidFrom: '2027-01-01',
      dateValidTo: '2027-12-31',
      autoRenew: true,
      amountNotified: '150.00',
    });
    const lines = await t.db
      .select()
      .from(contractDetails)
      .where(eq(contractDetails.contractId, renewals[0]!.id));
    expect(lines).toHaveLength(6);
  });

  it('starts Negotiable when the product says so; the window is PACTUM_RENEW_DAYS_BEFORE', async () => {
    const product = await makeProduct(t.db, { renewAsNegotiable: true });
    const plan = await makePlan(t.db, product.id);
    const bundle = await makeBundle(t.db, [plan.id]);
    const ph = await makeEmployer(t.db, bundle.id, ['500.00', '500.00']);
    let c = await createContract(t.db, a.editor, { code: code(), policyHolderId: ph.id, ...year });
    c = await submitContract(t.db, a.editor, { id: c.id });
    c = await approveContract(t.db, a.approver, { id: c.id });
    await setAutoRenew(t.db, a.editor, { id: c.id, autoRenew: true });
    process.env.PACTUM_RENEW_DAYS_BEFORE = '60';
    try {
      expect((await runDailyJobs(t.db, '2026-11-10')).renewed).toBe(1);
    } finally {
      delete process.env.PACTUM_RENEW_DAYS_BEFORE;
    }
    const [r] = await t.db.select().from(contracts).where(eq(contracts.parentId, c.id));
    expect(r).toMatchObject({ state: 4, amountRectified: '50.00', amountNotified: '50.00' });
    await t.db.update(products).set({ renewAsNegotiable: false }).where(eq(products.id, product.id));
  });

  it('does not renew a terminated contract, and refuses auto-renew on one', async () => {
    const c = await paid();
    await setAutoRenew(t.db, a.editor, { id: c.id, autoRenew: true });
    await terminateContract(
      t.db,
      a.approver,
      { id: c.id, comment: 'Left', dateTerminated: '2026-12-20' },
      '2026-12-01',
    );
    expect((await runDailyJobs(t.db, '2026-12-15')).renewed).toBe(0);
    await expect(setAutoRenew(t.db, a.editor, { id: c.id, autoRenew: false })).rejects.toThrow(
      InvalidStateError,
    );
    expect(await t.db.select().from(contracts).where(eq(contracts.parentId, c.id))).toHaveLength(0);
  });
});

describe('manual termination', () => {
  it('takes an effective date: cover ends then, and what was paid for the days after comes back as a credit', async () => {
    const c = await paid();
    const err = await terminateContract(
      t.db,
      a.approver,
      { id: c.id, comment: 'Closing', dateTerminated: '2026-02-28' },
      '2026-03-01',
    ).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fieldErrors.dateTerminated).toBeDefined();
    await expect(
      terminateContract(
        t.db,
        a.approver,
        { id: c.id, comment: 'x', dateTerminated: '2027-01-01' },
        '2026-03-01',
      ),
    ).rejects.toThrow(ValidationError);

    const ended = await terminateContract(
      t.db,
      a.approver,
      { id: c.id, comment: 'Closing', dateTerminated: '2026-06-30' },
      '2026-03-01',
    );
    expect(ended).toMatchObject({ state: 10, dateTerminated: '2026-06-30', stateReason: 'Closing' });
    expect(await coverEnd(c.id)).toBe('2026-06-30');
    const [p] = await t.db
      .select({ expiry: max(policies.expiryDate) })
      .from(policies)
      .innerJoin(insureePolicies, eq(insureePolicies.policyId, policies.id))
      .where(eq(insureePolicies.contractId, c.id));
    expect(p?.expiry).toBe('2026-06-30');
    // 5 × 25.00 × 181/365 = 5 × 12.40 kept; 125.00 received: 63.00 back, as the payer's credit.
    const money = await listPayments(t.db, a.viewer, c.id);
    expect([money.total, money.paid, money.credit]).toEqual(['62.00', '62.00', '63.00']);
    const [mail] = await t.db
      .select()
      .from(notificationEvents)
      .where(
        and(eq(notificationEvents.contractId, c.id), eq(notificationEvents.event, 'contract.terminated')),
      );
    expect(mail!.body).toContain('The cover ends on 2026-06-30');
    expect(mail!.body).toContain('63.00\u00a0EUR');
  });

  it('ends today when no date is given', async () => {
    const today = todayIso();
    const c = await approved({ dateValidFrom: today, dateValidTo: addDays(today, 99) });
    const ended = await terminateContract(t.db, a.approver, { id: c.id, comment: 'Stop' });
    expect(ended).toMatchObject({ state: 10, dateTerminated: today });
    // A contract whose period is already over ends at its own end, not after it.
    const over = await approved({ dateValidFrom: '2026-01-01', dateValidTo: '2026-01-20' });
    const closed = await terminateContract(t.db, a.approver, { id: over.id, comment: 'Late' }, '2026-03-01');
    expect(closed.dateTerminated).toBe('2026-01-20');
  });

  it('an unpaid contract: the open request shrinks to the kept value, no credit', async () => {
    const c = await approved();
    await terminateContract(
      t.db,
      a.approver,
      { id: c.id, comment: 'Stop', dateTerminated: '2026-06-30' },
      '2026-01-15',
    );
    const money = await listPayments(t.db, a.viewer, c.id);
    expect([money.open, money.credit]).toEqual(['62.00', '0.00']);
    expect(money.installments.filter((i) => i.state === 'open').map((i) => i.amount)).toEqual(['62.00']);
  });
});

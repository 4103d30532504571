import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  auditLog,
  contractContributionDetails,
  contractDetails,
  contracts,
  installments,
  insureePolicies,
  notificationEvents,
  policies,
} from '@/db/schema';
import {
  allowBundle,
  declareInsuree,
  linkPortalUser,
  makeBundle,
  makeFamily,
  makePlan,
  makePolicyHolder,
  makeProduct,
  makeUser,
} from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { type Actor, loadActor, systemActor } from '../auth/actor';
import { STAFF_PERMISSIONS } from '../auth/permissions';
import { createInvoice } from '../billing/invoices';
import { recordPayment } from '../billing/receipts';
import {
  ConflictError,
  ForbiddenError,
  InvalidRequestError,
  InvalidStateError,
  NotFoundError,
  ValidationError,
} from '../errors';
import { createContract, getContract, updateContract } from './contracts';
import { addContractDetail, listContractDetails, updateContractDetail } from './details';
import {
  amendContract,
  approveContract,
  counterContract,
  renewContract,
  submitContract,
  terminateExpiredContracts,
} from './transitions';

let t: TestDb;
const a = {} as Record<'admin' | 'editor' | 'approver' | 'viewer' | 'portal' | 'otherPortal', Actor>;
let phId: string;
let otherPhId: string;
let bundleId: string;
let strangerId: string;
let n = 0;
const code = () => `C-${++n}-${Date.now() % 100000}`;

beforeAll(async () => {
  t = await createTestDb();
  const product = await makeProduct(t.db, { insurancePeriodMonths: 12 });
  const plan = await makePlan(t.db, product.id, {
    params: { rate: '5', includeFamily: false },
    periodicityMonths: 12,
  });
  bundleId = (await makeBundle(t.db, [plan.id])).id;
  phId = (await makePolicyHolder(t.db)).id;
  otherPhId = (await makePolicyHolder(t.db)).id;
  await allowBundle(t.db, phId, bundleId);
  await allowBundle(t.db, otherPhId, bundleId);
  for (let i = 0; i < 5; i++) {
    const { members } = await makeFamily(t.db, [
      { firstName: `E${i}`, lastName: 'Worker' },
      { firstName: 'Kid', lastName: 'Worker' },
    ]);
    await declareInsuree(t.db, phId, members[0]!.id, bundleId, { calculationParams: { income: '500.00' } });
  }
  const { members } = await makeFamily(t.db, [{ firstName: 'Other', lastName: 'Stranger' }]);
  strangerId = members[0]!.id;
  await declareInsuree(t.db, otherPhId, strangerId, bundleId);
  for (const role of ['admin', 'editor', 'approver', 'viewer', 'portal'] as const) {
    const u = await makeUser(t.db, role);
    if (role === 'portal') await linkPortalUser(t.db, u.id, phId);
    a[role] = (await loadActor(t.db, u.id))!;
  }
  const other = await makeUser(t.db, 'portal');
  await linkPortalUser(t.db, other.id, otherPhId);
  a.otherPortal = (await loadActor(t.db, other.id))!;
});
afterAll(() => t.close());

/**
 * Scene setting: the tests cover the same five people for the same year again and again, which the rule
 * "one live contract per person and period" refuses; each test starts with the earlier ones retired.
 */
async function retireSignedContracts() {
  await t.db
    .update(contracts)
    .set({ state: 10, dateTerminated: sql`${contracts.dateValidFrom} - 1` })
    .where(and(eq(contracts.policyHolderId, phId), inArray(contracts.state, [4, 5, 7, 8, 9])));
}
beforeEach(retireSignedContracts);

const period12 = { dateValidFrom: '2026-01-01', dateValidTo: '2026-12-31' };
const create = (over: Record<string, unknown> = {}) =>
  createContract(t.db, a.editor, {
    code: code(),
    policyHolderId: phId,
    paymentReference: 'PAY-1',
    ...period12,
    ...over,
  });

async function countRows(
  table: typeof installments | typeof contractContributionDetails | typeof insureePolicies,
  contractId: string,
) {
  const [row] = await t.db.select({ n: count() }).from(table).where(eq(table.contractId, contractId));
  return row?.n ?? 0;
}

describe('valuation at creation', () => {
  it('imports the policy holder insurees and values 12 months at 125.00', async () => {
    const c = await create();
    expect(c).toMatchObject({
      state: 2,
      stateName: 'draft',
      amendment: 0,
      amountNotified: '125.00',
      amount: '125.00',
    });
    expect(await listContractDetails(t.db, a.viewer, c.id)).toHaveLength(5);
  });

  it('values 24 months at 250.00 and pro-rates 12 months + 31 days by days', async () => {
    expect((await create({ dateValidTo: '2027-12-31' })).amountNotified).toBe('250.00');
    expect((await create({ dateValidTo: '2027-01-31' })).amountNotified).toBe('135.60');
  });
});

describe('the acceptance journey', () => {
  it('create → submit → counter → submit → approve → partial and full payment → effective', async () => {
    let c = await create();
    c = await submitContract(t.db, a.editor, { id: c.id, version: c.version });
    expect(c).toMatchObject({ state: 4, amountRectified: '125.00' });
    c = await counterContract(t.db, a.approver, {
      id: c.id,
      version: c.version,
      comment: 'Add the new hire',
    });
    expect(c).toMatchObject({ state: 11, stateReason: 'Add the new hire' });
    c = await submitContract(t.db, a.editor, { id: c.id, version: c.version });
    c = await approveContract(
      t.db,
      a.approver,
      { id: c.id, version: c.version },
      new Date('2026-01-10T09:00:00Z'),
    );
    expect(c).toMatchObject({
      state: 5,
      amountDue: '125.00',
      amount: '125.00',
      datePaymentDue: '2026-02-09',
    });
    expect(await countRows(contractContributionDetails, c.id)).toBe(5);
    // The payment request is the installment schedule: one annual installment, to pay before cover.
    const [pay] = await t.db.select().from(installments).where(eq(installments.contractId, c.id));
    expect(await countRows(installments, c.id)).toBe(1);
    expect(pay).toMatchObject({
      amount: '125.00',
      allocated: '0.00',
      state: 'open',
      requiredBeforeEffective: true,
    });
    const events = await t.db
      .select()
      .from(notificationEvents)
      .where(eq(notificationEvents.contractId, c.id));
    expect(events.map((e) => e.event).sort()).toEqual(['contract.approved', 'contract.countered']);

    const first = await recordPayment(t.db, a.approver, {
      contractId: c.id,
      amount: '100.00',
      receivedAt: '2026-01-20',
      receiptNumber: `R-${c.id}-1`,
    });
    expect(first).toMatchObject({ allocated: '100.00', open: '25.00', effective: false });
    expect((await getContract(t.db, a.viewer, c.id)).state).toBe(5);
    await expect(
      recordPayment(t.db, a.approver, {
        contractId: c.id,
        amount: '25.00',
        receivedAt: '2026-01-21',
        receiptNumber: `R-${c.id}-1`,
      }),
    ).rejects.toThrow(ConflictError);
    const second = await recordPayment(t.db, a.approver, {
      contractId: c.id,
      amount: '25.00',
      receivedAt: '2026-01-25',
      receiptNumber: `R-${c.id}-2`,
    });
    expect(second).toMatchObject({ allocated: '25.00', open: '0.00', effective: true });
    expect((await getContract(t.db, a.viewer, c.id)).state).toBe(7);
    const covered = await t.db.select().from(insureePolicies).where(eq(insureePolicies.contractId, c.id));
    expect(covered).toHaveLength(5);
    expect(covered[0]).toMatchObject({
      startDate: '2026-01-01',
      effectiveDate: '2026-01-25',
      expiryDate: '2026-12-31',
    });

    // Amendment: a draft with the same code and details, its amounts net of what the chain received
    // (gross beside them); the original stays in force until the amendment is approved (issue 11).
    const amendment = await amendContract(t.db, a.editor, { id: c.id });
    expect(amendment).toMatchObject({
      code: c.code,
      amendment: 1,
      state: 2,
      amountNotified: '0.00',
      amountGross: '125.00',
      parentId: c.id,
    });
    expect((await getContract(t.db, a.viewer, c.id)).state).toBe(7);
    for (const d of await listContractDetails(t.db, a.editor, amendment.id)) {
      await updateContractDetail(t.db, a.editor, { id: d.id, calculationParams: { income: '600.00' } });
    }
    let am = await getContract(t.db, a.editor, amendment.id);
    expect(am).toMatchObject({ amountNotified: '25.00', amountGross: '150.00' });
    am = await submitContract(t.db, a.editor, { id: am.id, version: am.version });
    const policiesBefore = (await t.db.select({ n: count() }).from(policies))[0]!.n;
    am = await approveContract(t.db, a.approver, { id: am.id, version: am.version });
    expect(am).toMatchObject({
      state: 5,
      amountRectified: '25.00',
      amountDue: '25.00',
      amountGross: '150.00',
    });
    expect((await getContract(t.db, a.viewer, c.id)).state).toBe(6);
    // The amendment's lines reuse the policies the original created.
    expect((await t.db.select({ n: count() }).from(policies))[0]!.n).toBe(policiesBefore);

    // Invoicing: one invoice of the amendment's lines, never twice.
    const invoice = await createInvoice(
      t.db,
      a.approver,
      { contractId: am.id },
      new Date('2026-02-01T00:00:00Z'),
    );
    expect(invoice).toMatchObject({ number: 'INV-2026-000001', total: '150.00' });
    expect(invoice.lines).toHaveLength(5);
    await expect(createInvoice(t.db, a.approver, { contractId: am.id })).rejects.toThrow(InvalidStateError);
    const again = await createInvoice(
      t.db,
      a.approver,
      { contractId: (await approvedContract()).id },
      new Date('2026-03-01T00:00:00Z'),
    );
    expect(again.number).toBe('INV-2026-000002');

    // Every operation left "who changed which field".
    const ops = await t.db
      .selectDistinct({ op: auditLog.operation })
      .from(auditLog)
      .where(eq(auditLog.entityId, c.id));
    expect(ops.map((o) => o.op).sort()).toEqual([
      'amend',
      'approve',
      'counter',
      'create',
      'paid',
      'record_payment',
      'submit',
      'superseded',
    ]);
    const [stateChange] = await t.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.entityId, c.id), eq(auditLog.operation, 'approve'), eq(auditLog.field, 'state')),
      );
    expect(stateChange).toMatchObject({
      oldValue: '4',
      newValue: '5',
      actorId: a.approver.id,
      source: 'staff',
    });
  });
});

async function approvedContract() {
  await retireSignedContracts();
  let c = await create();
  c = await submitContract(t.db, a.editor, { id: c.id });
  return approveContract(t.db, a.approver, { id: c.id });
}

describe('refusals, each with its own error', () => {
  it('an editor approving', async () => {
    const c = await submitContract(t.db, a.editor, { id: (await create()).id });
    await expect(approveContract(t.db, a.editor, { id: c.id })).rejects.toThrow(ForbiddenError);
    await expect(counterContract(t.db, a.editor, { id: c.id })).rejects.toThrow(ForbiddenError);
  });

  it('submitting an executable contract (approver: no right; admin: wrong state)', async () => {
    const c = await approvedContract();
    await expect(submitContract(t.db, a.approver, { id: c.id })).rejects.toThrow(ForbiddenError);
    await expect(submitContract(t.db, a.admin, { id: c.id })).rejects.toThrow(InvalidStateError);
    await retireSignedContracts();
    const negotiable = await submitContract(t.db, a.editor, { id: (await create()).id });
    await expect(submitContract(t.db, a.editor, { id: negotiable.id })).rejects.toThrow('already submitted');
  });

  it('updating an executable contract', async () => {
    const c = await approvedContract();
    await expect(
      updateContract(t.db, a.admin, { id: c.id, version: c.version, paymentReference: 'X' }),
    ).rejects.toThrow(InvalidStateError);
  });

  it('changing the policy holder, or fields the client may never set', async () => {
    const c = await create();
    await expect(
      updateContract(t.db, a.admin, { id: c.id, version: c.version, policyHolderId: otherPhId }),
    ).rejects.toThrow('cannot be changed');
    await expect(
      updateContract(t.db, a.admin, { id: c.id, version: c.version, amountDue: '1.00' }),
    ).rejects.toThrow(InvalidRequestError);
    await expect(
      updateContract(t.db, a.editor, { id: c.id, version: c.version, code: 'NEW' }),
    ).rejects.toThrow(ForbiddenError);
  });

  it('submitting without a policy holder, or without insured persons', async () => {
    const noPh = await createContract(t.db, a.editor, { code: code(), ...period12 });
    await expect(submitContract(t.db, a.editor, { id: noPh.id })).rejects.toThrow('no policy holder');
    const empty = await createContract(t.db, a.editor, {
      code: code(),
      policyHolderId: otherPhId,
      dateValidFrom: '2010-01-01',
      dateValidTo: '2010-12-31',
    });
    await expect(submitContract(t.db, a.editor, { id: empty.id })).rejects.toThrow('no insured person');
  });

  it('a code already used, and valid to before valid from', async () => {
    const c = await create();
    const dup = await create({ code: c.code }).catch((e) => e);
    expect(dup).toBeInstanceOf(ConflictError);
    expect(dup.fieldErrors.code).toBeDefined();
    const bad = await create({ dateValidFrom: '2026-06-01', dateValidTo: '2026-05-31' }).catch((e) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.fieldErrors.dateValidTo).toBeDefined();
  });

  it('a detail for an insuree of another policy holder, or twice the same person', async () => {
    const c = await create();
    const err = await addContractDetail(t.db, a.editor, { contractId: c.id, insureeId: strangerId }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fieldErrors.insureeId).toBeDefined();
    const [first] = await listContractDetails(t.db, a.editor, c.id);
    await expect(
      addContractDetail(t.db, a.editor, { contractId: c.id, insureeId: first!.insureeId }),
    ).rejects.toThrow(ConflictError);
  });

  it('a stale version', async () => {
    const c = await create();
    await updateContract(t.db, a.editor, { id: c.id, version: c.version, paymentReference: 'NEW-REF' });
    await expect(submitContract(t.db, a.editor, { id: c.id, version: c.version })).rejects.toThrow(
      ConflictError,
    );
  });

  it('two approvals of the same contract at once: exactly one succeeds, one payment request', async () => {
    const c = await submitContract(t.db, a.editor, { id: (await create()).id });
    const results = await Promise.allSettled([
      approveContract(t.db, a.approver, { id: c.id, version: c.version }),
      approveContract(t.db, a.admin, { id: c.id, version: c.version }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await countRows(installments, c.id)).toBe(1);
    expect(await countRows(contractContributionDetails, c.id)).toBe(5);
  });

  it('two overlapping contracts of the same people approved at once: one is approved, the other refused naming it', async () => {
    const period = { dateValidFrom: '2031-01-01', dateValidTo: '2031-12-31' };
    const [x, y] = await Promise.all([create(period), create(period)]);
    const sx = await submitContract(t.db, a.editor, { id: x!.id });
    // Both signed by the policy holder (as before the rule): the approvals race on the same people.
    await t.db.update(contracts).set({ state: 4 }).where(eq(contracts.id, y!.id));
    const results = await Promise.allSettled([
      approveContract(t.db, a.approver, { id: sx.id }),
      approveContract(t.db, a.admin, { id: y!.id }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ValidationError);
    const approved = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{
      code: string;
    }>;
    expect(refused.reason.message).toContain(`is already covered by contract ${approved.value.code}`);
    const [row] = await t.db
      .select({ n: count(), people: sql<number>`count(distinct ${policies.insureeId})::int` })
      .from(policies)
      .where(eq(policies.startDate, '2031-01-01'));
    // One yearly policy per person, and one payment request only.
    expect(row!.n).toBe(row!.people);
    expect(row!.n).toBe(5);
    expect((await countRows(installments, x!.id)) + (await countRows(installments, y!.id))).toBe(1);
  });
});

describe('portal scope', () => {
  it('lets a portal user draft and submit for its policy holder, and nothing more', async () => {
    const c = await createContract(t.db, a.portal, { code: code(), policyHolderId: phId, ...period12 });
    await expect(getContract(t.db, a.otherPortal, c.id)).rejects.toThrow(NotFoundError);
    await expect(
      createContract(t.db, a.portal, { code: code(), policyHolderId: otherPhId, ...period12 }),
    ).rejects.toThrow(NotFoundError);
    const s = await submitContract(t.db, a.portal, { id: c.id });
    await expect(approveContract(t.db, a.portal, { id: s.id })).rejects.toThrow(ForbiddenError);
    await expect(
      updateContract(t.db, a.portal, { id: s.id, version: s.version, paymentReference: 'Z' }),
    ).rejects.toThrow(ForbiddenError);
  });
});

describe('renewal and termination', () => {
  it('renews for the next period with a derived code, and the daily job terminates ended contracts', async () => {
    const c = await approvedContract();
    await recordPayment(t.db, a.approver, {
      contractId: c.id,
      amount: '125.00',
      receivedAt: '2026-01-05',
      receiptNumber: `RN-${c.id}`,
    });
    const renewal = await renewContract(t.db, a.editor, { id: c.id });
    expect(renewal).toMatchObject({
      code: `${c.code}-R1`,
      state: 2,
      dateValidFrom: '2027-01-01',
      dateValidTo: '2027-12-31',
      amountNotified: '125.00',
    });
    const ended = await terminateExpiredContracts(t.db, systemActor(STAFF_PERMISSIONS), '2027-01-01');
    expect(ended).toBeGreaterThanOrEqual(1);
    expect((await getContract(t.db, a.viewer, c.id)).state).toBe(10);
    const [detailCount] = await t.db
      .select({ n: count() })
      .from(contractDetails)
      .where(eq(contractDetails.contractId, renewal.id));
    expect(detailCount?.n).toBe(5);
    await expect(renewContract(t.db, a.viewer, { id: c.id })).rejects.toThrow(ForbiddenError);
    const [row] = await t.db.select().from(contracts).where(eq(contracts.id, c.id));
    expect(row?.stateReason).toBe('Contract period ended');
  });
});

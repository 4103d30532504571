import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contractContributionDetails,
  contractDetails,
  contracts,
  insureePolicies,
  policies,
  products,
} from '@/db/schema';
import { declareInsuree, makeActors, makeEmployer, makeFamily, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { recordPayment } from '../billing/receipts';
import { ValidationError } from '../errors';
import { inEnglish } from '../i18n/keyed';
import { createProduct, getProduct, updateProduct } from '../reference/products';
import { bulkContracts } from './bulk';
import { createContract } from './contracts';
import { addContractDetail, listContractDetails } from './details';
import { amendContract, approveContract, submitContract } from './transitions';

/*
 * Overlaps, families, joins and leaves, grace, day count: the specification's cover rules against real
 * SQL. Each describe works in its own years so that the one-live-contract rule keeps them apart.
 */
let t: TestDb;
let a: Record<'admin' | 'editor' | 'approver', Actor>;
let scheme: Awaited<ReturnType<typeof makeScheme>>;
let employer: Awaited<ReturnType<typeof makeEmployer>>;
let n = 0;

beforeAll(async () => {
  t = await createTestDb();
  scheme = await makeScheme(t.db);
  employer = await makeEmployer(t.db, scheme.bundleId, ['500.00', '500.00', '500.00']);
  a = await makeActors(t.db, ['admin', 'editor', 'approver'] as const);
});
afterAll(() => t.close());

const create = (from: string, to: string, policyHolderId = employer.id) =>
  createContract(t.db, a.editor, {
    code: `COV-${++n}`,
    policyHolderId,
    dateValidFrom: from,
    dateValidTo: to,
    paymentReference: `REF-${n}`,
  });
const submitted = async (from: string, to: string, policyHolderId = employer.id) =>
  submitContract(t.db, a.editor, { id: (await create(from, to, policyHolderId)).id });
const approved = async (from: string, to: string, policyHolderId = employer.id) =>
  approveContract(t.db, a.approver, { id: (await submitted(from, to, policyHolderId)).id });
/** Scene: signed by the policy holder before the rule existed (or by two racing signatures). */
const forceNegotiable = (id: string) => t.db.update(contracts).set({ state: 4 }).where(eq(contracts.id, id));
const pay = (contractId: string, amount: string) =>
  recordPayment(t.db, a.approver, {
    contractId,
    amount,
    receivedAt: '2026-01-05',
    receiptNumber: `RCPT-${contractId}`,
  });

describe('one live contract per person and period', () => {
  it('refuses at submit a contract overlapping a signed one, naming it; a later period and the amendment chain pass', async () => {
    const first = await submitted('2026-01-01', '2026-12-31');
    const overlapping = await create('2026-07-01', '2027-06-30');
    const err = await submitContract(t.db, a.editor, { id: overlapping.id }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(
      new RegExp(
        `^E\\d Employee\\d \\(.+\\) is already covered by contract ${first.code} \\(2026-01-01 to 2026-12-31\\)`,
      ),
    );
    // The next period, after the first ends, is not an overlap.
    await submitted('2027-01-01', '2027-12-31');
    // An amendment of an approved contract shares its code: the chain does not overlap itself.
    const approvedFirst = await approveContract(t.db, a.approver, { id: first.id });
    const amendment = await amendContract(t.db, a.editor, { id: approvedFirst.id });
    expect((await submitContract(t.db, a.editor, { id: amendment.id })).state).toBe(4);
  });

  it('a terminated contract covers until its termination date: a replacement may start the day after', async () => {
    const old = await approved('2036-01-01', '2036-12-31');
    // Scene: terminated with cover ending on 30 June (the termination service sets these two).
    await t.db
      .update(contracts)
      .set({ state: 10, dateTerminated: '2036-06-30' })
      .where(eq(contracts.id, old.id));
    const early = await create('2036-06-01', '2037-05-31');
    await expect(submitContract(t.db, a.editor, { id: early.id })).rejects.toThrow(
      `is already covered by contract ${old.code} (2036-01-01 to 2036-06-30)`,
    );
    expect((await submitted('2036-07-01', '2037-06-30')).state).toBe(4);
  });

  it('another policy holder may cover the same person for the same period', async () => {
    const other = await makeEmployer(t.db, scheme.bundleId, []);
    await declareInsuree(t.db, other.id, employer.insureeIds[0]!, scheme.bundleId);
    await submitted('2030-01-01', '2030-12-31');
    expect((await submitted('2030-01-01', '2030-12-31', other.id)).state).toBe(4);
  });

  it('refuses at approve a contract overlapping an approved one: one payment request for the people', async () => {
    const x = await submitted('2032-01-01', '2032-12-31');
    const y = await create('2032-06-01', '2033-05-31');
    await forceNegotiable(y.id);
    await approveContract(t.db, a.approver, { id: x.id });
    const err = await approveContract(t.db, a.approver, { id: y.id }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain(`is already covered by contract ${x.code} (2032-01-01 to 2032-12-31)`);
    const [row] = await t.db.select().from(contracts).where(eq(contracts.id, y.id));
    expect(row).toMatchObject({ state: 4, amountDue: null });
  });

  it('bulk approval refuses per contract: overlapping an approved one, or an earlier one of the same chunk', async () => {
    const w = await approved('2034-01-01', '2034-12-31');
    const x = await submitted('2035-01-01', '2035-12-31');
    const y = await create('2035-03-01', '2035-12-31');
    const z = await create('2034-06-01', '2034-06-30');
    await forceNegotiable(y.id);
    await forceNegotiable(z.id);
    const result = await bulkContracts(t.db, a.approver, 'approve', { ids: [x.id, y.id, z.id] });
    expect(result.succeeded).toEqual([x.id]);
    expect(result.failed.map((f) => [f.id, f.error.code])).toEqual([
      [y.id, 'validation_failed'],
      [z.id, 'validation_failed'],
    ]);
    expect(inEnglish(result.failed[0]!.error.message)).toContain(`covered by contract ${x.code}`);
    expect(inEnglish(result.failed[1]!.error.message)).toContain(`covered by contract ${w.code}`);
    const states = await t.db.select({ id: contracts.id, state: contracts.state }).from(contracts);
    expect(states.find((s) => s.id === y.id)?.state).toBe(4);
    expect(states.find((s) => s.id === z.id)?.state).toBe(4);
  });
});

describe('a family declared twice', () => {
  let holderId: string;
  let mum: { id: string; insuranceNumber: string };
  let dad: { id: string; insuranceNumber: string };

  beforeAll(async () => {
    const family = await makeScheme(t.db, { includeFamily: true });
    const holder = await makeEmployer(t.db, family.bundleId, []);
    holderId = holder.id;
    const { members } = await makeFamily(t.db, [
      { firstName: 'Mum', lastName: 'Twice' },
      { firstName: 'Dad', lastName: 'Twice' },
      { firstName: 'Kid', lastName: 'Twice' },
    ]);
    [mum, dad] = [members[0]!, members[1]!];
    // Both parents work for the employer and were both declared on the family plan.
    await declareInsuree(t.db, holderId, mum.id, family.bundleId, {
      calculationParams: { income: '1000.00' },
    });
    await declareInsuree(t.db, holderId, dad.id, family.bundleId, {
      calculationParams: { income: '1000.00' },
    });
  });

  it('is imported, charged and covered once', async () => {
    const c = await create('2026-01-01', '2026-12-31', holderId);
    const lines = await listContractDetails(t.db, a.editor, c.id);
    expect(lines.map((l) => l.firstName)).toEqual(['Mum']);
    // 5 % of 1 000.00, once for the family.
    expect(c.amountNotified).toBe('50.00');
  });

  it('adding the second parent is refused, saying which line and why', async () => {
    const c = await create('2027-01-01', '2027-12-31', holderId);
    const err = await addContractDetail(t.db, a.editor, { contractId: c.id, insureeId: dad.id }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe(
      `The line of Dad Twice (${dad.insuranceNumber}) is refused: this family is already covered by the line of Mum Twice (${mum.insuranceNumber}) on this contract.`,
    );
    expect(err.fieldErrors.insureeId).toEqual([err.message]);
    expect((await listContractDetails(t.db, a.editor, c.id)).map((l) => l.firstName)).toEqual(['Mum']);
  });

  it('a line that covers the family again is refused at submit and at approve', async () => {
    const c = await create('2028-01-01', '2028-12-31', holderId);
    // Scene: the second parent's line from before the rule.
    const [mumLine] = await t.db.select().from(contractDetails).where(eq(contractDetails.contractId, c.id));
    await t.db
      .insert(contractDetails)
      .values({ ...mumLine!, id: undefined, insureeId: dad.id, createdAt: new Date(Date.now() + 1000) });
    const atSubmit = await submitContract(t.db, a.editor, { id: c.id }).catch((e) => e);
    expect(atSubmit).toBeInstanceOf(ValidationError);
    expect(atSubmit.message).toContain(`The line of Dad Twice (${dad.insuranceNumber}) is refused`);
    await forceNegotiable(c.id);
    const atApprove = await approveContract(t.db, a.approver, { id: c.id }).catch((e) => e);
    expect(atApprove).toBeInstanceOf(ValidationError);
    expect(atApprove.message).toContain(`The line of Dad Twice (${dad.insuranceNumber}) is refused`);
  });
});

describe('joins and leaves', () => {
  it('a person who joins mid-period is charged and covered from that date; one who leaves, until that date', async () => {
    const holder = await makeEmployer(t.db, scheme.bundleId, []);
    const { members: j } = await makeFamily(t.db, [{ firstName: 'Joiner', lastName: 'Mid' }]);
    const { members: l } = await makeFamily(t.db, [{ firstName: 'Leaver', lastName: 'Early' }]);
    await declareInsuree(t.db, holder.id, j[0]!.id, scheme.bundleId, { dateValidFrom: '2026-07-01' });
    await declareInsuree(t.db, holder.id, l[0]!.id, scheme.bundleId, { dateValidTo: '2026-03-31' });
    const c = await create('2026-01-01', '2026-12-31', holder.id);
    // 25.00 × 184 / 365 = 12.60 and 25.00 × 90 / 365 = 6.16
    expect(c.amountNotified).toBe('18.76');
    const ok = await approveContract(t.db, a.approver, {
      id: (await submitContract(t.db, a.editor, { id: c.id })).id,
    });
    expect(ok.amountDue).toBe('18.76');
    const ccd = await t.db
      .select({
        from: contractContributionDetails.dateValidFrom,
        to: contractContributionDetails.dateValidTo,
        amount: contractContributionDetails.amount,
      })
      .from(contractContributionDetails)
      .where(eq(contractContributionDetails.contractId, c.id))
      .orderBy(contractContributionDetails.dateValidFrom);
    expect(ccd).toEqual([
      { from: '2026-01-01', to: '2026-03-31', amount: '6.16' },
      { from: '2026-07-01', to: '2026-12-31', amount: '12.60' },
    ]);
    await pay(c.id, '18.76');
    const cover = await t.db
      .select({
        insureeId: insureePolicies.insureeId,
        start: insureePolicies.startDate,
        expiry: insureePolicies.expiryDate,
      })
      .from(insureePolicies)
      .where(eq(insureePolicies.contractId, c.id));
    expect(cover.find((x) => x.insureeId === j[0]!.id)).toMatchObject({
      start: '2026-07-01',
      expiry: '2026-12-31',
    });
    expect(cover.find((x) => x.insureeId === l[0]!.id)).toMatchObject({
      start: '2026-01-01',
      expiry: '2026-03-31',
    });
  });
});

describe('grace period', () => {
  it('is a product setting through the service (and the API), 0 to 365 days', async () => {
    const p = await createProduct(t.db, a.admin, {
      code: 'GRACE-P',
      name: 'With grace',
      insurancePeriodMonths: 12,
      gracePeriodDays: 30,
    });
    expect(p.gracePeriodDays).toBe(30);
    const plain = await createProduct(t.db, a.admin, {
      code: 'PLAIN-P',
      name: 'No grace',
      insurancePeriodMonths: 12,
    });
    expect(plain.gracePeriodDays).toBe(0);
    await expect(
      updateProduct(t.db, a.admin, { id: p.id, version: p.version, gracePeriodDays: 400 }),
    ).rejects.toThrow('Grace period must be between 0 and 365 days.');
    const renamed = await updateProduct(t.db, a.admin, { id: p.id, version: p.version, name: 'Renamed' });
    expect((await getProduct(t.db, a.admin, renamed.id)).gracePeriodDays).toBe(30);
  });

  it('extends the policies and the persons covered beyond the period paid for', async () => {
    const graceScheme = await makeScheme(t.db);
    await t.db.update(products).set({ gracePeriodDays: 30 }).where(eq(products.id, graceScheme.productId));
    const holder = await makeEmployer(t.db, graceScheme.bundleId, ['500.00']);
    const c = await approved('2026-01-01', '2026-12-31', holder.id);
    await pay(c.id, '25.00');
    const [policy] = await t.db.select().from(policies).where(eq(policies.insureeId, holder.insureeIds[0]!));
    expect(policy).toMatchObject({
      startDate: '2026-01-01',
      expiryDate: '2026-12-31',
      graceExpiryDate: '2027-01-30',
    });
    const [cover] = await t.db
      .select()
      .from(insureePolicies)
      .where(and(eq(insureePolicies.contractId, c.id), eq(insureePolicies.insureeId, holder.insureeIds[0]!)));
    expect(cover).toMatchObject({ startDate: '2026-01-01', expiryDate: '2027-01-30' });
    // The next year's contract is not charged on the old policy's grace days: a new policy from 1 January.
    const next = await approved('2027-01-01', '2027-12-31', holder.id);
    const lines = await t.db
      .select({
        policyId: contractContributionDetails.policyId,
        from: contractContributionDetails.dateValidFrom,
      })
      .from(contractContributionDetails)
      .where(eq(contractContributionDetails.contractId, next.id));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.policyId).not.toBe(policy!.id);
  });
});

describe('day count', () => {
  it('a one-year contract from 29 February costs one year, on one policy per person', async () => {
    const holder = await makeEmployer(t.db, scheme.bundleId, ['1000.00']);
    const c = await create('2028-02-29', '2029-02-28', holder.id);
    expect(c.amountNotified).toBe('50.00');
    const ok = await approveContract(t.db, a.approver, {
      id: (await submitContract(t.db, a.editor, { id: c.id })).id,
    });
    expect(ok.amountDue).toBe('50.00');
    const lines = await t.db
      .select({ policyId: contractContributionDetails.policyId, to: contractContributionDetails.dateValidTo })
      .from(contractContributionDetails)
      .where(eq(contractContributionDetails.contractId, c.id));
    expect(lines).toEqual([{ policyId: expect.any(String), to: '2029-02-28' }]);
    const [policy] = await t.db.select().from(policies).where(eq(policies.id, lines[0]!.policyId));
    expect(policy).toMatchObject({ startDate: '2028-02-29', expiryDate: '2029-02-28' });
  });
});

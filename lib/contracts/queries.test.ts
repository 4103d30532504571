import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowBundle,
  declareInsuree,
  makeBundle,
  makeFamily,
  makePlan,
  makePolicyHolder,
  makeProduct,
  makeUser,
} from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { type Actor, loadActor } from '../auth/actor';
import { recordPayment } from '../billing/receipts';
import { ForbiddenError, InvalidStateError, ValidationError } from '../errors';
import { createContract } from './contracts';
import { listContractDetails, updateContractDetail } from './details';
import { getContractHistory, listContributionDetails, listPersonsCovered } from './queries';
import { approveContract, submitContract, terminateContract } from './transitions';

let t: TestDb;
let editor: Actor;
let approver: Actor;
let phId: string;

beforeAll(async () => {
  t = await createTestDb();
  const product = await makeProduct(t.db, { insurancePeriodMonths: 6 });
  const family = await makePlan(t.db, product.id, {
    params: { rate: '10', includeFamily: true },
    periodicityMonths: 12,
  });
  const bundle = await makeBundle(t.db, [family.id]);
  phId = (await makePolicyHolder(t.db)).id;
  await allowBundle(t.db, phId, bundle.id);
  const { members } = await makeFamily(t.db, [
    { firstName: 'Head', lastName: 'Fam' },
    { firstName: 'Spouse', lastName: 'Fam' },
    { firstName: 'Child', lastName: 'Fam' },
  ]);
  await declareInsuree(t.db, phId, members[0]!.id, bundle.id, { calculationParams: { income: '1000.00' } });
  editor = (await loadActor(t.db, (await makeUser(t.db, 'editor')).id))!;
  approver = (await loadActor(t.db, (await makeUser(t.db, 'approver')).id))!;
});
afterAll(() => t.close());

describe('a family plan with a product shorter than the contract', () => {
  it('splits the line at the policy boundary, covers the family, keeps the history, and terminates with a reason', async () => {
    const c = await createContract(t.db, editor, {
      code: 'FAM-1',
      policyHolderId: phId,
      dateValidFrom: '2026-01-01',
      dateValidTo: '2026-12-31',
    });
    expect(c.amountNotified).toBe('100.00');
    const [detail] = await listContractDetails(t.db, editor, c.id);
    await expect(
      updateContractDetail(t.db, editor, { id: detail!.id, calculationParams: { income: 'a lot' } }),
    ).rejects.toThrow(ValidationError);
    await submitContract(t.db, editor, { id: c.id });
    await approveContract(t.db, approver, { id: c.id, comment: 'Welcome aboard' });

    // 6-month policies: the yearly line is split in two, pro-rated by days, summing exactly.
    const lines = await listContributionDetails(t.db, approver, c.id);
    expect(lines.map((l) => [l.dateValidFrom, l.dateValidTo, l.amount])).toEqual([
      ['2026-01-01', '2026-06-30', '49.59'],
      ['2026-07-01', '2026-12-31', '50.41'],
    ]);
    expect(new Set(lines.map((l) => l.policyId)).size).toBe(2);

    await recordPayment(t.db, approver, {
      contractId: c.id,
      amount: '100.00',
      receivedAt: '2026-01-02',
      receiptNumber: 'FAM-R1',
    });
    const covered = await listPersonsCovered(t.db, approver, c.id);
    // Three family members × two policies.
    expect(covered).toHaveLength(6);
    expect(covered.filter((p) => p.firstName === 'Child').map((p) => [p.startDate, p.expiryDate])).toEqual([
      ['2026-01-01', '2026-06-30'],
      ['2026-07-01', '2026-12-31'],
    ]);

    await expect(terminateContract(t.db, editor, { id: c.id, comment: 'Closed' })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(terminateContract(t.db, approver, { id: c.id })).rejects.toThrow(ValidationError);
    const ended = await terminateContract(t.db, approver, { id: c.id, comment: 'Employer closed down' });
    expect(ended).toMatchObject({ state: 10, stateReason: 'Employer closed down' });
    await expect(terminateContract(t.db, approver, { id: c.id, comment: 'Again' })).rejects.toThrow(
      InvalidStateError,
    );

    const history = await getContractHistory(t.db, editor, c.id);
    expect(history.map((h) => h.operation)).toEqual([
      'terminate',
      'record_payment',
      'paid',
      'approve',
      'submit',
      'create',
    ]);
    expect(history.find((h) => h.operation === 'approve')!.changes).toContainEqual(
      expect.objectContaining({
        entity: 'contract',
        field: 'comment',
        oldValue: null,
        newValue: 'Welcome aboard',
      }),
    );
    expect(history[0]!.actorName).toBe(approver.name);
  });
});

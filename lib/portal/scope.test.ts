import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { createInvoice, listInvoices } from '../billing/invoices';
import { listPayments, recordPayment } from '../billing/receipts';
import { addComment, listComments } from '../comments/comments';
import { createContract, deleteContract, getContract, updateContract } from '../contracts/contracts';
import {
  addContractDetail,
  listContractDetails,
  removeContractDetail,
  updateContractDetail,
} from '../contracts/details';
import { getContractHistory, listContributionDetails, listPersonsCovered } from '../contracts/queries';
import { searchContracts } from '../contracts/search';
import { amendContract, approveContract, counterContract, submitContract } from '../contracts/transitions';
import { ForbiddenError, NotFoundError } from '../errors';
import {
  addPolicyHolderInsuree,
  listPolicyHolderBundles,
  listPolicyHolderInsurees,
  updatePolicyHolderInsuree,
} from '../policy-holders/insurees';
import { getPolicyHolder } from '../policy-holders/policy-holders';

/*
 * Tenant scope of the portal (issue: "another policy holder's contract id answers not found, never data"):
 * every service a portal user can reach, called with ids of a policy holder that is not theirs.
 */
let t: TestDb;
let mine: Actor;
let foreignPh: string;
let foreignContract: string;
let foreignDetail: string;
let foreignLine: string;
let foreignInsuree: string;
let bundleId: string;

beforeAll(async () => {
  t = await createTestDb();
  ({ bundleId } = await makeScheme(t.db));
  const myPh = (await makeEmployer(t.db, bundleId, [])).id;
  const foreign = await makeEmployer(t.db, bundleId, ['100.00'], { tradeName: 'Secret Corp' });
  foreignPh = foreign.id;
  foreignInsuree = foreign.insureeIds[0]!;
  foreignLine = (
    await listPolicyHolderInsurees(t.db, (await makeActors(t.db, ['admin'])).admin, foreignPh)
  )[0]!.id;
  const staff = (await makeActors(t.db, ['admin'])).admin;
  const c = await createContract(t.db, staff, {
    code: 'FOREIGN-1',
    policyHolderId: foreignPh,
    dateValidFrom: '2026-01-01',
    dateValidTo: '2026-12-31',
  });
  foreignContract = c.id;
  foreignDetail = (await listContractDetails(t.db, staff, c.id))[0]!.id;
  await addComment(t.db, staff, { contractId: c.id, body: 'secret' });
  mine = (await makeActors(t.db, ['portal'], { policyHolderId: myPh })).portal;
});
afterAll(() => t.close());

describe("a portal user and another policy holder's data", () => {
  const id = () => foreignContract;
  it.each([
    ['getContract', () => getContract(t.db, mine, id())],
    ['listContractDetails', () => listContractDetails(t.db, mine, id())],
    ['listContributionDetails', () => listContributionDetails(t.db, mine, id())],
    ['listPersonsCovered', () => listPersonsCovered(t.db, mine, id())],
    ['listPayments', () => listPayments(t.db, mine, id())],
    ['listInvoices', () => listInvoices(t.db, mine, id())],
    ['listComments', () => listComments(t.db, mine, id())],
    ['addComment', () => addComment(t.db, mine, { contractId: id(), body: 'hello' })],
    ['updateContract', () => updateContract(t.db, mine, { id: id(), version: 1, paymentReference: 'X' })],
    ['submitContract', () => submitContract(t.db, mine, { id: id() })],
    [
      'addContractDetail',
      () => addContractDetail(t.db, mine, { contractId: id(), insureeId: foreignInsuree }),
    ],
    [
      'updateContractDetail',
      () => updateContractDetail(t.db, mine, { id: foreignDetail, calculationParams: { income: '1.00' } }),
    ],
    ['removeContractDetail', () => removeContractDetail(t.db, mine, { id: foreignDetail })],
    ['getPolicyHolder', () => getPolicyHolder(t.db, mine, foreignPh)],
    ['listPolicyHolderInsurees', () => listPolicyHolderInsurees(t.db, mine, foreignPh)],
    ['listPolicyHolderBundles', () => listPolicyHolderBundles(t.db, mine, foreignPh)],
    [
      'addPolicyHolderInsuree',
      () =>
        addPolicyHolderInsuree(t.db, mine, {
          policyHolderId: foreignPh,
          insureeId: foreignInsuree,
          bundleId,
          calculationParams: { income: '1.00' },
          dateValidFrom: '2026-01-01',
        }),
    ],
    [
      'updatePolicyHolderInsuree',
      () =>
        updatePolicyHolderInsuree(t.db, mine, {
          id: foreignLine,
          version: 1,
          bundleId,
          calculationParams: { income: '1.00' },
          dateValidFrom: '2026-01-01',
        }),
    ],
    [
      'createContract',
      () =>
        createContract(t.db, mine, {
          code: 'MINE-ON-THEIRS',
          policyHolderId: foreignPh,
          dateValidFrom: '2026-01-01',
          dateValidTo: '2026-12-31',
        }),
    ],
  ])('%s answers not found', async (_name, call) => {
    await expect(call()).rejects.toThrow(NotFoundError);
  });

  it.each([
    ['approveContract', () => approveContract(t.db, mine, { id: id() })],
    ['counterContract', () => counterContract(t.db, mine, { id: id() })],
    ['amendContract', () => amendContract(t.db, mine, { id: id() })],
    ['deleteContract', () => deleteContract(t.db, mine, { id: id() })],
    ['getContractHistory', () => getContractHistory(t.db, mine, id())],
    ['createInvoice', () => createInvoice(t.db, mine, { contractId: id() })],
    [
      'recordPayment',
      () =>
        recordPayment(t.db, mine, {
          contractId: id(),
          amount: '1.00',
          receivedAt: '2026-01-01',
          receiptNumber: 'R',
        }),
    ],
  ])('%s is an insurer operation the portal may never run', async (_name, call) => {
    await expect(call()).rejects.toThrow(ForbiddenError);
  });

  it('never lists it, even when asked for that policy holder or deleted rows', async () => {
    for (const params of [
      {},
      { policyHolderId: foreignPh },
      { code: 'FOREIGN' },
      { includeDeleted: 'true' },
    ]) {
      const r = await searchContracts(t.db, mine, params);
      expect(r.items.map((c) => c.code)).not.toContain('FOREIGN-1');
    }
  });
});

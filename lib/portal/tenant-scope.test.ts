import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts, insurees, policyHolderInsurees } from '@/db/schema';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { invoicePolicyHolders } from '../billing/invoice-policy-holders';
import { createContract, isContractCodeFree, updateContract } from '../contracts/contracts';
import { addContractDetail, listContractDetails, removeContractDetail } from '../contracts/details';
import { generateContracts } from '../contracts/generate';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import {
  addPolicyHolderInsuree,
  listPolicyHolderInsurees,
  removePolicyHolderInsuree,
  searchInsurees,
  updatePolicyHolderInsuree,
} from '../policy-holders/insurees';

/*
 * Issue 10 §1: the services behind the server actions keep to the actor's tenant, and check the right
 * and the scope before they read, lock or version-check anything. Each case here failed before its fix.
 */
let t: TestDb;
let portal: Actor;
let viewer: Actor;
let approver: Actor;
let admin: Actor;
let bundleId: string;
let myPh: string;
let myInsuree: string;
let foreignPh: string;
let foreignInsuree: string;
let foreignLine: string;
let foreignContract: string;
const FOREIGN_NUMBER = 'SECRET-0001';
const FOREIGN_BIRTH = '1971-03-04';

beforeAll(async () => {
  t = await createTestDb();
  ({ bundleId } = await makeScheme(t.db));
  const mine = await makeEmployer(t.db, bundleId, ['100.00'], { tradeName: 'Mine Ltd' });
  myPh = mine.id;
  myInsuree = mine.insureeIds[0]!;
  const foreign = await makeEmployer(t.db, bundleId, ['200.00'], { tradeName: 'Secret Corp' });
  foreignPh = foreign.id;
  foreignInsuree = foreign.insureeIds[0]!;
  await t.db
    .update(insurees)
    .set({ insuranceNumber: FOREIGN_NUMBER, dateOfBirth: FOREIGN_BIRTH, lastName: 'Hidden' })
    .where(eq(insurees.id, foreignInsuree));
  ({ admin, viewer, approver } = await makeActors(t.db, ['admin', 'viewer', 'approver']));
  portal = (await makeActors(t.db, ['portal'], { policyHolderId: myPh })).portal;
  foreignLine = (await listPolicyHolderInsurees(t.db, admin, foreignPh))[0]!.id;
  foreignContract = (
    await createContract(t.db, admin, {
      code: 'SECRET-2026',
      policyHolderId: foreignPh,
      dateValidFrom: '2026-01-01',
      dateValidTo: '2026-12-31',
    })
  ).id;
  await createContract(t.db, admin, {
    code: 'MINE-2026',
    policyHolderId: myPh,
    dateValidFrom: '2026-01-01',
    dateValidTo: '2026-12-31',
  });
});
afterAll(() => t.close());

const linesOf = (insureeId: string) =>
  t.db.select().from(policyHolderInsurees).where(eq(policyHolderInsurees.insureeId, insureeId));

describe('the insuree register seen from the portal', () => {
  it('searches only the persons its policy holders declared', async () => {
    const all = await searchInsurees(t.db, portal, '');
    expect(all.map((i) => i.id)).toEqual([myInsuree]);
    expect(await searchInsurees(t.db, portal, FOREIGN_NUMBER)).toEqual([]);
    expect(await searchInsurees(t.db, portal, 'Hidden')).toEqual([]);
    // Staff still search the whole register.
    expect((await searchInsurees(t.db, viewer, FOREIGN_NUMBER)).map((i) => i.id)).toEqual([foreignInsuree]);
  });

  it("refuses to attach another employer's employee by id, as if the person did not exist", async () => {
    await expect(
      addPolicyHolderInsuree(t.db, portal, {
        policyHolderId: myPh,
        insureeId: foreignInsuree,
        bundleId,
        calculationParams: { income: '1.00' },
        dateValidFrom: '2026-01-01',
      }),
    ).rejects.toThrow(NotFoundError);
    expect((await linesOf(foreignInsuree)).map((l) => l.policyHolderId)).toEqual([foreignPh]);
  });

  it('declares a known person only on an exact insurance number and birth date, revealing nothing else', async () => {
    const declare = (dateOfBirth: string) =>
      addPolicyHolderInsuree(t.db, portal, {
        policyHolderId: myPh,
        newInsuree: {
          insuranceNumber: FOREIGN_NUMBER,
          firstName: 'Guess',
          lastName: 'Guess',
          gender: 'O',
          dateOfBirth,
        },
        bundleId,
        calculationParams: { income: '1.00' },
        dateValidFrom: '2026-01-01',
      });
    const wrong = await declare('1980-01-01').catch((e) => e);
    expect(wrong).toBeInstanceOf(ConflictError);
    expect(JSON.stringify({ m: wrong.message, f: wrong.fieldErrors })).not.toMatch(/Hidden|1971|E0/);
    expect(await linesOf(foreignInsuree)).toHaveLength(1);

    const before = (await t.db.select({ id: insurees.id }).from(insurees)).length;
    const r = await declare(FOREIGN_BIRTH);
    expect(Object.keys(r).sort()).toEqual(['id', 'insureeId']);
    expect(r.insureeId).toBe(foreignInsuree);
    // No duplicate person, and the register keeps its own names.
    expect((await t.db.select({ id: insurees.id }).from(insurees)).length).toBe(before);
    const [person] = await t.db.select().from(insurees).where(eq(insurees.id, foreignInsuree));
    expect(person!.lastName).toBe('Hidden');
    await removePolicyHolderInsuree(t.db, portal, { id: r.id, version: 1 });
  });

  it("answers not found for another policy holder's line whatever the version, and refuses a viewer first", async () => {
    const change = { bundleId, calculationParams: { income: '1.00' }, dateValidFrom: '2026-01-01' };
    await expect(
      updatePolicyHolderInsuree(t.db, portal, { id: foreignLine, version: 99, ...change }),
    ).rejects.toThrow(NotFoundError);
    await expect(removePolicyHolderInsuree(t.db, portal, { id: foreignLine, version: 99 })).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      updatePolicyHolderInsuree(t.db, viewer, { id: foreignLine, version: 99, ...change }),
    ).rejects.toThrow(ForbiddenError);
    await expect(removePolicyHolderInsuree(t.db, viewer, { id: foreignLine, version: 99 })).rejects.toThrow(
      ForbiddenError,
    );
  });
});

describe('contracts and bulk runs', () => {
  it("does not tell a portal user which codes other policy holders' contracts use", async () => {
    expect(await isContractCodeFree(t.db, portal, 'SECRET-2026')).toBe(true);
    expect(await isContractCodeFree(t.db, portal, 'NEVER-USED')).toBe(true);
    expect(await isContractCodeFree(t.db, portal, 'MINE-2026')).toBe(false);
    expect(await isContractCodeFree(t.db, viewer, 'SECRET-2026')).toBe(false);
    // The register stays unique: the create is refused.
    await expect(
      createContract(t.db, portal, {
        code: 'SECRET-2026',
        policyHolderId: myPh,
        dateValidFrom: '2027-01-01',
        dateValidTo: '2027-12-31',
      }),
    ).rejects.toThrow(ConflictError);
  });

  it('keeps generating contracts for many policy holders to the insurer', async () => {
    const before = await t.db.select({ id: contracts.id }).from(contracts);
    const run = (ids: string[]) =>
      generateContracts(t.db, portal, {
        policyHolderIds: ids,
        dateValidFrom: '2030-01-01',
        dateValidTo: '2030-12-31',
      });
    await expect(run([foreignPh])).rejects.toThrow(ForbiddenError);
    await expect(run([myPh])).rejects.toThrow(ForbiddenError);
    expect(await t.db.select({ id: contracts.id }).from(contracts)).toHaveLength(before.length);
  });

  it('bounds the policy holder lists of generate and invoice runs', async () => {
    const many = Array.from({ length: 1001 }, () => foreignPh);
    const tooMany = 'Choose at most 1000 policy holders at a time, or use a filter.';
    await expect(
      generateContracts(t.db, admin, {
        policyHolderIds: many,
        dateValidFrom: '2030-01-01',
        dateValidTo: '2030-12-31',
      }),
    ).rejects.toThrow(tooMany);
    await expect(invoicePolicyHolders(t.db, approver, { policyHolderIds: many })).rejects.toThrow(tooMany);
  });

  it('checks the invoicing right before it reads anything', async () => {
    // A malformed id would be a validation error if the ids were read before the right was checked.
    for (const actor of [viewer, portal]) {
      await expect(invoicePolicyHolders(t.db, actor, { policyHolderIds: ['not-an-id'] })).rejects.toThrow(
        ForbiddenError,
      );
      await expect(invoicePolicyHolders(t.db, actor, { policyHolderIds: [foreignPh] })).rejects.toThrow(
        ForbiddenError,
      );
    }
    await expect(invoicePolicyHolders(t.db, approver, { policyHolderIds: ['not-an-id'] })).rejects.toThrow(
      ValidationError,
    );
    // Nothing executable yet: an approver's run finds nothing to invoice.
    expect(await invoicePolicyHolders(t.db, approver, { filter: { q: 'Secret' } })).toEqual({
      succeeded: [],
      failed: [],
    });
  });

  it('refuses a reader before looking at the contract or its version', async () => {
    // A stale version answered 409 (the contract exists, at another version) before 403.
    await expect(
      updateContract(t.db, viewer, { id: foreignContract, version: 99, paymentReference: 'X' }),
    ).rejects.toThrow(ForbiddenError);
    const detail = (await listContractDetails(t.db, admin, foreignContract))[0]!;
    await expect(removeContractDetail(t.db, viewer, { id: detail.id, version: 99 })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(removeContractDetail(t.db, portal, { id: detail.id, version: 99 })).rejects.toThrow(
      NotFoundError,
    );
  });

  it("answers not found for another employer's person on a portal user's own contract", async () => {
    const [own] = await t.db
      .select({ id: contracts.id })
      .from(contracts)
      .where(inArray(contracts.code, ['MINE-2026']));
    const err = await addContractDetail(t.db, portal, {
      contractId: own!.id,
      insureeId: foreignInsuree,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe('Insuree not found.');
  });
});

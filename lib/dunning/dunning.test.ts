import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  contractComments,
  contracts,
  dunningCases,
  dunningSteps,
  installments,
  insureePolicies,
  notificationEvents,
  products,
} from '@/db/schema';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { recordReceipt } from '../billing/receipts';
import { createContract } from '../contracts/contracts';
import { ContractState } from '../contracts/states';
import { approveContract, submitContract } from '../contracts/transitions';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { runDailyJobs } from '../jobs/daily';
import { holdDunning, releaseDunningHold } from './holds';
import { addDefaultDunningLevels, listDunningLevels, saveDunningLevel } from './levels';
import { contractDunning, dunningOverview, overdueItems } from './queries';
import { runDunning } from './run';

/*
 * Issue 14, dunning, with the clock moved. One person per employer, 5 % of 12,000.00 = 600.00 a year,
 * billed quarterly (by days: April–June is 600.00 × 91 / 365 = 149.59), the first quarter required
 * before cover: approved 2 January 2026, the first quarter (due 1 February) paid on 10 January, so the contract is Effective and the second
 * quarter, due 1 April, is the arrears. Default levels: reminder +10 (11 April), formal notice +30
 * (1 May, registered, fee 15.00), suspension +45 (16 May), termination +60 (31 May).
 */
let t: TestDb;
let a: Record<'admin' | 'editor' | 'approver' | 'viewer', Actor>;
let scheme: Awaited<ReturnType<typeof makeScheme>>;
let n = 0;
const day = new Date('2026-01-02T00:00:00Z');

beforeAll(async () => {
  t = await createTestDb();
  scheme = await makeScheme(t.db);
  await t.db
    .update(products)
    .set({ billingFrequencyMonths: 3, payBeforeEffective: 'first' })
    .where(eq(products.id, scheme.productId));
  a = await makeActors(t.db, ['admin', 'editor', 'approver', 'viewer'] as const);
  await addDefaultDunningLevels(t.db, a.admin, { productId: scheme.productId });
});
afterAll(() => t.close());

async function effectiveContract(language: 'en' | 'fr', name: string) {
  const ph = await makeEmployer(t.db, scheme.bundleId, ['12000.00'], {
    language,
    tradeName: name,
    email: `${name.toLowerCase().replace(/\W/g, '')}@example.test`,
  });
  const code = `DN-${++n}`;
  const c = await createContract(t.db, a.editor, {
    code,
    policyHolderId: ph.id,
    dateValidFrom: '2026-01-01',
    dateValidTo: '2026-12-31',
  });
  await submitContract(t.db, a.editor, { id: c.id });
  await approveContract(t.db, a.approver, { id: c.id }, day);
  const [q1] = await t.db
    .select({ amount: installments.amount })
    .from(installments)
    .where(and(eq(installments.contractId, c.id), eq(installments.seq, 1)));
  await pay(c.id, q1!.amount, '2026-01-10');
  const [row] = await t.db.select().from(contracts).where(eq(contracts.id, c.id));
  expect(row!.state).toBe(ContractState.Effective);
  return { ph, contract: row!, code };
}

let r = 0;
const pay = (contractId: string, amount: string, on: string) =>
  recordReceipt(
    t.db,
    a.approver,
    { contractId, amount, receivedAt: on, receiptNumber: `DR-${++r}` },
    new Date(`${on}T10:00:00Z`),
  );

const run = (asOf: string) => runDunning(t.db, a.approver, { asOf });

const letters = (contractId: string) =>
  t.db
    .select()
    .from(notificationEvents)
    .where(
      and(eq(notificationEvents.contractId, contractId), sql`${notificationEvents.event} like 'dunning.%'`),
    )
    .orderBy(asc(notificationEvents.createdAt));

const contractRow = async (id: string) =>
  (await t.db.select().from(contracts).where(eq(contracts.id, id)))[0]!;

describe('dunning levels (per product)', () => {
  it('seeds the four default levels in order, and refuses what would make no sense', async () => {
    const levels = await listDunningLevels(t.db, a.admin, scheme.productId);
    expect(levels.map((l) => [l.daysAfterDue, l.action, l.fee])).toEqual([
      [10, 'letter', null],
      [30, 'letter', '15.00'],
      [45, 'suspend', null],
      [60, 'terminate', null],
    ]);
    const base = {
      productId: scheme.productId,
      name: 'Late',
      action: 'letter',
      subjectEn: 'x',
      bodyEn: 'x',
      subjectFr: 'x',
      bodyFr: 'x',
    };
    // Nothing can follow a termination.
    await expect(saveDunningLevel(t.db, a.admin, { ...base, daysAfterDue: 90 })).rejects.toThrow(
      'The termination level must be the last level.',
    );
    await expect(saveDunningLevel(t.db, a.admin, { ...base, daysAfterDue: 10 })).rejects.toThrow(
      ConflictError,
    );
    await expect(
      saveDunningLevel(t.db, a.admin, { ...base, daysAfterDue: 20, bodyFr: 'Payez {montant}' }),
    ).rejects.toThrow(ValidationError);
    await expect(addDefaultDunningLevels(t.db, a.admin, { productId: scheme.productId })).rejects.toThrow(
      ConflictError,
    );
  });

  it('is configured with product.configure only; the run and holds need an approver', async () => {
    await expect(listDunningLevels(t.db, a.editor, scheme.productId)).rejects.toThrow(ForbiddenError);
    await expect(
      saveDunningLevel(t.db, a.approver, {
        productId: scheme.productId,
        name: 'x',
        daysAfterDue: 5,
        action: 'letter',
        subjectEn: 'x',
        bodyEn: 'x',
        subjectFr: 'x',
        bodyFr: 'x',
      }),
    ).rejects.toThrow(ForbiddenError);
    await expect(runDunning(t.db, a.viewer, { asOf: '2026-04-11' })).rejects.toThrow(ForbiddenError);
    await expect(runDunning(t.db, a.editor, { asOf: '2026-04-11' })).rejects.toThrow(ForbiddenError);
    await expect(
      holdDunning(t.db, a.editor, { policyHolderId: scheme.productId, reason: 'x', until: '2026-05-01' }),
    ).rejects.toThrow(ForbiddenError);
  });
});

describe('a policy holder that pays at the suspension', () => {
  it('reminder → formal notice → suspension → payment → reinstated, in French, each step once', async () => {
    const { ph, contract } = await effectiveContract('fr', 'Boulangerie Martin');

    expect((await run('2026-04-01')).opened).toBe(0); // due today: not late yet
    const opened = await run('2026-04-05');
    expect(opened.opened).toBeGreaterThanOrEqual(1);
    expect(await letters(contract.id)).toHaveLength(0); // a case, no letter before +10

    await run('2026-04-11');
    let mails = await letters(contract.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.language).toBe('fr');
    expect(mails[0]!.recipient).toBe('boulangeriemartin@example.test');
    expect(mails[0]!.subject).toBe(`Rappel de paiement : contrat ${contract.code}`);
    expect(mails[0]!.body).toContain('149,59');
    expect(mails[0]!.body).toContain('due le 01/04/2026');
    expect(mails[0]!.body).toContain('(10 jours)');
    expect(mails[0]!.payload).toMatchObject({ level: 1, amountOverdue: '149.59', fee: '0.00' });

    // The same day again, and the days before the next level: nothing is sent twice.
    const again = await run('2026-04-11');
    expect(again.letters).toBe(0);
    await run('2026-04-30');
    expect(await letters(contract.id)).toHaveLength(1);

    await run('2026-05-01');
    mails = await letters(contract.id);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe(`Mise en demeure de payer : contrat ${contract.code}`);
    expect(mails[1]!.body.startsWith('LETTRE RECOMMANDÉE')).toBe(true);
    expect(mails[1]!.body).toContain('15,00');

    await run('2026-05-16');
    expect((await contractRow(contract.id)).coverSuspendedFrom).toBe('2026-05-16');
    const [kase] = await t.db.select().from(dunningCases).where(eq(dunningCases.contractId, contract.id));
    expect(kase).toMatchObject({ status: 'open', level: 3, feesTotal: '15.00', dueDate: '2026-04-01' });
    const panel = await contractDunning(t.db, a.viewer, contract.id, '2026-05-16');
    expect(panel.coverSuspendedFrom).toBe('2026-05-16');
    expect(panel.row).toMatchObject({
      level: 3,
      overdue: '149.59',
      nextLevelName: 'Termination',
      nextDate: '2026-05-31',
    });
    expect(panel.steps.map((s) => s.levelName)).toEqual(['Suspension of cover', 'Formal notice', 'Reminder']);

    // The portal shows what is overdue and how to pay it.
    const [portal] = Object.values(await makeActors(t.db, ['portal'] as const, { policyHolderId: ph.id }));
    const items = await overdueItems(t.db, portal!, ph.id, '2026-05-18');
    expect(items.total).toBe('149.59');
    expect(items.items).toEqual([
      expect.objectContaining({ dueDate: '2026-04-01', open: '149.59', paymentReference: contract.code }),
    ]);

    // Paying 100.00 of 149.59 does not stop the process; paying the rest does, at once (the receipt's hook).
    await pay(contract.id, '100.00', '2026-05-18');
    expect((await contractRow(contract.id)).coverSuspendedFrom).toBe('2026-05-16');
    await pay(contract.id, '49.59', '2026-05-20');
    expect((await contractRow(contract.id)).coverSuspendedFrom).toBeNull();
    const [closed] = await t.db.select().from(dunningCases).where(eq(dunningCases.contractId, contract.id));
    expect(closed).toMatchObject({ status: 'paid', closedOn: '2026-05-20' });
    mails = await letters(contract.id);
    expect(mails.at(-1)!.event).toBe('dunning.reinstated');
    expect(mails.at(-1)!.subject).toBe(`Contrat ${contract.code} : couverture rétablie`);
    expect((await overdueItems(t.db, portal!, ph.id, '2026-05-21')).items).toHaveLength(0);

    // No termination on the 31st: the case is closed.
    const later = await run('2026-05-31');
    expect(later.terminated).toBe(0);
    expect((await contractRow(contract.id)).state).toBe(ContractState.Effective);
    expect(await letters(contract.id)).toHaveLength(4);

    // Recorded on the contract and the policy holder: history and the thread.
    const ops = await t.db
      .select({ op: auditLog.operation, entity: auditLog.entity })
      .from(auditLog)
      .where(
        sql`${auditLog.operation} like 'dunning_%' and ${auditLog.entityId} in (${contract.id}, ${ph.id})`,
      );
    const names = new Set(ops.map((o) => `${o.entity}:${o.op}`));
    for (const op of ['dunning_letter', 'dunning_suspend', 'dunning_reinstate'])
      for (const entity of ['contract', 'policy_holder']) expect(names).toContain(`${entity}:${op}`);
    const comments = await t.db
      .select({ body: contractComments.body })
      .from(contractComments)
      .where(and(eq(contractComments.contractId, contract.id), eq(contractComments.operation, 'dunning')));
    expect(comments.map((c) => c.body)).toEqual([
      expect.stringContaining('Relance niveau 1 (Reminder)'),
      expect.stringContaining('Relance niveau 2 (Formal notice) : courrier envoyé ; 149.59'),
      expect.stringContaining('couverture suspendue à compter du 2026-05-16'),
      expect.stringContaining('couverture rétablie'),
    ]);
  });
});

describe('a policy holder that never pays', () => {
  it('is terminated for non-payment on the termination day, in English, through the daily job', async () => {
    const { contract } = await effectiveContract('en', 'Never Pays Ltd');
    for (const d of ['2026-04-05', '2026-04-11', '2026-05-01', '2026-05-16']) await runDailyJobs(t.db, d);
    expect((await letters(contract.id)).map((m) => m.subject)).toEqual([
      `Payment reminder: contract ${contract.code}`,
      `Formal notice to pay: contract ${contract.code}`,
      `Cover suspended: contract ${contract.code}`,
    ]);
    const res = await runDailyJobs(t.db, '2026-05-31');
    expect(res.dunning.terminated).toBeGreaterThanOrEqual(1);
    const row = await contractRow(contract.id);
    expect(row).toMatchObject({
      state: ContractState.Terminated,
      stateReason: 'Non-payment',
      dateTerminated: '2026-05-31',
    });
    const [kase] = await t.db.select().from(dunningCases).where(eq(dunningCases.contractId, contract.id));
    expect(kase).toMatchObject({ status: 'terminated', level: 4, closedOn: '2026-05-31' });
    const steps = await t.db.select().from(dunningSteps).where(eq(dunningSteps.caseId, kase!.id));
    expect(steps.map((s) => [s.levelNumber, s.stepDate, s.amountOverdue])).toEqual(
      expect.arrayContaining([
        [1, '2026-04-11', '149.59'],
        [2, '2026-05-01', '149.59'],
        [3, '2026-05-16', '149.59'],
        [4, '2026-05-31', '149.59'],
      ]),
    );
    const mails = await letters(contract.id);
    expect(mails.at(-1)!.subject).toBe(`Contract ${contract.code} terminated for non-payment`);
    expect(mails.at(-1)!.body).toContain('end on 2026-05-31');
    // The cover ends on the termination day; the contract keeps the value of its cover up to then.
    const persons = await t.db
      .select()
      .from(insureePolicies)
      .where(eq(insureePolicies.contractId, contract.id));
    expect(persons.every((p) => p.expiryDate <= '2026-05-31')).toBe(true);
    // Running again does nothing more.
    const again = await run('2026-06-01');
    expect(await letters(contract.id)).toHaveLength(mails.length);
    expect(again.failed).toEqual([]);
  });
});

describe('holds', () => {
  it('hold no level while in force; afterwards one level a day catches up', async () => {
    const { ph, contract } = await effectiveContract('en', 'Disputed SA');
    await run('2026-04-05');
    await expect(
      holdDunning(
        t.db,
        a.approver,
        { policyHolderId: ph.id, reason: 'x', until: '2026-04-01' },
        '2026-04-05',
      ),
    ).rejects.toThrow('The end of the hold cannot be in the past.');
    await expect(
      holdDunning(
        t.db,
        a.approver,
        { policyHolderId: '00000000-0000-4000-8000-000000000000', reason: 'x', until: '2026-05-01' },
        '2026-04-05',
      ),
    ).rejects.toThrow(NotFoundError);
    const hold = await holdDunning(
      t.db,
      a.approver,
      { policyHolderId: ph.id, reason: 'Invoice disputed', until: '2026-05-10' },
      '2026-04-05',
    );
    const held = await run('2026-04-11');
    expect(held.held).toBeGreaterThanOrEqual(1);
    expect(await letters(contract.id)).toHaveLength(0);
    const [row] = await dunningOverview(t.db, a.viewer, { asOf: '2026-04-11', policyHolderId: ph.id });
    expect(row).toMatchObject({
      holdUntil: '2026-05-10',
      holdReason: 'Invoice disputed',
      nextDate: '2026-05-11',
    });
    await run('2026-05-11');
    expect((await letters(contract.id)).map((m) => m.payload.level)).toEqual([1]);
    await run('2026-05-12');
    expect((await letters(contract.id)).map((m) => m.payload.level)).toEqual([1, 2]);
    // Released early: the next level comes on its day.
    const again = await holdDunning(
      t.db,
      a.approver,
      { policyHolderId: ph.id, reason: 'Promise to pay', until: '2026-06-30' },
      '2026-05-12',
    );
    await run('2026-05-16');
    expect(await letters(contract.id)).toHaveLength(2);
    await expect(releaseDunningHold(t.db, a.approver, { id: hold.id, version: 1 })).resolves.toBeUndefined();
    await releaseDunningHold(t.db, a.approver, { id: again.id, version: 1 });
    await run('2026-05-17');
    expect((await letters(contract.id)).map((m) => m.payload.level)).toEqual([1, 2, 3]);
    expect((await contractRow(contract.id)).coverSuspendedFrom).toBe('2026-05-17');
  });
});

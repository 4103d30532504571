import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextStep } from '@/components/contract-card/next-step';
import { seedDemo } from '@/db/seed/demo';
import { linkPortalUser, makePolicyHolder, makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { translate } from '@/lib/i18n/messages';
import { type Actor, loadActor } from '../auth/actor';
import { createInvoice } from '../billing/invoices';
import { getContract } from './contracts';
import { getNextStepData } from './next-step';
import { searchContracts } from './search';

let t: TestDb;
let viewer: Actor;
let approver: Actor;
let outsider: Actor;
const idOf = async (code: string) => (await searchContracts(t.db, viewer, { code })).items[0]!.id;

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db);
  viewer = (await loadActor(t.db, (await makeUser(t.db, 'viewer')).id))!;
  approver = (await loadActor(t.db, (await makeUser(t.db, 'approver')).id))!;
  const p = await makeUser(t.db, 'portal');
  await linkPortalUser(t.db, p.id, (await makePolicyHolder(t.db)).id);
  outsider = (await loadActor(t.db, p.id))!;
});
afterAll(() => t.close());

describe('next step of a contract card', () => {
  it('reads the payment request, what is left to invoice and the insured persons', async () => {
    const acme = await getContract(t.db, viewer, await idOf('ACME'));
    const data = await getNextStepData(t.db, viewer, acme);
    expect(data.payment).toMatchObject({ expected: '263.52', received: '263.52', status: 'paid' });
    expect(data.insuredPersons).toBeGreaterThan(0);
    expect(data.uninvoiced).toBeGreaterThan(0);
    await createInvoice(t.db, approver, { contractId: acme.id });
    // Everything invoiced: the card stops offering "Create invoice".
    expect((await getNextStepData(t.db, viewer, acme)).uninvoiced).toBe(0);

    const green = await getContract(t.db, viewer, await idOf('GREEN'));
    expect(await getNextStepData(t.db, viewer, green)).toMatchObject({ payment: null, uninvoiced: 0 });
  });

  it("is scoped like the contract: another policy holder's contract is not found", async () => {
    const acme = await getContract(t.db, viewer, await idOf('ACME'));
    await expect(getNextStepData(t.db, outsider, acme)).rejects.toThrow(/not found/i);
  });

  it('says what waits, to staff and to the policy holder, with the allowed actions only', async () => {
    const dupont = await getContract(t.db, viewer, await idOf('DUPONT'));
    const data = await getNextStepData(t.db, viewer, dupont);
    const base = { contract: dupont, data, canRecordPayment: false, locale: 'en' as const };
    const en = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
      translate('en', key, vars);
    const staff = nextStep({
      ...base,
      portal: false,
      allowed: ['approve', 'counter'],
      canApprove: true,
      t: en,
    });
    expect(staff).toMatchObject({ severity: 'warning', actions: ['approve', 'counter'] });
    expect(staff!.text).toMatch(/waiting for your approval/);
    const viewerStep = nextStep({ ...base, portal: false, allowed: [], canApprove: false, t: en });
    expect(viewerStep).toMatchObject({ text: 'Waiting for the insurer’s approval.', actions: [] });
    const fr = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
      translate('fr', key, vars);
    const portal = nextStep({ ...base, portal: true, allowed: [], canApprove: false, t: fr, locale: 'fr' });
    expect(portal!.text).toBe('Soumis : l’assureur examine votre contrat. Rien à faire pour l’instant.');

    // Approved and waiting for the money: amount, due date, reference, what was received.
    const approved = { ...dupont, state: 5, datePaymentDue: '2026-12-26', paymentReference: 'REF-1' };
    const pay = {
      expected: '300.00',
      received: '100.00',
      balance: '200.00',
      reference: 'REF-1',
      status: 'partial',
    };
    const step = nextStep({
      ...base,
      contract: approved,
      data: { ...data, payment: pay },
      portal: false,
      allowed: ['invoice'],
      canApprove: true,
      canRecordPayment: true,
      t: en,
    });
    expect(step!.text).toBe(
      'Approved: 300.00\u00a0EUR due by 2026-12-26, reference REF-1, 100.00\u00a0EUR received.',
    );
    expect(step).toMatchObject({ actions: ['invoice'], links: [{ label: 'Record a receipt' }] });
    expect(step!.text).not.toMatch(/\{\w+\}/);
  });
});

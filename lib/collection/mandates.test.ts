import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sepaMandates } from '@/db/schema';
import { makeActors, makePolicyHolder } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, ValidationError } from '../errors';
import { runDailyJobs } from '../jobs/daily';
import { createMandate, giveMandate, listMandates, revokeMandate, setMandateSequence } from './mandates';
import { buildPain008 } from './pain008';
import { isValidCreditorId } from './sepa';
import { getCollectionSettings, saveCollectionSettings } from './settings';
import { hasXmllint, SETTINGS, xsdErrors } from './testing/setup';

/* Issue 14: SEPA mandates and the creditor settings. */
let t: TestDb;
let a: Record<'approver' | 'viewer' | 'editor', Actor>;
let portal: Actor;
let ph: { id: string };
let other: { id: string };

beforeAll(async () => {
  t = await createTestDb();
  a = await makeActors(t.db, ['approver', 'viewer', 'editor'] as const);
  ph = await makePolicyHolder(t.db);
  other = await makePolicyHolder(t.db, { tradeName: 'Other Co' });
  portal = (await makeActors(t.db, ['portal'] as const, { policyHolderId: ph.id })).portal;
});
afterAll(() => t.close());

const valid = {
  debtorName: 'Acme Ltd',
  iban: 'fr14 2004 1010 0505 0001 3m02 606',
  bic: 'psstfrppxxx',
  signedOn: '2026-01-05',
};

describe('creditor settings', () => {
  it('validates the creditor identifier (ISO 7064 check digits) and keeps one versioned row', async () => {
    expect(isValidCreditorId('FR72ZZZ123456')).toBe(true);
    expect(isValidCreditorId('DE98ZZZ09999999999')).toBe(true);
    expect(isValidCreditorId('FR73ZZZ123456')).toBe(false);
    expect(isValidCreditorId('FR72ZZZ')).toBe(false);
    await expect(saveCollectionSettings(t.db, a.editor, SETTINGS)).rejects.toThrow(ForbiddenError);
    await expect(
      saveCollectionSettings(t.db, a.approver, { ...SETTINGS, creditorId: 'FR73ZZZ123456' }),
    ).rejects.toMatchObject({
      fieldErrors: { creditorId: [expect.stringContaining('creditor identifier')] },
    });
    await expect(
      saveCollectionSettings(t.db, a.approver, { ...SETTINGS, iban: 'FR7630006000011234567890188' }),
    ).rejects.toThrow(ValidationError);
    const first = await saveCollectionSettings(t.db, a.approver, { ...SETTINGS, returnFee: '' });
    expect(first).toMatchObject({ version: 1, preNotificationDays: 14, returnFee: null, bic: 'AGRIFRPP' });
    const second = await saveCollectionSettings(t.db, a.approver, { ...SETTINGS, version: 1 });
    expect(second).toMatchObject({ version: 2, returnFee: '7.50' });
    await expect(saveCollectionSettings(t.db, a.approver, { ...SETTINGS, version: 1 })).rejects.toThrow(
      ConflictError,
    );
    expect((await getCollectionSettings(t.db, a.approver))!.version).toBe(2);
  });
});

describe('mandates', () => {
  it('validates the IBAN and BIC with ibantools, and keeps one active mandate per policy holder', async () => {
    await expect(createMandate(t.db, a.viewer, { ...valid, policyHolderId: ph.id })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      createMandate(t.db, a.approver, {
        ...valid,
        policyHolderId: ph.id,
        iban: 'FR1420041010050500013M02607',
      }),
    ).rejects.toMatchObject({ fieldErrors: { iban: ['Enter a valid IBAN of a SEPA country.'] } });
    await expect(
      createMandate(t.db, a.approver, { ...valid, policyHolderId: ph.id, bic: 'NOTABIC' }),
    ).rejects.toThrow(ValidationError);
    // A valid IBAN of a country outside SEPA is refused too.
    await expect(
      createMandate(t.db, a.approver, {
        ...valid,
        policyHolderId: ph.id,
        iban: 'BR1800360305000010009795493C1',
      }),
    ).rejects.toThrow(ValidationError);
    const m = await createMandate(t.db, a.approver, {
      ...valid,
      policyHolderId: ph.id,
      reference: 'UMR-ACME-1',
    });
    expect(m).toMatchObject({
      iban: 'FR1420041010050500013M02606',
      bic: 'PSSTFRPPXXX',
      scheme: 'CORE',
      sequence: 'FRST',
      status: 'active',
      reference: 'UMR-ACME-1',
      source: 'staff',
    });
    await expect(createMandate(t.db, a.approver, { ...valid, policyHolderId: ph.id })).rejects.toThrow(
      ConflictError,
    );
    await expect(
      createMandate(t.db, a.approver, { ...valid, policyHolderId: other.id, reference: 'UMR-ACME-1' }),
    ).rejects.toThrow(ConflictError);
    const generated = await createMandate(t.db, a.approver, {
      ...valid,
      policyHolderId: other.id,
      scheme: 'B2B',
    });
    expect(generated.reference).toMatch(/^PCT-PH[A-Z0-9]+-[0-9A-F]{8}$/);
    expect(generated.reference.length).toBeLessThanOrEqual(35);
    const fnal = await setMandateSequence(t.db, a.approver, { id: generated.id, sequence: 'FNAL' });
    expect(fnal.sequence).toBe('FNAL');

    await expect(revokeMandate(t.db, a.approver, { id: m.id, reason: '' })).rejects.toThrow(ValidationError);
    const revoked = await revokeMandate(t.db, a.approver, {
      id: m.id,
      version: m.version,
      reason: 'Customer asked',
    });
    expect(revoked).toMatchObject({ status: 'revoked', revokedReason: 'Customer asked' });
    await expect(revokeMandate(t.db, a.approver, { id: m.id, reason: 'again' })).rejects.toThrow(
      InvalidStateError,
    );
  });

  it('a portal user gives a mandate for their own policy holder only, with the accepted text, time and user', async () => {
    const input = {
      policyHolderId: ph.id,
      debtorName: 'Jane Doe',
      iban: 'DE89370400440532013000',
      accept: true,
    };
    await expect(giveMandate(t.db, portal, { ...input, accept: false })).rejects.toThrow(ValidationError);
    await expect(giveMandate(t.db, portal, { ...input, policyHolderId: other.id })).rejects.toThrow(
      NotFoundError,
    );
    await expect(giveMandate(t.db, a.approver, input)).rejects.toThrow(ForbiddenError);
    const at = new Date('2026-03-01T10:00:00Z');
    const m = await giveMandate(t.db, portal, input, at);
    expect(m).toMatchObject({
      source: 'portal',
      acceptedBy: portal.id,
      signedOn: '2026-03-01',
      status: 'active',
    });
    expect(m.acceptedAt).toEqual(at);
    expect(m.acceptedText).toContain('you authorise the insurer');
    expect((await listMandates(t.db, portal, ph.id)).map((x) => x.status)).toEqual(['active', 'revoked']);
    await expect(listMandates(t.db, portal, other.id)).rejects.toThrow(NotFoundError);
  });

  it('expires a mandate unused for 36 months in the daily job', async () => {
    const [m] = await t.db.select().from(sepaMandates).where(eq(sepaMandates.policyHolderId, other.id));
    await t.db.update(sepaMandates).set({ lastCollectedOn: '2026-03-10' }).where(eq(sepaMandates.id, m!.id));
    expect((await runDailyJobs(t.db, '2029-03-09')).mandatesExpired).toBe(1); // the portal one, signed 2026-03-01
    expect((await runDailyJobs(t.db, '2029-03-09')).mandatesExpired).toBe(0);
    expect((await runDailyJobs(t.db, '2029-03-10')).mandatesExpired).toBe(1);
    const rows = await t.db.select().from(sepaMandates);
    expect(rows.filter((r) => r.status === 'active')).toEqual([]);
  });
});

describe('pain.008 files', () => {
  it.skipIf(!hasXmllint())('the schema check catches a malformed file', () => {
    const xml = buildPain008({
      messageId: 'MSG-1',
      createdAt: new Date('2026-04-01T10:00:00Z'),
      creditor: {
        name: 'Pactum',
        iban: 'FR7630006000011234567890189',
        bic: null,
        creditorId: 'FR72ZZZ123456',
      },
      scheme: 'CORE',
      sequence: 'RCUR',
      collectionDate: '2026-04-20',
      currency: 'EUR',
      transactions: [
        {
          endToEndId: 'PCT1',
          amount: '0.10',
          mandateReference: 'UMR-1',
          signedOn: '2026-01-01',
          debtorName: 'Zoë & Co <Ltd>',
          debtorIban: 'DE89370400440532013000',
          debtorBic: null,
          remittance: 'INV-2026-000001 2026-01-01',
        },
      ],
    });
    expect(xsdErrors(xml)).toBe('');
    expect(xml).toContain('<Nm>Zoe Co Ltd</Nm>');
    expect(xsdErrors(xml.replace('<SeqTp>RCUR</SeqTp>', '<SeqTp>LAST</SeqTp>'))).toMatch(/SeqTp/);
  });
});

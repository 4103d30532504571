import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { products } from '@/db/schema';
import { makeEmployer, makeScheme } from '@/db/seed/factories';
import type { Actor } from '../../auth/actor';
import { runBilling } from '../../billing/runs';
import { createContract } from '../../contracts/contracts';
import { approveContract, submitContract } from '../../contracts/transitions';
import { saveCollectionSettings } from '../settings';

/** Test helpers of the collection tests (not a test file itself). */
export const XSD = path.join(import.meta.dirname, 'pain.008.001.02.xsd');

export function hasXmllint(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Validates a pain.008 message against the schema with xmllint; returns its complaints ('' when valid). */
export function xsdErrors(xml: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pain008-')), 'file.xml');
  fs.writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
    return '';
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

export const SETTINGS = {
  creditorId: 'FR72ZZZ123456',
  creditorName: 'Pactum Assurances',
  iban: 'FR7630006000011234567890189',
  bic: 'AGRIFRPP',
  preNotificationDays: 14,
  returnFee: '7.50',
};

/**
 * Policy holders with one quarterly contract each (12 000 of income at 5 %: 150.00 a quarter, less the
 * approval date's proration), approved on 2 January 2026 and billed up to 1 April: two invoiced
 * installments each.
 */
export async function billedPolicyHolders(db: Db, a: { editor: Actor; approver: Actor }, n: number) {
  await saveCollectionSettings(db, a.approver, SETTINGS);
  const scheme = await makeScheme(db);
  await db.update(products).set({ billingFrequencyMonths: 3 }).where(eq(products.id, scheme.productId));
  const out: { id: string; contractId: string; code: string }[] = [];
  for (let i = 0; i < n; i++) {
    const ph = await makeEmployer(db, scheme.bundleId, ['12000.00'], {
      language: i % 2 ? 'fr' : 'en',
      paymentReference: `PAYREF-${i}-${ph0()}`,
    });
    const c = await createContract(db, a.editor, {
      code: `COL-${i}-${ph0()}`,
      policyHolderId: ph.id,
      dateValidFrom: '2026-01-01',
      dateValidTo: '2026-12-31',
    });
    await submitContract(db, a.editor, { id: c.id });
    await approveContract(db, a.approver, { id: c.id }, new Date('2026-01-02T00:00:00Z'));
    out.push({ id: ph.id, contractId: c.id, code: c.code });
  }
  await runBilling(db, a.approver, { upTo: '2026-04-01' }, new Date('2026-04-01T08:00:00Z'));
  return out;
}

let counter = 0;
const ph0 = () => `${process.pid}${++counter}`;

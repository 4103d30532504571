import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, contractDetails, notificationEvents, policyHolders } from '@/db/schema';
import { makeActors, makeEmployer, makePolicyHolder, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { listAttachments } from '../attachments/attachments';
import { createInvoice, listCreditNotes } from '../billing/invoices';
import { createContract } from '../contracts/contracts';
import { updateContractDetail } from '../contracts/details';
import { amendContract, approveContract, submitContract } from '../contracts/transitions';
import { InvalidStateError, NotFoundError } from '../errors';
import { deliverPending, type Mail } from '../notifications/sender';
import { localStore, setFileStore } from '../storage/storage';
import { downloadDocument } from './documents';

/** pdftotext (Debian's poppler-utils) reads the PDF as a person's reader would. */
let hasPdftotext = true;
try {
  execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
} catch {
  hasPdftotext = false;
}

let t: TestDb;
let dir: string;
let scheme: Awaited<ReturnType<typeof makeScheme>>;
let n = 0;
const day = new Date('2026-01-02T00:00:00Z');

beforeAll(async () => {
  t = await createTestDb();
  dir = await mkdtemp(path.join(tmpdir(), 'pactum-docs-'));
  setFileStore(localStore(dir));
  scheme = await makeScheme(t.db);
});
afterAll(async () => {
  setFileStore(null);
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

async function approvedFor(language: 'en' | 'fr', income = '12000.00') {
  const ph = await makeEmployer(t.db, scheme.bundleId, [income], {
    tradeName: language === 'fr' ? 'Boulangerie Dupré' : 'Acme Ltd',
    address: language === 'fr' ? '12 rue des Lilas\n75011 Paris' : '1 Main Street\nSpringfield',
    language,
  });
  const a = await makeActors(t.db, ['editor', 'approver', 'viewer', 'portal'] as const, {
    policyHolderId: ph.id,
  });
  const c = await createContract(t.db, a.editor, {
    code: `DOC-${++n}`,
    policyHolderId: ph.id,
    dateValidFrom: '2026-01-01',
    dateValidTo: '2026-12-31',
    paymentReference: `REF-${n}`,
  });
  await submitContract(t.db, a.editor, { id: c.id });
  return { a, ph, c: await approveContract(t.db, a.approver, { id: c.id }, day) };
}

async function textOf(bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, `probe-${++n}.pdf`);
  await writeFile(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('generated documents', () => {
  it('the mail announcing an invoice carries its PDF: the same bytes as every download', async () => {
    const { a, c } = await approvedFor('en');
    const inv = await createInvoice(t.db, a.approver, { contractId: c.id }, day);
    const [row] = await t.db
      .select()
      .from(notificationEvents)
      .where(and(eq(notificationEvents.contractId, c.id), eq(notificationEvents.event, 'invoice.issued')));
    expect(row!.attachmentRefs).toEqual([{ kind: 'invoice', id: inv.id }]);
    const sent: Mail[] = [];
    await deliverPending(t.db, { name: 'test', send: async (m) => void sent.push(m) }, { limit: 1000 });
    const mail = sent.find((m) => m.id === row!.id)!;
    expect(mail.attachments?.map((x) => [x.filename, x.contentType])).toEqual([
      [`Invoice ${inv.number}.pdf`, 'application/pdf'],
    ]);
    const pdf = await downloadDocument(t.db, a.portal, { kind: 'invoice', id: inv.id });
    expect(Buffer.from(pdf.bytes).equals(mail.attachments![0]!.content)).toBe(true);
    // Mails without a document carry none.
    expect(sent.filter((m) => m.id !== row!.id).every((m) => !m.attachments)).toBe(true);
  });

  it('an invoice PDF: rendered on first download, stored, the same bytes every time', async () => {
    const { a, c } = await approvedFor('en');
    const inv = await createInvoice(t.db, a.approver, { contractId: c.id }, day);
    // Issuing renders nothing: the PDF is made on first use.
    expect(await t.db.select().from(attachments).where(eq(attachments.documentId, inv.id))).toEqual([]);
    const first = await downloadDocument(t.db, a.portal, { kind: 'invoice', id: inv.id });
    expect(first.contentType).toBe('application/pdf');
    expect(first.fileName).toBe(`Invoice ${inv.number}.pdf`);
    expect(new TextDecoder().decode(first.bytes.subarray(0, 5))).toBe('%PDF-');
    const again = await downloadDocument(t.db, a.viewer, { kind: 'invoice', id: inv.id });
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    const rows = await t.db
      .select()
      .from(attachments)
      .where(and(eq(attachments.documentKind, 'invoice'), eq(attachments.documentId, inv.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      category: 'document',
      side: 'system',
      internal: false,
      contractId: c.id,
    });
    // Listed with the contract's files, for the portal too.
    expect((await listAttachments(t.db, a.portal, { contractId: c.id })).map((f) => f.fileName)).toContain(
      `Invoice ${inv.number}.pdf`,
    );
    if (hasPdftotext) {
      const text = await textOf(first.bytes);
      for (const s of [
        inv.number,
        '600.00 EUR',
        '2026-01-01',
        'Acme Ltd',
        '1 Main Street',
        'REF-',
        'Pactum Insurance',
      ])
        expect(text).toContain(s);
      expect(text).toMatch(/Due date\s+2026-02-01/);
    }
  });

  it('in the policy holder’s language', async () => {
    const { a, c } = await approvedFor('fr');
    const inv = await createInvoice(t.db, a.approver, { contractId: c.id }, day);
    const pdf = await downloadDocument(t.db, a.approver, { kind: 'invoice', id: inv.id });
    expect(pdf.fileName).toBe(`Facture ${inv.number}.pdf`);
    if (hasPdftotext) {
      const text = await textOf(pdf.bytes);
      expect(text).toContain('Boulangerie Dupré');
      expect(text).toMatch(/Date d’échéance\s+01\/02\/2026/);
      expect(text).toContain('600,00');
    }
  });

  it('is "not found" for another policy holder, and a certificate needs an approved contract', async () => {
    const { a, c } = await approvedFor('en');
    const inv = await createInvoice(t.db, a.approver, { contractId: c.id }, day);
    const other = await makeActors(t.db, ['portal'] as const, {
      policyHolderId: (await makePolicyHolder(t.db)).id,
    });
    await expect(downloadDocument(t.db, other.portal, { kind: 'invoice', id: inv.id })).rejects.toThrow(
      NotFoundError,
    );
    await expect(downloadDocument(t.db, other.portal, { kind: 'certificate', id: c.id })).rejects.toThrow(
      NotFoundError,
    );
    await expect(downloadDocument(t.db, a.portal, { kind: 'invoice', id: 'x' })).rejects.toThrow(
      NotFoundError,
    );
    const draft = await createContract(t.db, a.editor, {
      code: `DOC-D-${++n}`,
      policyHolderId: c.policyHolderId,
      dateValidFrom: '2026-01-01',
      dateValidTo: '2026-12-31',
    });
    await expect(downloadDocument(t.db, a.viewer, { kind: 'certificate', id: draft.id })).rejects.toThrow(
      InvalidStateError,
    );
  });

  it('a certificate names who is covered and from when to when; a credit note its invoice', async () => {
    const { a, c } = await approvedFor('en');
    const cert = await downloadDocument(t.db, a.portal, { kind: 'certificate', id: c.id });
    await createInvoice(t.db, a.approver, { contractId: c.id }, day);
    const am = await amendContract(t.db, a.editor, { id: c.id });
    const [detail] = await t.db.select().from(contractDetails).where(eq(contractDetails.contractId, am.id));
    await updateContractDetail(t.db, a.editor, { id: detail!.id, calculationParams: { income: '9600.00' } });
    await submitContract(t.db, a.editor, { id: am.id });
    await approveContract(t.db, a.approver, { id: am.id }, day);
    const [note] = await listCreditNotes(t.db, a.viewer, c.id);
    const cn = await downloadDocument(t.db, a.viewer, { kind: 'credit_note', id: note!.id });
    expect(cn.fileName).toBe(`Credit note ${note!.number}.pdf`);
    if (hasPdftotext) {
      const certText = await textOf(cert.bytes);
      expect(certText).toContain('Employee0 E0');
      expect(certText).toContain(c.code);
      expect(certText).toMatch(/from\s+2026-01-01\s+to\s+2026-12-31/);
      const cnText = await textOf(cn.bytes);
      expect(cnText).toContain(note!.number);
      expect(cnText).toContain(note!.invoiceNumber);
      expect(cnText).toContain('600.00 EUR');
    }
    const [ph] = await t.db.select().from(policyHolders).where(eq(policyHolders.id, c.policyHolderId!));
    expect(ph!.language).toBe('en');
  });
});

import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import {
  attachments,
  contractDetails,
  contracts,
  creditNotes,
  insureePolicies,
  insurees,
  invoiceLineItems,
  invoices,
  notificationEvents,
  policyHolders,
} from '@/db/schema';
import { readVerified } from '../attachments/attachments';
import { writeAudit } from '../audit/audit';
import { type Actor, systemActor, todayIso } from '../auth/actor';
import { assertFound } from '../concurrency';
import { getContract } from '../contracts/contracts';
import { STATE_CONFIG } from '../contracts/states';
import { InvalidStateError, NotFoundError } from '../errors';
import type { Locale } from '../format';
import { err, label } from '../i18n/keyed';
import { translate } from '../i18n/messages';
import { currencyCode } from '../money';
import { contentDisposition } from '../storage/files';
import { getFileStore, newStorageKey, sha256Hex } from '../storage/storage';
import { isUuid } from '../validation/common';
import { type DocumentData, insurerFromEnv, renderDocument } from './pdf';

/**
 * The insurer's documents (issue 16): invoice, credit note, contract certificate, and the dunning letters
 * (issue 14: a letter's id is the id of its mail in the outbox). Each is rendered once,
 * on first use (a download or the mail that announces it), and stored as an attachment of its contract
 * (category "document"): every later download gets the same bytes, checked against their checksum.
 * Rendering is never part of issuing, so the billing run stays one set-based pass with no PDF in it.
 */
export type DocumentKind = 'invoice' | 'credit_note' | 'certificate' | 'dunning_letter';
export type DocumentRef = { kind: DocumentKind; id: string };
export type DocumentFile = { fileName: string; contentType: string; bytes: Uint8Array; disposition: string };

const asLocale = (v: string | null | undefined): Locale => (v === 'fr' ? 'fr' : 'en');
const todayOf = (d: Date) => d.toISOString().slice(0, 10);

async function loadParty(db: DbOrTx, contractId: string) {
  const [row] = await db
    .select({
      contractId: contracts.id,
      contractCode: contracts.code,
      amendment: contracts.amendment,
      state: contracts.state,
      paymentReference: contracts.paymentReference,
      dateValidFrom: contracts.dateValidFrom,
      dateValidTo: contracts.dateValidTo,
      policyHolderId: contracts.policyHolderId,
      name: policyHolders.tradeName,
      address: policyHolders.address,
      language: policyHolders.language,
    })
    .from(contracts)
    .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
    .where(eq(contracts.id, contractId));
  assertFound(row, 'contract');
  return {
    ...row,
    code: row.amendment ? `${row.contractCode}/${row.amendment}` : row.contractCode,
    locale: asLocale(row.language),
    party: { name: row.name ?? row.contractCode, address: row.address },
  };
}

/** What the document shows, read from the database (no actor: callers have checked the scope). */
async function loadDocument(
  db: DbOrTx,
  ref: DocumentRef,
  today: string,
): Promise<{
  data: DocumentData;
  locale: Locale;
  contractId: string;
  policyHolderId: string | null;
  fileName: string;
}> {
  const insurer = insurerFromEnv();
  const currency = currencyCode();
  if (ref.kind === 'invoice') {
    const [inv] = await db
      .select()
      .from(invoices)
      .where(and(eq(invoices.id, ref.id), eq(invoices.isDeleted, false)));
    assertFound(inv, 'invoice');
    const p = await loadParty(db, inv.contractId);
    const lines = await db
      .select({
        description: invoiceLineItems.description,
        periodFrom: invoiceLineItems.periodFrom,
        periodTo: invoiceLineItems.periodTo,
        amount: invoiceLineItems.amount,
      })
      .from(invoiceLineItems)
      .where(and(eq(invoiceLineItems.contractId, inv.contractId), eq(invoiceLineItems.invoiceId, inv.id)))
      .orderBy(asc(invoiceLineItems.periodFrom), asc(invoiceLineItems.description));
    return {
      locale: p.locale,
      contractId: inv.contractId,
      policyHolderId: inv.policyHolderId ?? p.policyHolderId,
      fileName: `${translate(p.locale, 'doc.invoice')} ${inv.number}.pdf`,
      data: {
        kind: 'invoice',
        insurer,
        policyHolder: p.party,
        number: inv.number,
        dateIssued: inv.dateIssued,
        dueDate: inv.dueDate,
        periodFrom: inv.periodFrom,
        periodTo: inv.periodTo,
        contractCode: p.code,
        paymentReference: p.paymentReference,
        currency,
        lines,
        total: inv.total,
      },
    };
  }
  if (ref.kind === 'dunning_letter') {
    const [mail] = await db
      .select()
      .from(notificationEvents)
      .where(and(eq(notificationEvents.id, ref.id), eq(notificationEvents.event, 'dunning.letter')));
    if (!mail?.contractId) throw new NotFoundError(err('notFound', { label: label('document') }));
    const p = await loadParty(db, mail.contractId);
    const locale = asLocale(mail.language);
    const registered = mail.payload.registered === true;
    return {
      locale,
      contractId: p.contractId,
      policyHolderId: p.policyHolderId,
      fileName:
        `${translate(locale, registered ? 'doc.registeredLetter' : 'doc.letter')} ${p.code} ${todayOf(mail.createdAt)}.pdf`.replace(
          /\//g,
          '-',
        ),
      data: {
        kind: 'letter',
        insurer,
        policyHolder: p.party,
        contractCode: p.code,
        dateIssued: String(mail.payload.stepDate ?? todayOf(mail.createdAt)),
        registered,
        subject: mail.subject,
        body: mail.body,
      },
    };
  }
  if (ref.kind === 'credit_note') {
    const [cn] = await db
      .select({ note: creditNotes, invoiceNumber: invoices.number })
      .from(creditNotes)
      .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
      .where(and(eq(creditNotes.id, ref.id), eq(creditNotes.isDeleted, false)));
    assertFound(cn, 'creditNote');
    const p = await loadParty(db, cn.note.contractId);
    return {
      locale: p.locale,
      contractId: cn.note.contractId,
      policyHolderId: cn.note.policyHolderId ?? p.policyHolderId,
      fileName: `${translate(p.locale, 'doc.creditNote')} ${cn.note.number}.pdf`,
      data: {
        kind: 'credit_note',
        insurer,
        policyHolder: p.party,
        number: cn.note.number,
        invoiceNumber: cn.invoiceNumber,
        dateIssued: cn.note.dateIssued,
        contractCode: p.code,
        paymentReference: p.paymentReference,
        currency,
        reason: cn.note.reason,
        total: cn.note.total,
      },
    };
  }
  const p = await loadParty(db, ref.id);
  if (!STATE_CONFIG.invoiceable.includes(p.state))
    throw new InvalidStateError(err('documents.certificateIssuedApprovedEffective'));
  // Who the contract covers (its persons); when a policy already records the cover, its own dates.
  const persons = await db
    .select({
      insureeId: insurees.id,
      insuranceNumber: insurees.insuranceNumber,
      lastName: insurees.lastName,
      firstName: insurees.firstName,
    })
    .from(contractDetails)
    .innerJoin(insurees, eq(insurees.id, contractDetails.insureeId))
    .where(and(eq(contractDetails.contractId, ref.id), eq(contractDetails.isDeleted, false)))
    .orderBy(asc(insurees.lastName), asc(insurees.firstName), asc(insurees.insuranceNumber));
  const cover = await db
    .select({
      insureeId: insureePolicies.insureeId,
      from: insureePolicies.effectiveDate,
      to: insureePolicies.expiryDate,
    })
    .from(insureePolicies)
    .where(and(eq(insureePolicies.contractId, ref.id), eq(insureePolicies.isDeleted, false)));
  const coverOf = new Map(cover.map((x) => [x.insureeId, x]));
  return {
    locale: p.locale,
    contractId: ref.id,
    policyHolderId: p.policyHolderId,
    fileName: `${translate(p.locale, 'doc.certificate')} ${p.code}.pdf`.replace(/\//g, '-'),
    data: {
      kind: 'certificate',
      insurer,
      policyHolder: p.party,
      contractCode: p.code,
      dateIssued: today,
      dateValidFrom: p.dateValidFrom,
      dateValidTo: p.dateValidTo,
      persons: persons.map((x) => ({
        insuranceNumber: x.insuranceNumber,
        name: `${x.lastName} ${x.firstName}`,
        from: String(coverOf.get(x.insureeId)?.from ?? p.dateValidFrom),
        to: String(coverOf.get(x.insureeId)?.to ?? p.dateValidTo),
      })),
    },
  };
}

const SYSTEM = systemActor([]);

/**
 * The stored document, or rendered, stored and recorded now. Two first downloads at once render twice
 * but store once: the unique (kind, id) index keeps the first row and the other's bytes are dropped.
 */
export async function ensureDocument(
  db: DbOrTx,
  ref: DocumentRef,
  now = new Date(),
): Promise<{ fileName: string; contentType: string; bytes: Uint8Array }> {
  const existing = async () => {
    const [row] = await db
      .select()
      .from(attachments)
      .where(
        and(
          eq(attachments.documentKind, ref.kind),
          eq(attachments.documentId, ref.id),
          eq(attachments.isDeleted, false),
        ),
      );
    return row;
  };
  const found = await existing();
  if (found) return readVerified(found);
  const doc = await loadDocument(db, ref, todayIso(now));
  const bytes = new Uint8Array(await renderDocument(doc.data, doc.locale));
  const storageKey = newStorageKey(now);
  const store = getFileStore();
  await store.put(storageKey, bytes, 'application/pdf');
  const inserted = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(attachments)
      .values({
        contractId: doc.contractId,
        policyHolderId: doc.policyHolderId,
        category: 'document',
        fileName: doc.fileName,
        contentType: 'application/pdf',
        size: bytes.length,
        sha256: sha256Hex(bytes),
        storageKey,
        side: 'system',
        uploaderName: SYSTEM.name,
        documentKind: ref.kind,
        documentId: ref.id,
      })
      .onConflictDoNothing()
      .returning({ id: attachments.id });
    if (row)
      await writeAudit(tx, SYSTEM, [
        {
          operation: 'issue_document',
          entity: 'contract',
          entityId: doc.contractId,
          changes: [{ field: 'attachment', oldValue: null, newValue: doc.fileName }],
        },
      ]);
    return row;
  });
  if (!inserted) {
    await store.remove(storageKey).catch(() => undefined);
    const winner = await existing();
    assertFound(winner, 'document');
    return readVerified(winner);
  }
  return { fileName: doc.fileName, contentType: 'application/pdf', bytes };
}

/** Which contract a document belongs to, so the reader's scope can be checked on it. */
async function contractOf(db: DbOrTx, ref: DocumentRef): Promise<string> {
  if (ref.kind === 'certificate') return ref.id;
  if (ref.kind === 'dunning_letter') {
    const [mail] = await db
      .select({ contractId: notificationEvents.contractId })
      .from(notificationEvents)
      .where(and(eq(notificationEvents.id, ref.id), eq(notificationEvents.event, 'dunning.letter')));
    if (!mail?.contractId) throw new NotFoundError(err('notFound', { label: label('document') }));
    return mail.contractId;
  }
  const table = ref.kind === 'invoice' ? invoices : creditNotes;
  const [row] = await db
    .select({ contractId: table.contractId })
    .from(table)
    .where(and(eq(table.id, ref.id), eq(table.isDeleted, false)));
  if (!row)
    throw new NotFoundError(
      ref.kind === 'invoice'
        ? err('common.invoiceNotFound')
        : err('notFound', { label: label('creditNote') }),
    );
  return row.contractId;
}

/**
 * A document for a reader: in scope through its contract (another policy holder's is "not found"), then
 * the stored PDF (rendered on first use).
 */
export async function downloadDocument(db: DbOrTx, actor: Actor, ref: DocumentRef): Promise<DocumentFile> {
  if (!isUuid(ref.id)) throw new NotFoundError(err('notFound', { label: label('document') }));
  const contractId = await contractOf(db, ref);
  await getContract(db, actor, contractId, { includeDeleted: !actor.isPortal });
  const file = await ensureDocument(db, ref);
  return { ...file, disposition: contentDisposition(file.fileName) };
}

import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { contracts, creditNotes, installments, invoices, policyHolders, receipts } from '@/db/schema';
import type { Actor } from '../auth/actor';
import {
  creditNoteRegisterWhere,
  invoiceRegisterWhere,
  paymentRegisterWhere,
  receiptRegisterWhere,
} from '../billing/registers';
import { requireOp } from '../contracts/access';
import { money } from '../money';
import { EXPORT_PAGE } from './contracts';
import { type ExportColumn, type ExportFormat, exportStream } from './table-stream';

export const REGISTERS = ['invoices', 'payments', 'receipts', 'credit-notes'] as const;
export type Register = (typeof REGISTERS)[number];

type Key = { at: string; id: string };

/**
 * Pages of a register in (created_at, id) order with a keyset, never an offset. The timestamp is read as
 * text so that the next page starts exactly after it (a JS Date would drop the microseconds and repeat
 * or skip rows).
 */
async function* keysetPages<R extends { _at: string; _id: string }>(
  fetch: (after: SQL | undefined, limit: number) => Promise<R[]>,
  created: PgColumn,
  id: PgColumn,
  pageSize: number,
): AsyncGenerator<R[]> {
  let after: Key | null = null;
  for (;;) {
    const rows = await fetch(
      after ? sql`(${created}, ${id}) > (${after.at}::timestamptz, ${after.id}::uuid)` : undefined,
      pageSize,
    );
    if (!rows.length) return;
    yield rows;
    const last = rows.at(-1)!;
    after = { at: last._at, id: last._id };
    if (rows.length < pageSize) return;
  }
}

const ph = () => eq(policyHolders.id, contracts.policyHolderId);

function invoicePages(db: DbOrTx, where: SQL | undefined, pageSize: number) {
  return keysetPages(
    (after, limit) =>
      db
        .select({
          _at: sql<string>`${invoices.createdAt}::text`,
          _id: invoices.id,
          number: invoices.number,
          dateIssued: invoices.dateIssued,
          contractCode: contracts.code,
          amendment: contracts.amendment,
          policyHolderCode: policyHolders.code,
          policyHolderName: policyHolders.tradeName,
          periodFrom: invoices.periodFrom,
          periodTo: invoices.periodTo,
          state: invoices.state,
          total: invoices.total,
          amountCredited: invoices.amountCredited,
          amountPaid: invoices.amountPaid,
          dueDate: invoices.dueDate,
        })
        .from(invoices)
        .innerJoin(contracts, eq(contracts.id, invoices.contractId))
        .leftJoin(policyHolders, ph())
        .where(and(where, after))
        .orderBy(invoices.createdAt, invoices.id)
        .limit(limit),
    invoices.createdAt,
    invoices.id,
    pageSize,
  );
}
type InvoiceRow = Awaited<ReturnType<ReturnType<typeof invoicePages>['next']>>['value'] & object;

function paymentPages(db: DbOrTx, where: SQL | undefined, pageSize: number) {
  return keysetPages(
    (after, limit) =>
      db
        .select({
          _at: sql<string>`${installments.createdAt}::text`,
          _id: installments.id,
          contractCode: contracts.code,
          amendment: contracts.amendment,
          policyHolderCode: policyHolders.code,
          reference: contracts.paymentReference,
          periodFrom: installments.periodFrom,
          periodTo: installments.periodTo,
          dueDate: installments.dueDate,
          amount: installments.amount,
          allocated: installments.allocated,
          invoiceNumber: invoices.number,
        })
        .from(installments)
        .innerJoin(contracts, eq(contracts.id, installments.contractId))
        .leftJoin(invoices, eq(invoices.id, installments.invoiceId))
        .leftJoin(policyHolders, ph())
        .where(and(where, after))
        .orderBy(installments.createdAt, installments.id)
        .limit(limit),
    installments.createdAt,
    installments.id,
    pageSize,
  );
}

function receiptPages(db: DbOrTx, where: SQL | undefined, pageSize: number) {
  return keysetPages(
    (after, limit) =>
      db
        .select({
          _at: sql<string>`${receipts.createdAt}::text`,
          _id: receipts.id,
          receiptNumber: receipts.receiptNumber,
          receivedAt: receipts.receivedAt,
          contractCode: contracts.code,
          policyHolderCode: policyHolders.code,
          amount: receipts.amount,
          allocated: receipts.allocated,
          refunded: receipts.refunded,
          reversedAt: receipts.reversedAt,
        })
        .from(receipts)
        .leftJoin(contracts, eq(contracts.id, receipts.contractId))
        .leftJoin(policyHolders, eq(policyHolders.id, receipts.policyHolderId))
        .where(and(where, after))
        .orderBy(receipts.createdAt, receipts.id)
        .limit(limit),
    receipts.createdAt,
    receipts.id,
    pageSize,
  );
}

function creditNotePages(db: DbOrTx, where: SQL | undefined, pageSize: number) {
  return keysetPages(
    (after, limit) =>
      db
        .select({
          _at: sql<string>`${creditNotes.createdAt}::text`,
          _id: creditNotes.id,
          number: creditNotes.number,
          dateIssued: creditNotes.dateIssued,
          invoiceNumber: invoices.number,
          contractCode: contracts.code,
          amendment: contracts.amendment,
          policyHolderCode: policyHolders.code,
          reason: creditNotes.reason,
          total: creditNotes.total,
        })
        .from(creditNotes)
        .innerJoin(contracts, eq(contracts.id, creditNotes.contractId))
        .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
        .leftJoin(policyHolders, ph())
        .where(and(where, after))
        .orderBy(creditNotes.createdAt, creditNotes.id)
        .limit(limit),
    creditNotes.createdAt,
    creditNotes.id,
    pageSize,
  );
}

const today = (now: Date) => now.toISOString().slice(0, 10);

/** What the payment register calls an installment's status, on the export's day. */
function paymentStatus(r: { amount: string; allocated: string; dueDate: string | null }, day: string) {
  const allocated = money(r.allocated);
  if (allocated.gte(r.amount)) return 'paid';
  if (r.dueDate && r.dueDate < day) return 'overdue';
  return allocated.gt(0) ? 'partial' : 'unpaid';
}

/**
 * A register (the same search, the same tenant scope as its page) as a streamed CSV or XLSX download.
 * Permissions and the search are checked before the first byte; pages are read as the reader asks.
 */
export function exportRegister(
  db: DbOrTx,
  actor: Actor,
  register: Register,
  params: Record<string, unknown>,
  format: ExportFormat,
  { now = new Date(), pageSize = EXPORT_PAGE }: { now?: Date; pageSize?: number } = {},
): { stream: ReadableStream<Uint8Array>; filename: string } {
  requireOp(actor, 'read');
  const filename = `${register}-${today(now)}.${format}`;
  const rows = <T>(columns: ExportColumn<T>[], pages: AsyncIterable<T[]>) => ({
    stream: exportStream(format, columns, pages),
    filename,
  });
  if (register === 'invoices') {
    const columns: ExportColumn<InvoiceRow[number]>[] = [
      { header: 'Number', value: (r) => r.number },
      { header: 'Issued', value: (r) => r.dateIssued },
      { header: 'Contract', value: (r) => r.contractCode },
      { header: 'Amendment', value: (r) => r.amendment },
      { header: 'Policy holder', value: (r) => r.policyHolderCode },
      { header: 'Policy holder name', value: (r) => r.policyHolderName },
      { header: 'Period from', value: (r) => r.periodFrom },
      { header: 'Period to', value: (r) => r.periodTo },
      { header: 'State', value: (r) => r.state },
      { header: 'Total', value: (r) => r.total, money: true },
      { header: 'Credited', value: (r) => r.amountCredited, money: true },
      { header: 'Paid', value: (r) => r.amountPaid, money: true },
      { header: 'Due date', value: (r) => r.dueDate },
    ];
    return rows(columns, invoicePages(db, invoiceRegisterWhere(actor, params), pageSize));
  }
  if (register === 'payments') {
    const day = today(now);
    type Row = Awaited<ReturnType<ReturnType<typeof paymentPages>['next']>>['value'] & object;
    const columns: ExportColumn<Row[number]>[] = [
      { header: 'Contract', value: (r) => r.contractCode },
      { header: 'Amendment', value: (r) => r.amendment },
      { header: 'Policy holder', value: (r) => r.policyHolderCode },
      { header: 'Payment reference', value: (r) => r.reference },
      { header: 'Period from', value: (r) => r.periodFrom },
      { header: 'Period to', value: (r) => r.periodTo },
      { header: 'Due date', value: (r) => r.dueDate },
      { header: 'Amount', value: (r) => r.amount, money: true },
      { header: 'Paid', value: (r) => r.allocated, money: true },
      { header: 'Status', value: (r) => paymentStatus(r, day) },
      { header: 'Invoice', value: (r) => r.invoiceNumber },
    ];
    return rows(columns, paymentPages(db, paymentRegisterWhere(actor, params, now), pageSize));
  }
  if (register === 'receipts') {
    type Row = Awaited<ReturnType<ReturnType<typeof receiptPages>['next']>>['value'] & object;
    const columns: ExportColumn<Row[number]>[] = [
      { header: 'Number', value: (r) => r.receiptNumber },
      { header: 'Received', value: (r) => r.receivedAt },
      { header: 'Contract', value: (r) => r.contractCode },
      { header: 'Policy holder', value: (r) => r.policyHolderCode },
      { header: 'Amount', value: (r) => r.amount, money: true },
      { header: 'Allocated', value: (r) => r.allocated, money: true },
      { header: 'Refunded', value: (r) => r.refunded, money: true },
      { header: 'Reversed', value: (r) => r.reversedAt?.toISOString() ?? null },
    ];
    return rows(columns, receiptPages(db, receiptRegisterWhere(actor, params), pageSize));
  }
  type Row = Awaited<ReturnType<ReturnType<typeof creditNotePages>['next']>>['value'] & object;
  const columns: ExportColumn<Row[number]>[] = [
    { header: 'Number', value: (r) => r.number },
    { header: 'Issued', value: (r) => r.dateIssued },
    { header: 'Invoice', value: (r) => r.invoiceNumber },
    { header: 'Contract', value: (r) => r.contractCode },
    { header: 'Amendment', value: (r) => r.amendment },
    { header: 'Policy holder', value: (r) => r.policyHolderCode },
    { header: 'Reason', value: (r) => r.reason },
    { header: 'Total', value: (r) => r.total, money: true },
  ];
  return rows(columns, creditNotePages(db, creditNoteRegisterWhere(actor, params), pageSize));
}

import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { contracts, creditNotes, installments, invoices, policyHolders, receipts } from '@/db/schema';
import type { Actor } from '../auth/actor';
import { contractScope, requireOp } from '../contracts/access';
import { containsPattern } from '../sql';
import { pageParams, text } from '../validation/common';
import { parseInput } from '../validation/parse';
import { AGE_BUCKETS, ageRange } from './aging';
import { numberOrder } from './ledger';

const sortInput = z.object({
  sort: z.string().max(32).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).catch('asc').default('asc'),
});
type Dir = 'asc' | 'desc';
type SortKeys = Record<string, (dir: Dir) => SQL[]>;
const by = (column: AnyPgColumn | SQL) => (dir: Dir) => [dir === 'asc' ? asc(column) : desc(column)];

/**
 * The register's ORDER BY from the URL's `sort` and `dir` (the table's column headers set them). A key
 * the register does not know falls back to its usual order rather than failing an old or edited link; the
 * row id breaks ties, so paging through equal values never shows a row twice or skips one.
 */
function orderFor(params: Record<string, unknown>, keys: SortKeys, fallback: SQL[], id: AnyPgColumn): SQL[] {
  const { sort, dir } = parseInput(sortInput, params);
  const order = sort && Object.hasOwn(keys, sort) ? keys[sort] : undefined;
  return order ? [...order(dir), dir === 'asc' ? asc(id) : desc(id)] : fallback;
}

/** The sort keys each register offers (its sortable columns); the pages name their columns with them. */
export const REGISTER_SORTS = {
  invoices: ['number', 'dateIssued', 'contract', 'policyHolder', 'period', 'state', 'total'],
  payments: [
    'contract',
    'policyHolder',
    'period',
    'due',
    'reference',
    'state',
    'expected',
    'received',
    'balance',
  ],
  receipts: ['number', 'receivedAt', 'contract', 'policyHolder', 'amount', 'allocated'],
  creditNotes: ['number', 'dateIssued', 'contract', 'policyHolder', 'invoice', 'total'],
} as const;

const invoiceSearch = z.object({ q: text(64, 'search').optional().default('') });

/** The invoice register's filter (the page and its export share it); joins contracts and policy holders. */
export function invoiceRegisterWhere(actor: Actor, params: Record<string, unknown>): SQL | undefined {
  const { q } = parseInput(invoiceSearch, params);
  const like = containsPattern(q);
  return and(
    contractScope(actor),
    eq(invoices.isDeleted, false),
    q
      ? or(ilike(invoices.number, like), ilike(contracts.code, like), ilike(policyHolders.code, like))
      : undefined,
  );
}

/** The invoice register: every invoice, newest first, searchable by number, contract or policy holder code. */
export async function searchInvoices(db: DbOrTx, actor: Actor, params: Record<string, unknown>) {
  requireOp(actor, 'read');
  const where = invoiceRegisterWhere(actor, params);
  const { page, pageSize } = parseInput(pageParams, params);
  const base = () =>
    db
      .select({
        id: invoices.id,
        number: invoices.number,
        dateIssued: invoices.dateIssued,
        periodFrom: invoices.periodFrom,
        periodTo: invoices.periodTo,
        total: invoices.total,
        state: invoices.state,
        amountPaid: invoices.amountPaid,
        amountCredited: invoices.amountCredited,
        dueDate: invoices.dueDate,
        contractId: contracts.id,
        contractCode: contracts.code,
        amendment: contracts.amendment,
        policyHolderCode: policyHolders.code,
      })
      .from(invoices)
      .innerJoin(contracts, eq(contracts.id, invoices.contractId))
      .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId));
  const [items, [total]] = await Promise.all([
    base()
      .where(where)
      .orderBy(
        ...orderFor(
          params,
          {
            number: (d) => numberOrder(invoices.number, d),
            dateIssued: by(invoices.dateIssued),
            contract: by(contracts.code),
            policyHolder: by(policyHolders.code),
            period: by(invoices.periodFrom),
            state: by(invoices.state),
            total: by(invoices.total),
          } satisfies Record<(typeof REGISTER_SORTS.invoices)[number], (dir: Dir) => SQL[]>,
          numberOrder(invoices.number, 'desc'),
          invoices.id,
        ),
      )
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(invoices)
      .innerJoin(contracts, eq(contracts.id, invoices.contractId))
      .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
      .where(where),
  ]);
  return { items, total: total?.n ?? 0, page, pageSize };
}

const INSTALLMENT_STATUSES = ['unpaid', 'partial', 'paid', 'overdue'] as const;
const installmentSearch = z.object({
  status: z
    .enum([...INSTALLMENT_STATUSES, ''])
    .catch('')
    .default(''),
  q: text(64, 'search').optional().default(''),
  /** The dashboard's aging tiles link here: what is still to receive, due in that range. */
  age: z
    .enum([...AGE_BUCKETS, ''])
    .catch('')
    .default(''),
});

/** The payment register's filter (the page and its export share it); joins contracts, invoices, holders. */
export function paymentRegisterWhere(
  actor: Actor,
  params: Record<string, unknown>,
  now = new Date(),
): SQL | undefined {
  const { status, q, age } = parseInput(installmentSearch, params);
  const like = containsPattern(q);
  const today = now.toISOString().slice(0, 10);
  const range = age ? ageRange(age, today) : null;
  const conditions: (SQL | undefined)[] = [
    contractScope(actor),
    eq(installments.live, true),
    status === 'unpaid' ? sql`${installments.allocated} = 0 and ${installments.amount} > 0` : undefined,
    status === 'partial'
      ? sql`${installments.allocated} > 0 and ${installments.allocated} < ${installments.amount}`
      : undefined,
    status === 'paid' ? sql`${installments.allocated} = ${installments.amount}` : undefined,
    status === 'overdue'
      ? sql`${installments.allocated} < ${installments.amount} and ${installments.dueDate} < ${today}::date`
      : undefined,
    range ? sql`${installments.allocated} < ${installments.amount}` : undefined,
    range?.from ? sql`${installments.dueDate} >= ${range.from}::date` : undefined,
    range?.to ? sql`${installments.dueDate} <= ${range.to}::date` : undefined,
    q
      ? or(
          ilike(contracts.code, like),
          ilike(contracts.paymentReference, like),
          ilike(policyHolders.code, like),
        )
      : undefined,
  ];
  return and(...conditions);
}

/**
 * The payment register: every live installment (what approvals asked for, per billing period) with what
 * receipts paid of it, by status (unpaid, partly paid, paid, overdue: unpaid past its due date).
 */
export async function searchPayments(
  db: DbOrTx,
  actor: Actor,
  params: Record<string, unknown>,
  now = new Date(),
) {
  requireOp(actor, 'read');
  const where = paymentRegisterWhere(actor, params, now);
  const { page, pageSize } = parseInput(pageParams, params);
  const from = () =>
    db
      .select({
        id: installments.id,
        periodFrom: installments.periodFrom,
        periodTo: installments.periodTo,
        dueDate: installments.dueDate,
        amount: installments.amount,
        allocated: installments.allocated,
        state: installments.state,
        invoiceNumber: invoices.number,
        reference: contracts.paymentReference,
        contractId: contracts.id,
        contractCode: contracts.code,
        amendment: contracts.amendment,
        policyHolderCode: policyHolders.code,
      })
      .from(installments)
      .innerJoin(contracts, eq(contracts.id, installments.contractId))
      .leftJoin(invoices, eq(invoices.id, installments.invoiceId))
      .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId));
  const [items, [total]] = await Promise.all([
    from()
      .where(where)
      .orderBy(
        ...orderFor(
          params,
          {
            contract: by(contracts.code),
            policyHolder: by(policyHolders.code),
            period: by(installments.periodFrom),
            due: by(installments.dueDate),
            reference: by(contracts.paymentReference),
            state: by(installments.state),
            expected: by(installments.amount),
            received: by(installments.allocated),
            balance: by(sql`(${installments.amount} - ${installments.allocated})`),
          } satisfies Record<(typeof REGISTER_SORTS.payments)[number], (dir: Dir) => SQL[]>,
          [desc(installments.dueDate), desc(installments.createdAt)],
          installments.id,
        ),
      )
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(installments)
      .innerJoin(contracts, eq(contracts.id, installments.contractId))
      .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
      .where(where),
  ]);
  return { items, total: total?.n ?? 0, page, pageSize };
}

/** The receipt register's filter (the page and its export share it); joins contracts and policy holders. */
export function receiptRegisterWhere(actor: Actor, params: Record<string, unknown>): SQL | undefined {
  const { q } = parseInput(invoiceSearch, params);
  const like = containsPattern(q);
  return and(
    eq(receipts.isDeleted, false),
    actor.isPortal
      ? actor.policyHolderIds.length
        ? inArray(receipts.policyHolderId, [...actor.policyHolderIds])
        : sql`false`
      : undefined,
    q
      ? or(ilike(receipts.receiptNumber, like), ilike(contracts.code, like), ilike(policyHolders.code, like))
      : undefined,
  );
}

/** The receipt register: money received, what it pays, what is left as credit, reversals. */
export async function searchReceipts(db: DbOrTx, actor: Actor, params: Record<string, unknown>) {
  requireOp(actor, 'read');
  const where = receiptRegisterWhere(actor, params);
  const { page, pageSize } = parseInput(pageParams, params);
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: receipts.id,
        receiptNumber: receipts.receiptNumber,
        receivedAt: receipts.receivedAt,
        amount: receipts.amount,
        allocated: receipts.allocated,
        refunded: receipts.refunded,
        reversedAt: receipts.reversedAt,
        contractId: contracts.id,
        contractCode: contracts.code,
        policyHolderId: policyHolders.id,
        policyHolderCode: policyHolders.code,
      })
      .from(receipts)
      .leftJoin(contracts, eq(contracts.id, receipts.contractId))
      .leftJoin(policyHolders, eq(policyHolders.id, receipts.policyHolderId))
      .where(where)
      .orderBy(
        ...orderFor(
          params,
          {
            number: by(receipts.receiptNumber),
            receivedAt: by(receipts.receivedAt),
            contract: by(contracts.code),
            policyHolder: by(policyHolders.code),
            amount: by(receipts.amount),
            allocated: by(receipts.allocated),
          } satisfies Record<(typeof REGISTER_SORTS.receipts)[number], (dir: Dir) => SQL[]>,
          [desc(receipts.receivedAt), desc(receipts.createdAt)],
          receipts.id,
        ),
      )
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(receipts)
      .leftJoin(contracts, eq(contracts.id, receipts.contractId))
      .leftJoin(policyHolders, eq(policyHolders.id, receipts.policyHolderId))
      .where(where),
  ]);
  return { items, total: total?.n ?? 0, page, pageSize };
}

/** The credit-note register's filter (the page and its export share it); joins contracts and holders. */
export function creditNoteRegisterWhere(actor: Actor, params: Record<string, unknown>): SQL | undefined {
  const { q } = parseInput(invoiceSearch, params);
  const like = containsPattern(q);
  return and(
    contractScope(actor),
    q
      ? or(ilike(creditNotes.number, like), ilike(contracts.code, like), ilike(policyHolders.code, like))
      : undefined,
  );
}

/** The credit-note register, newest first, searchable by number, contract or policy holder code. */
export async function searchCreditNotes(db: DbOrTx, actor: Actor, params: Record<string, unknown>) {
  requireOp(actor, 'read');
  const where = creditNoteRegisterWhere(actor, params);
  const { page, pageSize } = parseInput(pageParams, params);
  const base = () =>
    db
      .select({ n: count() })
      .from(creditNotes)
      .innerJoin(contracts, eq(contracts.id, creditNotes.contractId))
      .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId));
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: creditNotes.id,
        number: creditNotes.number,
        dateIssued: creditNotes.dateIssued,
        total: creditNotes.total,
        reason: creditNotes.reason,
        invoiceNumber: invoices.number,
        contractId: contracts.id,
        contractCode: contracts.code,
        amendment: contracts.amendment,
        policyHolderCode: policyHolders.code,
      })
      .from(creditNotes)
      .innerJoin(contracts, eq(contracts.id, creditNotes.contractId))
      .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
      .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
      .where(where)
      .orderBy(
        ...orderFor(
          params,
          {
            number: (d) => numberOrder(creditNotes.number, d),
            dateIssued: by(creditNotes.dateIssued),
            contract: by(contracts.code),
            policyHolder: by(policyHolders.code),
            invoice: (d) => numberOrder(invoices.number, d),
            total: by(creditNotes.total),
          } satisfies Record<(typeof REGISTER_SORTS.creditNotes)[number], (dir: Dir) => SQL[]>,
          numberOrder(creditNotes.number, 'desc'),
          creditNotes.id,
        ),
      )
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    base().where(where),
  ]);
  return { items, total: total?.n ?? 0, page, pageSize };
}

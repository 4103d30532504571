import { and, count, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { contracts, invoices, payments, policyHolders } from '@/db/schema';
import type { Actor } from '../auth/actor';
import { contractScope, requireOp } from '../contracts/access';
import { containsPattern } from '../sql';
import { pageParams, text } from '../validation/common';
import { parseInput } from '../validation/parse';

const invoiceSearch = z.object({ q: text(64, 'Search').optional().default('') });
const paymentSearch = z.object({
  status: z.enum(['requested', 'partial', 'paid', 'credit', '']).catch('').default(''),
  q: text(64, 'Search').optional().default(''),
});

/** The invoice register: every invoice, newest first, searchable by number, contract or policy holder code. */
export async function searchInvoices(db: DbOrTx, actor: Actor, params: Record<string, unknown>) {
  requireOp(actor, 'read');
  const { q } = parseInput(invoiceSearch, params);
  const { page, pageSize } = parseInput(pageParams, params);
  const like = containsPattern(q);
  const where = and(
    contractScope(actor),
    eq(invoices.isDeleted, false),
    q
      ? or(ilike(invoices.number, like), ilike(contracts.code, like), ilike(policyHolders.code, like))
      : undefined,
  );
  const base = () =>
    db
      .select({
        id: invoices.id,
        number: invoices.number,
        dateIssued: invoices.dateIssued,
        periodFrom: invoices.periodFrom,
        periodTo: invoices.periodTo,
        total: invoices.total,
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
      .orderBy(desc(invoices.number))
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

/** The payment register: payment requests and credits with what was received, by status. */
export async function searchPayments(db: DbOrTx, actor: Actor, params: Record<string, unknown>) {
  requireOp(actor, 'read');
  const { status, q } = parseInput(paymentSearch, params);
  const { page, pageSize } = parseInput(pageParams, params);
  const like = containsPattern(q);
  const conditions: (SQL | undefined)[] = [
    contractScope(actor),
    eq(payments.isDeleted, false),
    status ? eq(payments.status, status) : undefined,
    q
      ? or(ilike(contracts.code, like), ilike(payments.reference, like), ilike(policyHolders.code, like))
      : undefined,
  ];
  const where = and(...conditions);
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: payments.id,
        kind: payments.kind,
        status: payments.status,
        expectedAmount: payments.expectedAmount,
        receivedAmount: payments.receivedAmount,
        requestDate: payments.requestDate,
        reference: payments.reference,
        contractId: contracts.id,
        contractCode: contracts.code,
        amendment: contracts.amendment,
        datePaymentDue: contracts.datePaymentDue,
        policyHolderCode: policyHolders.code,
      })
      .from(payments)
      .innerJoin(contracts, eq(contracts.id, payments.contractId))
      .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
      .where(where)
      .orderBy(desc(payments.requestDate), desc(payments.createdAt))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(payments)
      .innerJoin(contracts, eq(contracts.id, payments.contractId))
      .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
      .where(where),
  ]);
  return { items, total: total?.n ?? 0, page, pageSize };
}

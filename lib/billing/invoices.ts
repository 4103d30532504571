import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { creditNotes, installments, invoiceLineItems, invoices } from '@/db/schema';
import { writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import { lockContract, requireOp } from '../contracts/access';
import { getContract } from '../contracts/contracts';
import { STATE_CONFIG } from '../contracts/states';
import { todayIso } from '../dates';
import { InvalidStateError } from '../errors';
import { err, state } from '../i18n/keyed';
import { money, toMoneyString } from '../money';
import { invoiceInput } from '../validation/contract';
import { parseInput } from '../validation/parse';
import { accountOf, issueInvoice, lockAccounts, numberOrder } from './ledger';

export type InvoiceDto = {
  id: string;
  number: string;
  dateIssued: string;
  dueDate: string | null;
  periodFrom: string;
  periodTo: string;
  total: string;
  state: string;
  amountPaid: string;
  amountCredited: string;
  /** What is still to pay on it: total − credited − paid. */
  open: string;
  lines: { id: string; description: string; periodFrom: string; periodTo: string; amount: string }[];
};

/**
 * Invoices the contract's next installment not invoiced yet, with every other one already due (due
 * date up to `upTo`, default today): one document, a gapless number. A period of a contract chain is
 * never invoiced twice (a unique index on the invoiced installments says so too).
 */
export async function createInvoice(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  now = new Date(),
): Promise<InvoiceDto> {
  requireOp(actor, 'invoice');
  const { contractId, upTo } = parseInput(invoiceInput, input);
  const invoiceId = await db.transaction(async (tx) => {
    const contract = await lockContract(tx, actor, contractId);
    if (!STATE_CONFIG.invoiceable.includes(contract.state)) {
      throw new InvalidStateError(err('billing.onlyApprovedInvoiced', { state: state(contract.state) }));
    }
    await lockAccounts(tx, [accountOf(contract)]);
    const open = await tx
      .select({ id: installments.id, dueDate: installments.dueDate })
      .from(installments)
      .where(and(eq(installments.contractId, contractId), eq(installments.state, 'open')))
      .orderBy(asc(installments.periodFrom))
      .for('update');
    if (!open.length) throw new InvalidStateError(err('billing.everyInstallmentContractAlready'));
    const limit = upTo ?? todayIso(now);
    const chosen = open.filter((o, i) => i === 0 || o.dueDate <= limit);
    const invoice = await issueInvoice(
      tx,
      actor,
      contract,
      chosen.map((o) => o.id),
      now,
    );
    await writeAudit(tx, actor, [
      {
        operation: 'create_invoice',
        entity: 'contract',
        entityId: contractId,
        changes: [{ field: 'invoice', oldValue: null, newValue: `${invoice.number} (${invoice.total})` }],
      },
    ]);
    return invoice.id;
  });
  const [created] = (await listInvoices(db, actor, contractId)).filter((i) => i.id === invoiceId);
  return created!;
}

export async function listInvoices(db: DbOrTx, actor: Actor, contractId: string): Promise<InvoiceDto[]> {
  await getContract(db, actor, contractId, { includeDeleted: true });
  const rows = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.contractId, contractId), eq(invoices.isDeleted, false)))
    .orderBy(...numberOrder(invoices.number));
  const lines = await db
    .select({
      id: invoiceLineItems.id,
      invoiceId: invoiceLineItems.invoiceId,
      description: invoiceLineItems.description,
      periodFrom: invoiceLineItems.periodFrom,
      periodTo: invoiceLineItems.periodTo,
      amount: invoiceLineItems.amount,
    })
    .from(invoiceLineItems)
    .innerJoin(invoices, eq(invoices.id, invoiceLineItems.invoiceId))
    .where(and(eq(invoiceLineItems.contractId, contractId), eq(invoices.contractId, contractId)))
    .orderBy(invoiceLineItems.periodFrom, invoiceLineItems.description);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    dateIssued: r.dateIssued,
    dueDate: r.dueDate,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    total: r.total,
    state: r.state,
    amountPaid: r.amountPaid,
    amountCredited: r.amountCredited,
    open: toMoneyString(money(r.total).minus(r.amountCredited).minus(r.amountPaid)),
    lines: lines.filter((l) => l.invoiceId === r.id).map(({ invoiceId: _, ...l }) => l),
  }));
}

export type CreditNoteDto = {
  id: string;
  number: string;
  invoiceNumber: string;
  dateIssued: string;
  total: string;
  reason: string;
};

/** The credit notes of a contract chain's contracts (those issued against this contract's invoices). */
export async function listCreditNotes(
  db: DbOrTx,
  actor: Actor,
  contractId: string,
): Promise<CreditNoteDto[]> {
  await getContract(db, actor, contractId, { includeDeleted: true });
  return db
    .select({
      id: creditNotes.id,
      number: creditNotes.number,
      invoiceNumber: invoices.number,
      dateIssued: creditNotes.dateIssued,
      total: creditNotes.total,
      reason: creditNotes.reason,
    })
    .from(creditNotes)
    .innerJoin(invoices, eq(invoices.id, creditNotes.invoiceId))
    .where(eq(creditNotes.contractId, contractId))
    .orderBy(...numberOrder(creditNotes.number));
}

/** Whether the contract has an installment not invoiced yet (the card offers "Create invoice" only then). */
export async function hasInstallmentToInvoice(db: DbOrTx, contractId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: installments.id })
    .from(installments)
    .where(and(eq(installments.contractId, contractId), eq(installments.state, 'open')))
    .limit(1);
  return !!row;
}

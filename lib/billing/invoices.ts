import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import {
  contractContributionDetails,
  contractDetails,
  contributionPlans,
  insurees,
  invoiceLines,
  invoices,
} from '@/db/schema';
import { writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import { lockContract, requireOp } from '../contracts/access';
import { getContract } from '../contracts/contracts';
import { STATE_CONFIG, stateLabel } from '../contracts/states';
import { maxDate, minDate, todayIso } from '../dates';
import { InvalidStateError } from '../errors';
import { money, toMoneyString } from '../money';
import { recordEvent } from '../notifications/events';
import { invoiceInput } from '../validation/contract';
import { parseInput } from '../validation/parse';

/**
 * The next number of the year's gapless sequence. The upsert locks the year's row until the
 * transaction ends, so concurrent invoices queue, and a rolled-back invoice gives its number back.
 */
async function nextInvoiceNumber(tx: Tx, year: number): Promise<string> {
  const rows = await tx.execute<{ last_value: number }>(sql`
    insert into invoice_sequences (year, last_value) values (${year}, 1)
    on conflict (year) do update set last_value = invoice_sequences.last_value + 1
    returning last_value`);
  const n = Number(rows[0]?.last_value);
  return `INV-${year}-${String(n).padStart(6, '0')}`;
}

export type InvoiceDto = {
  id: string;
  number: string;
  dateIssued: string;
  periodFrom: string;
  periodTo: string;
  total: string;
  lines: { id: string; description: string; periodFrom: string; periodTo: string; amount: string }[];
};

/** One invoice of the contract's contribution lines not invoiced yet; a period is never invoiced twice. */
export async function createInvoice(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  now = new Date(),
): Promise<InvoiceDto> {
  requireOp(actor, 'invoice');
  const { contractId } = parseInput(invoiceInput, input);
  const invoiceId = await db.transaction(async (tx) => {
    const contract = await lockContract(tx, actor, contractId);
    if (!STATE_CONFIG.invoiceable.includes(contract.state)) {
      throw new InvalidStateError(
        `Only an executable or effective contract can be invoiced; this one is ${stateLabel(contract.state)}.`,
      );
    }
    const pending = await tx
      .select({
        id: contractContributionDetails.id,
        from: contractContributionDetails.dateValidFrom,
        to: contractContributionDetails.dateValidTo,
        amount: contractContributionDetails.amount,
        plan: contributionPlans.name,
        insuree: sql<string>`${insurees.lastName} || ' ' || ${insurees.firstName}`,
      })
      .from(contractContributionDetails)
      .innerJoin(contractDetails, eq(contractDetails.id, contractContributionDetails.contractDetailId))
      .innerJoin(insurees, eq(insurees.id, contractDetails.insureeId))
      .innerJoin(contributionPlans, eq(contributionPlans.id, contractContributionDetails.contributionPlanId))
      .leftJoin(invoiceLines, eq(invoiceLines.contractContributionDetailId, contractContributionDetails.id))
      .where(
        and(
          eq(contractContributionDetails.contractId, contractId),
          eq(contractContributionDetails.isDeleted, false),
          isNull(invoiceLines.id),
        ),
      )
      .orderBy(asc(contractContributionDetails.dateValidFrom), asc(insurees.lastName));
    if (!pending.length)
      throw new InvalidStateError('Every contribution of this contract has already been invoiced.');

    const total = pending.reduce((s, l) => s.plus(l.amount), money(0));
    const number = await nextInvoiceNumber(tx, now.getUTCFullYear());
    const [invoice] = await tx
      .insert(invoices)
      .values({
        number,
        contractId,
        dateIssued: todayIso(now),
        periodFrom: pending.reduce((m, l) => minDate(m, l.from), pending[0]!.from),
        periodTo: pending.reduce((m, l) => maxDate(m, l.to), pending[0]!.to),
        total: toMoneyString(total),
        createdBy: actor.id,
        updatedBy: actor.id,
      })
      .returning({ id: invoices.id });
    for (let i = 0; i < pending.length; i += 1000) {
      await tx.insert(invoiceLines).values(
        pending.slice(i, i + 1000).map((l) => ({
          invoiceId: invoice!.id,
          contractContributionDetailId: l.id,
          description: `${l.plan} — ${l.insuree}`,
          periodFrom: l.from,
          periodTo: l.to,
          amount: l.amount,
        })),
      );
    }
    await writeAudit(tx, actor, [
      {
        operation: 'create_invoice',
        entity: 'contract',
        entityId: contractId,
        changes: [{ field: 'invoice', oldValue: null, newValue: `${number} (${toMoneyString(total)})` }],
      },
    ]);
    await recordEvent(tx, 'invoice.issued', contractId, {
      invoiceNumber: number,
      invoiceTotal: toMoneyString(total),
    });
    return invoice!.id;
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
    .orderBy(invoices.number);
  const lines = await db
    .select({
      id: invoiceLines.id,
      invoiceId: invoiceLines.invoiceId,
      description: invoiceLines.description,
      periodFrom: invoiceLines.periodFrom,
      periodTo: invoiceLines.periodTo,
      amount: invoiceLines.amount,
    })
    .from(invoiceLines)
    .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
    .where(eq(invoices.contractId, contractId))
    .orderBy(invoiceLines.periodFrom, invoiceLines.description);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    dateIssued: r.dateIssued,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    total: r.total,
    lines: lines.filter((l) => l.invoiceId === r.id).map(({ invoiceId: _, ...l }) => l),
  }));
}

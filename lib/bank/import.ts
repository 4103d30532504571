import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { bankLineReceipts, bankLines, bankStatements, collectionItems } from '@/db/schema';
import { writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { recordReceipt } from '../billing/receipts';
import { isDomainError } from '../errors';
import { err } from '../i18n/keyed';
import { money } from '../money';
import { optionalText } from '../validation/common';
import { parseInput } from '../validation/parse';
import { digestOf, parseStatement } from './parse';
import { recordCollectionReturn } from './returns';

export type BankLineRow = typeof bankLines.$inferSelect;

export const statementImportInput = z.strictObject({
  fileName: optionalText(255, 'fileName').optional(),
  content: z
    .string({ error: err('bank.chooseStatementFileImport') })
    .min(1, err('bank.chooseStatementFileImport'))
    .max(20_000_000, err('bank.statementFileTooLarge')),
});

export type ImportResult = {
  statementId: string;
  format: string;
  /** The same file was imported before: nothing was created. */
  duplicate: boolean;
  lines: number;
  /** Lines already known from another statement (a camt.054 notice, then the day's camt.053). */
  known: number;
  settled: number;
  matched: number;
  returned: number;
  unmatched: number;
  ignored: number;
};

/**
 * Imports a bank statement (camt.053, camt.054 or CSV) and reconciles each new line: a collection's
 * settlement (its end-to-end id) settles the installment into a receipt; a return reverses it; another
 * credit is matched by invoice number, payment reference, or amount and policy holder when the match is
 * certain, and waits in the reconciliation queue otherwise. Importing the same file again creates
 * nothing (its digest is known), and a line already imported from another file is not imported twice
 * (its identity). Each line is worked in its own transaction: a failure leaves it in the queue.
 */
export async function importStatement(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  now = new Date(),
): Promise<ImportResult> {
  assertCan(actor, 'collection.manage');
  assertCan(actor, 'payment.record');
  const data = parseInput(statementImportInput, input);
  const parsed = parseStatement(data.content);
  const digest = digestOf(data.content);
  const created = await db.transaction(async (tx) => {
    const [stmt] = await tx
      .insert(bankStatements)
      .values({
        format: parsed.format,
        statementId: parsed.statementId,
        digest,
        fileName: data.fileName ?? null,
        createdBy: actor.id,
        updatedBy: actor.id,
      })
      .onConflictDoNothing()
      .returning();
    if (!stmt) return null;
    const inserted = parsed.lines.length
      ? await tx
          .insert(bankLines)
          .values(
            parsed.lines.map((l) => ({
              statementId: stmt.id,
              lineKey: l.lineKey,
              bookedOn: l.bookedOn,
              amount: l.amount,
              direction: l.direction,
              counterparty: l.counterparty,
              reference: l.reference,
              endToEndId: l.endToEndId,
              returnReason: l.returnReason,
              state: 'unmatched',
            })),
          )
          .onConflictDoNothing()
          .returning({ id: bankLines.id })
      : [];
    await tx.update(bankStatements).set({ lines: inserted.length }).where(eq(bankStatements.id, stmt.id));
    await writeAudit(tx, actor, [
      {
        operation: 'import_statement',
        entity: 'bank_statement',
        entityId: stmt.id,
        changes: [{ field: 'lines', oldValue: null, newValue: String(inserted.length) }],
      },
    ]);
    return { id: stmt.id, lineIds: inserted.map((l) => l.id) };
  });
  const result: ImportResult = {
    statementId: '',
    format: parsed.format,
    duplicate: !created,
    lines: parsed.lines.length,
    known: parsed.lines.length - (created?.lineIds.length ?? 0),
    settled: 0,
    matched: 0,
    returned: 0,
    unmatched: 0,
    ignored: 0,
  };
  if (!created) {
    const [old] = await db
      .select({ id: bankStatements.id })
      .from(bankStatements)
      .where(eq(bankStatements.digest, digest));
    return { ...result, statementId: old!.id, known: parsed.lines.length };
  }
  result.statementId = created.id;
  for (const id of created.lineIds) {
    const state = await reconcileLine(db, actor, id, now);
    if (state === 'settled') result.settled++;
    else if (state === 'matched') result.matched++;
    else if (state === 'returned') result.returned++;
    else if (state === 'ignored') result.ignored++;
    else result.unmatched++;
  }
  return result;
}

async function setLine(
  db: DbOrTx,
  id: string,
  values: Partial<typeof bankLines.$inferInsert>,
  actor: Actor,
  receiptIds: string[] = [],
) {
  await db
    .update(bankLines)
    .set({ ...values, version: sql`${bankLines.version} + 1`, handledBy: actor.id, handledAt: new Date() })
    .where(eq(bankLines.id, id));
  if (receiptIds.length)
    await db.insert(bankLineReceipts).values(receiptIds.map((receiptId) => ({ bankLineId: id, receiptId })));
}

/** What the automatic reconciliation does with one new line; returns the line's state. */
async function reconcileLine(db: DbOrTx, actor: Actor, id: string, now: Date): Promise<string> {
  try {
    return await db.transaction(async (tx) => {
      const [line] = await tx.select().from(bankLines).where(eq(bankLines.id, id)).for('update');
      if (line?.state !== 'unmatched') return line?.state ?? 'unmatched';
      const [item] = line.endToEndId
        ? await tx
            .select()
            .from(collectionItems)
            .where(eq(collectionItems.endToEndId, line.endToEndId))
            .for('update')
        : [];
      if (line.direction === 'debit') {
        // A return (R-transaction) of one of our collections; any other debit is not a receivable's.
        if (item && item.state !== 'returned' && money(line.amount).equals(item.amount)) {
          await recordCollectionReturn(tx, actor, {
            endToEndId: item.endToEndId,
            reason: line.returnReason ?? 'NARR',
            returnedOn: line.bookedOn,
          });
          await setLine(
            tx,
            id,
            {
              state: 'returned',
              matchedBy: 'collection',
              collectionItemId: item.id,
              policyHolderId: item.policyHolderId,
            },
            actor,
          );
          return 'returned';
        }
        if (line.returnReason) return 'unmatched';
        await setLine(tx, id, { state: 'ignored' }, actor);
        return 'ignored';
      }
      if (item) {
        if (item.state !== 'pending' || !money(line.amount).equals(item.amount)) return 'unmatched';
        const r = await recordReceipt(
          tx,
          actor,
          {
            policyHolderId: item.policyHolderId,
            installmentId: item.installmentId,
            amount: line.amount,
            receivedAt: line.bookedOn,
            receiptNumber: `SDD-${item.endToEndId}`,
          },
          now,
        );
        await tx
          .update(collectionItems)
          .set({ state: 'settled', receiptId: r.receiptId, settledOn: line.bookedOn })
          .where(eq(collectionItems.id, item.id));
        await setLine(
          tx,
          id,
          {
            state: 'settled',
            matchedBy: 'collection',
            collectionItemId: item.id,
            policyHolderId: item.policyHolderId,
          },
          actor,
          [r.receiptId],
        );
        return 'settled';
      }
      const match = await findCreditMatch(tx, line);
      if (!match) return 'unmatched';
      const r = await recordReceipt(
        tx,
        actor,
        {
          ...(match.policyHolderId
            ? { policyHolderId: match.policyHolderId }
            : { contractId: match.contractId }),
          invoiceId: match.invoiceId,
          installmentId: match.installmentId,
          amount: line.amount,
          receivedAt: line.bookedOn,
          receiptNumber: `BNK-${line.id}`,
        },
        now,
      );
      await setLine(
        tx,
        id,
        { state: 'matched', matchedBy: match.by, policyHolderId: match.policyHolderId },
        actor,
        [r.receiptId],
      );
      return 'matched';
    });
  } catch (e) {
    // A line the rules could not settle (e.g. its installment was paid meanwhile) waits for a person.
    if (isDomainError(e)) {
      await db
        .update(bankLines)
        // Keyed: rendered in the reader's language on the reconciliation pages.
        .set({ note: e.keyedMessage })
        .where(and(eq(bankLines.id, id), eq(bankLines.state, 'unmatched')));
      return 'unmatched';
    }
    throw e;
  }
}

type CreditMatch = {
  by: 'invoice' | 'reference' | 'amount';
  policyHolderId: string | null;
  contractId?: string;
  invoiceId?: string;
  installmentId?: string;
};

/**
 * A certain match for a credit, or none: (1) exactly one invoice whose number the reference quotes,
 * with exactly the line's amount open on it; (2) exactly one policy holder (or contract) whose payment
 * reference the reference quotes, with at least the line's amount open; (3) the payer's name is exactly
 * one policy holder's (or its mandate's account holder) and exactly one of its installments has the
 * line's amount open. Anything less certain goes to the queue.
 */
async function findCreditMatch(tx: DbOrTx, line: BankLineRow): Promise<CreditMatch | null> {
  const ref = (line.reference ?? '').trim();
  if (ref) {
    const invs = await tx.execute<{ id: string; ph: string | null; contract_id: string; open: string }>(sql`
      select inv.id, c.policy_holder_id as ph, inv.contract_id,
        coalesce((select sum(i.amount - i.allocated) from installments i
          where i.contract_id = inv.contract_id and i.invoice_id = inv.id and i.state = 'invoiced'), 0)::text as open
      from invoices inv join contracts c on c.id = inv.contract_id
      where inv.is_deleted = false and position(upper(inv.number) in upper(${ref})) > 0`);
    if (invs.length === 1) {
      const inv = invs[0]!;
      if (money(inv.open).equals(line.amount))
        return inv.ph
          ? { by: 'invoice', policyHolderId: inv.ph, invoiceId: inv.id }
          : { by: 'invoice', policyHolderId: null, contractId: inv.contract_id, invoiceId: inv.id };
      return null;
    }
    const refs = await tx.execute<{ ph: string | null; contract_id: string | null }>(sql`
      select id as ph, null::uuid as contract_id from policy_holders
        where is_deleted = false and payment_reference is not null and length(payment_reference) >= 4
          and position(upper(payment_reference) in upper(${ref})) > 0
      union
      select policy_holder_id as ph, id as contract_id from contracts
        where is_deleted = false and state in (5, 7) and payment_reference is not null
          and length(payment_reference) >= 4 and position(upper(payment_reference) in upper(${ref})) > 0`);
    if (refs.length === 1) {
      const m = refs[0]!;
      const [open] = await tx.execute<{ open: string }>(sql`
        select coalesce(sum(amount - allocated), 0)::text as open from installments
        where live and ${m.contract_id ? sql`contract_id = ${m.contract_id}::uuid` : sql`policy_holder_id = ${m.ph}::uuid`}`);
      if (money(open?.open ?? 0).greaterThanOrEqualTo(line.amount))
        return m.contract_id
          ? { by: 'reference', policyHolderId: null, contractId: m.contract_id }
          : { by: 'reference', policyHolderId: m.ph };
      return null;
    }
  }
  const name = (line.counterparty ?? '').trim();
  if (!name) return null;
  const phs = await tx.execute<{ id: string }>(sql`
    select distinct ph.id from policy_holders ph left join sepa_mandates m on m.policy_holder_id = ph.id
    where ph.is_deleted = false and (lower(ph.trade_name) = lower(${name}) or lower(m.debtor_name) = lower(${name}))`);
  if (phs.length !== 1) return null;
  const insts = await tx.execute<{ id: string }>(sql`
    select id from installments where policy_holder_id = ${phs[0]!.id}::uuid and state = 'invoiced'
      and amount - allocated = ${line.amount}::numeric
      and not exists (select 1 from collection_items ci where ci.installment_id = installments.id and ci.state = 'pending')`);
  if (insts.length !== 1) return null;
  return { by: 'amount', policyHolderId: phs[0]!.id, installmentId: insts[0]!.id };
}

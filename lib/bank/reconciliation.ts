import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { bankLineReceipts, bankLines, bankStatements } from '@/db/schema';
import { writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { recordReceipt } from '../billing/receipts';
import { assertFound, assertVersion } from '../concurrency';
import { InvalidStateError, ValidationError } from '../errors';
import { err } from '../i18n/keyed';
import { money, toMoneyString } from '../money';
import { decimalString, requiredText, uuid, version } from '../validation/common';
import { parseInput } from '../validation/parse';

export const BANK_LINE_STATES = [
  'unmatched',
  'settled',
  'matched',
  'returned',
  'not_ours',
  'ignored',
] as const;

export type BankLineDto = {
  id: string;
  version: number;
  bookedOn: string;
  amount: string;
  direction: string;
  counterparty: string | null;
  reference: string | null;
  endToEndId: string | null;
  returnReason: string | null;
  state: string;
  matchedBy: string | null;
  note: string | null;
  statementFile: string | null;
};

/** The reconciliation queue (unmatched lines, oldest first) or the lines in another state. */
export async function listBankLines(
  db: DbOrTx,
  actor: Actor,
  options: { state?: string; limit?: number } = {},
): Promise<BankLineDto[]> {
  assertCan(actor, 'collection.manage');
  const state = (BANK_LINE_STATES as readonly string[]).includes(options.state ?? '')
    ? options.state!
    : 'unmatched';
  return db
    .select({
      id: bankLines.id,
      version: bankLines.version,
      bookedOn: bankLines.bookedOn,
      amount: bankLines.amount,
      direction: bankLines.direction,
      counterparty: bankLines.counterparty,
      reference: bankLines.reference,
      endToEndId: bankLines.endToEndId,
      returnReason: bankLines.returnReason,
      state: bankLines.state,
      matchedBy: bankLines.matchedBy,
      note: bankLines.note,
      statementFile: bankStatements.fileName,
    })
    .from(bankLines)
    .innerJoin(bankStatements, eq(bankStatements.id, bankLines.statementId))
    .where(eq(bankLines.state, state))
    .orderBy(state === 'unmatched' ? asc(bankLines.bookedOn) : desc(bankLines.bookedOn), asc(bankLines.id))
    .limit(Math.min(options.limit ?? 200, 500));
}

export type OpenInstallmentDto = {
  installmentId: string;
  policyHolderId: string | null;
  policyHolderName: string | null;
  contractCode: string;
  invoiceNumber: string | null;
  dueDate: string;
  open: string;
};

export const openInstallmentSearch = z.strictObject({
  q: z.string().trim().max(100).optional(),
  amount: z.string().trim().max(20).optional(),
});

/**
 * Open installments to match a line against by hand: by policy holder (name or code), contract code,
 * invoice number, and/or the open amount.
 */
export async function searchOpenInstallments(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
): Promise<OpenInstallmentDto[]> {
  assertCan(actor, 'collection.manage');
  const data = parseInput(openInstallmentSearch, input);
  const q = data.q ? `%${data.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const amount =
    data.amount && /^\d{1,16}([.,]\d{1,2})?$/.test(data.amount) ? data.amount.replace(',', '.') : null;
  if (!q && !amount) return [];
  const rows = await db.execute<{
    installment_id: string;
    policy_holder_id: string | null;
    policy_holder_name: string | null;
    contract_code: string;
    invoice_number: string | null;
    due_date: string;
    open: string;
  }>(sql`
    select i.id as installment_id, i.policy_holder_id, ph.trade_name as policy_holder_name,
      i.chain_code as contract_code, inv.number as invoice_number, i.due_date::text, (i.amount - i.allocated)::text as open
    from installments i left join policy_holders ph on ph.id = i.policy_holder_id
      left join invoices inv on inv.id = i.invoice_id
    where i.live and i.allocated < i.amount
      ${q ? sql`and (ph.trade_name ilike ${q} or ph.code ilike ${q} or i.chain_code ilike ${q} or inv.number ilike ${q})` : sql``}
      ${amount ? sql`and i.amount - i.allocated = ${amount}::numeric` : sql``}
    order by i.due_date, i.chain_code, i.seq limit 50`);
  return rows.map((r) => ({
    installmentId: r.installment_id,
    policyHolderId: r.policy_holder_id,
    policyHolderName: r.policy_holder_name,
    contractCode: r.contract_code,
    invoiceNumber: r.invoice_number,
    dueDate: r.due_date,
    open: toMoneyString(r.open),
  }));
}

export const bankLineMatchInput = z.strictObject({
  lineId: uuid('bankLine'),
  version: version.optional(),
  /** One or several installments (a split); the parts must add up to the line's amount. */
  allocations: z
    .array(z.strictObject({ installmentId: uuid('installment'), amount: decimalString('amount') }))
    .min(1, err('bank.chooseLeastOneInstallment'))
    .max(50, err('bank.most50Installments')),
});

async function lockLine(db: DbOrTx, id: string, expected: number | undefined) {
  const [line] = await db.select().from(bankLines).where(eq(bankLines.id, id)).for('update');
  assertFound(line, 'bankLine');
  assertVersion(line, expected, 'bankLine');
  if (line.state !== 'unmatched') throw new InvalidStateError(err('bank.bankLineAlreadyReconciled'));
  return line;
}

/**
 * Staff match a queued credit by hand, to one installment or split over several: one receipt per part,
 * allocated to its installment. The parts must add up exactly to the line's amount.
 */
export async function matchBankLine(db: DbOrTx, actor: Actor, input: unknown, now = new Date()) {
  assertCan(actor, 'collection.manage');
  assertCan(actor, 'payment.record');
  const data = parseInput(bankLineMatchInput, input);
  return db.transaction(async (tx) => {
    const line = await lockLine(tx, data.lineId, data.version);
    if (line.direction !== 'credit') throw new InvalidStateError(err('bank.moneyReceivedMatched'));
    const total = data.allocations.reduce((s, a) => s.plus(a.amount), money(0));
    if (!total.equals(line.amount))
      throw new ValidationError(
        err('bank.partsTotal', { total: toMoneyString(total), amount: toMoneyString(line.amount) }),
        { allocations: [err('bank.partsAddUpLines')] },
      );
    const ids = new Set(data.allocations.map((a) => a.installmentId));
    if (ids.size !== data.allocations.length)
      throw new ValidationError(err('bank.eachInstallmentChosenOnce'), {
        allocations: [err('bank.eachInstallmentChosenOnce')],
      });
    const receiptIds: string[] = [];
    let phId: string | null = null;
    for (const [i, part] of data.allocations.entries()) {
      const [inst] = await tx.execute<{ ph: string | null; contract_id: string }>(
        sql`select policy_holder_id as ph, contract_id from installments where id = ${part.installmentId}::uuid`,
      );
      assertFound(inst, 'installment');
      phId ??= inst.ph;
      const r = await recordReceipt(
        tx,
        actor,
        {
          ...(inst.ph ? { policyHolderId: inst.ph } : { contractId: inst.contract_id }),
          installmentId: part.installmentId,
          amount: part.amount,
          receivedAt: line.bookedOn,
          receiptNumber: data.allocations.length > 1 ? `BNK-${line.id}-${i + 1}` : `BNK-${line.id}`,
        },
        now,
      );
      receiptIds.push(r.receiptId);
    }
    await tx
      .update(bankLines)
      .set({
        state: 'matched',
        matchedBy: 'manual',
        policyHolderId: phId,
        version: sql`${bankLines.version} + 1`,
        handledBy: actor.id,
        handledAt: now,
      })
      .where(eq(bankLines.id, line.id));
    await tx
      .insert(bankLineReceipts)
      .values(receiptIds.map((receiptId) => ({ bankLineId: line.id, receiptId })));
    await writeAudit(tx, actor, [
      {
        operation: 'match_bank_line',
        entity: 'bank_line',
        entityId: line.id,
        changes: [{ field: 'receipts', oldValue: null, newValue: String(receiptIds.length) }],
      },
    ]);
    return { lineId: line.id, receiptIds };
  });
}

export const bankLineDismissInput = z.strictObject({
  lineId: uuid('bankLine'),
  version: version.optional(),
  note: requiredText(500, 'note'),
});

/** Staff mark a queued line "not ours" (money for someone else, a bank fee...), with a note. */
export async function markBankLineNotOurs(db: DbOrTx, actor: Actor, input: unknown, now = new Date()) {
  assertCan(actor, 'collection.manage');
  const data = parseInput(bankLineDismissInput, input);
  return db.transaction(async (tx) => {
    const line = await lockLine(tx, data.lineId, data.version);
    await tx
      .update(bankLines)
      .set({
        state: 'not_ours',
        note: data.note,
        version: sql`${bankLines.version} + 1`,
        handledBy: actor.id,
        handledAt: now,
      })
      .where(and(eq(bankLines.id, line.id)));
    await writeAudit(tx, actor, [
      {
        operation: 'dismiss_bank_line',
        entity: 'bank_line',
        entityId: line.id,
        changes: [{ field: 'state', oldValue: 'unmatched', newValue: 'not_ours' }],
      },
    ]);
    return { lineId: line.id };
  });
}

/** Imported statements, newest first. */
export async function listStatements(db: DbOrTx, actor: Actor) {
  assertCan(actor, 'collection.manage');
  return db
    .select({
      id: bankStatements.id,
      format: bankStatements.format,
      fileName: bankStatements.fileName,
      statementId: bankStatements.statementId,
      lines: bankStatements.lines,
      createdAt: bankStatements.createdAt,
    })
    .from(bankStatements)
    .orderBy(desc(bankStatements.createdAt))
    .limit(50);
}

import { randomUUID } from 'node:crypto';
import type Decimal from 'decimal.js';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/client';
import {
  allocations,
  contracts,
  creditNotes,
  installmentLines,
  installments,
  insureePolicies,
  invoices,
  journalLines,
  policies,
  receipts,
} from '@/db/schema';
import { writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import { insertMany, uuidArray } from '../bulk-insert';
import type { ContractRow } from '../contracts/access';
import { activateContract } from '../contracts/approval';
import { ContractState } from '../contracts/states';
import { maxDate, minDate, todayIso } from '../dates';
import { ConflictError } from '../errors';
import { err } from '../i18n/keyed';
import { uuid7 } from '../ids';
import { money, toMoneyString } from '../money';
import { recordContractEvents } from '../notifications/events';
import { requiredBeforeEffective, type ScheduledInstallment } from './schedule';

/**
 * The receivables ledger's core, inside the caller's transaction. A payer's account is its policy
 * holder (or, for a contract without one, its contract chain). Every change to an account runs under
 * that account's advisory lock, taken after the contract rows the operation locks, so two receipts,
 * an approval and a reversal of one policy holder queue instead of racing.
 */
export type LedgerAccount = { policyHolderId: string | null; chainCode: string | null };

export const accountOf = (c: Pick<ContractRow, 'policyHolderId' | 'code'>): LedgerAccount =>
  c.policyHolderId
    ? { policyHolderId: c.policyHolderId, chainCode: null }
    : { policyHolderId: null, chainCode: c.code };

export const accountKey = (a: LedgerAccount) =>
  a.policyHolderId ? `ph:${a.policyHolderId}` : `chain:${a.chainCode}`;

/** The accounts' lock keys, each once, in a fixed order. */
const accountKeys = (accounts: LedgerAccount[]) => [...new Set(accounts.map(accountKey))].sort();

export async function lockAccounts(tx: Tx, accounts: LedgerAccount[]): Promise<void> {
  const keys = accountKeys(accounts);
  if (!keys.length) return;
  await tx.execute(
    sql`select pg_advisory_xact_lock(k) from (select distinct hashtextextended(x, 12) as k
      from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as x order by k) s`,
  );
}

/**
 * The accounts' locks, without waiting: returns the keys (`accountKey`) another transaction holds. A job's
 * chunk leaves those accounts' contracts to a later pass instead of queueing behind another chunk (two
 * runners billing one policy holder's contracts would otherwise work one after the other).
 */
export async function tryLockAccounts(tx: Tx, accounts: LedgerAccount[]): Promise<Set<string>> {
  const keys = accountKeys(accounts);
  if (!keys.length) return new Set();
  const rows = await tx.execute<{ key: string; ok: boolean }>(
    sql`select x as key, pg_try_advisory_xact_lock(hashtextextended(x, 12)) as ok
      from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as x order by hashtextextended(x, 12)`,
  );
  return new Set(rows.filter((r) => !r.ok).map((r) => r.key));
}

/** SQL condition: the installment (or receipt) belongs to the account. */
function inAccount(table: { policyHolderId: AnyPgColumn; chainCode: AnyPgColumn }, a: LedgerAccount) {
  return a.policyHolderId
    ? eq(table.policyHolderId, a.policyHolderId)
    : and(isNull(table.policyHolderId), eq(table.chainCode, a.chainCode!));
}

// ---------------------------------------------------------------------------------------------------
// Journal

/** The chart of accounts the journal posts to (Coog's account move template): receivable, income, cash, credit. */
export const ACCOUNTS = {
  receivable: '411000',
  income: '706000',
  cash: '512000',
  credit: '419000',
} as const;
export type AccountName = keyof typeof ACCOUNTS;

export type JournalEntry = {
  date: string;
  docType: 'invoice' | 'credit_note' | 'receipt' | 'allocation' | 'release' | 'refund' | 'reversal';
  docId: string;
  docNumber: string | null;
  policyHolderId: string | null;
  contractId: string | null;
  label: string;
  /** Debit one account, credit another, by the same amount: every entry balances by construction. */
  debit: AccountName;
  credit: AccountName;
  amount: Decimal.Value;
};

export async function postJournal(tx: Tx, entries: JournalEntry[]): Promise<void> {
  const rows: (typeof journalLines.$inferInsert)[] = [];
  for (const e of entries) {
    const amount = toMoneyString(e.amount);
    if (money(amount).isZero()) continue;
    const entryId = randomUUID();
    const base = {
      entryId,
      entryDate: e.date,
      docType: e.docType,
      docId: e.docId,
      docNumber: e.docNumber,
      policyHolderId: e.policyHolderId,
      contractId: e.contractId,
      label: e.label,
    };
    rows.push({ ...base, account: ACCOUNTS[e.debit], debit: amount, credit: '0' });
    rows.push({ ...base, account: ACCOUNTS[e.credit], debit: '0', credit: amount });
  }
  await insertMany(tx, journalLines, rows);
}

// ---------------------------------------------------------------------------------------------------
// Numbers

/**
 * The next number of a gapless yearly series. The upsert locks the year's row until the transaction
 * ends, so concurrent documents queue, and a rolled-back one gives its number back.
 */
/**
 * Document numbers in their issue order: by year, then by the number's length, then as text, so that
 * INV-2026-1000000 (the millionth of a year: the counter has no ceiling) comes after INV-2026-999999.
 */
export function numberOrder(column: AnyPgColumn, direction: 'asc' | 'desc' = 'asc') {
  const d = direction === 'asc' ? sql`asc` : sql`desc`;
  return [
    sql`substring(${column} from '-([0-9]{4})-') ${d}`,
    sql`length(${column}) ${d}`,
    sql`${column} ${d}`,
  ];
}

export async function nextNumber(tx: Tx, series: 'invoice' | 'credit_note', year: number): Promise<string> {
  const table = series === 'invoice' ? sql`invoice_sequences` : sql`credit_note_sequences`;
  const rows = await tx.execute<{ last_value: number }>(sql`
    insert into ${table} (year, last_value) values (${year}, 1)
    on conflict (year) do update set last_value = ${table}.last_value + 1
    returning last_value`);
  const n = Number(rows[0]?.last_value);
  return `${series === 'invoice' ? 'INV' : 'CN'}-${year}-${String(n).padStart(6, '0')}`;
}

// ---------------------------------------------------------------------------------------------------
// Installments

export type NewSchedule = {
  contract: ContractRow;
  installments: ScheduledInstallment[];
  /** The contract's first payment due date; later installments fall due when their period starts. */
  firstDue: string;
  payBeforeEffective: 'first' | 'all';
};

/** Writes schedules (installments and their lines); returns the new installment ids per contract. */
export async function writeSchedules(tx: Tx, actor: Actor, schedules: NewSchedule[]): Promise<void> {
  const rows: (typeof installments.$inferInsert)[] = [];
  const lineRows: (typeof installmentLines.$inferInsert)[] = [];
  for (const s of schedules) {
    for (const i of s.installments) {
      const id = uuid7();
      rows.push({
        id,
        contractId: s.contract.id,
        chainCode: s.contract.code,
        policyHolderId: s.contract.policyHolderId,
        seq: i.seq,
        periodFrom: i.from,
        periodTo: i.to,
        dueDate: i.seq === 1 || i.from < s.firstDue ? s.firstDue : i.from,
        amount: i.amount,
        requiredBeforeEffective: requiredBeforeEffective(s.payBeforeEffective, i.seq),
        createdBy: actor.id,
        updatedBy: actor.id,
      });
      for (const p of i.parts) {
        lineRows.push({
          installmentId: id,
          contractContributionDetailId: p.lineId,
          amount: p.amount,
        });
      }
    }
  }
  await insertMany(tx, installments, rows);
  await insertMany(tx, installmentLines, lineRows);
}

// ---------------------------------------------------------------------------------------------------
// Invoices

/**
 * Issues one invoice for installments of one contract (open, live): a gapless number, the installments
 * marked invoiced (their shares of the contribution lines are the invoice's lines), the receivable posted,
 * the policy holder notified.
 */
export async function issueInvoice(
  tx: Tx,
  actor: Actor,
  contract: ContractRow,
  installmentIds: string[],
  now: Date,
): Promise<{ id: string; number: string; total: string }> {
  const rows = await tx
    .select()
    .from(installments)
    .where(and(inArray(installments.id, installmentIds), eq(installments.state, 'open')))
    .orderBy(asc(installments.periodFrom));
  // Another invoice took one of them meanwhile: the caller reloads.
  if (rows.length !== installmentIds.length) throw new ConflictError(err('billing.onlyOpenInvoiced'));
  const total = rows.reduce((s, r) => s.plus(r.amount), money(0));
  const today = todayIso(now);
  const number = await nextNumber(tx, 'invoice', now.getUTCFullYear());
  const [invoice] = await tx
    .insert(invoices)
    .values({
      number,
      contractId: contract.id,
      policyHolderId: contract.policyHolderId,
      dateIssued: today,
      dueDate: rows.reduce((m, r) => minDate(m, r.dueDate), rows[0]!.dueDate),
      periodFrom: rows[0]!.periodFrom,
      periodTo: rows.at(-1)!.periodTo,
      total: toMoneyString(total),
      createdBy: actor.id,
      updatedBy: actor.id,
    })
    .returning({ id: invoices.id });
  const id = invoice!.id;
  await tx
    .update(installments)
    .set({
      state: 'invoiced',
      invoiceId: id,
      version: sql`${installments.version} + 1`,
      updatedAt: new Date(),
    })
    .where(inArray(installments.id, installmentIds));
  // Its lines are the installments' lines (the view invoice_line_items): nothing to copy.
  await postJournal(tx, [
    {
      date: today,
      docType: 'invoice',
      docId: id,
      docNumber: number,
      policyHolderId: contract.policyHolderId,
      contractId: contract.id,
      label: `Invoice ${number} ${contract.code}`,
      debit: 'receivable',
      credit: 'income',
      amount: total,
    },
  ]);
  await refreshInvoices(tx, [id]);
  await recordContractEvents(tx, [
    {
      event: 'invoice.issued',
      contractId: contract.id,
      payload: { invoiceNumber: number, invoiceTotal: toMoneyString(total) },
      // The PDF goes with the mail, rendered when the mail is sent (lib/documents), not here.
      attachments: [{ kind: 'invoice', id }],
    },
  ]);
  return { id, number, total: toMoneyString(total) };
}

/** Recomputes invoices' paid and credited amounts and their state from their installments. */
export async function refreshInvoices(tx: Tx, invoiceIds: string[]): Promise<void> {
  const ids = [...new Set(invoiceIds)];
  if (!ids.length) return;
  await tx.execute(sql`
    update invoices i set amount_paid = s.paid, amount_credited = s.credited,
      state = case when s.credited >= i.total and i.total > 0 then 'cancelled'
        when s.paid >= i.total - s.credited then 'paid'
        when s.paid > 0 then 'partially_paid' else 'issued' end,
      version = i.version + 1, updated_at = now()
    from (select x.invoice_id,
            coalesce(sum(x.allocated), 0) as paid,
            coalesce(sum(x.amount) filter (where x.state = 'credited'), 0) as credited
          -- Through the invoices' contracts: installments have no index on invoice_id (db/schema/ledger.ts).
          from invoices v join installments x on x.contract_id = v.contract_id and x.invoice_id = v.id
          where v.id = any(${uuidArray(ids)}) group by x.invoice_id) s
    where i.id = s.invoice_id`);
}

// ---------------------------------------------------------------------------------------------------
// Allocation

type Touched = { installmentIds: Set<string>; contractIds: Set<string> };

/**
 * Applies the account's unallocated money (receipts not reversed, less what they already pay or was
 * refunded) to its open installments, the oldest due first; or only to `target` (one contract's or one
 * invoice's installments, or one receipt's money). Each allocation posts its journal entry.
 */
export async function applyCredit(
  tx: Tx,
  actor: Actor,
  account: LedgerAccount,
  today: string,
  target: {
    receiptId?: string;
    contractId?: string;
    contractIds?: string[];
    invoiceId?: string;
    installmentId?: string;
  } = {},
): Promise<Touched> {
  const touched: Touched = { installmentIds: new Set(), contractIds: new Set() };
  const sources = await tx
    .select()
    .from(receipts)
    .where(
      and(
        inAccount(receipts, account),
        isNull(receipts.reversedAt),
        eq(receipts.isDeleted, false),
        sql`${receipts.allocated} + ${receipts.refunded} < ${receipts.amount}`,
        target.receiptId ? eq(receipts.id, target.receiptId) : undefined,
      ),
    )
    .orderBy(asc(receipts.receivedAt), asc(receipts.createdAt))
    .for('update');
  if (!sources.length) return touched;
  const open = await tx
    .select()
    .from(installments)
    .where(
      and(
        inAccount(installments, account),
        eq(installments.live, true),
        sql`${installments.allocated} < ${installments.amount}`,
        target.contractId ? eq(installments.contractId, target.contractId) : undefined,
        target.contractIds ? inArray(installments.contractId, target.contractIds) : undefined,
        target.invoiceId ? eq(installments.invoiceId, target.invoiceId) : undefined,
        target.installmentId ? eq(installments.id, target.installmentId) : undefined,
      ),
    )
    .orderBy(asc(installments.dueDate), asc(installments.periodFrom), asc(installments.seq))
    .for('update');
  if (!open.length) return touched;

  const allocs: (typeof allocations.$inferInsert)[] = [];
  const journal: JournalEntry[] = [];
  const left = open.map((i) => ({ row: i, open: money(i.amount).minus(i.allocated), added: money(0) }));
  const used = new Map<string, Decimal>();
  let k = 0;
  for (const r of sources) {
    let rest = money(r.amount).minus(r.allocated).minus(r.refunded);
    while (rest.greaterThan(0) && k < left.length) {
      const inst = left[k]!;
      const amount = rest.lessThan(inst.open) ? rest : inst.open;
      const id = uuid7();
      allocs.push({
        id,
        receiptId: r.id,
        installmentId: inst.row.id,
        amount: toMoneyString(amount),
        allocatedOn: today,
        createdBy: actor.id,
      });
      journal.push({
        date: today,
        docType: 'allocation',
        docId: id,
        docNumber: r.receiptNumber,
        policyHolderId: r.policyHolderId,
        contractId: inst.row.contractId,
        label: `Receipt ${r.receiptNumber} allocated to ${inst.row.chainCode} ${inst.row.periodFrom}`,
        debit: 'credit',
        credit: 'receivable',
        amount,
      });
      used.set(r.id, (used.get(r.id) ?? money(0)).plus(amount));
      inst.open = inst.open.minus(amount);
      inst.added = inst.added.plus(amount);
      rest = rest.minus(amount);
      if (inst.open.isZero()) k++;
    }
    if (k >= left.length) break;
  }
  if (!allocs.length) return touched;
  await tx.insert(allocations).values(allocs);
  const changed = left.filter((l) => l.added.greaterThan(0));
  await bumpAllocated(
    tx,
    'installments',
    changed.map((l) => [l.row.id, l.added]),
  );
  await bumpAllocated(tx, 'receipts', [...used.entries()]);
  await postJournal(tx, journal);
  for (const l of changed) {
    touched.installmentIds.add(l.row.id);
    touched.contractIds.add(l.row.contractId);
  }
  await refreshInvoices(
    tx,
    changed.flatMap((l) => (l.row.invoiceId ? [l.row.invoiceId] : [])),
  );
  return touched;
}

async function bumpAllocated(tx: Tx, table: 'installments' | 'receipts', deltas: [string, Decimal][]) {
  if (!deltas.length) return;
  const values = sql.join(
    deltas.map(([id, d]) => sql`(${id}::uuid, ${toMoneyString(d)}::numeric)`),
    sql`, `,
  );
  await tx.execute(sql`update ${sql.identifier(table)} t set allocated = t.allocated + v.d,
    version = t.version + 1, updated_at = now() from (values ${values}) as v(id, d) where t.id = v.id`);
}

/**
 * Undoes allocations (of some installments, or of one receipt): they are marked released with the
 * reason, the installments and receipts give the amounts back, and each release posts its entry.
 */
export async function releaseAllocations(
  tx: Tx,
  actor: Actor,
  where: { installmentIds?: string[]; receiptId?: string },
  reason: string,
  today: string,
): Promise<Touched> {
  const touched: Touched = { installmentIds: new Set(), contractIds: new Set() };
  if (where.installmentIds && !where.installmentIds.length) return touched;
  const rows = await tx
    .update(allocations)
    .set({ releasedAt: new Date(), releasedBy: actor.id, releaseReason: reason })
    .where(
      and(
        isNull(allocations.releasedAt),
        where.installmentIds ? inArray(allocations.installmentId, where.installmentIds) : undefined,
        where.receiptId ? eq(allocations.receiptId, where.receiptId) : undefined,
      ),
    )
    .returning();
  if (!rows.length) return touched;
  const info = await tx
    .select({
      id: installments.id,
      contractId: installments.contractId,
      invoiceId: installments.invoiceId,
      chainCode: installments.chainCode,
      periodFrom: installments.periodFrom,
      policyHolderId: installments.policyHolderId,
    })
    .from(installments)
    .where(inArray(installments.id, [...new Set(rows.map((r) => r.installmentId))]));
  const byId = new Map(info.map((i) => [i.id, i]));
  const perInst = new Map<string, Decimal>();
  const perReceipt = new Map<string, Decimal>();
  for (const r of rows) {
    perInst.set(r.installmentId, (perInst.get(r.installmentId) ?? money(0)).minus(r.amount));
    perReceipt.set(r.receiptId, (perReceipt.get(r.receiptId) ?? money(0)).minus(r.amount));
  }
  await bumpAllocated(tx, 'installments', [...perInst.entries()]);
  await bumpAllocated(tx, 'receipts', [...perReceipt.entries()]);
  await postJournal(
    tx,
    rows.map((r) => {
      const i = byId.get(r.installmentId)!;
      return {
        date: today,
        docType: 'release' as const,
        docId: r.id,
        docNumber: null,
        policyHolderId: i.policyHolderId,
        contractId: i.contractId,
        label: `Allocation released (${reason}) ${i.chainCode} ${i.periodFrom}`,
        debit: 'receivable' as const,
        credit: 'credit' as const,
        amount: r.amount,
      };
    }),
  );
  for (const i of info) {
    touched.installmentIds.add(i.id);
    touched.contractIds.add(i.contractId);
  }
  await refreshInvoices(
    tx,
    info.flatMap((i) => (i.invoiceId ? [i.invoiceId] : [])),
  );
  return touched;
}

// ---------------------------------------------------------------------------------------------------
// Re-basing a chain (amendment approved, contract terminated)

/**
 * Replaces the live installments of a contract chain by a new schedule (already written, of
 * `newContractId`): money allocated to the old ones is released (and re-applied by the caller); the
 * old ones not yet invoiced are replaced; the invoiced ones are credited, one credit note per invoice,
 * and the new installments of the periods already invoiced are invoiced at once. So per period,
 * invoiced − credited = the latest value.
 */
export async function rebaseChain(
  tx: Tx,
  actor: Actor,
  newContract: ContractRow,
  oldLive: (typeof installments.$inferSelect)[],
  reason: string,
  now: Date,
): Promise<{ creditNotes: { number: string; total: string }[]; invoice: { number: string } | null }> {
  const today = todayIso(now);
  if (!oldLive.length) return { creditNotes: [], invoice: null };
  await releaseAllocations(tx, actor, { installmentIds: oldLive.map((i) => i.id) }, reason, today);
  const toReplace = oldLive.filter((i) => i.state === 'open');
  if (toReplace.length) {
    await tx
      .update(installments)
      .set({ state: 'replaced', version: sql`${installments.version} + 1`, updatedAt: new Date() })
      .where(
        inArray(
          installments.id,
          toReplace.map((i) => i.id),
        ),
      );
  }
  const invoiced = oldLive.filter((i) => i.state === 'invoiced');
  const byInvoice = new Map<string, typeof invoiced>();
  for (const i of invoiced) byInvoice.set(i.invoiceId!, [...(byInvoice.get(i.invoiceId!) ?? []), i]);
  const notes: { number: string; total: string }[] = [];
  for (const [invoiceId, list] of [...byInvoice.entries()].sort()) {
    const total = list.reduce((s, i) => s.plus(i.amount), money(0));
    // Installments of 0.00 are credited without a document (a credit note is never of 0.00).
    let noteId: string | null = null;
    if (total.greaterThan(0)) {
      const number = await nextNumber(tx, 'credit_note', now.getUTCFullYear());
      const [note] = await tx
        .insert(creditNotes)
        .values({
          number,
          contractId: list[0]!.contractId,
          policyHolderId: list[0]!.policyHolderId,
          invoiceId,
          dateIssued: today,
          total: toMoneyString(total),
          reason,
          createdBy: actor.id,
          updatedBy: actor.id,
        })
        .returning({ id: creditNotes.id });
      noteId = note!.id;
      notes.push({ number, total: toMoneyString(total) });
      await postJournal(tx, [
        {
          date: today,
          docType: 'credit_note',
          docId: noteId,
          docNumber: number,
          policyHolderId: list[0]!.policyHolderId,
          contractId: list[0]!.contractId,
          label: `Credit note ${number} ${list[0]!.chainCode} (${reason})`,
          debit: 'income',
          credit: 'receivable',
          amount: total,
        },
      ]);
    }
    await tx
      .update(installments)
      .set({
        state: 'credited',
        creditNoteId: noteId,
        version: sql`${installments.version} + 1`,
        updatedAt: new Date(),
      })
      .where(
        inArray(
          installments.id,
          list.map((i) => i.id),
        ),
      );
  }
  await refreshInvoices(tx, [...byInvoice.keys()]);
  let invoice: { number: string } | null = null;
  if (invoiced.length) {
    const lastInvoiced = invoiced.reduce((m, i) => maxDate(m, i.periodTo), invoiced[0]!.periodTo);
    const fresh = await tx
      .select({ id: installments.id })
      .from(installments)
      .where(
        and(
          eq(installments.contractId, newContract.id),
          eq(installments.state, 'open'),
          sql`${installments.periodFrom} <= ${lastInvoiced}::date`,
        ),
      );
    if (fresh.length)
      invoice = await issueInvoice(
        tx,
        actor,
        newContract,
        fresh.map((f) => f.id),
        now,
      );
  }
  return { creditNotes: notes, invoice };
}

/** The live installments of a chain, locked. */
export async function liveInstallments(tx: Tx, chainCode: string) {
  return tx
    .select()
    .from(installments)
    .where(and(eq(installments.chainCode, chainCode), eq(installments.live, true)))
    .orderBy(asc(installments.periodFrom))
    .for('update');
}

// ---------------------------------------------------------------------------------------------------
// Contract state follows the money

/**
 * An Executable contract whose installments required before cover (the first, or all) are paid becomes
 * Effective and its persons are covered; an Effective one whose required installments are no longer
 * paid (a receipt reversed) goes back to Executable and its persons covered are withdrawn.
 */
export async function syncContractStates(
  tx: Tx,
  actor: Actor,
  contractIds: Iterable<string>,
  paidOn: string,
): Promise<{ effective: string[]; unpaid: string[] }> {
  const ids = [...new Set(contractIds)];
  const out = { effective: [] as string[], unpaid: [] as string[] };
  if (!ids.length) return out;
  const rows = await tx
    .select({
      contract: contracts,
      // Spelt out: inside a select of one table drizzle renders its columns unqualified.
      paid: sql<boolean>`not exists (select 1 from installments i where i.contract_id = "contracts"."id"
        and i.live and i.required_before_effective and i.allocated < i.amount)`,
    })
    .from(contracts)
    .where(
      and(
        inArray(contracts.id, ids),
        inArray(contracts.state, [ContractState.Executable, ContractState.Effective]),
      ),
    )
    .orderBy(contracts.id)
    .for('update', { of: contracts });
  for (const { contract, paid } of rows) {
    if (paid && contract.state === ContractState.Executable) {
      await setState(tx, actor, contract, ContractState.Effective);
      await activateContract(tx, actor, contract, paidOn);
      await recordContractEvents(tx, [{ event: 'contract.effective', contractId: contract.id }]);
      out.effective.push(contract.id);
    } else if (!paid && contract.state === ContractState.Effective) {
      await setState(tx, actor, contract, ContractState.Executable);
      await withdrawCover(tx, actor, contract.id);
      out.unpaid.push(contract.id);
    }
  }
  return out;
}

async function setState(tx: Tx, actor: Actor, contract: ContractRow, state: number) {
  await tx
    .update(contracts)
    .set({ state, version: contract.version + 1, updatedAt: new Date(), updatedBy: actor.id })
    .where(eq(contracts.id, contract.id));
  await writeAudit(tx, actor, [
    {
      operation: state === ContractState.Effective ? 'paid' : 'unpaid',
      entity: 'contract',
      entityId: contract.id,
      changes: [{ field: 'state', oldValue: String(contract.state), newValue: String(state) }],
    },
  ]);
}

/** The persons a contract covered are withdrawn; its policies that nothing else covers go back to contracted. */
async function withdrawCover(tx: Tx, actor: Actor, contractId: string) {
  const gone = await tx
    .update(insureePolicies)
    .set({
      isDeleted: true,
      version: sql`${insureePolicies.version} + 1`,
      updatedAt: new Date(),
      updatedBy: actor.id,
    })
    .where(and(eq(insureePolicies.contractId, contractId), eq(insureePolicies.isDeleted, false)))
    .returning({ policyId: insureePolicies.policyId });
  const policyIds = [...new Set(gone.map((g) => g.policyId))];
  if (!policyIds.length) return;
  await tx
    .update(policies)
    .set({
      status: 'contracted',
      version: sql`${policies.version} + 1`,
      updatedAt: new Date(),
      updatedBy: actor.id,
    })
    .where(
      and(
        inArray(policies.id, policyIds),
        sql`not exists (select 1 from insuree_policies ip where ip.policy_id = ${policies.id} and ip.is_deleted = false)`,
      ),
    );
}

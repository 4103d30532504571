import { and, asc, gte, lte, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { journalLines } from '@/db/schema';
import { type Actor, assertCan } from '../auth/actor';
import { addDays, daysInclusive, todayIso } from '../dates';
import { err } from '../i18n/keyed';
import { money, toMoneyString } from '../money';
import { isoDate } from '../validation/common';
import { parseInput } from '../validation/parse';
import { assertPolicyHolderVisible, unallocatedCredit } from './receipts';

export type StatementLine = {
  date: string;
  kind: 'invoice' | 'credit_note' | 'receipt' | 'reversal' | 'refund';
  number: string;
  contractCode: string | null;
  description: string;
  /** What the policy holder owes more (invoices, reversals, refunds) or less (credit notes, receipts). */
  debit: string;
  credit: string;
  balance: string;
};

export type Aging = { current: string; d1_30: string; d31_60: string; d61_90: string; over90: string };

export type Statement = {
  policyHolder: { id: string; code: string; tradeName: string };
  from: string | null;
  to: string;
  openingBalance: string;
  lines: StatementLine[];
  /** Invoiced − credited − received + refunded: positive is owed by the policy holder, negative is its credit. */
  balance: string;
  /** Money received and not allocated to an installment, nor refunded. */
  unallocatedCredit: string;
  /** Invoiced and unpaid, by days past the due date. */
  aging: Aging;
};

/**
 * Every movement of a policy holder's account, one row each (date, kind, number, contract_code,
 * description, debit, credit, created): the statement page and its export read the same rows.
 */
export function statementUnion(policyHolderId: string): SQL {
  return sql`
      select i.date_issued::text as date, 'invoice' as kind, i.number, c.code as contract_code,
        'Invoice ' || i.period_from || ' – ' || i.period_to as description, i.total::text as debit, '0' as credit, i.created_at as created
      from invoices i join contracts c on c.id = i.contract_id
      where i.policy_holder_id = ${policyHolderId} and i.is_deleted = false
      union all
      select n.date_issued::text, 'credit_note', n.number, c.code, 'Credit note: ' || n.reason, '0', n.total::text, n.created_at
      from credit_notes n join contracts c on c.id = n.contract_id where n.policy_holder_id = ${policyHolderId}
      union all
      select r.received_at::text, 'receipt', r.receipt_number, c.code, 'Receipt', '0', r.amount::text, r.created_at
      from receipts r left join contracts c on c.id = r.contract_id
      where r.policy_holder_id = ${policyHolderId} and r.is_deleted = false
      union all
      select (r.reversed_at at time zone 'UTC')::date::text, 'reversal', r.receipt_number, c.code,
        'Receipt reversed: ' || coalesce(r.reversal_reason, ''), r.amount::text, '0', r.reversed_at
      from receipts r left join contracts c on c.id = r.contract_id
      where r.policy_holder_id = ${policyHolderId} and r.is_deleted = false and r.reversed_at is not null
      union all
      select f.refunded_on::text, 'refund', r.receipt_number, null, 'Refund: ' || f.reason, f.amount::text, '0', f.created_at
      from refunds f join receipts r on r.id = f.receipt_id where f.policy_holder_id = ${policyHolderId}`;
}

export const statementParams = z.object({
  from: isoDate('from').optional(),
  to: isoDate('to').optional(),
});

/**
 * A policy holder's statement: its invoices, credit notes, receipts (and their reversals) and refunds
 * in date order with a running balance, and the aging of what is invoiced and unpaid. Staff with
 * policyholder.read, and the policy holder's own portal users, may read it.
 */
export async function policyHolderStatement(
  db: DbOrTx,
  actor: Actor,
  policyHolderId: string,
  params: Record<string, unknown> = {},
  now = new Date(),
): Promise<Statement> {
  const ph = await assertPolicyHolderVisible(db, actor, policyHolderId);
  const { from, to: toParam } = parseInput(statementParams, params);
  const today = todayIso(now);
  const to = toParam ?? today;
  const rows = await db.execute<{
    date: string;
    kind: StatementLine['kind'];
    number: string;
    contract_code: string | null;
    description: string;
    debit: string;
    credit: string;
    created: string;
  }>(sql`
    select * from (${statementUnion(policyHolderId)}) s where s.date <= ${to} order by s.date, s.created`);
  let balance = money(0);
  let opening = money(0);
  const lines: StatementLine[] = [];
  for (const r of rows) {
    balance = balance.plus(r.debit).minus(r.credit);
    if (from && r.date < from) {
      opening = balance;
      continue;
    }
    lines.push({
      date: r.date,
      kind: r.kind,
      number: r.number,
      contractCode: r.contract_code,
      description: r.description,
      debit: toMoneyString(r.debit),
      credit: toMoneyString(r.credit),
      balance: toMoneyString(balance),
    });
  }
  const credit = await unallocatedCredit(db, { policyHolderId, chainCode: null });
  const open = await db.execute<{ due_date: string; open: string }>(sql`
    select coalesce(i.due_date, i.date_issued)::text as due_date, (i.total - i.amount_credited - i.amount_paid)::text as open
    from invoices i where i.policy_holder_id = ${policyHolderId} and i.is_deleted = false
      and i.state in ('issued', 'partially_paid')`);
  const buckets = {
    current: money(0),
    d1_30: money(0),
    d31_60: money(0),
    d61_90: money(0),
    over90: money(0),
  };
  for (const o of open) {
    const late = o.due_date >= today ? 0 : daysInclusive(addDays(o.due_date, 1), today);
    const key =
      late === 0
        ? 'current'
        : late <= 30
          ? 'd1_30'
          : late <= 60
            ? 'd31_60'
            : late <= 90
              ? 'd61_90'
              : 'over90';
    buckets[key] = buckets[key].plus(o.open);
  }
  return {
    policyHolder: ph,
    from: from ?? null,
    to,
    openingBalance: toMoneyString(opening),
    lines,
    balance: toMoneyString(balance),
    unallocatedCredit: credit,
    aging: {
      current: toMoneyString(buckets.current),
      d1_30: toMoneyString(buckets.d1_30),
      d31_60: toMoneyString(buckets.d31_60),
      d61_90: toMoneyString(buckets.d61_90),
      over90: toMoneyString(buckets.over90),
    },
  };
}

const journalParams = z
  .object({ from: isoDate('from'), to: isoDate('to') })
  .refine((v) => v.to >= v.from, { message: err('billing.toOnOrAfterFrom'), path: ['to'] });

const csvCell = (v: string | null) => {
  const s = v ?? '';
  // Quoted, and a leading formula character neutralised, so a spreadsheet never runs a label.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return `"${safe.replaceAll('"', '""')}"`;
};

/**
 * The journal for a period as CSV, one row per line (entry id, date, document, account, debit,
 * credit, label): each entry balances, so the file loads into an accounting package as it is.
 */
export async function exportJournal(db: DbOrTx, actor: Actor, params: Record<string, unknown>) {
  assertCan(actor, 'payment.record');
  const { from, to } = parseInput(journalParams, params);
  const rows = await db
    .select()
    .from(journalLines)
    .where(and(gte(journalLines.entryDate, from), lte(journalLines.entryDate, to)))
    .orderBy(
      asc(journalLines.entryDate),
      asc(journalLines.createdAt),
      asc(journalLines.entryId),
      asc(journalLines.credit),
    );
  const header =
    'entry_id,date,document_type,document_number,policy_holder_id,contract_id,account,debit,credit,label';
  const body = rows.map((r) =>
    [
      r.entryId,
      r.entryDate,
      r.docType,
      r.docNumber,
      r.policyHolderId,
      r.contractId,
      r.account,
      r.debit,
      r.credit,
      r.label,
    ]
      .map(csvCell)
      .join(','),
  );
  return {
    filename: `journal-${from}-${to}.csv`,
    csv: `${[header, ...body].join('\r\n')}\r\n`,
    lines: rows.length,
  };
}

/** Sums per account over the whole journal (tests and the reconciliation of the ledger use it). */
export async function journalBalances(db: DbOrTx) {
  const rows = await db
    .select({
      account: journalLines.account,
      debit: sql<string>`sum(${journalLines.debit})`,
      credit: sql<string>`sum(${journalLines.credit})`,
    })
    .from(journalLines)
    .groupBy(journalLines.account);
  return Object.fromEntries(rows.map((r) => [r.account, money(r.debit).minus(r.credit).toFixed(2)]));
}

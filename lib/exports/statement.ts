import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import type { Actor } from '../auth/actor';
import { assertPolicyHolderVisible } from '../billing/receipts';
import { statementParams, statementUnion } from '../billing/statement';
import { todayIso } from '../dates';
import { money, toMoneyString } from '../money';
import { parseInput } from '../validation/parse';
import { EXPORT_PAGE } from './contracts';
import { type ExportColumn, type ExportFormat, exportStream } from './table-stream';

type Line = {
  date: string;
  kind: string;
  number: string;
  contractCode: string | null;
  description: string;
  debit: string;
  credit: string;
  balance: string;
};

type StatementRow = {
  date: string;
  kind: string;
  number: string;
  contract_code: string | null;
  description: string;
  debit: string;
  credit: string;
  created: string;
};

const COLUMNS: ExportColumn<Line>[] = [
  { header: 'Date', value: (l) => l.date },
  { header: 'Kind', value: (l) => l.kind },
  { header: 'Number', value: (l) => l.number },
  { header: 'Contract', value: (l) => l.contractCode },
  { header: 'Description', value: (l) => l.description },
  { header: 'Debit', value: (l) => l.debit, money: true },
  { header: 'Credit', value: (l) => l.credit, money: true },
  { header: 'Balance', value: (l) => l.balance, money: true },
];

/**
 * The statement's lines, page after page with a keyset on (date, created, kind, number), the running
 * balance carried from page to page: an opening line first (what was owed before `from`), then every
 * movement up to `to`, as the statement page shows them.
 */
export async function* statementPages(
  db: DbOrTx,
  policyHolderId: string,
  range: { from?: string; to: string },
  pageSize = EXPORT_PAGE,
): AsyncGenerator<Line[]> {
  let balance = money(0);
  if (range.from) {
    const [opening] = await db.execute<{ balance: string | null }>(sql`
      select sum(s.debit::numeric - s.credit::numeric)::text as balance
      from (${statementUnion(policyHolderId)}) s where s.date < ${range.from}`);
    balance = money(opening?.balance ?? 0);
    yield [
      {
        date: range.from,
        kind: 'opening',
        number: '',
        contractCode: null,
        description: 'Opening balance',
        debit: '0.00',
        credit: '0.00',
        balance: toMoneyString(balance),
      },
    ];
  }
  let after: { date: string; created: string; kind: string; number: string } | null = null;
  for (;;) {
    const rows: StatementRow[] = [
      ...(await db.execute<StatementRow>(sql`
        select s.date, s.kind, s.number, s.contract_code, s.description, s.debit, s.credit, s.created::text as created
        from (${statementUnion(policyHolderId)}) s
        where s.date <= ${range.to}
          ${range.from ? sql`and s.date >= ${range.from}` : sql``}
          ${
            after
              ? sql`and (s.date, s.created, s.kind, s.number) > (${after.date}, ${after.created}::timestamptz, ${after.kind}, ${after.number})`
              : sql``
          }
        order by s.date, s.created, s.kind, s.number
        limit ${pageSize}`)),
    ];
    if (!rows.length) return;
    yield rows.map((r) => {
      balance = balance.plus(r.debit).minus(r.credit);
      return {
        date: r.date,
        kind: r.kind,
        number: r.number,
        contractCode: r.contract_code,
        description: r.description,
        debit: toMoneyString(r.debit),
        credit: toMoneyString(r.credit),
        balance: toMoneyString(balance),
      };
    });
    const last: StatementRow = rows.at(-1)!;
    after = { date: last.date, created: last.created, kind: last.kind, number: last.number };
    if (rows.length < pageSize) return;
  }
}

/**
 * A policy holder's statement (`from`, `to` as on its page) as a streamed CSV or XLSX download. Staff
 * with policyholder.read and the policy holder's own portal users, as for the page; checked first.
 */
export async function exportStatement(
  db: DbOrTx,
  actor: Actor,
  policyHolderId: string,
  params: Record<string, unknown>,
  format: ExportFormat,
  { now = new Date(), pageSize = EXPORT_PAGE }: { now?: Date; pageSize?: number } = {},
): Promise<{ stream: ReadableStream<Uint8Array>; filename: string }> {
  const ph = await assertPolicyHolderVisible(db, actor, policyHolderId);
  const { from, to = todayIso(now) } = parseInput(statementParams, params);
  const code = ph.code.replace(/[^A-Za-z0-9_-]/g, '_');
  return {
    stream: exportStream(format, COLUMNS, statementPages(db, policyHolderId, { from, to }, pageSize)),
    filename: `statement-${code}-${to}.${format}`,
  };
}

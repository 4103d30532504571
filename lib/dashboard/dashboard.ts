import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { type Actor, can } from '../auth/actor';
import { AGE_BUCKETS, type AgeBucket, ageRange } from '../billing/aging';
import { ContractState } from '../contracts/states';
import { addDays, todayIso } from '../dates';
import { ForbiddenError } from '../errors';
import { toMoneyString } from '../money';

export { AGE_BUCKETS, type AgeBucket } from '../billing/aging';

export type Dashboard = {
  today: string;
  /** Live (not deleted) contracts per state, every state that has one. */
  byState: { state: number; count: number }[];
  /** Installments still to receive (open or invoiced, not fully allocated), per age bucket. */
  aging: { bucket: AgeBucket; count: number; amount: string }[];
  /** The last 12 months, oldest first: invoices net of credit notes, receipts not reversed. */
  months: { month: string; billed: string; collected: string }[];
  /** What waits for the reader; null where the role has nothing of the kind to do. */
  waiting: {
    toApprove: number | null;
    toRework: number | null;
    toAnswer: {
      count: number;
      oldest: { contractId: string; code: string; amendment: number; at: Date }[];
    } | null;
  };
};

/**
 * The staff home page's figures. Every query is an aggregate over an index made for it (migration
 * dashboard_indexes): live contracts by state (partial index on state), the unpaid installments by due
 * date (a partial index that paid installments leave, read only up to 30 days ahead), invoices, credit
 * notes and receipts of the last 12 months (covering indexes on their date and amount).
 */
export async function getDashboard(db: DbOrTx, actor: Actor, now = new Date()): Promise<Dashboard> {
  // The insurer's overview: all policy holders' figures, so never a portal user's.
  if (actor.isPortal || !can(actor, 'contract.read')) throw new ForbiddenError();
  const today = todayIso(now);
  const firstMonth = `${monthsBack(today, 11)}-01`;

  const byStateQ = db.execute<{ state: number; n: number }>(sql`
    select state, count(*)::int as n from contracts where is_deleted = false group by state order by state`);

  const ranges = AGE_BUCKETS.map((b) => ({ b, ...ageRange(b, today) }));
  const agingQ = db.execute<Record<string, string | number>>(
    sql.join(
      [
        sql`select`,
        sql.join(
          ranges.map(({ from, to }, i) => {
            const cond = sql.join(
              [
                from ? sql`due_date >= ${from}::date` : sql`true`,
                to ? sql`due_date <= ${to}::date` : sql`true`,
              ],
              sql` and `,
            );
            return sql`count(*) filter (where ${cond})::int as ${sql.raw(`n${i}`)},
            coalesce(sum(amount - allocated) filter (where ${cond}), 0)::text as ${sql.raw(`a${i}`)}`;
          }),
          sql`, `,
        ),
        // The same predicate as installments_unpaid_due_idx, so the planner reads only that index.
        sql`from installments where live and allocated < amount
        and due_date <= ${addDays(today, 30)}::date`,
      ],
      sql` `,
    ),
  );

  const monthsQ = db.execute<{ month: string; billed: string; collected: string }>(sql`
    with m as (
      select to_char(date_issued, 'YYYY-MM') as month, total as billed, 0::numeric as collected
        from invoices where is_deleted = false and date_issued >= ${firstMonth}::date and date_issued <= ${today}::date
      union all
      select to_char(date_issued, 'YYYY-MM'), -total, 0
        from credit_notes where date_issued >= ${firstMonth}::date and date_issued <= ${today}::date
      union all
      select to_char(received_at, 'YYYY-MM'), 0, amount
        from receipts where is_deleted = false and reversed_at is null
          and received_at >= ${firstMonth}::date and received_at <= ${today}::date
    )
    select month, sum(billed)::text as billed, sum(collected)::text as collected from m group by month`);

  const approver = can(actor, 'contract.approve');
  const editor = can(actor, 'contract.update');
  const commenter = can(actor, 'contract.comment');
  const countState = (state: number) =>
    db
      .execute<{ n: number }>(
        sql`select count(*)::int as n from contracts where is_deleted = false and state = ${state}`,
      )
      .then((r) => r[0]?.n ?? 0);

  // A thread waits for an answer when its newest comment is the policy holder's (internal notes are
  // the insurer's too: a note is not an answer to the policy holder, so only public insurer comments count).
  const unanswered = sql`
    select pc.contract_id, min(pc.created_at) as at from contract_comments pc
    join contracts c on c.id = pc.contract_id and c.is_deleted = false
    where pc.side = 'policy_holder' and not exists (
      select 1 from contract_comments r where r.contract_id = pc.contract_id and r.side = 'insurer'
        and r.internal = false and r.created_at >= pc.created_at)
    group by pc.contract_id`;
  const toAnswerQ = commenter
    ? Promise.all([
        db.execute<{ n: number }>(sql`select count(*)::int as n from (${unanswered}) u`),
        db.execute<{ contract_id: string; code: string; amendment: number; at: Date | string }>(sql`
          select u.contract_id, c.code, c.amendment, u.at from (${unanswered}) u
          join contracts c on c.id = u.contract_id order by u.at, c.code limit 5`),
      ])
    : null;

  const [byState, agingRows, monthRows, toApprove, toRework, toAnswer] = await Promise.all([
    byStateQ,
    agingQ,
    monthsQ,
    approver ? countState(ContractState.Negotiable) : null,
    editor ? countState(ContractState.Counter) : null,
    toAnswerQ,
  ]);

  const agingRow = agingRows[0] ?? {};
  const perMonth = new Map(monthRows.map((r) => [r.month, r]));
  return {
    today,
    byState: byState.map((r) => ({ state: Number(r.state), count: Number(r.n) })),
    aging: AGE_BUCKETS.map((bucket, i) => ({
      bucket,
      count: Number(agingRow[`n${i}`] ?? 0),
      amount: toMoneyString(String(agingRow[`a${i}`] ?? '0')),
    })),
    months: Array.from({ length: 12 }, (_, i) => {
      const month = monthsBack(today, 11 - i);
      const r = perMonth.get(month);
      return {
        month,
        billed: toMoneyString(r?.billed ?? '0'),
        collected: toMoneyString(r?.collected ?? '0'),
      };
    }),
    waiting: {
      toApprove,
      toRework,
      toAnswer: toAnswer
        ? {
            count: toAnswer[0][0]?.n ?? 0,
            oldest: toAnswer[1].map((r) => ({
              contractId: r.contract_id,
              code: r.code,
              amendment: Number(r.amendment),
              at: new Date(r.at),
            })),
          }
        : null,
    },
  };
}

/** "YYYY-MM" of the month `n` months before the month of `today`. */
function monthsBack(today: string, n: number): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7)) - 1 - n;
  const d = new Date(Date.UTC(y, m, 1));
  return d.toISOString().slice(0, 7);
}

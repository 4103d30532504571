import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import {
  contracts,
  dunningCases,
  dunningHolds,
  dunningLevels,
  dunningSteps,
  policyHolders,
} from '@/db/schema';
import { type Actor, assertCan } from '../auth/actor';
import { getContract } from '../contracts/contracts';
import { todayIso } from '../dates';
import { NotFoundError } from '../errors';
import { err, label } from '../i18n/keyed';
import { money, toMoneyString } from '../money';
import { overdueChains } from './cases';
import { type LevelRow, nextLevel } from './run';

export type DunningRow = {
  chainCode: string;
  contractId: string;
  contractCode: string;
  contractState: number;
  policyHolderId: string | null;
  policyHolderName: string | null;
  caseId: string | null;
  status: string;
  dueDate: string;
  overdue: string;
  level: number;
  levelName: string | null;
  lastStepOn: string | null;
  coverSuspendedFrom: string | null;
  nextLevelName: string | null;
  nextAction: string | null;
  nextDate: string | null;
  holdUntil: string | null;
  holdReason: string | null;
  feesTotal: string;
};

async function levelsByProduct(db: DbOrTx, productIds: string[]): Promise<Map<string, LevelRow[]>> {
  const out = new Map<string, LevelRow[]>();
  if (!productIds.length) return out;
  const rows = await db
    .select()
    .from(dunningLevels)
    .where(and(inArray(dunningLevels.productId, productIds), eq(dunningLevels.isDeleted, false)))
    .orderBy(asc(dunningLevels.daysAfterDue));
  for (const r of rows) out.set(r.productId, [...(out.get(r.productId) ?? []), r]);
  return out;
}

/**
 * Who is at which level on a day: every chain with installments past due and unpaid (with its open case,
 * or none yet when the run has not seen it), and every open case whose arrears were paid since (closed
 * by the next run). Amount overdue, level reached, suspension, the next level and its day, the hold.
 */
export async function dunningOverview(
  db: DbOrTx,
  actor: Actor,
  options: { asOf?: string; policyHolderId?: string; chainCode?: string } = {},
): Promise<DunningRow[]> {
  assertCan(actor, 'contract.read');
  const asOf = options.asOf ?? todayIso();
  let overdue = await overdueChains(db, asOf, options.chainCode ? [options.chainCode] : undefined);
  if (options.policyHolderId) overdue = overdue.filter((o) => o.policyHolderId === options.policyHolderId);
  const cases = await db
    .select()
    .from(dunningCases)
    .where(
      and(
        eq(dunningCases.status, 'open'),
        options.policyHolderId ? eq(dunningCases.policyHolderId, options.policyHolderId) : undefined,
        options.chainCode ? eq(dunningCases.chainCode, options.chainCode) : undefined,
      ),
    );
  const ended = overdue.length
    ? new Set(
        (
          await db
            .select({ chainCode: dunningCases.chainCode })
            .from(dunningCases)
            .where(
              and(
                eq(dunningCases.status, 'terminated'),
                inArray(
                  dunningCases.chainCode,
                  overdue.map((o) => o.chainCode),
                ),
              ),
            )
        ).map((r) => r.chainCode),
      )
    : new Set<string>();
  const byChain = new Map(cases.map((c) => [c.chainCode, c]));
  const chains = [...new Set([...overdue.map((o) => o.chainCode), ...cases.map((c) => c.chainCode)])];
  if (!chains.length) return [];
  const contractIds = [...new Set([...overdue.map((o) => o.contractId), ...cases.map((c) => c.contractId)])];
  const info = new Map(
    (
      await db
        .select({
          id: contracts.id,
          code: contracts.code,
          state: contracts.state,
          coverSuspendedFrom: contracts.coverSuspendedFrom,
          policyHolderId: contracts.policyHolderId,
          phName: policyHolders.tradeName,
        })
        .from(contracts)
        .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
        .where(inArray(contracts.id, contractIds))
    ).map((r) => [r.id, r]),
  );
  const levels = await levelsByProduct(db, [
    ...new Set(cases.map((c) => c.productId).filter((p): p is string => !!p)),
  ]);
  const steps = cases.length
    ? await db
        .select({ caseId: dunningSteps.caseId, levelId: dunningSteps.levelId, name: dunningSteps.levelName })
        .from(dunningSteps)
        .where(
          inArray(
            dunningSteps.caseId,
            cases.map((c) => c.id),
          ),
        )
        .orderBy(asc(dunningSteps.levelNumber))
    : [];
  const phIds = [
    ...new Set(
      [...overdue.map((o) => o.policyHolderId), ...cases.map((c) => c.policyHolderId)].filter(
        (p): p is string => !!p,
      ),
    ),
  ];
  const holds = phIds.length
    ? await db
        .select()
        .from(dunningHolds)
        .where(
          and(
            inArray(dunningHolds.policyHolderId, phIds),
            eq(dunningHolds.isDeleted, false),
            sql`${dunningHolds.releasedAt} is null and ${dunningHolds.until} >= ${asOf}`,
          ),
        )
    : [];
  const rows: DunningRow[] = [];
  for (const chain of chains) {
    const o = overdue.find((x) => x.chainCode === chain);
    const c = byChain.get(chain);
    const contractId = o?.contractId ?? c!.contractId;
    const k = info.get(contractId);
    const phId = o?.policyHolderId ?? c?.policyHolderId ?? null;
    const caseSteps = c ? steps.filter((s) => s.caseId === c.id) : [];
    const next = c?.productId
      ? nextLevel(levels.get(c.productId) ?? [], new Set(caseSteps.map((s) => s.levelId)), c)
      : null;
    const hold = holds.find((h) => h.policyHolderId === phId);
    rows.push({
      chainCode: chain,
      contractId,
      contractCode: k?.code ?? chain,
      contractState: k?.state ?? 0,
      policyHolderId: phId,
      policyHolderName: k?.phName ?? null,
      caseId: c?.id ?? null,
      status: c ? (o ? 'open' : 'paid') : ended.has(chain) ? 'terminated' : 'new',
      dueDate: c?.dueDate ?? o!.oldestDue,
      overdue: o?.overdue ?? '0.00',
      level: c?.level ?? 0,
      levelName: caseSteps.at(-1)?.name ?? null,
      lastStepOn: c?.lastStepOn ?? null,
      coverSuspendedFrom: k?.coverSuspendedFrom ?? null,
      nextLevelName: o && next ? next.level.name : null,
      nextAction: o && next ? next.level.action : null,
      nextDate: o && next ? (hold && hold.until >= next.date ? addOne(hold.until) : next.date) : null,
      holdUntil: hold?.until ?? null,
      holdReason: hold?.reason ?? null,
      feesTotal: toMoneyString(c?.feesTotal ?? 0),
    });
  }
  return rows.sort((a, b) => b.level - a.level || a.dueDate.localeCompare(b.dueDate));
}

function addOne(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export type DunningStepDto = {
  id: string;
  levelNumber: number;
  levelName: string;
  action: string;
  stepDate: string;
  amountOverdue: string;
  fee: string;
  contractCode: string;
  status: string;
  /** The letter mailed at this step (its PDF: /api/documents/dunning-letter/{id}). */
  notificationId: string | null;
};

/** The steps of a chain's (or a policy holder's) cases, newest first: the history on the cards. */
export async function listDunningSteps(
  db: DbOrTx,
  where: { chainCode?: string; policyHolderId?: string },
): Promise<DunningStepDto[]> {
  const rows = await db
    .select({
      id: dunningSteps.id,
      levelNumber: dunningSteps.levelNumber,
      levelName: dunningSteps.levelName,
      action: dunningSteps.action,
      stepDate: dunningSteps.stepDate,
      amountOverdue: dunningSteps.amountOverdue,
      fee: dunningSteps.fee,
      contractCode: dunningCases.chainCode,
      status: dunningCases.status,
      notificationId: dunningSteps.notificationId,
    })
    .from(dunningSteps)
    .innerJoin(dunningCases, eq(dunningCases.id, dunningSteps.caseId))
    .where(
      or(
        where.chainCode ? eq(dunningCases.chainCode, where.chainCode) : undefined,
        where.policyHolderId ? eq(dunningCases.policyHolderId, where.policyHolderId) : undefined,
      ),
    )
    .orderBy(desc(dunningSteps.stepDate), desc(dunningSteps.levelNumber))
    .limit(50);
  return rows;
}

/** The contract card's dunning panel (staff and portal): its chain's row and the steps taken. */
export async function contractDunning(db: DbOrTx, actor: Actor, contractId: string, asOf = todayIso()) {
  const contract = await getContract(db, actor, contractId, { includeDeleted: !actor.isPortal });
  const [row] = await db
    .select({ coverSuspendedFrom: contracts.coverSuspendedFrom })
    .from(contracts)
    .where(eq(contracts.id, contractId));
  const steps = await listDunningSteps(db, { chainCode: contract.code });
  const staffRow = actor.isPortal
    ? null
    : ((await dunningOverview(db, actor, { chainCode: contract.code, asOf }))[0] ?? null);
  return { coverSuspendedFrom: row?.coverSuspendedFrom ?? null, steps, row: staffRow };
}

/** The policy holder card's dunning panel: its chains in dunning, the steps, the holds. */
export async function policyHolderDunning(
  db: DbOrTx,
  actor: Actor,
  policyHolderId: string,
  asOf = todayIso(),
) {
  assertCan(actor, 'policyholder.read');
  const rows = await dunningOverview(db, actor, { policyHolderId, asOf });
  const steps = await listDunningSteps(db, { policyHolderId });
  const holds = await db
    .select()
    .from(dunningHolds)
    .where(and(eq(dunningHolds.policyHolderId, policyHolderId), eq(dunningHolds.isDeleted, false)))
    .orderBy(desc(dunningHolds.createdAt));
  return { rows, steps, holds };
}

export type OverdueItem = {
  installmentId: string;
  contractId: string;
  contractCode: string;
  periodFrom: string;
  periodTo: string;
  dueDate: string;
  invoiceNumber: string | null;
  open: string;
  paymentReference: string;
};

/**
 * The portal's "overdue items": a policy holder's installments past due and unpaid, each with what is
 * left to pay and the reference to quote (the contract's payment reference, else its code, as the
 * invoices say). Only for a policy holder the portal user acts for.
 */
export async function overdueItems(
  db: DbOrTx,
  actor: Actor,
  policyHolderId: string,
  asOf = todayIso(),
): Promise<{ items: OverdueItem[]; total: string }> {
  if (
    actor.isPortal
      ? !actor.policyHolderIds.includes(policyHolderId)
      : !actor.permissions.has('policyholder.read')
  )
    throw new NotFoundError(err('notFound', { label: label('policyHolder') }));
  const rows = await db.execute<{
    installment_id: string;
    contract_id: string;
    code: string;
    period_from: string;
    period_to: string;
    due_date: string;
    invoice_number: string | null;
    open: string;
    reference: string | null;
  }>(sql`
    select i.id as installment_id, c.id as contract_id, c.code, i.period_from::text, i.period_to::text,
      i.due_date::text, inv.number as invoice_number, (i.amount - i.allocated)::text as open,
      c.payment_reference as reference
    from installments i join contracts c on c.id = i.contract_id
    left join invoices inv on inv.id = i.invoice_id
    where i.policy_holder_id = ${policyHolderId} and i.live
      and i.allocated < i.amount and i.due_date < ${asOf} and i.is_deleted = false
    order by i.due_date, c.code`);
  const items = [...rows].map((r) => ({
    installmentId: r.installment_id,
    contractId: r.contract_id,
    contractCode: r.code,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    dueDate: r.due_date,
    invoiceNumber: r.invoice_number,
    open: toMoneyString(r.open),
    paymentReference: r.reference || r.code,
  }));
  const total = items.reduce((s, i) => s.plus(i.open), money(0));
  return { items, total: toMoneyString(total) };
}

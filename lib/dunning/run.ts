import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { contracts, dunningCases, dunningLevels, dunningSteps } from '@/db/schema';
import { writeAudit } from '../audit/audit';
import { type Actor, assertCan, systemActor } from '../auth/actor';
import { STATE_CONFIG } from '../contracts/states';
import { terminateContract } from '../contracts/transitions';
import { addDays, daysInclusive, todayIso } from '../dates';
import { isDomainError } from '../errors';
import type { Locale } from '../format';
import { money, toMoneyString } from '../money';
import { dunningRunInput } from '../validation/dunning';
import { parseInput } from '../validation/parse';
import {
  activeHold,
  type CaseRow,
  closePaidCases,
  openCasesOf,
  overdueChains,
  queueMail,
  recipientOf,
  systemComment,
} from './cases';
import { renderLetter } from './letters';

export type DunningRunResult = {
  asOf: string;
  opened: number;
  letters: number;
  suspended: number;
  terminated: number;
  closed: number;
  reinstated: number;
  held: number;
  failed: { chainCode: string; error: string }[];
};

export type LevelRow = typeof dunningLevels.$inferSelect;

/** The reason recorded on a contract terminated by dunning. */
export const NON_PAYMENT = 'Non-payment';

/**
 * The dunning levels that apply to a contract: those of the first product (by code) of its lines that
 * has levels. A contract whose products have none is not dunned (its arrears still show on the overview).
 */
export async function levelsForContract(tx: DbOrTx, contractId: string): Promise<LevelRow[]> {
  const rows = await tx.execute<{ product_id: string }>(sql`
    select p.id as product_id from products p
    where p.id in (
      select cp.product_id from contract_details d
      join contribution_plan_bundle_plans bp on bp.bundle_id = d.bundle_id
      join contribution_plans cp on cp.id = bp.plan_id
      where d.contract_id = ${contractId} and d.is_deleted = false)
    and exists (select 1 from dunning_levels l where l.product_id = p.id and l.is_deleted = false)
    order by p.code limit 1`);
  const productId = [...rows][0]?.product_id;
  if (!productId) return [];
  return tx
    .select()
    .from(dunningLevels)
    .where(and(eq(dunningLevels.productId, productId), eq(dunningLevels.isDeleted, false)))
    .orderBy(asc(dunningLevels.daysAfterDue));
}

/** The next level of a case and the day it falls due (never before the day after the last step). */
export function nextLevel(
  levels: LevelRow[],
  done: Set<string>,
  c: Pick<CaseRow, 'dueDate' | 'lastStepOn'>,
): { level: LevelRow; number: number; date: string } | null {
  const index = levels.findIndex((l) => !done.has(l.id));
  if (index < 0) return null;
  const level = levels[index]!;
  let date = addDays(c.dueDate, level.daysAfterDue);
  if (c.lastStepOn && date <= c.lastStepOn) date = addDays(c.lastStepOn, 1);
  return { level, number: index + 1, date };
}

const STEP_COMMENT: Record<Locale, Record<string, string>> = {
  en: {
    letter: 'Dunning level {n} ({name}): letter sent; {amount} overdue since {due}.',
    suspend: 'Dunning level {n} ({name}): cover suspended from {date}; {amount} overdue since {due}.',
    terminate:
      'Dunning level {n} ({name}): contract terminated for non-payment on {date}; {amount} overdue since {due}.',
    registered: ' (registered letter)',
    fee: ' Fee: {fee}.',
  },
  fr: {
    letter: 'Relance niveau {n} ({name}) : courrier envoyé ; {amount} impayés depuis le {due}.',
    suspend:
      'Relance niveau {n} ({name}) : couverture suspendue à compter du {date} ; {amount} impayés depuis le {due}.',
    terminate:
      'Relance niveau {n} ({name}) : contrat résilié pour non-paiement le {date} ; {amount} impayés depuis le {due}.',
    registered: ' (lettre recommandée)',
    fee: ' Frais : {fee}.',
  },
};

function stepComment(
  locale: Locale,
  v: {
    n: number;
    name: string;
    action: string;
    date: string;
    amount: string;
    due: string;
    fee: string;
    registered: boolean;
  },
): string {
  const w = STEP_COMMENT[locale];
  const fill = (s: string) =>
    s
      .replace('{n}', String(v.n))
      .replace('{name}', v.name)
      .replace('{date}', v.date)
      .replace('{amount}', v.amount)
      .replace('{due}', v.due)
      .replace('{fee}', v.fee);
  return (
    fill(w[v.action]!) +
    (v.registered ? w.registered! : '') +
    (money(v.fee).greaterThan(0) ? fill(w.fee!) : '')
  );
}

/**
 * One chain's day in its own transaction: open its case if it has none, then (unless the policy holder
 * is on hold, or a level was applied today already) apply the next level whose day has come: its letter
 * to the outbox in the policy holder's language, its fee, its action (suspend the cover from today, or
 * terminate the contract with reason "Non-payment" through the manual termination, so that the money is
 * settled the same way), an audit entry on the contract and the policy holder, and a comment on the
 * contract's thread. Each level once per case: the step's unique index makes a racing run fail, not repeat.
 */
async function dunChain(
  tx: Tx,
  actor: Actor,
  listed: Awaited<ReturnType<typeof overdueChains>>[number],
  asOf: string,
  out: DunningRunResult,
): Promise<void> {
  const [contract] = await tx
    .select()
    .from(contracts)
    .where(eq(contracts.id, listed.contractId))
    .for('update');
  if (!contract) return;
  // Read again under the lock: a receipt recorded since the list was read may have paid it.
  const [row] = await overdueChains(tx, asOf, [listed.chainCode]);
  if (!row) return;
  let [c] = await tx
    .select()
    .from(dunningCases)
    .where(and(eq(dunningCases.chainCode, row.chainCode), eq(dunningCases.status, 'open')))
    .for('update');
  const levels = await levelsForContract(tx, contract.id);
  if (!c) {
    // A chain terminated for non-payment has run through its levels: what it still owes is not dunned again.
    const [ended] = await tx
      .select({ id: dunningCases.id })
      .from(dunningCases)
      .where(and(eq(dunningCases.chainCode, row.chainCode), eq(dunningCases.status, 'terminated')))
      .limit(1);
    if (ended) return;
    [c] = await tx
      .insert(dunningCases)
      .values({
        chainCode: row.chainCode,
        contractId: contract.id,
        policyHolderId: row.policyHolderId,
        productId: levels[0]?.productId ?? null,
        dueDate: row.oldestDue,
        openedOn: asOf,
        createdBy: actor.id,
        updatedBy: actor.id,
      })
      .returning();
    out.opened++;
  } else if (c.contractId !== contract.id) {
    await tx.update(dunningCases).set({ contractId: contract.id }).where(eq(dunningCases.id, c.id));
  }
  const kase = c!;
  if (kase.lastStepOn && kase.lastStepOn >= asOf) return;
  if (await activeHold(tx, row.policyHolderId, asOf)) {
    out.held++;
    return;
  }
  const done = new Set(
    (
      await tx
        .select({ levelId: dunningSteps.levelId })
        .from(dunningSteps)
        .where(eq(dunningSteps.caseId, kase.id))
    ).map((s) => s.levelId),
  );
  const next = nextLevel(levels, done, kase);
  if (!next || next.date > asOf) return;
  const { level, number } = next;
  const fee = money(level.fee ?? 0);
  const to = await recipientOf(tx, contract.id);
  const template =
    to.language === 'fr'
      ? { subject: level.subjectFr, body: level.bodyFr }
      : { subject: level.subjectEn, body: level.bodyEn };
  const mail = renderLetter(
    template,
    to.language,
    {
      recipientName: to.name,
      policyHolderName: to.phName,
      contractCode: contract.code,
      amountOverdue: row.overdue,
      dueDate: kase.dueDate,
      daysOverdue: daysInclusive(kase.dueDate, asOf) - 1,
      paymentReference: contract.paymentReference,
      stepDate: asOf,
      fee: level.fee,
      level: level.name,
    },
    level.registered,
  );
  const notificationId = await queueMail(tx, 'dunning.letter', contract.id, to, mail, {
    caseId: kase.id,
    stepDate: asOf,
    level: number,
    levelName: level.name,
    action: level.action,
    registered: level.registered,
    amountOverdue: row.overdue,
    fee: toMoneyString(fee),
  });
  await tx.insert(dunningSteps).values({
    caseId: kase.id,
    levelId: level.id,
    levelNumber: number,
    levelName: level.name,
    action: level.action,
    stepDate: asOf,
    amountOverdue: row.overdue,
    fee: toMoneyString(fee),
    notificationId,
  });
  out.letters++;
  const live = STATE_CONFIG.terminable.includes(contract.state);
  let terminated = false;
  if (level.action === 'suspend' && live && !contract.coverSuspendedFrom) {
    await tx
      .update(contracts)
      .set({
        coverSuspendedFrom: asOf,
        version: contract.version + 1,
        updatedAt: new Date(),
        updatedBy: actor.id,
      })
      .where(eq(contracts.id, contract.id));
    out.suspended++;
  } else if (level.action === 'terminate' && live && asOf <= contract.dateValidTo) {
    const [fresh] = await tx
      .select({ version: contracts.version })
      .from(contracts)
      .where(eq(contracts.id, contract.id));
    await terminateContract(
      tx,
      systemActor(['contract.approve', 'contract.read']),
      { id: contract.id, version: fresh!.version, comment: NON_PAYMENT, dateTerminated: asOf },
      asOf,
    );
    terminated = true;
    out.terminated++;
  }
  await tx
    .update(dunningCases)
    .set({
      level: number,
      lastStepOn: asOf,
      feesTotal: toMoneyString(money(kase.feesTotal).plus(fee)),
      ...(level.action === 'terminate' ? { status: 'terminated', closedOn: asOf } : {}),
      version: kase.version + 1,
      updatedAt: new Date(),
      updatedBy: actor.id,
    })
    .where(eq(dunningCases.id, kase.id));
  const changes = [
    {
      field: 'dunningLevel',
      oldValue: kase.level ? String(kase.level) : null,
      newValue: `${number} · ${level.name}`,
    },
    { field: 'amountOverdue', oldValue: null, newValue: row.overdue },
    ...(fee.greaterThan(0) ? [{ field: 'fee', oldValue: null, newValue: toMoneyString(fee) }] : []),
    ...(level.action === 'suspend' && !contract.coverSuspendedFrom && live
      ? [{ field: 'coverSuspendedFrom', oldValue: null, newValue: asOf }]
      : []),
  ];
  const operation = `dunning_${level.action}`;
  await writeAudit(tx, actor, [
    { operation, entity: 'contract', entityId: contract.id, changes },
    ...(row.policyHolderId
      ? [
          {
            operation,
            entity: 'policy_holder',
            entityId: row.policyHolderId,
            changes: [{ field: 'contract', oldValue: null, newValue: contract.id }, ...changes],
          },
        ]
      : []),
  ]);
  await systemComment(
    tx,
    contract.id,
    stepComment(to.language, {
      n: number,
      name: level.name,
      action: level.action === 'terminate' && !terminated ? 'letter' : level.action,
      date: asOf,
      amount: row.overdue,
      due: kase.dueDate,
      fee: toMoneyString(fee),
      registered: level.registered,
    }),
  );
}

/**
 * The daily dunning run for a day (`asOf`): first every open case whose chain owes nothing past due any
 * more is closed (its cover reinstated if it was suspended), then every chain with installments past due
 * and unpaid moves on by at most one level (see dunChain), each chain in its own transaction so that one
 * failure does not hold back the others. Running the same day twice changes nothing the second time.
 * Staff (contract.approve) may run it for any day; the queue's daily job runs it for today.
 */
export async function runDunning(db: DbOrTx, actor: Actor, input: unknown): Promise<DunningRunResult> {
  assertCan(actor, 'contract.approve');
  const { asOf } = parseInput(dunningRunInput, input);
  const out: DunningRunResult = {
    asOf,
    opened: 0,
    letters: 0,
    suspended: 0,
    terminated: 0,
    closed: 0,
    reinstated: 0,
    held: 0,
    failed: [],
  };
  const open = await db.select().from(dunningCases).where(eq(dunningCases.status, 'open'));
  for (const c of open) {
    try {
      await db.transaction(async (tx) => {
        const [fresh] = await openCasesOf(tx, [c.chainCode]);
        if (!fresh) return;
        const r = await closePaidCases(tx, actor, [fresh], asOf);
        out.closed += r.closed;
        out.reinstated += r.reinstated;
      });
    } catch (e) {
      out.failed.push({
        chainCode: c.chainCode,
        error: isDomainError(e) ? e.keyedMessage : e instanceof Error ? e.message : String(e),
      });
    }
  }
  for (const row of await overdueChains(db, asOf)) {
    try {
      await db.transaction((tx) => dunChain(tx, actor, row, asOf, out));
    } catch (e) {
      out.failed.push({
        chainCode: row.chainCode,
        error: isDomainError(e) ? e.keyedMessage : e instanceof Error ? e.message : String(e),
      });
    }
  }
  return out;
}

/** The daily job's part (lib/jobs/daily.ts): today's run, as the system. */
export function runDailyDunning(db: DbOrTx, today = todayIso()): Promise<DunningRunResult> {
  return runDunning(db, systemActor(['contract.approve', 'contract.read']), { asOf: today });
}

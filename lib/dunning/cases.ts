import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import {
  contractComments,
  contracts,
  dunningCases,
  dunningHolds,
  notificationEvents,
  policyHolders,
} from '@/db/schema';
import { writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import type { LedgerAccount } from '../billing/ledger';
import type { Locale } from '../format';
import { toMoneyString } from '../money';
import { NO_EMAIL } from '../notifications/events';
import { reinstatementMail } from './letters';

export type CaseRow = typeof dunningCases.$inferSelect;

/**
 * What a chain owes that is past due on `asOf`: its live installments (open or invoiced) not fully paid
 * whose due date is before that day. One row per chain, with the contract they belong to (the chain's
 * latest: an amendment's approval replaces or credits its original's installments).
 */
export async function overdueChains(
  tx: DbOrTx,
  asOf: string,
  chainCodes?: string[],
): Promise<
  {
    chainCode: string;
    policyHolderId: string | null;
    contractId: string;
    oldestDue: string;
    overdue: string;
  }[]
> {
  if (chainCodes && !chainCodes.length) return [];
  const only = chainCodes
    ? sql`and i.chain_code = any(array[${sql.join(
        chainCodes.map((c) => sql`${c}`),
        sql`, `,
      )}]::text[])`
    : sql``;
  const rows = await tx.execute<{
    chain_code: string;
    policy_holder_id: string | null;
    contract_id: string;
    oldest_due: string;
    overdue: string;
  }>(sql`
    select i.chain_code, (array_agg(i.policy_holder_id::text))[1] as policy_holder_id,
      (array_agg(i.contract_id::text order by c.amendment desc))[1] as contract_id,
      min(i.due_date)::text as oldest_due, sum(i.amount - i.allocated)::text as overdue
    from installments i join contracts c on c.id = i.contract_id
    where i.live and i.allocated < i.amount and i.due_date < ${asOf}
      and i.is_deleted = false ${only}
    group by i.chain_code
    order by min(i.due_date), i.chain_code`);
  return [...rows].map((r) => ({
    chainCode: r.chain_code,
    policyHolderId: r.policy_holder_id,
    contractId: r.contract_id,
    oldestDue: r.oldest_due,
    overdue: toMoneyString(r.overdue),
  }));
}

/** The hold in force for a policy holder on a day, if any. */
export async function activeHold(tx: DbOrTx, policyHolderId: string | null, asOf: string) {
  if (!policyHolderId) return null;
  const [hold] = await tx
    .select()
    .from(dunningHolds)
    .where(
      and(
        eq(dunningHolds.policyHolderId, policyHolderId),
        eq(dunningHolds.isDeleted, false),
        sql`${dunningHolds.releasedAt} is null and ${dunningHolds.until} >= ${asOf}`,
      ),
    )
    .orderBy(sql`${dunningHolds.until} desc`)
    .limit(1);
  return hold ?? null;
}

export type Recipient = { email: string | null; name: string; language: Locale; phName: string };

export async function recipientOf(tx: DbOrTx, contractId: string): Promise<Recipient & { code: string }> {
  const [c] = await tx
    .select({
      code: contracts.code,
      phName: policyHolders.tradeName,
      contactName: policyHolders.contactName,
      email: policyHolders.email,
      language: policyHolders.language,
    })
    .from(contracts)
    .leftJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
    .where(eq(contracts.id, contractId));
  return {
    code: c?.code ?? '',
    email: c?.email?.trim() || null,
    name: c?.contactName?.trim() || c?.phName || c?.code || '',
    language: c?.language === 'fr' ? 'fr' : 'en',
    phName: c?.phName ?? c?.code ?? '',
  };
}

/** A mail in the outbox, in the caller's transaction (undeliverable, visibly, without an address). */
export async function queueMail(
  tx: DbOrTx,
  event: string,
  contractId: string,
  to: Recipient,
  mail: { subject: string; body: string },
  payload: Record<string, unknown>,
): Promise<string> {
  // A dunning letter carries its own PDF (lib/documents, kind dunning_letter: the mail's id names it),
  // rendered when the mail is sent and kept with the contract's documents.
  const id = randomUUID();
  const [row] = await tx
    .insert(notificationEvents)
    .values({
      id,
      event,
      contractId,
      attachmentRefs: event === 'dunning.letter' ? [{ kind: 'dunning_letter', id }] : null,
      payload,
      recipient: to.email,
      language: to.language,
      subject: mail.subject,
      body: mail.body,
      ...(to.email ? {} : { status: 'undeliverable', lastError: NO_EMAIL }),
    })
    .returning({ id: notificationEvents.id });
  return row!.id;
}

/** A comment by the system on the contract's thread (the policy holder sees it too); never mailed. */
export async function systemComment(tx: DbOrTx, contractId: string, body: string): Promise<void> {
  await tx.insert(contractComments).values({
    contractId,
    authorId: null,
    authorName: 'Pactum',
    side: 'insurer',
    body,
    operation: 'dunning',
  });
}

const REINSTATED: Record<Locale, (date: string) => string> = {
  en: (d) => `Arrears paid: dunning closed, cover reinstated from ${d}.`,
  fr: (d) => `Arriéré réglé : relance close, couverture rétablie à compter du ${d}.`,
};
const PAID: Record<Locale, (date: string) => string> = {
  en: (d) => `Arrears paid on ${d}: dunning closed.`,
  fr: (d) => `Arriéré réglé le ${d} : relance close.`,
};

/**
 * Closes the open cases of these chains that owe nothing past due on `asOf` any more ("paying at any
 * level stops the process"), and reinstates the cover a case suspended. The caller holds the contracts'
 * locks (a receipt locks them before the ledger; the daily job locks each one).
 */
export async function closePaidCases(
  tx: Tx,
  actor: Actor,
  cases: CaseRow[],
  asOf: string,
): Promise<{ closed: number; reinstated: number }> {
  if (!cases.length) return { closed: 0, reinstated: 0 };
  const still = new Set(
    (
      await overdueChains(
        tx,
        asOf,
        cases.map((c) => c.chainCode),
      )
    ).map((r) => r.chainCode),
  );
  let closed = 0;
  let reinstated = 0;
  for (const c of cases) {
    if (still.has(c.chainCode)) continue;
    const [contract] = await tx.select().from(contracts).where(eq(contracts.id, c.contractId)).for('update');
    await tx
      .update(dunningCases)
      .set({
        status: 'paid',
        closedOn: asOf,
        version: c.version + 1,
        updatedAt: new Date(),
        updatedBy: actor.id,
      })
      .where(and(eq(dunningCases.id, c.id), eq(dunningCases.status, 'open')));
    closed++;
    const to = await recipientOf(tx, c.contractId);
    const suspended = contract?.coverSuspendedFrom && contract.state !== 10;
    if (contract && suspended) {
      await tx
        .update(contracts)
        .set({
          coverSuspendedFrom: null,
          version: contract.version + 1,
          updatedAt: new Date(),
          updatedBy: actor.id,
        })
        .where(eq(contracts.id, contract.id));
      reinstated++;
      await queueMail(
        tx,
        'dunning.reinstated',
        contract.id,
        to,
        reinstatementMail(to.language, {
          recipientName: to.name,
          contractCode: contract.code,
          policyHolderName: to.phName,
          date: asOf,
        }),
        { caseId: c.id, date: asOf },
      );
    }
    const changes = [
      { field: 'dunningLevel', oldValue: String(c.level), newValue: null },
      ...(suspended
        ? [{ field: 'coverSuspendedFrom', oldValue: contract!.coverSuspendedFrom, newValue: null }]
        : []),
    ];
    await writeAudit(tx, actor, [
      {
        operation: suspended ? 'dunning_reinstate' : 'dunning_paid',
        entity: 'contract',
        entityId: c.contractId,
        changes,
      },
      ...(c.policyHolderId
        ? [
            {
              operation: suspended ? 'dunning_reinstate' : 'dunning_paid',
              entity: 'policy_holder',
              entityId: c.policyHolderId,
              changes: [{ field: 'contract', oldValue: null, newValue: c.contractId }, ...changes],
            },
          ]
        : []),
    ]);
    await systemComment(
      tx,
      c.contractId,
      suspended ? REINSTATED[to.language](asOf) : PAID[to.language](asOf),
    );
  }
  return { closed, reinstated };
}

/**
 * After a receipt (lib/billing/receipts.ts): the account's open cases whose arrears are now paid are
 * closed and their cover reinstated at once, without waiting for the daily job. Only the contracts the
 * receipt's transaction has locked already are looked at (the contract it was recorded for, or every
 * contract of the policy holder with live installments), so no lock is taken out of order; anything else
 * is done by the next daily run. Nothing to do (the usual case) costs one indexed read.
 */
export async function settleDunningAfterPayment(
  tx: Tx,
  actor: Actor,
  account: LedgerAccount,
  contractId: string | null,
  today: string,
): Promise<void> {
  const open = await tx
    .select()
    .from(dunningCases)
    .where(
      and(
        eq(dunningCases.status, 'open'),
        account.policyHolderId
          ? eq(dunningCases.policyHolderId, account.policyHolderId)
          : eq(dunningCases.chainCode, account.chainCode!),
        contractId ? eq(dunningCases.contractId, contractId) : undefined,
      ),
    );
  if (open.length) await closePaidCases(tx, actor, open, today);
}

export async function openCasesOf(tx: DbOrTx, chainCodes: string[]): Promise<CaseRow[]> {
  if (!chainCodes.length) return [];
  return tx
    .select()
    .from(dunningCases)
    .where(and(eq(dunningCases.status, 'open'), inArray(dunningCases.chainCode, chainCodes)));
}

import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { contractContributionDetails, contracts, payments } from '@/db/schema';
import type { Actor } from '../auth/actor';
import { daysInclusive, minDate } from '../dates';
import { money, roundCents, toMoneyString } from '../money';
import type { ContractRow } from './access';
import { endChainCover } from './amendments';

export type TerminationSettlement = { kept: string; received: string; credit: string | null };

/**
 * The money side of a manual termination whose cover ends on `lastDay`. What the contract keeps is the
 * value of its contribution lines up to that day (each line pro-rated by days, rounded half-even to the
 * cent); what its chain (the contract and its earlier amendments) received beyond that comes back as a
 * credit, and an open payment request only asks for what is still owed for the kept period. So a date
 * before the last paid day is allowed, and always settled by a credit: nobody pays for cover they lose.
 * The cover of the chain (persons covered, its own policies) ends on `lastDay`.
 */
export async function settleTermination(
  tx: Tx,
  actor: Actor,
  contract: ContractRow,
  lastDay: string,
  today: string,
): Promise<TerminationSettlement> {
  const lines = await tx
    .select({
      from: contractContributionDetails.dateValidFrom,
      to: contractContributionDetails.dateValidTo,
      amount: contractContributionDetails.amount,
    })
    .from(contractContributionDetails)
    .where(
      and(
        eq(contractContributionDetails.contractId, contract.id),
        eq(contractContributionDetails.isDeleted, false),
      ),
    );
  let kept = money(0);
  for (const l of lines) {
    if (l.from > lastDay) continue;
    const days = daysInclusive(l.from, minDate(l.to, lastDay));
    kept = kept.plus(roundCents(money(l.amount).times(days).dividedBy(daysInclusive(l.from, l.to))));
  }
  // Receipts of the chain, less the credits it was already granted (their expected amount is negative).
  const chain = tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(
      and(
        eq(contracts.code, contract.code),
        lte(contracts.amendment, contract.amendment),
        eq(contracts.isDeleted, false),
      ),
    );
  const [sums] = await tx
    .select({
      received: sql<string>`coalesce(sum(case when ${payments.kind} = 'credit' then ${payments.expectedAmount} else ${payments.receivedAmount} end), 0)`,
    })
    .from(payments)
    .where(and(inArray(payments.contractId, chain), eq(payments.isDeleted, false)));
  const received = money(sums?.received ?? 0);

  const [open] = await tx
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.contractId, contract.id),
        eq(payments.kind, 'request'),
        inArray(payments.status, ['requested', 'partial']),
        eq(payments.isDeleted, false),
      ),
    )
    .orderBy(desc(payments.createdAt))
    .limit(1)
    .for('update');
  if (open) {
    const owed = kept.minus(received);
    const onIt = money(open.receivedAmount);
    const expected = owed.greaterThan(0) ? onIt.plus(owed) : onIt;
    await tx
      .update(payments)
      .set({
        expectedAmount: toMoneyString(expected),
        status: owed.greaterThan(0) ? open.status : onIt.greaterThan(0) ? 'paid' : 'cancelled',
        version: sql`${payments.version} + 1`,
        updatedAt: new Date(),
        updatedBy: actor.id,
      })
      .where(eq(payments.id, open.id));
  }
  let credit: string | null = null;
  if (received.greaterThan(kept)) {
    credit = toMoneyString(kept.minus(received));
    await tx.insert(payments).values({
      contractId: contract.id,
      kind: 'credit',
      expectedAmount: credit,
      requestDate: today,
      reference: contract.paymentReference,
      status: 'credit',
      createdBy: actor.id,
      updatedBy: actor.id,
    });
  }
  await endChainCover(tx, actor, contract.code, lastDay);
  return { kept: toMoneyString(kept), received: toMoneyString(received), credit };
}

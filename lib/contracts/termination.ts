import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { contractContributionDetails } from '@/db/schema';
import type { Actor } from '../auth/actor';
import {
  accountOf,
  applyCredit,
  liveInstallments,
  lockAccounts,
  rebaseChain,
  writeSchedules,
} from '../billing/ledger';
import { splitIntoInstallments } from '../billing/schedule';
import { daysInclusive, minDate } from '../dates';
import { money, roundCents, toMoneyString } from '../money';
import type { ContractRow } from './access';
import { endChainCover } from './amendments';

export type TerminationSettlement = { kept: string; received: string; credit: string | null };

/**
 * The money side of a manual termination whose cover ends on `lastDay`. What the contract keeps is the
 * value of its contribution lines up to that day (each line pro-rated by days, rounded half-even to the
 * cent); its schedule is re-based on that (installments after the day replaced, or credited by a credit
 * note when invoiced; the one across it reduced), the money its receipts paid is released and pays the
 * kept installments again, and what is left over stays as the payer's credit (refundable). So a date
 * before the last paid day is allowed: nobody pays for cover they lose. The chain's cover ends on `lastDay`.
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
      id: contractContributionDetails.id,
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
  const kept = lines
    .filter((l) => l.from <= lastDay)
    .map((l) => ({
      id: l.id,
      from: l.from,
      to: minDate(l.to, lastDay),
      amount: roundCents(
        money(l.amount)
          .times(daysInclusive(l.from, minDate(l.to, lastDay)))
          .dividedBy(daysInclusive(l.from, l.to)),
      ),
    }));
  const keptTotal = kept.reduce((s, l) => s.plus(l.amount), money(0));
  const account = accountOf(contract);
  await lockAccounts(tx, [account]);
  const old = await liveInstallments(tx, contract.code);
  const received = old.reduce((s, i) => s.plus(i.allocated), money(0));
  if (old.length && lastDay < contract.dateValidTo) {
    const periods = old
      .filter((i) => i.periodFrom <= lastDay)
      .map((i) => ({ from: i.periodFrom, to: minDate(i.periodTo, lastDay) }));
    await writeSchedules(tx, actor, [
      {
        contract,
        installments: splitIntoInstallments(periods, kept),
        firstDue: old[0]!.dueDate,
        payBeforeEffective: old.every((i) => i.requiredBeforeEffective) ? 'all' : 'first',
      },
    ]);
    const now = new Date(`${today}T12:00:00Z`);
    await rebaseChain(tx, actor, contract, old, 'termination', now);
    await applyCredit(tx, actor, account, today, { contractId: contract.id });
  }
  await endChainCover(tx, actor, contract.code, lastDay);
  const credit = received.greaterThan(keptTotal) ? toMoneyString(keptTotal.minus(received)) : null;
  return { kept: toMoneyString(keptTotal), received: toMoneyString(received), credit };
}

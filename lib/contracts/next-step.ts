import { and, count, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { contractDetails, installments } from '@/db/schema';
import type { Actor } from '../auth/actor';
import { listPayments } from '../billing/receipts';
import { money } from '../money';
import type { ContractDto } from './contracts';

/** What the next-step banner of a contract card says, beside what the contract itself holds. */
export type NextStepData = {
  /** The payment request the policy holder is asked to settle (the latest request), if any. */
  payment: {
    expected: string;
    received: string;
    balance: string;
    reference: string | null;
    status: string;
  } | null;
  /** Installments not invoiced yet: "Create invoice" is offered only when some are. */
  uninvoiced: number;
  /** Insured persons on the contract (a draft without any cannot usefully be submitted). */
  insuredPersons: number;
};

/**
 * Every read of the banner in one place, on purpose: the billing model (payments, invoices) is being
 * rebuilt, and this is the one function to adapt. Amounts come from the billing service's own listing
 * (`listPayments`, which scopes by the actor); the two counts are plain reads of the same tables that
 * `createInvoice` and the details tab use. The caller has already read `contract` through
 * `getContract`, so the actor may see it.
 */
export async function getNextStepData(
  db: DbOrTx,
  actor: Actor,
  contract: ContractDto,
): Promise<NextStepData> {
  const [payments, [invoiceable], [persons]] = await Promise.all([
    listPayments(db, actor, contract.id),
    db
      .select({ n: count() })
      .from(installments)
      .where(and(eq(installments.contractId, contract.id), eq(installments.state, 'open'))),
    db
      .select({ n: count() })
      .from(contractDetails)
      .where(and(eq(contractDetails.contractId, contract.id), eq(contractDetails.isDeleted, false))),
  ]);
  // The payment request is the contract's live installments: what they ask, what receipts paid of them.
  const live = payments.installments.filter((i) => i.state === 'open' || i.state === 'invoiced');
  const paid = money(payments.paid);
  return {
    payment: live.length
      ? {
          expected: payments.total,
          received: payments.paid,
          balance: payments.open,
          reference: payments.reference,
          status: money(payments.open).isZero() ? 'paid' : paid.greaterThan(0) ? 'partial' : 'requested',
        }
      : null,
    uninvoiced: Number(invoiceable?.n ?? 0),
    insuredPersons: Number(persons?.n ?? 0),
  };
}

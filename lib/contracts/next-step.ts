import { and, count, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { contractContributionDetails, contractDetails, invoiceLines } from '@/db/schema';
import type { Actor } from '../auth/actor';
import { listPayments } from '../billing/payments';
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
  /** Contribution lines not on any invoice yet: "Create invoice" is offered only when some are. */
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
      .from(contractContributionDetails)
      .leftJoin(invoiceLines, eq(invoiceLines.contractContributionDetailId, contractContributionDetails.id))
      .where(
        and(
          eq(contractContributionDetails.contractId, contract.id),
          eq(contractContributionDetails.isDeleted, false),
          isNull(invoiceLines.id),
        ),
      ),
    db
      .select({ n: count() })
      .from(contractDetails)
      .where(and(eq(contractDetails.contractId, contract.id), eq(contractDetails.isDeleted, false))),
  ]);
  const requests = payments.filter((p) => p.kind !== 'credit' && p.status !== 'credit');
  const request = requests.at(-1);
  return {
    payment: request
      ? {
          expected: request.expectedAmount,
          received: request.receivedAmount,
          balance: request.balance,
          reference: request.reference,
          status: request.status,
        }
      : null,
    uninvoiced: Number(invoiceable?.n ?? 0),
    insuredPersons: Number(persons?.n ?? 0),
  };
}

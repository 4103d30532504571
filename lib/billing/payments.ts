import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { contracts, paymentReceipts, payments } from '@/db/schema';
import { writeAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import { lockContract, requireOp } from '../contracts/access';
import { activateContract } from '../contracts/approval';
import { getContract } from '../contracts/contracts';
import { ContractState } from '../contracts/states';
import { ConflictError, InvalidStateError, isUniqueViolation } from '../errors';
import { money, toMoneyString } from '../money';
import { recordEvent } from '../notifications/events';
import { receiptInput } from '../validation/contract';
import { parseInput } from '../validation/parse';

export type ReceiptResult = { paymentId: string; received: string; expected: string; effective: boolean };

const DUPLICATE = 'This receipt number has already been recorded.';

/**
 * Records a receipt against the contract's payment request. Receipts accumulate; when what was received
 * covers what was expected, an executable contract becomes Effective and its persons are covered.
 */
export async function recordPayment(db: DbOrTx, actor: Actor, input: unknown): Promise<ReceiptResult> {
  requireOp(actor, 'payment');
  const data = parseInput(receiptInput, input);
  try {
    return await db.transaction(async (tx) => {
      const contract = await lockContract(tx, actor, data.contractId);
      const [payment] = await tx
        .select()
        .from(payments)
        .where(
          and(
            eq(payments.contractId, contract.id),
            eq(payments.kind, 'request'),
            eq(payments.isDeleted, false),
          ),
        )
        .orderBy(desc(payments.createdAt))
        .limit(1)
        .for('update');
      if (!payment)
        throw new InvalidStateError('This contract has no payment request to record a receipt against.');
      const [dup] = await tx
        .select({ id: paymentReceipts.id })
        .from(paymentReceipts)
        .where(
          and(eq(paymentReceipts.receiptNumber, data.receiptNumber), eq(paymentReceipts.isDeleted, false)),
        );
      if (dup) throw new ConflictError(DUPLICATE, { receiptNumber: [DUPLICATE] });

      const received = money(payment.receivedAmount).plus(data.amount);
      const paid = received.greaterThanOrEqualTo(payment.expectedAmount);
      await tx.insert(paymentReceipts).values({
        paymentId: payment.id,
        amount: toMoneyString(data.amount),
        receivedAt: data.receivedAt,
        receiptNumber: data.receiptNumber,
        createdBy: actor.id,
        updatedBy: actor.id,
      });
      await tx
        .update(payments)
        .set({
          receivedAmount: toMoneyString(received),
          status: paid ? 'paid' : 'partial',
          version: sql`${payments.version} + 1`,
          updatedAt: new Date(),
          updatedBy: actor.id,
        })
        .where(eq(payments.id, payment.id));
      const changes = [
        { field: 'receivedAmount', oldValue: payment.receivedAmount, newValue: toMoneyString(received) },
        { field: 'receiptNumber', oldValue: null, newValue: data.receiptNumber },
      ];
      const effective = paid && contract.state === ContractState.Executable;
      if (effective) {
        await tx
          .update(contracts)
          .set({
            state: ContractState.Effective,
            version: contract.version + 1,
            updatedAt: new Date(),
            updatedBy: actor.id,
          })
          .where(eq(contracts.id, contract.id));
        changes.push({
          field: 'state',
          oldValue: String(contract.state),
          newValue: String(ContractState.Effective),
        });
        await activateContract(tx, actor, contract, data.receivedAt);
        await recordEvent(tx, 'contract.effective', contract.id, {});
      }
      await writeAudit(tx, actor, [
        { operation: 'record_payment', entity: 'contract', entityId: contract.id, changes },
      ]);
      return {
        paymentId: payment.id,
        received: toMoneyString(received),
        expected: payment.expectedAmount,
        effective,
      };
    });
  } catch (e) {
    if (isUniqueViolation(e, 'payment_receipts_number_uq'))
      throw new ConflictError(DUPLICATE, { receiptNumber: [DUPLICATE] });
    throw e;
  }
}

export async function listPayments(db: DbOrTx, actor: Actor, contractId: string) {
  await getContract(db, actor, contractId, { includeDeleted: true });
  const rows = await db
    .select()
    .from(payments)
    .where(and(eq(payments.contractId, contractId), eq(payments.isDeleted, false)))
    .orderBy(payments.createdAt);
  const receipts = await db
    .select({
      paymentId: paymentReceipts.paymentId,
      amount: paymentReceipts.amount,
      receivedAt: paymentReceipts.receivedAt,
      receiptNumber: paymentReceipts.receiptNumber,
    })
    .from(paymentReceipts)
    .innerJoin(payments, eq(payments.id, paymentReceipts.paymentId))
    .where(and(eq(payments.contractId, contractId), eq(paymentReceipts.isDeleted, false)))
    .orderBy(paymentReceipts.receivedAt, paymentReceipts.createdAt);
  return rows.map((p) => ({
    id: p.id,
    kind: p.kind,
    expectedAmount: p.expectedAmount,
    receivedAmount: p.receivedAmount,
    balance: toMoneyString(money(p.expectedAmount).minus(p.receivedAmount)),
    requestDate: p.requestDate,
    reference: p.reference,
    status: p.status,
    receipts: receipts.filter((r) => r.paymentId === p.id),
  }));
}

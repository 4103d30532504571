import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import {
  allocations,
  contracts,
  installments,
  invoices,
  policyHolders,
  receipts,
  refunds,
} from '@/db/schema';
import { writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { assertFound, assertVersion } from '../concurrency';
import { lockContract, requireOp } from '../contracts/access';
import { getContract } from '../contracts/contracts';
import { todayIso } from '../dates';
import { settleDunningAfterPayment } from '../dunning/cases';
import { ConflictError, InvalidStateError, isUniqueViolation, NotFoundError } from '../errors';
import { err, label } from '../i18n/keyed';
import { money, toMoneyString } from '../money';
import { receiptInput, receiptReversalInput, refundInput } from '../validation/contract';
import { parseInput } from '../validation/parse';
import { recordWebhookEvents } from '../webhooks/events';
import {
  accountOf,
  applyCredit,
  type LedgerAccount,
  lockAccounts,
  postJournal,
  releaseAllocations,
  syncContractStates,
} from './ledger';

export type ReceiptResult = {
  receiptId: string;
  receiptNumber: string;
  amount: string;
  /** What this receipt pays of installments. */
  allocated: string;
  /** What it leaves as the payer's credit (an overpayment, or an advance). */
  unallocated: string;
  overpayment: boolean;
  /** What is still open on the contract (or the policy holder) after it. */
  open: string;
  /** The contracts it made Effective. */
  effective: boolean;
  effectiveContractIds: string[];
};

const DUPLICATE = err('billing.receiptNumberAlreadyRecorded');
const NOTHING_PAYABLE = err('billing.nothingPayable');

/** Money still to pay on installments: their amount less what is allocated to them. */
const openSum = sql<string>`coalesce(sum(${installments.amount} - ${installments.allocated}), 0)`;
const LIVE = ['open', 'invoiced'];

/**
 * Locks (in id order, before the account's lock) every contract of the account that has live
 * installments, so that a receipt or a reversal may move any of them between Executable and Effective
 * without deadlocking against an approval (which locks its contracts, then the account).
 */
async function lockAccountContracts(tx: Tx, account: LedgerAccount): Promise<void> {
  await tx.execute(sql`select id from contracts where id in (
      select contract_id from installments where live and ${
        account.policyHolderId
          ? sql`policy_holder_id = ${account.policyHolderId}`
          : sql`policy_holder_id is null and chain_code = ${account.chainCode}`
      }) order by id for update`);
}

/**
 * Records money received, for a contract (allocated to its installments, oldest first, or to one of its
 * invoices) or for a policy holder (its open installments, oldest first, or one invoice). What is above
 * what is open stays as the payer's unallocated credit and is said so in the answer. Where nothing is
 * payable the receipt is refused unless recorded as an advance. Contracts whose installments required
 * before cover are then paid become Effective.
 */
export async function recordReceipt(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  now = new Date(),
): Promise<ReceiptResult> {
  requireOp(actor, 'payment');
  const data = parseInput(receiptInput, input);
  const today = todayIso(now);
  try {
    return await db.transaction(async (tx) => {
      let account: LedgerAccount;
      let contractId: string | null = null;
      let contractCode: string | null = null;
      let invoiceContractId: string | null = null;
      if (data.invoiceId) {
        const [inv] = await tx
          .select({ contractId: invoices.contractId, policyHolderId: invoices.policyHolderId })
          .from(invoices)
          .where(and(eq(invoices.id, data.invoiceId), eq(invoices.isDeleted, false)));
        if (!inv) throw new NotFoundError(err('common.invoiceNotFound'));
        invoiceContractId = inv.contractId;
      }
      if (data.contractId) {
        const contract = await lockContract(tx, actor, data.contractId);
        if (invoiceContractId && invoiceContractId !== contract.id)
          throw new InvalidStateError(err('billing.invoiceNotOneContract'));
        account = accountOf(contract);
        contractId = contract.id;
        contractCode = contract.code;
      } else {
        const [ph] = await tx
          .select({ id: policyHolders.id })
          .from(policyHolders)
          .where(and(eq(policyHolders.id, data.policyHolderId!), eq(policyHolders.isDeleted, false)));
        if (!ph || (actor.isPortal && !actor.policyHolderIds.includes(ph.id)))
          throw new NotFoundError(err('notFound', { label: label('policyHolder') }));
        account = { policyHolderId: ph.id, chainCode: null };
        if (invoiceContractId) {
          const [c] = await tx
            .select({ policyHolderId: contracts.policyHolderId })
            .from(contracts)
            .where(eq(contracts.id, invoiceContractId));
          if (c?.policyHolderId !== ph.id) throw new InvalidStateError(err('billing.invoiceNotOnePolicy'));
        }
        await lockAccountContracts(tx, account);
      }
      await lockAccounts(tx, [account]);

      if (data.installmentId) {
        const [inst] = await tx
          .select({
            id: installments.id,
            policyHolderId: installments.policyHolderId,
            contractId: installments.contractId,
            chainCode: installments.chainCode,
          })
          .from(installments)
          .where(eq(installments.id, data.installmentId));
        const mine = account.policyHolderId
          ? inst?.policyHolderId === account.policyHolderId
          : inst?.chainCode === account.chainCode;
        if (!inst || !mine || (contractId && inst.contractId !== contractId))
          throw new NotFoundError(err('notFound', { label: label('installment') }));
      }
      const target = data.installmentId
        ? eq(installments.id, data.installmentId)
        : data.invoiceId
          ? // Through its contract: installments have no index on invoice_id (db/schema/ledger.ts).
            and(eq(installments.contractId, invoiceContractId!), eq(installments.invoiceId, data.invoiceId))
          : contractId
            ? eq(installments.contractId, contractId)
            : undefined;
      const [before] = await tx
        .select({ open: openSum })
        .from(installments)
        .where(
          and(
            eq(installments.live, true),
            target ??
              (account.policyHolderId
                ? eq(installments.policyHolderId, account.policyHolderId)
                : eq(installments.chainCode, account.chainCode!)),
          ),
        );
      const payable = money(before?.open ?? 0);
      if (!payable.greaterThan(0) && !data.advance) throw new InvalidStateError(NOTHING_PAYABLE);

      const [dup] = await tx
        .select({ id: receipts.id })
        .from(receipts)
        .where(and(eq(receipts.receiptNumber, data.receiptNumber), eq(receipts.isDeleted, false)));
      if (dup) throw new ConflictError(DUPLICATE, { receiptNumber: [DUPLICATE] });

      const amount = money(data.amount);
      const [receipt] = await tx
        .insert(receipts)
        .values({
          policyHolderId: account.policyHolderId,
          chainCode: account.policyHolderId ? contractCode : account.chainCode,
          contractId,
          receiptNumber: data.receiptNumber,
          amount: toMoneyString(amount),
          receivedAt: data.receivedAt,
          advance: !payable.greaterThan(0),
          createdBy: actor.id,
          updatedBy: actor.id,
        })
        .returning();
      await postJournal(tx, [
        {
          date: data.receivedAt,
          docType: 'receipt',
          docId: receipt!.id,
          docNumber: data.receiptNumber,
          policyHolderId: account.policyHolderId,
          contractId,
          label: `Receipt ${data.receiptNumber}`,
          debit: 'cash',
          credit: 'credit',
          amount,
        },
      ]);
      const touched = await applyCredit(tx, actor, account, today, {
        receiptId: receipt!.id,
        // An invoice's installments are its contract's (reached by contract: no index on invoice_id).
        contractId: contractId ?? invoiceContractId ?? undefined,
        invoiceId: data.invoiceId,
        installmentId: data.installmentId,
      });
      const states = await syncContractStates(tx, actor, touched.contractIds, data.receivedAt);
      // Issue 14: arrears paid close their dunning case and reinstate a suspended cover at once.
      await settleDunningAfterPayment(tx, actor, account, contractId, today);
      await recordWebhookEvents(tx, [
        {
          event: 'receipt.recorded',
          contractId,
          policyHolderId: account.policyHolderId,
          data: {
            receipt: {
              id: receipt!.id,
              receiptNumber: data.receiptNumber,
              amount: toMoneyString(amount),
              receivedAt: data.receivedAt,
            },
          },
        },
      ]);
      const [after] = await tx.select().from(receipts).where(eq(receipts.id, receipt!.id));
      const allocated = money(after!.allocated);
      const unallocated = amount.minus(allocated);
      for (const id of new Set([...(contractId ? [contractId] : []), ...touched.contractIds])) {
        await writeAudit(tx, actor, [
          {
            operation: 'record_payment',
            entity: 'contract',
            entityId: id,
            changes: [
              { field: 'receiptNumber', oldValue: null, newValue: data.receiptNumber },
              { field: 'receiptAmount', oldValue: null, newValue: toMoneyString(amount) },
            ],
          },
        ]);
      }
      return {
        receiptId: receipt!.id,
        receiptNumber: data.receiptNumber,
        amount: toMoneyString(amount),
        allocated: toMoneyString(allocated),
        unallocated: toMoneyString(unallocated),
        overpayment: unallocated.greaterThan(0) && payable.greaterThan(0),
        open: toMoneyString(payable.minus(allocated)),
        effective: states.effective.length > 0,
        effectiveContractIds: states.effective,
      };
    });
  } catch (e) {
    if (isUniqueViolation(e, 'receipts_number_uq'))
      throw new ConflictError(DUPLICATE, { receiptNumber: [DUPLICATE] });
    throw e;
  }
}

/** A receipt for one contract (the contract card and `POST /contracts/{id}/payments`). */
export const recordPayment = recordReceipt;

function requireSettlementRight(actor: Actor) {
  // Undoing money and paying it back is an approver's decision: both rights are needed.
  requireOp(actor, 'payment');
  assertCan(actor, 'contract.approve');
}

async function loadReceipt(db: DbOrTx, actor: Actor, receiptId: string) {
  const [r] = await db
    .select()
    .from(receipts)
    .leftJoin(contracts, eq(contracts.id, receipts.contractId))
    .where(and(eq(receipts.id, receiptId), eq(receipts.isDeleted, false)));
  if (!r) throw new NotFoundError(err('billing.receiptNotFound'));
  if (
    actor.isPortal &&
    !(r.receipts.policyHolderId && actor.policyHolderIds.includes(r.receipts.policyHolderId))
  )
    throw new NotFoundError(err('billing.receiptNotFound'));
  return r.receipts;
}

/**
 * Reverses a receipt (bounced, entered by mistake), by an approver with a reason: its allocations are
 * released, the cash entry is reversed, the payer's other credit pays what it can again, and the
 * contracts' states follow (an Effective contract whose required installments are unpaid again goes
 * back to Executable, its persons covered withdrawn). A receipt already refunded in part cannot be.
 */
export async function reverseReceipt(db: DbOrTx, actor: Actor, input: unknown, now = new Date()) {
  requireSettlementRight(actor);
  const data = parseInput(receiptReversalInput, input);
  const today = todayIso(now);
  return db.transaction(async (tx) => {
    const seen = await loadReceipt(tx, actor, data.receiptId);
    const account: LedgerAccount = seen.policyHolderId
      ? { policyHolderId: seen.policyHolderId, chainCode: null }
      : { policyHolderId: null, chainCode: seen.chainCode };
    await lockAccountContracts(tx, account);
    await lockAccounts(tx, [account]);
    const [receipt] = await tx.select().from(receipts).where(eq(receipts.id, seen.id)).for('update');
    assertFound(receipt, 'receipt');
    assertVersion(receipt, data.version, 'receipt');
    if (receipt.reversedAt) throw new InvalidStateError(err('billing.receiptAlreadyReversed'));
    if (money(receipt.refunded).greaterThan(0))
      throw new InvalidStateError(err('billing.partReceiptRefundedCannot'));
    const released = await releaseAllocations(
      tx,
      actor,
      { receiptId: receipt.id },
      `receipt ${receipt.receiptNumber} reversed`,
      today,
    );
    await tx
      .update(receipts)
      .set({
        reversedAt: now,
        reversedBy: actor.id,
        reversalReason: data.reason,
        version: sql`${receipts.version} + 1`,
        updatedAt: now,
        updatedBy: actor.id,
      })
      .where(eq(receipts.id, receipt.id));
    await postJournal(tx, [
      {
        date: today,
        docType: 'reversal',
        docId: receipt.id,
        docNumber: receipt.receiptNumber,
        policyHolderId: receipt.policyHolderId,
        contractId: receipt.contractId,
        label: `Receipt ${receipt.receiptNumber} reversed: ${data.reason}`,
        debit: 'credit',
        credit: 'cash',
        amount: receipt.amount,
      },
    ]);
    const again = await applyCredit(tx, actor, account, today);
    const contractIds = new Set([...released.contractIds, ...again.contractIds]);
    const states = await syncContractStates(tx, actor, contractIds, today);
    for (const id of new Set([...(receipt.contractId ? [receipt.contractId] : []), ...contractIds])) {
      await writeAudit(tx, actor, [
        {
          operation: 'reverse_receipt',
          entity: 'contract',
          entityId: id,
          changes: [{ field: 'receiptReversed', oldValue: receipt.receiptNumber, newValue: data.reason }],
        },
      ]);
    }
    return {
      receiptId: receipt.id,
      released: [...released.contractIds],
      unpaidContractIds: states.unpaid,
      effectiveContractIds: states.effective,
    };
  });
}

/** The payer's unallocated credit: receipts not reversed, less what they pay and what was refunded. */
export async function unallocatedCredit(db: DbOrTx, account: LedgerAccount): Promise<string> {
  const [row] = await db
    .select({
      credit: sql<string>`coalesce(sum(${receipts.amount} - ${receipts.allocated} - ${receipts.refunded}), 0)`,
    })
    .from(receipts)
    .where(
      and(
        account.policyHolderId
          ? eq(receipts.policyHolderId, account.policyHolderId)
          : and(isNull(receipts.policyHolderId), eq(receipts.chainCode, account.chainCode!)),
        isNull(receipts.reversedAt),
        eq(receipts.isDeleted, false),
      ),
    );
  return toMoneyString(row?.credit ?? 0);
}

/** Pays back unallocated credit (an overpayment, what a downward amendment freed), by an approver. */
export async function refundCredit(db: DbOrTx, actor: Actor, input: unknown, now = new Date()) {
  requireSettlementRight(actor);
  const data = parseInput(refundInput, input);
  const today = todayIso(now);
  return db.transaction(async (tx) => {
    let account: LedgerAccount;
    if (data.contractId) {
      const contract = await lockContract(tx, actor, data.contractId);
      account = accountOf(contract);
    } else {
      const [ph] = await tx
        .select({ id: policyHolders.id })
        .from(policyHolders)
        .where(and(eq(policyHolders.id, data.policyHolderId!), eq(policyHolders.isDeleted, false)));
      if (!ph) throw new NotFoundError(err('notFound', { label: label('policyHolder') }));
      account = { policyHolderId: ph.id, chainCode: null };
    }
    await lockAccounts(tx, [account]);
    const available = money(await unallocatedCredit(tx, account));
    const amount = money(data.amount);
    if (amount.greaterThan(available))
      throw new InvalidStateError(err('billing.refundAtMost', { amount: toMoneyString(available) }), {
        amount: [err('atMostAmount', { amount: toMoneyString(available) })],
      });
    const sources = await tx
      .select()
      .from(receipts)
      .where(
        and(
          account.policyHolderId
            ? eq(receipts.policyHolderId, account.policyHolderId)
            : and(isNull(receipts.policyHolderId), eq(receipts.chainCode, account.chainCode!)),
          isNull(receipts.reversedAt),
          eq(receipts.isDeleted, false),
          sql`${receipts.allocated} + ${receipts.refunded} < ${receipts.amount}`,
        ),
      )
      .orderBy(desc(receipts.receivedAt), desc(receipts.createdAt))
      .for('update');
    let rest = amount;
    const done: { id: string; amount: string }[] = [];
    for (const r of sources) {
      if (!rest.greaterThan(0)) break;
      const free = money(r.amount).minus(r.allocated).minus(r.refunded);
      const part = free.lessThan(rest) ? free : rest;
      const [refund] = await tx
        .insert(refunds)
        .values({
          policyHolderId: account.policyHolderId,
          receiptId: r.id,
          amount: toMoneyString(part),
          refundedOn: today,
          reason: data.reason,
          createdBy: actor.id,
          updatedBy: actor.id,
        })
        .returning({ id: refunds.id });
      await tx
        .update(receipts)
        .set({
          refunded: sql`${receipts.refunded} + ${toMoneyString(part)}::numeric`,
          version: sql`${receipts.version} + 1`,
        })
        .where(eq(receipts.id, r.id));
      await postJournal(tx, [
        {
          date: today,
          docType: 'refund',
          docId: refund!.id,
          docNumber: r.receiptNumber,
          policyHolderId: account.policyHolderId,
          contractId: data.contractId ?? r.contractId,
          label: `Refund of receipt ${r.receiptNumber}: ${data.reason}`,
          debit: 'credit',
          credit: 'cash',
          amount: part,
        },
      ]);
      done.push({ id: refund!.id, amount: toMoneyString(part) });
      rest = rest.minus(part);
    }
    if (data.contractId) {
      await writeAudit(tx, actor, [
        {
          operation: 'refund',
          entity: 'contract',
          entityId: data.contractId,
          changes: [{ field: 'refund', oldValue: null, newValue: toMoneyString(amount) }],
        },
      ]);
    }
    return {
      refunded: toMoneyString(amount),
      refunds: done,
      creditLeft: toMoneyString(available.minus(amount)),
    };
  });
}

export type InstallmentDto = {
  id: string;
  seq: number;
  periodFrom: string;
  periodTo: string;
  dueDate: string;
  amount: string;
  allocated: string;
  open: string;
  state: string;
  requiredBeforeEffective: boolean;
  invoiceNumber: string | null;
};

export type ReceiptDto = {
  id: string;
  version: number;
  receiptNumber: string;
  amount: string;
  receivedAt: string;
  allocated: string;
  refunded: string;
  unallocated: string;
  reversed: boolean;
  reversalReason: string | null;
  advance: boolean;
  allocations: {
    installmentId: string;
    periodFrom: string;
    contractCode: string;
    amount: string;
    released: boolean;
  }[];
};

/**
 * The contract's money: its installments (the payment request), what is open, and the receipts that pay
 * them or were recorded against it, with their allocations.
 */
export async function listPayments(db: DbOrTx, actor: Actor, contractId: string) {
  const contract = await getContract(db, actor, contractId, { includeDeleted: true });
  const rows = await db
    .select({ i: installments, invoiceNumber: invoices.number })
    .from(installments)
    .leftJoin(invoices, eq(invoices.id, installments.invoiceId))
    .where(eq(installments.contractId, contractId))
    .orderBy(asc(installments.periodFrom), asc(installments.createdAt));
  const list: InstallmentDto[] = rows.map(({ i, invoiceNumber }) => ({
    id: i.id,
    seq: i.seq,
    periodFrom: i.periodFrom,
    periodTo: i.periodTo,
    dueDate: i.dueDate,
    amount: i.amount,
    allocated: i.allocated,
    open: LIVE.includes(i.state) ? toMoneyString(money(i.amount).minus(i.allocated)) : '0.00',
    state: i.state,
    requiredBeforeEffective: i.requiredBeforeEffective,
    invoiceNumber,
  }));
  const ids = rows.map((r) => r.i.id);
  const allocs = ids.length
    ? await db
        .select({
          receiptId: allocations.receiptId,
          installmentId: allocations.installmentId,
          amount: allocations.amount,
          releasedAt: allocations.releasedAt,
          periodFrom: installments.periodFrom,
          contractCode: installments.chainCode,
        })
        .from(allocations)
        .innerJoin(installments, eq(installments.id, allocations.installmentId))
        .where(inArray(allocations.installmentId, ids))
    : [];
  const receiptIds = [...new Set(allocs.map((a) => a.receiptId))];
  const recs = await db
    .select()
    .from(receipts)
    .where(
      and(
        eq(receipts.isDeleted, false),
        receiptIds.length
          ? sql`(${receipts.contractId} = ${contractId} or ${inArray(receipts.id, receiptIds)})`
          : eq(receipts.contractId, contractId),
      ),
    )
    .orderBy(asc(receipts.receivedAt), asc(receipts.createdAt));
  const receiptList: ReceiptDto[] = recs.map((r) => ({
    id: r.id,
    version: r.version,
    receiptNumber: r.receiptNumber,
    amount: r.amount,
    receivedAt: r.receivedAt,
    allocated: r.allocated,
    refunded: r.refunded,
    unallocated: r.reversedAt ? '0.00' : toMoneyString(money(r.amount).minus(r.allocated).minus(r.refunded)),
    reversed: !!r.reversedAt,
    reversalReason: r.reversalReason,
    advance: r.advance,
    allocations: allocs
      .filter((a) => a.receiptId === r.id)
      .map((a) => ({
        installmentId: a.installmentId,
        periodFrom: a.periodFrom,
        contractCode: a.contractCode,
        amount: a.amount,
        released: !!a.releasedAt,
      })),
  }));
  const live = list.filter((i) => LIVE.includes(i.state));
  return {
    installments: list,
    receipts: receiptList,
    total: toMoneyString(live.reduce((s, i) => s.plus(i.amount), money(0))),
    paid: toMoneyString(live.reduce((s, i) => s.plus(i.allocated), money(0))),
    open: toMoneyString(live.reduce((s, i) => s.plus(i.open), money(0))),
    credit: await unallocatedCredit(db, accountOf(contract)),
    reference: contract.paymentReference,
  };
}

export type ContractPayments = Awaited<ReturnType<typeof listPayments>>;

/** For the portal and staff: is this policy holder visible to the actor? (statements use it) */
export async function assertPolicyHolderVisible(db: DbOrTx, actor: Actor, policyHolderId: string) {
  if (actor.isPortal) {
    if (!actor.policyHolderIds.includes(policyHolderId))
      throw new NotFoundError(err('notFound', { label: label('policyHolder') }));
  } else {
    assertCan(actor, 'policyholder.read');
  }
  const [ph] = await db
    .select({ id: policyHolders.id, code: policyHolders.code, tradeName: policyHolders.tradeName })
    .from(policyHolders)
    .where(eq(policyHolders.id, policyHolderId));
  if (!ph) throw new NotFoundError(err('notFound', { label: label('policyHolder') }));
  return ph;
}

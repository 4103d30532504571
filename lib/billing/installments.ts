import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { contracts, policyHolders, products } from '@/db/schema';
import type { Actor } from '../auth/actor';
import { type ContractRow, contractScope } from '../contracts/access';
import { paymentDueDate } from '../contracts/approval';
import { valuate } from '../contracts/valuation-data';
import { NotFoundError } from '../errors';
import { err, label } from '../i18n/keyed';
import { toMoneyString } from '../money';
import type { NewSchedule } from './ledger';
import { type BillingFrequency, billingPeriods, type ScheduleLine, splitIntoInstallments } from './schedule';

export type BillingTerms = { months: BillingFrequency; payBeforeEffective: 'first' | 'all'; anchor: string };

/**
 * How each contract is billed: the policy holder's billing frequency if it sets one, else the most
 * frequent of its products' (a contract mixing a monthly and an annual product is billed monthly);
 * "pay everything before cover" if any of its products asks for it; periods anchored on the start of
 * the chain's first contract, so that an amendment's periods are its original's.
 */
export async function billingTermsOf(
  tx: DbOrTx,
  batch: ContractRow[],
  productIdsOf: (contractId: string) => string[],
): Promise<Map<string, BillingTerms>> {
  const productIds = [...new Set(batch.flatMap((c) => productIdsOf(c.id)))];
  const phIds = [...new Set(batch.flatMap((c) => (c.policyHolderId ? [c.policyHolderId] : [])))];
  const amendedCodes = [...new Set(batch.filter((c) => c.amendment > 0).map((c) => c.code))];
  const [prods, phs, roots] = await Promise.all([
    productIds.length
      ? tx
          .select({
            id: products.id,
            months: products.billingFrequencyMonths,
            pay: products.payBeforeEffective,
          })
          .from(products)
          .where(inArray(products.id, productIds))
      : [],
    phIds.length
      ? tx
          .select({ id: policyHolders.id, months: policyHolders.billingFrequencyMonths })
          .from(policyHolders)
          .where(inArray(policyHolders.id, phIds))
      : [],
    amendedCodes.length
      ? tx
          .select({ code: contracts.code, from: contracts.dateValidFrom })
          .from(contracts)
          .where(
            and(
              inArray(contracts.code, amendedCodes),
              eq(contracts.amendment, 0),
              eq(contracts.isDeleted, false),
            ),
          )
      : [],
  ]);
  const product = new Map(prods.map((p) => [p.id, p]));
  const phMonths = new Map(phs.map((p) => [p.id, p.months]));
  const anchor = new Map(roots.map((r) => [r.code, r.from]));
  const out = new Map<string, BillingTerms>();
  for (const c of batch) {
    const ps = productIdsOf(c.id)
      .map((id) => product.get(id))
      .filter((p) => !!p);
    const override = c.policyHolderId ? phMonths.get(c.policyHolderId) : null;
    const months = (override ?? (ps.length ? Math.min(...ps.map((p) => p.months)) : 12)) as BillingFrequency;
    const rootFrom = anchor.get(c.code);
    out.set(c.id, {
      months,
      payBeforeEffective: ps.some((p) => p.pay === 'all') || !ps.length ? 'all' : 'first',
      anchor: rootFrom && rootFrom <= c.dateValidFrom ? rootFrom : c.dateValidFrom,
    });
  }
  return out;
}

/** The installment schedule of one contract from its contribution lines. */
export function scheduleOf(
  contract: ContractRow,
  terms: BillingTerms,
  lines: ScheduleLine[],
  firstDue: string,
): NewSchedule {
  const periods = billingPeriods(
    terms.anchor,
    { from: contract.dateValidFrom, to: contract.dateValidTo },
    terms.months,
  );
  return {
    contract,
    installments: splitIntoInstallments(periods, lines),
    firstDue,
    payBeforeEffective: terms.payBeforeEffective,
  };
}

export type SchedulePreview = {
  months: number;
  payBeforeEffective: 'first' | 'all';
  installments: { from: string; to: string; dueDate: string; amount: string }[];
};

/**
 * The schedule an approval would write today (the approval dialog shows it): the contract's valuation
 * split over its billing periods. Read-only; what approval writes is computed again under its locks.
 */
export async function previewSchedule(
  db: DbOrTx,
  actor: Actor,
  contractId: string,
  now = new Date(),
): Promise<SchedulePreview> {
  const contract = await getContractRow(db, actor, contractId);
  const { lines } = await valuate(db, contract);
  const terms = (await billingTermsOf(db, [contract], () => [...new Set(lines.map((l) => l.productId))])).get(
    contract.id,
  )!;
  const firstDue = paymentDueDate(now);
  const schedule = scheduleOf(
    contract,
    terms,
    lines.map((l, i) => ({ id: String(i), from: l.from, to: l.to, amount: l.amount })),
    firstDue,
  );
  return {
    months: terms.months,
    payBeforeEffective: terms.payBeforeEffective,
    installments: schedule.installments.map((i) => ({
      from: i.from,
      to: i.to,
      dueDate: i.seq === 1 || i.from < firstDue ? firstDue : i.from,
      amount: toMoneyString(i.amount),
    })),
  };
}

async function getContractRow(db: DbOrTx, actor: Actor, id: string): Promise<ContractRow> {
  const [row] = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.id, id), eq(contracts.isDeleted, false), contractScope(actor)));
  if (!row) throw new NotFoundError(err('notFound', { label: label('contract') }));
  return row;
}

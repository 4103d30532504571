import { z } from 'zod';
import { addDays, addMonths, todayIso } from '../dates';
import { err, label } from '../i18n/keyed';
import { money } from '../money';
import {
  decimalString,
  isoDate,
  isRealDate,
  isStorableText,
  MAX_DATE,
  optionalText,
  text,
  unstorableMessage,
  uuid,
  version,
} from './common';

const code = text(64, 'code').pipe(z.string().min(1, err('required', { label: label('code') })));
const paymentReference = optionalText(255, 'paymentReference');
const periodIssue = { message: err('validToAfterFrom'), path: ['dateValidTo'] };

/** A contract runs at most ten years (its valuation multiplies every income by each period). */
export const MAX_CONTRACT_YEARS = 10;
export const CONTRACT_TOO_LONG = err('validation.contractRunMost10');

/** Whether a contract period fits the business maximum (both dates valid ISO dates). */
export function contractPeriodFits(from: string, to: string): boolean {
  // Zod runs an object's refinements even when a field failed: a malformed date is that field's error.
  if (!isRealDate(from) || !isRealDate(to)) return true;
  return to <= addDays(addMonths(from, MAX_CONTRACT_YEARS * 12), -1) && to <= MAX_DATE;
}
const lengthIssue = { message: CONTRACT_TOO_LONG, path: ['dateValidTo'] };

/*
 * Strict objects: a field the client may never set (amounts, state, amendment, dates approved) is
 * refused by name instead of being silently ignored.
 */
export const contractCreate = z
  .strictObject({
    code,
    policyHolderId: uuid('policyHolder').nullish(),
    paymentReference,
    dateValidFrom: isoDate('validFrom'),
    dateValidTo: isoDate('validTo'),
  })
  .refine((v) => v.dateValidTo >= v.dateValidFrom, periodIssue)
  .refine((v) => contractPeriodFits(v.dateValidFrom, v.dateValidTo), lengthIssue);
export type ContractCreateInput = z.input<typeof contractCreate>;

export const contractUpdateFields = z.strictObject({
  id: uuid('contract'),
  version,
  code: code.optional(),
  policyHolderId: uuid('policyHolder').nullish(),
  paymentReference: paymentReference.optional(),
  dateValidFrom: isoDate('validFrom').optional(),
  dateValidTo: isoDate('validTo').optional(),
});
export const contractUpdate = contractUpdateFields
  .refine((v) => !v.dateValidFrom || !v.dateValidTo || v.dateValidTo >= v.dateValidFrom, periodIssue)
  .refine(
    (v) => !v.dateValidFrom || !v.dateValidTo || contractPeriodFits(v.dateValidFrom, v.dateValidTo),
    lengthIssue,
  );
export type ContractUpdateInput = z.input<typeof contractUpdate>;

export const contractRef = z.strictObject({ id: uuid('contract'), version: version.optional() });
export const contractTransition = z.strictObject({
  id: uuid('contract'),
  version: version.optional(),
  comment: z
    .string()
    .trim()
    .max(5000, err('validation.commentMost5000'))
    .refine(isStorableText, unstorableMessage('comment'))
    .optional(),
});
export const contractTerminate = contractTransition.extend({
  comment: z
    .string()
    .trim()
    .min(1, err('validation.giveReasonTermination'))
    .max(5000)
    .refine(isStorableText, unstorableMessage('comment')),
  /** The last day of cover; today when absent. */
  dateTerminated: isoDate('terminationDate').optional(),
});
export const contractAutoRenew = z.strictObject({
  id: uuid('contract'),
  version: version.optional(),
  autoRenew: z.boolean({ error: err('validation.autoRenewTrueFalse') }),
});
export const contractRenew = contractTransition.extend({ code: code.optional() });

/*
 * A line's bundle is the policy holder's declaration of the insuree (the specification's
 * PHInsureeToCDetails): an added line takes it from there, and editing a line changes only its
 * calculation parameters. Strict objects refuse a bundleId by name.
 */
export const detailAdd = z.strictObject({
  contractId: uuid('contract'),
  contractVersion: version.optional(),
  insureeId: uuid('insuree'),
  calculationParams: z.record(z.string(), z.unknown()).optional(),
});
export const detailUpdate = z.strictObject({
  id: uuid('contractDetail'),
  version: version.optional(),
  calculationParams: z.record(z.string(), z.unknown()).optional(),
});
export const detailRemove = z.strictObject({ id: uuid('contractDetail'), version: version.optional() });

const receiptAmount = decimalString('amount').refine(
  // Refinements run even after the format check failed: only a well-formed amount is compared.
  (v) => !/^\d+(\.\d+)?$/.test(v) || money(v).greaterThan(0),
  err('validation.amountMoreThanZero'),
);
const receivedOn = isoDate('receivedOn').refine(
  // A day of slack for the payer's time zone; a receipt is never dated in the future.
  (v) => !isRealDate(v) || v <= addDays(todayIso(), 1),
  err('validation.receivedCannotFuture'),
);

/**
 * A receipt, for a contract (allocated to its installments, or to one of its invoices) or for a policy
 * holder (its open installments, oldest first). `advance`: record it although nothing is payable.
 */
export const receiptFields = z.strictObject({
  contractId: uuid('contract').optional(),
  policyHolderId: uuid('policyHolder').optional(),
  invoiceId: uuid('invoice').optional(),
  /** Issue 14: allocate to this one installment (a collection's settlement, a bank line matched by hand). */
  installmentId: uuid('installment').optional(),
  amount: receiptAmount,
  receivedAt: receivedOn,
  receiptNumber: text(64, 'receiptNumber').pipe(
    z.string().min(1, err('required', { label: label('receiptNumber') })),
  ),
  advance: z.boolean().optional().default(false),
});
export const receiptInput = receiptFields.refine((v) => !!v.contractId !== !!v.policyHolderId, {
  message: err('validation.giveContractPolicyHolder'),
  path: ['contractId'],
});

export const receiptReversalInput = z.strictObject({
  receiptId: uuid('receipt'),
  version: version.optional(),
  reason: text(500, 'reason').pipe(z.string().min(1, err('validation.reasonRequired'))),
});

export const refundFields = z.strictObject({
  policyHolderId: uuid('policyHolder').optional(),
  contractId: uuid('contract').optional(),
  amount: receiptAmount,
  reason: text(500, 'reason').pipe(z.string().min(1, err('validation.reasonRequired'))),
});
export const refundInput = refundFields.refine((v) => !!v.contractId !== !!v.policyHolderId, {
  message: err('validation.giveContractPolicyHolder'),
  path: ['policyHolderId'],
});

export const invoiceInput = z.strictObject({
  contractId: uuid('contract'),
  /** Also invoice the installments due up to this date (default today). */
  upTo: isoDate('upTo').optional(),
});

const optionalUuid = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .pipe(z.string().uuid(err('validation.notValidId')).optional())
  .optional();
const optionalDate = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .pipe(isoDate('date').optional())
  .optional();
const optionalAmount = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim() || undefined)
  .pipe(
    z
      .string()
      .regex(/^-?\d{1,16}(\.\d{1,2})?$/, err('validation.enterAmountSuch125'))
      .optional(),
  )
  .optional();
const optionalInt = (min: number, max: number) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => (String(v).trim() === '' ? undefined : Number(v)))
    .pipe(z.number().int().min(min).max(max).optional())
    .optional();

export const CONTRACT_SORTS = [
  'code',
  'state',
  'amount',
  'datePaymentDue',
  'dateValidFrom',
  'dateValidTo',
  'amendment',
  'policyHolder',
  'updatedAt',
] as const;

/** Contract search filter, shared by the search page (URL), the API (query string) and bulk actions. */
export const contractFilter = z.object({
  code: text(64, 'code').optional(),
  policyHolderId: optionalUuid,
  insureeId: optionalUuid,
  /** Issue 17, "which contracts use what": contracts with a line under the bundle, plan or product. */
  bundleId: optionalUuid,
  planId: optionalUuid,
  productId: optionalUuid,
  amountFrom: optionalAmount,
  amountTo: optionalAmount,
  datePaymentDue: optionalDate,
  state: optionalInt(1, 11),
  paymentReference: text(255, 'paymentReference').optional(),
  amendment: optionalInt(0, 100000),
  dateValidFrom: optionalDate,
  dateValidTo: optionalDate,
  includeDeleted: z
    .union([z.boolean(), z.string()])
    .transform((v) => v === true || v === 'true' || v === '1' || v === 'on')
    .optional(),
});
export type ContractFilter = z.output<typeof contractFilter>;

export const contractSort = z.object({
  sort: z.enum(CONTRACT_SORTS).catch('updatedAt').default('updatedAt'),
  dir: z.enum(['asc', 'desc']).catch('desc').default('desc'),
  /** A keyset cursor (`nextCursor` of the page before): the page after it, whatever `page` says. */
  after: z.string().max(500).optional(),
});

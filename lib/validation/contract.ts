import { z } from 'zod';
import { money } from '../money';
import { decimalString, isoDate, optionalText, uuid, version } from './common';

const code = z
  .string({ error: 'Code is required.' })
  .trim()
  .min(1, 'Code is required.')
  .max(64, 'Code must be at most 64 characters.');
const paymentReference = optionalText(255, 'Payment reference');
const periodIssue = { message: 'Valid to must be on or after valid from.', path: ['dateValidTo'] };

/*
 * Strict objects: a field the client may never set (amounts, state, amendment, dates approved) is
 * refused by name instead of being silently ignored.
 */
export const contractCreate = z
  .strictObject({
    code,
    policyHolderId: uuid('Policy holder').nullish(),
    paymentReference,
    dateValidFrom: isoDate('Valid from'),
    dateValidTo: isoDate('Valid to'),
  })
  .refine((v) => v.dateValidTo >= v.dateValidFrom, periodIssue);
export type ContractCreateInput = z.input<typeof contractCreate>;

export const contractUpdateFields = z.strictObject({
  id: uuid('Contract'),
  version,
  code: code.optional(),
  policyHolderId: uuid('Policy holder').nullish(),
  paymentReference: paymentReference.optional(),
  dateValidFrom: isoDate('Valid from').optional(),
  dateValidTo: isoDate('Valid to').optional(),
});
export const contractUpdate = contractUpdateFields.refine(
  (v) => !v.dateValidFrom || !v.dateValidTo || v.dateValidTo >= v.dateValidFrom,
  periodIssue,
);
export type ContractUpdateInput = z.input<typeof contractUpdate>;

export const contractRef = z.strictObject({ id: uuid('Contract'), version: version.optional() });
export const contractTransition = z.strictObject({
  id: uuid('Contract'),
  version: version.optional(),
  comment: z.string().trim().max(5000, 'The comment must be at most 5 000 characters.').optional(),
});
export const contractTerminate = contractTransition.extend({
  comment: z.string().trim().min(1, 'Give a reason for the termination.').max(5000),
});
export const contractRenew = contractTransition.extend({ code: code.optional() });

export const detailAdd = z.strictObject({
  contractId: uuid('Contract'),
  contractVersion: version.optional(),
  insureeId: uuid('Insuree'),
  bundleId: uuid('Contribution plan bundle').optional(),
  calculationParams: z.record(z.string(), z.unknown()).optional(),
});
export const detailUpdate = z.strictObject({
  id: uuid('Contract detail'),
  version: version.optional(),
  bundleId: uuid('Contribution plan bundle').optional(),
  calculationParams: z.record(z.string(), z.unknown()).optional(),
});
export const detailRemove = z.strictObject({ id: uuid('Contract detail'), version: version.optional() });

export const receiptInput = z.strictObject({
  contractId: uuid('Contract'),
  amount: decimalString('Amount').refine((v) => money(v).greaterThan(0), 'Amount must be more than zero.'),
  receivedAt: isoDate('Received on'),
  receiptNumber: z
    .string()
    .trim()
    .min(1, 'Receipt number is required.')
    .max(64, 'Receipt number is too long.'),
});

export const invoiceInput = z.strictObject({ contractId: uuid('Contract') });

const optionalUuid = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .pipe(z.string().uuid('Not a valid id.').optional())
  .optional();
const optionalDate = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .pipe(isoDate('Date').optional())
  .optional();
const optionalAmount = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim() || undefined)
  .pipe(
    z
      .string()
      .regex(/^-?\d{1,16}(\.\d{1,2})?$/, 'Enter an amount such as 125.00.')
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
  code: z.string().trim().max(64).optional(),
  policyHolderId: optionalUuid,
  insureeId: optionalUuid,
  amountFrom: optionalAmount,
  amountTo: optionalAmount,
  datePaymentDue: optionalDate,
  state: optionalInt(1, 11),
  paymentReference: z.string().trim().max(255).optional(),
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
});

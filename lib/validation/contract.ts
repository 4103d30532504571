import { z } from 'zod';
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

export const contractUpdate = z
  .strictObject({
    id: uuid('Contract'),
    version,
    code: code.optional(),
    policyHolderId: uuid('Policy holder').nullish(),
    paymentReference: paymentReference.optional(),
    dateValidFrom: isoDate('Valid from').optional(),
    dateValidTo: isoDate('Valid to').optional(),
  })
  .refine((v) => !v.dateValidFrom || !v.dateValidTo || v.dateValidTo >= v.dateValidFrom, periodIssue);
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
  amount: decimalString('Amount').refine((v) => Number(v) > 0, 'Amount must be more than zero.'),
  receivedAt: isoDate('Received on'),
  receiptNumber: z
    .string()
    .trim()
    .min(1, 'Receipt number is required.')
    .max(64, 'Receipt number is too long.'),
});

export const invoiceInput = z.strictObject({ contractId: uuid('Contract') });

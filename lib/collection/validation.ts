import { z } from 'zod';
import { err } from '../i18n/keyed';
import { decimalString, isoDate, optionalText, requiredText, uuid, version } from '../validation/common';
import { isSepaIban, isValidCreditorId, normalizeBic, normalizeIban, SCHEMES, SEQUENCES } from './sepa';

const iban = requiredText(42, 'iban')
  .refine((v) => isSepaIban(v), err('collection.enterValidIbanSepa'))
  .transform((v) => normalizeIban(v)!);
const bic = optionalText(11, 'bic')
  .refine((v) => v === null || normalizeBic(v) !== null, err('collection.enterValidBic8'))
  .transform((v) => (v === null ? null : normalizeBic(v)));

export const collectionSettingsInput = z.strictObject({
  version: version.optional(),
  creditorId: requiredText(35, 'creditorIdentifier')
    .refine(isValidCreditorId, err('collection.enterValidSepaCreditor'))
    .transform((v) => v.replace(/\s+/g, '').toUpperCase()),
  creditorName: requiredText(70, 'creditorName'),
  iban,
  bic,
  preNotificationDays: z.coerce
    .number({ error: err('collection.preNotificationDaysWhole') })
    .int(err('collection.preNotificationDaysWhole'))
    .min(0, err('collection.preNotificationDaysWhole'))
    .max(60, err('collection.preNotificationDaysWhole'))
    .default(14),
  returnFee: z
    .union([z.literal(''), z.null(), decimalString('returnFee')])
    .optional()
    .transform((v) => (v === '' || v == null ? null : v)),
});

/** A mandate entered by staff from the signed paper (or PDF) form. */
export const mandateInput = z.strictObject({
  policyHolderId: uuid('policyHolder'),
  reference: requiredText(35, 'mandateReference')
    .refine((v) => /^[A-Za-z0-9+?/\-:().,' ]+$/.test(v), err('collection.mandateReferenceUsesLetters'))
    .optional(),
  debtorName: requiredText(70, 'accountHolder'),
  iban,
  bic,
  signedOn: isoDate('signedOn'),
  scheme: z.enum(SCHEMES, err('collection.schemeCoreB2b')).default('CORE'),
  sequence: z.enum(['FRST', 'OOFF'], err('collection.newMandateRecurrentFrst')).default('FRST'),
});

/** A mandate given in the portal: the IBAN and the acceptance of the mandate text. */
export const portalMandateInput = z.strictObject({
  policyHolderId: uuid('policyHolder'),
  debtorName: requiredText(70, 'accountHolder'),
  iban,
  bic,
  accept: z.literal(true, err('collection.acceptMandateTextGive')),
});

export const mandateRevokeInput = z.strictObject({
  id: uuid('mandate'),
  version: version.optional(),
  reason: requiredText(500, 'reason'),
});

export const mandateSequenceInput = z.strictObject({
  id: uuid('mandate'),
  version: version.optional(),
  sequence: z.enum(SEQUENCES, err('collection.sequenceFrstRcurFnal')),
});

export const collectionRunInput = z.strictObject({
  collectionDate: isoDate('collectionDate'),
});

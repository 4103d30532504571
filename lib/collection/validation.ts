import { z } from 'zod';
import { decimalString, isoDate, optionalText, requiredText, uuid, version } from '../validation/common';
import { isSepaIban, isValidCreditorId, normalizeBic, normalizeIban, SCHEMES, SEQUENCES } from './sepa';

const iban = requiredText(42, 'IBAN')
  .refine((v) => isSepaIban(v), 'Enter a valid IBAN of a SEPA country.')
  .transform((v) => normalizeIban(v)!);
const bic = optionalText(11, 'BIC')
  .refine((v) => v === null || normalizeBic(v) !== null, 'Enter a valid BIC (8 or 11 characters).')
  .transform((v) => (v === null ? null : normalizeBic(v)));

export const collectionSettingsInput = z.strictObject({
  version: version.optional(),
  creditorId: requiredText(35, 'Creditor identifier')
    .refine(isValidCreditorId, 'Enter a valid SEPA creditor identifier (e.g. FR72ZZZ123456).')
    .transform((v) => v.replace(/\s+/g, '').toUpperCase()),
  creditorName: requiredText(70, 'Creditor name'),
  iban,
  bic,
  preNotificationDays: z.coerce
    .number({ error: 'Pre-notification days must be a whole number from 0 to 60.' })
    .int('Pre-notification days must be a whole number from 0 to 60.')
    .min(0, 'Pre-notification days must be a whole number from 0 to 60.')
    .max(60, 'Pre-notification days must be a whole number from 0 to 60.')
    .default(14),
  returnFee: z
    .union([z.literal(''), z.null(), decimalString('Return fee')])
    .optional()
    .transform((v) => (v === '' || v == null ? null : v)),
});

/** A mandate entered by staff from the signed paper (or PDF) form. */
export const mandateInput = z.strictObject({
  policyHolderId: uuid('Policy holder'),
  reference: requiredText(35, 'Mandate reference')
    .refine(
      (v) => /^[A-Za-z0-9+?/\-:().,' ]+$/.test(v),
      "The mandate reference uses letters, digits and + ? / - : ( ) . , ' only.",
    )
    .optional(),
  debtorName: requiredText(70, 'Account holder'),
  iban,
  bic,
  signedOn: isoDate('Signed on'),
  scheme: z.enum(SCHEMES, 'Scheme must be CORE or B2B.').default('CORE'),
  sequence: z.enum(['FRST', 'OOFF'], 'A new mandate is recurrent (FRST) or one-off (OOFF).').default('FRST'),
});

/** A mandate given in the portal: the IBAN and the acceptance of the mandate text. */
export const portalMandateInput = z.strictObject({
  policyHolderId: uuid('Policy holder'),
  debtorName: requiredText(70, 'Account holder'),
  iban,
  bic,
  accept: z.literal(true, 'Accept the mandate text to give the mandate.'),
});

export const mandateRevokeInput = z.strictObject({
  id: uuid('Mandate'),
  version: version.optional(),
  reason: requiredText(500, 'Reason'),
});

export const mandateSequenceInput = z.strictObject({
  id: uuid('Mandate'),
  version: version.optional(),
  sequence: z.enum(SEQUENCES, 'Sequence must be FRST, RCUR, FNAL or OOFF.'),
});

export const collectionRunInput = z.strictObject({
  collectionDate: isoDate('Collection date'),
});

import { z } from 'zod';
import { email, isoDate, optionalIsoDate, optionalText, requiredText, text, uuid, version } from './common';

const validity = <T extends { dateValidFrom: string; dateValidTo: string | null }>(v: T) =>
  !v.dateValidTo || v.dateValidTo >= v.dateValidFrom;
const validityIssue = { message: 'Valid to must be on or after valid from.', path: ['dateValidTo'] };

export const policyHolderFields = z.object({
  code: requiredText(32, 'Code').regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'Code may only contain letters, digits, dots, dashes and underscores.',
  ),
  tradeName: requiredText(255, 'Trade name'),
  contactName: optionalText(255, 'Contact name'),
  email: email('E-mail'),
  phone: optionalText(50, 'Phone'),
  address: optionalText(1000, 'Address'),
  language: z.enum(['en', 'fr'], { error: 'Language must be English or French.' }),
  paymentReference: optionalText(255, 'Payment reference'),
  /** Overrides the products' billing frequency: '' (the products'), 12, 6, 3 or 1 months. */
  billingFrequencyMonths: z
    .union(
      [
        z.literal(''),
        z.literal(null),
        z.enum(['12', '6', '3', '1']),
        z.literal(12),
        z.literal(6),
        z.literal(3),
        z.literal(1),
      ],
      {
        error: 'Billing frequency must be 12, 6, 3 or 1 months.',
      },
    )
    .optional()
    .transform((v) => (v === undefined ? undefined : v === '' || v === null ? null : Number(v))),
  dateValidFrom: isoDate('Valid from'),
  dateValidTo: optionalIsoDate('Valid to'),
});

export const policyHolderInput = policyHolderFields.refine(validity, validityIssue);
export type PolicyHolderInput = z.input<typeof policyHolderInput>;

export const policyHolderUpdate = policyHolderFields
  .extend({ id: uuid('Policy holder'), version })
  .refine(validity, validityIssue);

export const newInsureeInput = z.object({
  insuranceNumber: requiredText(32, 'Insurance number').regex(
    /^[A-Za-z0-9-]+$/,
    'Insurance number may only contain letters, digits and dashes.',
  ),
  firstName: requiredText(100, 'First name'),
  lastName: requiredText(100, 'Last name'),
  gender: z.enum(['M', 'F', 'O'], { error: 'Gender is required.' }),
  dateOfBirth: isoDate('Date of birth').refine(
    (d) => d <= new Date().toISOString().slice(0, 10),
    'Date of birth cannot be in the future.',
  ),
});
export type NewInsureeInput = z.input<typeof newInsureeInput>;

const phInsureeFields = z.object({
  bundleId: uuid('Contribution plan bundle'),
  calculationParams: z.record(z.string(), z.unknown()).default({}),
  dateValidFrom: isoDate('Valid from'),
  dateValidTo: optionalIsoDate('Valid to'),
});

/** Either an existing insuree (insureeId) or a new person (newInsuree) is declared. */
export const policyHolderInsureeInput = phInsureeFields
  .extend({
    policyHolderId: uuid('Policy holder'),
    insureeId: z.string().uuid().optional(),
    newInsuree: newInsureeInput.optional(),
  })
  .refine(validity, validityIssue)
  .refine((v) => !!v.insureeId !== !!v.newInsuree, {
    message: 'Choose an insuree or enter a new person.',
    path: ['insureeId'],
  });
export type PolicyHolderInsureeInput = z.input<typeof policyHolderInsureeInput>;

export const policyHolderInsureeUpdate = phInsureeFields
  .extend({ id: uuid('Insuree line'), version })
  .refine(validity, validityIssue);
export type PolicyHolderInsureeUpdate = z.input<typeof policyHolderInsureeUpdate>;

export const byIdVersion = z.object({ id: uuid('Record'), version });

export const policyHolderBundleInput = z.object({
  policyHolderId: uuid('Policy holder'),
  bundleId: uuid('Contribution plan bundle'),
});

export const policyHolderSearch = z.object({
  q: text(100, 'Search').optional().default(''),
  sort: z.enum(['code', 'tradeName', 'dateValidFrom']).catch('code').default('code'),
  dir: z.enum(['asc', 'desc']).catch('asc').default('asc'),
});

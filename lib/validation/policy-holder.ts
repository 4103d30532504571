import { z } from 'zod';
import { err, label } from '../i18n/keyed';
import { email, isoDate, optionalIsoDate, optionalText, requiredText, text, uuid, version } from './common';

const validity = <T extends { dateValidFrom: string; dateValidTo: string | null }>(v: T) =>
  !v.dateValidTo || v.dateValidTo >= v.dateValidFrom;
const validityIssue = { message: err('validToAfterFrom'), path: ['dateValidTo'] };

export const policyHolderFields = z.object({
  code: requiredText(32, 'code').regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, err('common.codeMayContainLetters')),
  tradeName: requiredText(255, 'tradeName'),
  contactName: optionalText(255, 'contactName'),
  email: email('email'),
  phone: optionalText(50, 'phone'),
  address: optionalText(1000, 'address'),
  language: z.enum(['en', 'fr'], { error: err('policyHolders.languageEnFr') }),
  paymentReference: optionalText(255, 'paymentReference'),
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
        error: err('validation.billingFrequency126'),
      },
    )
    .optional()
    .transform((v) => (v === undefined ? undefined : v === '' || v === null ? null : Number(v))),
  dateValidFrom: isoDate('validFrom'),
  dateValidTo: optionalIsoDate('validTo'),
});

export const policyHolderInput = policyHolderFields.refine(validity, validityIssue);
export type PolicyHolderInput = z.input<typeof policyHolderInput>;

export const policyHolderUpdate = policyHolderFields
  .extend({ id: uuid('policyHolder'), version })
  .refine(validity, validityIssue);

export const newInsureeInput = z.object({
  insuranceNumber: requiredText(32, 'insuranceNumber').regex(
    /^[A-Za-z0-9-]+$/,
    err('validation.insuranceNumberMayContain'),
  ),
  firstName: requiredText(100, 'firstName'),
  lastName: requiredText(100, 'lastName'),
  gender: z.enum(['M', 'F', 'O'], { error: err('required', { label: label('gender') }) }),
  dateOfBirth: isoDate('dateOfBirth').refine(
    (d) => d <= new Date().toISOString().slice(0, 10),
    err('validation.dateBirthCannotFuture'),
  ),
});
export type NewInsureeInput = z.input<typeof newInsureeInput>;

const phInsureeFields = z.object({
  bundleId: uuid('contributionPlanBundle'),
  calculationParams: z.record(z.string(), z.unknown()).default({}),
  dateValidFrom: isoDate('validFrom'),
  dateValidTo: optionalIsoDate('validTo'),
});

/** Either an existing insuree (insureeId) or a new person (newInsuree) is declared. */
export const policyHolderInsureeInput = phInsureeFields
  .extend({
    policyHolderId: uuid('policyHolder'),
    insureeId: z.string().uuid().optional(),
    newInsuree: newInsureeInput.optional(),
  })
  .refine(validity, validityIssue)
  .refine((v) => !!v.insureeId !== !!v.newInsuree, {
    message: err('validation.chooseInsureeEnterNew'),
    path: ['insureeId'],
  });
export type PolicyHolderInsureeInput = z.input<typeof policyHolderInsureeInput>;

export const policyHolderInsureeUpdate = phInsureeFields
  .extend({ id: uuid('insureeLine'), version })
  .refine(validity, validityIssue);
export type PolicyHolderInsureeUpdate = z.input<typeof policyHolderInsureeUpdate>;

export const byIdVersion = z.object({ id: uuid('record'), version });

export const policyHolderBundleInput = z.object({
  policyHolderId: uuid('policyHolder'),
  bundleId: uuid('contributionPlanBundle'),
});

export const policyHolderSearch = z.object({
  q: text(100, 'search').optional().default(''),
  sort: z.enum(['code', 'tradeName', 'dateValidFrom']).catch('code').default('code'),
  dir: z.enum(['asc', 'desc']).catch('asc').default('asc'),
});

import { z } from 'zod';
import { isoDate, optionalIsoDate, requiredText, text, uuid, version } from './common';
import { newInsureeInput } from './policy-holder';

/** Reference data (products, contribution plans and bundles, insurees), as the API and services take it. */
const code = requiredText(32, 'Code').regex(
  /^[A-Za-z0-9._-]+$/,
  'Code may only contain letters, digits, dots, dashes and underscores.',
);
const months = (label: string) =>
  z.coerce
    .number({ error: `${label} is required.` })
    .int(`${label} must be a whole number of months.`)
    .min(1, `${label} must be between 1 and 120 months.`)
    .max(120, `${label} must be between 1 and 120 months.`);

export const productInput = z.strictObject({
  code,
  name: requiredText(255, 'Name'),
  insurancePeriodMonths: months('Insurance period'),
  /** Days the cover runs on after the period paid for (policies and persons covered). */
  gracePeriodDays: z.coerce
    .number({ error: 'Grace period is required.' })
    .int('Grace period must be a whole number of days.')
    .min(0, 'Grace period must be between 0 and 365 days.')
    .max(365, 'Grace period must be between 0 and 365 days.')
    .optional(),
  /** Every 12, 6, 3 or 1 months: one installment each (a policy holder may choose its own). */
  billingFrequencyMonths: z.coerce
    .number({ error: 'Billing frequency is required.' })
    .refine((n) => [1, 3, 6, 12].includes(n), 'Billing frequency must be 12, 6, 3 or 1 months.')
    .optional(),
  /** What must be paid before a contract becomes Effective: its first installment, or all of them. */
  payBeforeEffective: z
    .enum(['first', 'all'], { error: 'Pay before effective must be "first" or "all".' })
    .optional(),
  /** UC3-14: automatic renewals start Negotiable instead of Draft. */
  renewAsNegotiable: z.boolean({ error: 'Renew as negotiable must be true or false.' }).optional(),
});
export const productUpdate = productInput.partial().extend({ id: uuid('Product'), version });

export const planInput = z.strictObject({
  code,
  name: requiredText(255, 'Name'),
  productId: uuid('Product'),
  calculationRule: requiredText(64, 'Calculation rule'),
  params: z.record(z.string(), z.unknown()).default({}),
  periodicityMonths: months('Periodicity'),
  dateValidFrom: isoDate('Valid from'),
  dateValidTo: optionalIsoDate('Valid to'),
});
export const planUpdate = z.strictObject({
  id: uuid('Contribution plan'),
  version,
  code: code.optional(),
  name: requiredText(255, 'Name').optional(),
  productId: uuid('Product').optional(),
  calculationRule: requiredText(64, 'Calculation rule').optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  periodicityMonths: months('Periodicity').optional(),
  dateValidFrom: isoDate('Valid from').optional(),
  dateValidTo: optionalIsoDate('Valid to').optional(),
});

export const bundleInput = z.strictObject({
  code,
  name: requiredText(255, 'Name'),
  periodicityMonths: months('Periodicity'),
  contributionPlanIds: z
    .array(uuid('Contribution plan'))
    .min(1, 'A bundle needs at least one contribution plan.'),
  dateValidFrom: isoDate('Valid from'),
  dateValidTo: optionalIsoDate('Valid to'),
});
export const bundleUpdate = z.strictObject({
  id: uuid('Contribution plan bundle'),
  version,
  code: code.optional(),
  name: requiredText(255, 'Name').optional(),
  periodicityMonths: months('Periodicity').optional(),
  contributionPlanIds: z
    .array(uuid('Contribution plan'))
    .min(1, 'A bundle needs at least one contribution plan.')
    .optional(),
  dateValidFrom: isoDate('Valid from').optional(),
  dateValidTo: optionalIsoDate('Valid to').optional(),
});

export const insureeInput = newInsureeInput.strict().extend({
  /** Joins an existing family; without it the person starts a new family (and heads it). */
  familyId: uuid('Family').optional(),
  isFamilyHead: z.boolean().optional(),
});
export const insureeUpdate = newInsureeInput
  .partial()
  .strict()
  .extend({ id: uuid('Insuree'), version, isFamilyHead: z.boolean().optional() });

export const referenceSearch = z.object({
  q: text(100, 'Search').optional(),
  sort: z.enum(['code', 'name', 'createdAt']).catch('code').default('code'),
  dir: z.enum(['asc', 'desc']).catch('asc').default('asc'),
});
export const byIdVersionStrict = z.strictObject({ id: uuid('Record'), version: version.optional() });

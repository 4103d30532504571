import { z } from 'zod';
import { err, type FieldLabel, label } from '../i18n/keyed';
import { isoDate, optionalIsoDate, requiredText, text, uuid, version } from './common';
import { newInsureeInput } from './policy-holder';

/** Reference data (products, contribution plans and bundles, insurees), as the API and services take it. */
const code = requiredText(32, 'code').regex(/^[A-Za-z0-9._-]+$/, err('common.codeMayContainLetters'));
const months = (field: FieldLabel) =>
  z.coerce
    .number({ error: err('required', { label: label(field) }) })
    .int(err('wholeMonths', { label: label(field) }))
    .min(1, err('monthsRange', { label: label(field) }))
    .max(120, err('monthsRange', { label: label(field) }));

export const productInput = z.strictObject({
  code,
  name: requiredText(255, 'name'),
  insurancePeriodMonths: months('insurancePeriod'),
  /** Days the cover runs on after the period paid for (policies and persons covered). */
  gracePeriodDays: z.coerce
    .number({ error: err('required', { label: label('gracePeriod') }) })
    .int(err('validation.gracePeriodWholeNumber'))
    .min(0, err('validation.gracePeriodBetween0'))
    .max(365, err('validation.gracePeriodBetween0'))
    .optional(),
  /** Every 12, 6, 3 or 1 months: one installment each (a policy holder may choose its own). */
  billingFrequencyMonths: z.coerce
    .number({ error: err('required', { label: label('billingFrequency') }) })
    .refine((n) => [1, 3, 6, 12].includes(n), err('validation.billingFrequency126'))
    .optional(),
  /** What must be paid before a contract becomes Effective: its first installment, or all of them. */
  payBeforeEffective: z.enum(['first', 'all'], { error: err('validation.payEffectiveFirstAll') }).optional(),
  /** UC3-14: automatic renewals start Negotiable instead of Draft. */
  renewAsNegotiable: z.boolean({ error: err('validation.renewNegotiableTrueFalse') }).optional(),
});
export const productUpdate = productInput.partial().extend({ id: uuid('product'), version });

export const planInput = z.strictObject({
  code,
  name: requiredText(255, 'name'),
  productId: uuid('product'),
  calculationRule: requiredText(64, 'calculationRule'),
  params: z.record(z.string(), z.unknown()).default({}),
  periodicityMonths: months('periodicity'),
  dateValidFrom: isoDate('validFrom'),
  dateValidTo: optionalIsoDate('validTo'),
});
export const planUpdate = z.strictObject({
  id: uuid('contributionPlan'),
  version,
  code: code.optional(),
  name: requiredText(255, 'name').optional(),
  productId: uuid('product').optional(),
  calculationRule: requiredText(64, 'calculationRule').optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  periodicityMonths: months('periodicity').optional(),
  dateValidFrom: isoDate('validFrom').optional(),
  dateValidTo: optionalIsoDate('validTo').optional(),
});

export const bundleInput = z.strictObject({
  code,
  name: requiredText(255, 'name'),
  periodicityMonths: months('periodicity'),
  contributionPlanIds: z.array(uuid('contributionPlan')).min(1, err('validation.bundleNeedsLeastOne')),
  dateValidFrom: isoDate('validFrom'),
  dateValidTo: optionalIsoDate('validTo'),
});
export const bundleUpdate = z.strictObject({
  id: uuid('contributionPlanBundle'),
  version,
  code: code.optional(),
  name: requiredText(255, 'name').optional(),
  periodicityMonths: months('periodicity').optional(),
  contributionPlanIds: z
    .array(uuid('contributionPlan'))
    .min(1, err('validation.bundleNeedsLeastOne'))
    .optional(),
  dateValidFrom: isoDate('validFrom').optional(),
  dateValidTo: optionalIsoDate('validTo').optional(),
});

export const insureeInput = newInsureeInput.strict().extend({
  /** Joins an existing family; without it the person starts a new family (and heads it). */
  familyId: uuid('family').optional(),
  isFamilyHead: z.boolean().optional(),
});
export const insureeUpdate = newInsureeInput
  .partial()
  .strict()
  .extend({ id: uuid('insuree'), version, isFamilyHead: z.boolean().optional() });

export const referenceSearch = z.object({
  q: text(100, 'search').optional(),
  sort: z.enum(['code', 'name', 'createdAt']).catch('code').default('code'),
  dir: z.enum(['asc', 'desc']).catch('asc').default('asc'),
});
export const byIdVersionStrict = z.strictObject({ id: uuid('record'), version: version.optional() });

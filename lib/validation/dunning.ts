import { z } from 'zod';
import { err } from '../i18n/keyed';
import { decimalString, isoDate, optionalIsoDate, requiredText, uuid, version } from './common';

export const DUNNING_ACTIONS = ['letter', 'suspend', 'terminate'] as const;

const emptyToNull = (v: unknown) => (v === '' || v === undefined ? null : v);

export const dunningLevelInput = z.strictObject({
  id: uuid('level').optional(),
  version: version.optional(),
  productId: uuid('product'),
  name: requiredText(100, 'name'),
  daysAfterDue: z.coerce
    .number({ error: err('validation.daysAfterDueDate') })
    .int(err('validation.daysAfterDueDate'))
    .min(1, err('validation.daysAfterDueDate'))
    .max(365, err('validation.daysAfterDueDate')),
  action: z.enum(DUNNING_ACTIONS, { error: err('validation.chooseAction') }),
  registered: z.coerce.boolean().optional().default(false),
  fee: z.preprocess(emptyToNull, decimalString('fee', { cap: '100000' }).nullable()).optional(),
  subjectEn: requiredText(200, 'subjectEnglish'),
  bodyEn: requiredText(5000, 'letterEnglish'),
  subjectFr: requiredText(200, 'subjectFrench'),
  bodyFr: requiredText(5000, 'letterFrench'),
});

export const dunningLevelDelete = z.strictObject({ id: uuid('level'), version });

export const dunningDefaults = z.strictObject({ productId: uuid('product') });

export const dunningRunInput = z.strictObject({ asOf: isoDate('day') });

export const dunningHoldInput = z.strictObject({
  policyHolderId: uuid('policyHolder'),
  reason: requiredText(500, 'reason'),
  until: isoDate('holdUntil'),
});

export const dunningHoldRelease = z.strictObject({ id: uuid('hold'), version });

export const dunningOverviewParams = z.object({
  asOf: optionalIsoDate('day').optional(),
});

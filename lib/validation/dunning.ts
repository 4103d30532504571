import { z } from 'zod';
import { decimalString, isoDate, optionalIsoDate, requiredText, uuid, version } from './common';

export const DUNNING_ACTIONS = ['letter', 'suspend', 'terminate'] as const;

const emptyToNull = (v: unknown) => (v === '' || v === undefined ? null : v);

export const dunningLevelInput = z.strictObject({
  id: uuid('Level').optional(),
  version: version.optional(),
  productId: uuid('Product'),
  name: requiredText(100, 'Name'),
  daysAfterDue: z.coerce
    .number({ error: 'Days after the due date must be a whole number between 1 and 365.' })
    .int('Days after the due date must be a whole number between 1 and 365.')
    .min(1, 'Days after the due date must be a whole number between 1 and 365.')
    .max(365, 'Days after the due date must be a whole number between 1 and 365.'),
  action: z.enum(DUNNING_ACTIONS, { error: 'Choose an action.' }),
  registered: z.coerce.boolean().optional().default(false),
  fee: z.preprocess(emptyToNull, decimalString('Fee', { cap: '100000' }).nullable()).optional(),
  subjectEn: requiredText(200, 'Subject (English)'),
  bodyEn: requiredText(5000, 'Letter (English)'),
  subjectFr: requiredText(200, 'Subject (French)'),
  bodyFr: requiredText(5000, 'Letter (French)'),
});

export const dunningLevelDelete = z.strictObject({ id: uuid('Level'), version });

export const dunningDefaults = z.strictObject({ productId: uuid('Product') });

export const dunningRunInput = z.strictObject({ asOf: isoDate('Day') });

export const dunningHoldInput = z.strictObject({
  policyHolderId: uuid('Policy holder'),
  reason: requiredText(500, 'Reason'),
  until: isoDate('Hold until'),
});

export const dunningHoldRelease = z.strictObject({ id: uuid('Hold'), version });

export const dunningOverviewParams = z.object({
  asOf: optionalIsoDate('Day').optional(),
});

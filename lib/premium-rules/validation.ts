import { z } from 'zod';
import { ruleDefinitionSchema } from '../calculation/premium-rule';
import { isoDate, optionalText, requiredText, uuid, version } from '../validation/common';

const code = requiredText(32, 'Code').regex(
  /^[A-Za-z0-9._-]+$/,
  'Code may only contain letters, digits, dots, dashes and underscores.',
);

export const premiumRuleInput = z.strictObject({
  code,
  name: requiredText(255, 'Name'),
  description: optionalText(2000, 'Description'),
});
export const premiumRuleUpdate = z.strictObject({
  id: uuid('Premium rule'),
  version,
  name: requiredText(255, 'Name').optional(),
  description: optionalText(2000, 'Description').optional(),
});

/** A new draft version (no id) or a change to a draft (id + version). */
export const ruleVersionInput = z.strictObject({
  ruleId: uuid('Premium rule'),
  id: uuid('Rule version').optional(),
  version: version.optional(),
  validFrom: isoDate('Valid from'),
  definition: ruleDefinitionSchema,
});

export const ruleVersionRef = z.strictObject({ id: uuid('Rule version'), version });

export const rulePreviewInput = z.strictObject({
  definition: ruleDefinitionSchema,
  inputs: z.record(z.string(), z.union([z.string().max(64), z.boolean(), z.number()])).default({}),
});

import { z } from 'zod';
import { ruleDefinitionSchema } from '../calculation/premium-rule';
import { err } from '../i18n/keyed';
import { isoDate, optionalText, requiredText, uuid, version } from '../validation/common';

const code = requiredText(32, 'code').regex(/^[A-Za-z0-9._-]+$/, err('common.codeMayContainLetters'));

export const premiumRuleInput = z.strictObject({
  code,
  name: requiredText(255, 'name'),
  description: optionalText(2000, 'description'),
});
export const premiumRuleUpdate = z.strictObject({
  id: uuid('premiumRule'),
  version,
  name: requiredText(255, 'name').optional(),
  description: optionalText(2000, 'description').optional(),
});

/** A new draft version (no id) or a change to a draft (id + version). */
export const ruleVersionInput = z.strictObject({
  ruleId: uuid('premiumRule'),
  id: uuid('ruleVersion').optional(),
  version: version.optional(),
  validFrom: isoDate('validFrom'),
  definition: ruleDefinitionSchema,
});

export const ruleVersionRef = z.strictObject({ id: uuid('ruleVersion'), version });

export const rulePreviewInput = z.strictObject({
  definition: ruleDefinitionSchema,
  inputs: z.record(z.string(), z.union([z.string().max(64), z.boolean(), z.number()])).default({}),
});

import { z } from 'zod';
import { ruleDefinitionSchema } from '../../calculation/premium-rule';
import {
  createPremiumRule,
  getPremiumRule,
  listPremiumRules,
  premiumRuleUsage,
  updatePremiumRule,
} from '../../premium-rules/rules';
import { premiumRuleInput, premiumRuleUpdate, rulePreviewInput } from '../../premium-rules/validation';
import {
  deleteRuleVersion,
  previewRule,
  publishRuleVersion,
  saveRuleVersion,
} from '../../premium-rules/versions';
import { isoDate, version } from '../../validation/common';
import type { ApiRoute } from '../router';
import { listQuery, page, versionBody } from '../schemas';

const tag = 'Premium rules';
const id = z.string().describe('uuid');

const ruleJson = z
  .object({
    id,
    code: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'PremiumRule' });
const testResultJson = z.object({
  name: z.string(),
  expected: z.string(),
  actual: z.string().nullable(),
  passed: z.boolean(),
  error: z.string().optional(),
});
const ruleVersionJson = z
  .object({
    id,
    version: z.number().int(),
    number: z.number().int().describe('1, 2, 3… per rule'),
    validFrom: z.string().describe('Valuation uses the published version valid at the contract period start'),
    status: z.enum(['draft', 'published']),
    definition: z.record(z.string(), z.unknown()).describe('inputs, tables, formula, testCases'),
    testResults: z.array(testResultJson),
  })
  .meta({ id: 'PremiumRuleVersion' });

const versionDraftBody = z.strictObject({
  validFrom: isoDate('validFrom'),
  definition: ruleDefinitionSchema,
});
const versionChangeBody = versionDraftBody.extend({
  version: version.describe('The version you read; required; a stale one answers 409 (conflict)'),
});

/** /api/v1 over the same services as the admin screens (lib/premium-rules). */
export const premiumRuleRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/premium-rules',
    tag,
    summary: 'List premium rules',
    query: listQuery,
    response: page(ruleJson),
    handler: ({ db, actor, query }) => listPremiumRules(db, actor, query),
  },
  {
    method: 'POST',
    path: '/premium-rules',
    tag,
    summary: 'Create a premium rule (needs product.configure)',
    body: premiumRuleInput,
    response: ruleJson,
    status: 201,
    handler: ({ db, actor, body }) => createPremiumRule(db, actor, body),
  },
  {
    method: 'POST',
    path: '/premium-rules/preview',
    tag,
    summary: 'Compute a premium from a rule definition and inputs, explained line by line; nothing is saved',
    body: rulePreviewInput,
    handler: async ({ actor, body }) => previewRule(actor, body),
  },
  {
    method: 'GET',
    path: '/premium-rules/{id}',
    tag,
    summary: 'Read a premium rule with its versions',
    response: ruleJson.extend({ versions: z.array(ruleVersionJson) }),
    handler: ({ db, actor, params }) => getPremiumRule(db, actor, params.id!),
  },
  {
    method: 'PATCH',
    path: '/premium-rules/{id}',
    tag,
    summary: 'Rename or describe a premium rule (send the version you read)',
    body: premiumRuleUpdate.omit({ id: true }),
    response: ruleJson,
    handler: ({ db, actor, body, params }) => updatePremiumRule(db, actor, { ...body, id: params.id }),
  },
  {
    method: 'GET',
    path: '/premium-rules/{id}/usage',
    tag,
    summary: 'Contribution plans naming the rule, and their contracts by state',
    handler: ({ db, actor, params }) => premiumRuleUsage(db, actor, params.id!),
  },
  {
    method: 'POST',
    path: '/premium-rules/{id}/versions',
    tag,
    summary: 'Save a new draft version (compiled and its test cases run)',
    body: versionDraftBody,
    response: ruleVersionJson,
    status: 201,
    handler: ({ db, actor, body, params }) => saveRuleVersion(db, actor, { ...body, ruleId: params.id }),
  },
  {
    method: 'PATCH',
    path: '/premium-rules/{id}/versions/{versionId}',
    tag,
    summary: 'Change a draft version (send the version you read)',
    body: versionChangeBody,
    response: ruleVersionJson,
    handler: ({ db, actor, body, params }) =>
      saveRuleVersion(db, actor, { ...body, ruleId: params.id, id: params.versionId }),
  },
  {
    method: 'POST',
    path: '/premium-rules/{id}/versions/{versionId}/publish',
    tag,
    summary: 'Publish a draft whose test cases pass (send the version you read)',
    body: versionBody,
    response: ruleVersionJson,
    handler: ({ db, actor, body, params }) =>
      publishRuleVersion(db, actor, { ...body, id: params.versionId }),
  },
  {
    method: 'DELETE',
    path: '/premium-rules/{id}/versions/{versionId}',
    tag,
    summary: 'Delete a draft version (send the version you read)',
    body: versionBody,
    status: 204,
    handler: ({ db, actor, body, params }) => deleteRuleVersion(db, actor, { ...body, id: params.versionId }),
  },
];

import { z } from 'zod';
import { buildOpenApi } from '../openapi';
import type { ApiRoute } from '../router';
import { tokenBody, tokenJson } from '../schemas';
import { createApiToken, listApiTokens, revokeApiToken } from '../tokens';
import { billingRoutes } from './billing';
import { collectionRoutes } from './collection';
import { contractRoutes } from './contracts';
import { dunningRoutes } from './dunning';
import { jobRoutes } from './jobs';
import { premiumRuleRoutes } from './premium-rules';
import { referenceRoutes } from './reference';
import { webhookRoutes } from './webhooks';

const tokenRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/tokens',
    tag: 'Authentication',
    summary: 'Create a personal token (90 days) from e-mail and password; rate-limited',
    public: true,
    body: tokenBody,
    response: tokenJson,
    status: 201,
    handler: async ({ db, body, ip }) => {
      const { token, expiresAt } = await createApiToken(db, body, { ip });
      return { token, expiresAt: expiresAt.toISOString() };
    },
  },
  {
    method: 'GET',
    path: '/tokens',
    tag: 'Authentication',
    summary: 'Your tokens (never the secret itself)',
    response: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        prefix: z.string(),
        expiresAt: z.string(),
        revokedAt: z.string().nullable(),
      }),
    ),
    handler: ({ db, actor }) => listApiTokens(db, actor),
  },
  {
    method: 'DELETE',
    path: '/tokens/{id}',
    tag: 'Authentication',
    summary: 'Revoke one of your tokens (administrators: anyone’s)',
    status: 204,
    handler: ({ db, actor, params }) => revokeApiToken(db, actor, params.id!),
  },
];

/** Every endpoint of /api/v1. The dispatcher serves exactly these and the OpenAPI document lists exactly these. */
export const API_ROUTES: ApiRoute[] = [
  ...tokenRoutes,
  ...referenceRoutes,
  ...premiumRuleRoutes,
  ...contractRoutes,
  ...billingRoutes,
  ...dunningRoutes,
  ...collectionRoutes,
  ...jobRoutes,
  ...webhookRoutes,
  {
    method: 'GET',
    path: '/openapi.json',
    tag: 'Authentication',
    summary: 'This API described as OpenAPI 3.1',
    public: true,
    handler: async () => buildOpenApi(API_ROUTES),
  },
];

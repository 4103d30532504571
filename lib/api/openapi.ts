import { z } from 'zod';
import type { ApiRoute } from './router';
import { webhooksSection } from './routes/webhooks';
import { errorJson } from './schemas';

type Json = Record<string, unknown>;

const ERRORS: Record<string, string> = {
  '400': 'Malformed request: invalid JSON or an unknown field (invalid_request)',
  '401': 'Missing, unknown, expired or revoked token (unauthenticated)',
  '403': 'Your role may not do this (forbidden)',
  '404': "Not found, also for another policy holder's data (not_found)",
  '409': 'Stale version, duplicate code or receipt, Idempotency-Key in use (conflict)',
  '413': 'The request body is larger than 1 MB (payload_too_large)',
  '422':
    'A field or a rule refuses the request, or a value is out of range (validation_failed, invalid_state)',
};

const COMPONENT = '#/components/schemas/';

/** JSON Schema `$ref`s point into `$defs` of their own document; in OpenAPI they live in components.schemas. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
        ? COMPONENT + v.slice('#/$defs/'.length)
        : rewriteRefs(v),
    ]),
  );
}

/**
 * A schema as OpenAPI 3.1 wants it: the named schemas (zod `.meta({ id })`) go to `components.schemas`
 * (collected in `components`) and are referenced from there; `$defs` would dangle at the document root.
 */
function schemaOf(schema: z.ZodType, components: Record<string, Json>): Json {
  // Inputs are described as a client sends them (before defaults and transforms).
  const s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete s.$schema;
  const defs = (s.$defs ?? {}) as Record<string, Json>;
  delete s.$defs;
  for (const [name, def] of Object.entries(defs)) {
    const described = rewriteRefs(def) as Json;
    const known = components[name];
    if (known && JSON.stringify(known) !== JSON.stringify(described))
      throw new Error(`Two different schemas are both named ${name} in the OpenAPI document.`);
    components[name] = described;
  }
  return rewriteRefs(s) as Json;
}

/** A body is required for a POST, and for any body with a required field (the version of a PATCH or DELETE). */
function requestBodyOf(r: ApiRoute, schema: Json): Json {
  const required = r.method === 'POST' || (Array.isArray(schema.required) && schema.required.length > 0);
  return { required, content: { 'application/json': { schema } } };
}

/**
 * The OpenAPI 3.1 document, generated from the route registry and its zod schemas: a route cannot exist
 * without being described, and a field cannot change without its description changing.
 */
export function buildOpenApi(routes: ApiRoute[]): Json {
  const paths: Record<string, Json> = {};
  const schemas: Record<string, Json> = {};
  schemaOf(errorJson, schemas);
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string', format: 'uuid' },
    }));
    const query = r.query
      ? Object.entries(r.query.shape).map(([name, s]) => ({
          name,
          in: 'query',
          required: false,
          schema: schemaOf(s as z.ZodType, schemas),
        }))
      : [];
    const headers = r.idempotent
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'A retry with the same key returns the first answer instead of acting twice.',
            schema: { type: 'string', maxLength: 200 },
          },
        ]
      : [];
    const status = String(r.status ?? 200);
    const responses: Json = {
      [status]:
        status === '204'
          ? { description: 'Done' }
          : {
              description: 'Success',
              ...(r.produces
                ? { content: { [r.produces]: { schema: { type: 'string' } } } }
                : r.response
                  ? { content: { 'application/json': { schema: schemaOf(r.response, schemas) } } }
                  : {}),
            },
    };
    for (const [code, description] of Object.entries(ERRORS)) {
      if (code === '401' && r.public && r.path !== '/tokens') continue;
      if (code === '413' && r.method === 'GET') continue;
      responses[code] = {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    if (r.path === '/tokens' && r.method === 'POST')
      responses['429'] = {
        description: 'Too many tokens created recently (rate_limited)',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    paths[r.path] ??= {};
    paths[r.path]![r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method.toLowerCase()}${r.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^a-zA-Z0-9_]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(r.public ? { security: [] } : {}),
      parameters: [...params, ...query, ...headers],
      ...(r.body ? { requestBody: requestBodyOf(r, schemaOf(r.body, schemas)) } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pactum API',
      version: '1.0.0',
      description:
        'Group insurance contracts over the same services as the Pactum web app: same permissions, states and validation. Money is a decimal string ("125.00"), dates are "YYYY-MM-DD", ids are uuids. Create a token with POST /tokens, then send "Authorization: Bearer <token>".',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A personal token from POST /tokens' },
      },
      schemas,
    },
    paths,
    webhooks: webhooksSection(),
  };
}

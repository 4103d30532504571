import { randomUUID } from 'node:crypto';
import { compileErrors, validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WEBHOOK_EVENTS } from '@/db/schema/data-exchange';
import { makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { loadActor } from '../auth/actor';
import { err, label } from '../i18n/keyed';
import { buildOpenApi } from './openapi';
import { dispatch, json } from './router';
import { API_ROUTES } from './routes';
import { createOwnApiToken } from './tokens';
import { VERSION_FIELDS } from './version-check';

/*
 * What partners rely on, derived from the route registry so that a route added later is covered without
 * anyone remembering: the OpenAPI document is valid OpenAPI 3.1, and every change to a versioned record
 * requires the version the client read.
 */
// biome-ignore lint/suspicious/noExplicitAny: OpenAPI document, read field by field
type Json = any;

/**
 * Mutations on an `{id}` path that need no version, and why. Anything else that changes a record must
 * require one: a new route fails this test until it does, or until it is listed here with its reason.
 */
const NO_VERSION: Record<string, string> = {
  'POST /contracts/{id}/payments':
    'a receipt is added, not a state overwritten; its receipt number is unique per contract, so a retry is a 409 duplicate (and Idempotency-Key replays it)',
  'POST /contracts/{id}/invoices':
    'invoices the lines not invoiced yet: a period is never invoiced twice, so a retry cannot bill again (and Idempotency-Key replays it)',
  'POST /contracts/{id}/comments': 'appends to the thread; the contract itself does not change',
  'POST /policy-holders/{id}/bundles': 'adds to a set; the outcome does not depend on what the caller read',
  'DELETE /policy-holders/{id}/bundles/{bundleId}':
    'removes from a set; the outcome does not depend on what the caller read',
  'POST /policy-holders/{id}/insurees':
    'creates a new declaration; the policy holder record itself does not change',
  'POST /contracts/{id}/refunds':
    'creates a refund of unallocated credit, bounded by what is unallocated under the payer’s lock (and Idempotency-Key replays it)',
  'POST /policy-holders/{id}/receipts':
    'a receipt is added; its receipt number is unique, so a retry is a 409 duplicate (and Idempotency-Key replays it)',
  'POST /policy-holders/{id}/refunds':
    'creates a refund of unallocated credit, bounded by what is unallocated under the payer’s lock (and Idempotency-Key replays it)',
  'POST /premium-rules/{id}/versions':
    'creates a new draft version (numbered after the last); the rule record itself does not change',
  'POST /webhook-deliveries/{id}/redeliver':
    'queues a delivery again; no business record changes and sending twice is what the receiver dedupes (same event id)',
  'DELETE /tokens/{id}': 'tokens are not versioned: revoking is final and answers the same way twice',
  'POST /jobs/{id}/cancel': 'a request to stop: asking twice asks the same; a job that has ended answers 409',
  'POST /jobs/{id}/retry':
    'retries only what the job did not do, and only once it has ended (409 while it runs)',
};

const mutating = API_ROUTES.filter((r) => r.method !== 'GET' && r.path.includes('{'));
const name = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
const versioned = mutating.filter((r) => !Object.hasOwn(NO_VERSION, name(r)));
const versionField = (r: (typeof API_ROUTES)[number]) => {
  const shape = (r.body as { shape?: Record<string, { safeParse(v: unknown): { success: boolean } }> })
    ?.shape;
  return VERSION_FIELDS.find((f) => shape?.[f] && !shape[f]!.safeParse(undefined).success);
};

let t: TestDb;
let token: string;
beforeAll(async () => {
  t = await createTestDb();
  const admin = await makeUser(t.db, 'admin');
  token = (await createOwnApiToken(t.db, (await loadActor(t.db, admin.id))!, { name: 'semantics' })).token;
});
afterAll(() => t.close());

async function call(method: string, path: string, body: unknown) {
  const url = `http://localhost/api/v1${path.replace(/\{\w+\}/g, () => randomUUID())}`;
  const response = await dispatch(
    t.db,
    API_ROUTES,
    new Request(url, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body),
    }),
  );
  const text = await response.text();
  const json = response.headers.get('content-type')?.startsWith('application/json');
  return { status: response.status, text, body: (json && text ? JSON.parse(text) : null) as Json };
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 for a standard validator, every $ref resolving inside the document', async () => {
    const doc = buildOpenApi(API_ROUTES) as Json;
    // The validator must not fetch anything: all references are local.
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('no network in tests'));
    try {
      const result = await validate(structuredClone(doc), { resolve: { external: false, file: false } });
      expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\/schemas\/\w+$/);
      expect(doc.components.schemas[ref.split('/').at(-1)!], ref).toBeDefined();
    }
    expect(JSON.stringify(doc)).not.toContain('$defs');
  });

  it('documents every webhook event in its webhooks section, with the signature header', () => {
    const doc = buildOpenApi(API_ROUTES) as Json;
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENTS].sort());
    for (const op of Object.values(doc.webhooks) as Json[])
      expect(op.post.parameters.map((p: Json) => p.name)).toContain('Pactum-Signature');
  });
});

describe('errors with codes', () => {
  it('answers a stored keyed message (a job failure, a test case error) in English, wherever it sits', async () => {
    const stored = err('notFound', { label: label('contract') });
    const body = await json(200, {
      failures: [{ id: 'x', error: stored }],
      note: 'typed by a person',
    }).json();
    expect(body).toEqual({
      failures: [{ id: 'x', error: 'Contract not found.' }],
      note: 'typed by a person',
    });
  });

  it('documents the message key and parameters of an error beside its English message', () => {
    const error = (buildOpenApi(API_ROUTES) as Json).components.schemas.Error.properties.error;
    for (const field of ['message', 'messageKey', 'params', 'fieldErrors', 'fieldErrorKeys'])
      expect(error.properties[field]?.description, field).toBeTruthy();
  });

  it.each(API_ROUTES.map((r) => [name(r), r] as const))(
    '%s refuses with an English message and its key, never a raw keyed message',
    async (_, route) => {
      // An empty body and unknown ids: most operations refuse (422, 404...); those that answer are skipped.
      const r = await call(route.method, route.path, {});
      expect(r.text).not.toContain('\u2063');
      if (r.status < 400) return;
      const { message, messageKey, fieldErrors, fieldErrorKeys } = r.body.error;
      expect(String(messageKey), message).toMatch(/^errors\./);
      expect(JSON.stringify(fieldErrorKeys ?? {}), JSON.stringify(fieldErrors)).not.toContain('null');
      for (const [field, messages] of Object.entries(fieldErrors ?? {}))
        expect(fieldErrorKeys[field], field).toHaveLength((messages as string[]).length);
    },
  );
});

describe('version on every change of a versioned record', () => {
  it('lists only routes that exist among the exemptions', () => {
    for (const key of Object.keys(NO_VERSION)) expect(mutating.map(name), key).toContain(key);
    expect(versioned.length).toBeGreaterThan(15);
  });

  it.each(versioned.map((r) => [name(r), r] as const))('%s documents a required version', (_, route) => {
    const field = versionField(route);
    expect(field, 'the body schema requires version or contractVersion').toBeDefined();
    const op = (buildOpenApi(API_ROUTES) as Json).paths[route.path][route.method.toLowerCase()];
    expect(op.requestBody.required).toBe(true);
    expect(op.requestBody.content['application/json'].schema.required).toContain(field);
  });

  it.each(versioned.map((r) => [name(r), r] as const))(
    '%s answers 422 without a version',
    async (_, route) => {
      const field = versionField(route)!;
      for (const body of [{}, { [field]: null }, { [field]: 'latest' }, { [field]: 0 }]) {
        const r = await call(route.method, route.path, body);
        expect(r.status, JSON.stringify(body)).toBe(422);
        expect(r.body.error.code).toBe('validation_failed');
        expect(r.body.error.fieldErrors[field]).toBeDefined();
      }
    },
  );
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEmployer, makeScheme, makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { loadActor } from '../auth/actor';
import { addComment } from '../comments/comments';
import { ValidationError } from '../errors';
import { createPolicyHolder } from '../policy-holders/policy-holders';
import { buildOpenApi } from './openapi';
import { type ApiRoute, dispatch, MAX_BODY_BYTES } from './router';
import { API_ROUTES } from './routes';
import { createOwnApiToken } from './tokens';

/*
 * Bad input answers 400/413/422 with field errors, never a 5xx: one test per class of input that used
 * to reach PostgreSQL (or a prototype member) and come back as a 500.
 */
let t: TestDb;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON, checked field by field below
type Json = any;
type Res = { status: number; body: Json };
let token: string;
let ph: { id: string; insureeIds: string[] };
let bundleId: string;
let contractId: string;

async function send(method: string, url: string, init: RequestInit & { json?: unknown } = {}): Promise<Res> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const response = await dispatch(
    t.db,
    API_ROUTES,
    new Request(`http://localhost/api/v1${url}`, {
      ...init,
      method,
      headers,
      body: init.json === undefined ? init.body : JSON.stringify(init.json),
    }),
  );
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function expectFieldError(r: Res, status: number, field: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(Object.keys(r.body.error.fieldErrors ?? {}), JSON.stringify(r.body)).toContain(field);
}

beforeAll(async () => {
  t = await createTestDb();
  const admin = (await loadActor(t.db, (await makeUser(t.db, 'admin')).id))!;
  token = (await createOwnApiToken(t.db, admin, {})).token;
  ({ bundleId } = await makeScheme(t.db, { periodicityMonths: 1 }));
  ph = await makeEmployer(t.db, bundleId, ['1000.00']);
  const created = await send('POST', '/contracts', {
    json: { code: 'HARD-1', policyHolderId: ph.id, dateValidFrom: '2026-01-01', dateValidTo: '2026-12-31' },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  contractId = created.body.id;
});
afterAll(() => t.close());

describe('NUL bytes and unpaired surrogates', () => {
  it('are field errors in the unauthenticated token request, queries, comments and every body', async () => {
    const tokenReq = await dispatch(
      t.db,
      API_ROUTES,
      new Request('http://localhost/api/v1/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a\u0000@x.test', password: 'secret' }),
      }),
    );
    expect(tokenReq.status).toBe(422);
    expect((await tokenReq.json()).error.fieldErrors).toHaveProperty('email');

    expectFieldError(await send('GET', '/contracts?code=%00'), 422, 'code');
    expectFieldError(await send('GET', '/products?q=a%00b'), 422, 'q');
    expectFieldError(
      await send('POST', `/contracts/${contractId}/comments`, { json: { body: 'half \ud800 a pair' } }),
      422,
      'body',
    );
    expectFieldError(
      await send('POST', `/contracts/${contractId}/counter`, { json: { comment: 'x\u0000' } }),
      422,
      'comment',
    );
    // Keys too: calculation parameters go into jsonb as they are.
    expectFieldError(
      await send('POST', `/policy-holders/${ph.id}/insurees`, {
        json: {
          newInsuree: {
            insuranceNumber: 'N-1',
            firstName: 'Ann',
            lastName: 'Lee',
            gender: 'F',
            dateOfBirth: '1990-01-01',
          },
          contributionPlanBundleId: bundleId,
          calculationParams: { income: '1.00', 'x\udc00': 1 },
          dateValidFrom: '2026-01-01',
        },
      }),
      422,
      'calculationParams.?',
    );
  });

  it('are refused by every service, whatever surface calls it', async () => {
    const admin = (await loadActor(t.db, (await makeUser(t.db, 'admin')).id))!;
    const error = await createPolicyHolder(t.db, admin, {
      code: 'NUL',
      tradeName: 'Bad\u0000Name',
      language: 'en',
      dateValidFrom: '2026-01-01',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors).toHaveProperty('tradeName');
    const comment = await addComment(t.db, admin, { contractId, body: 'ok \udfff' }).catch((e) => e);
    expect(comment).toBeInstanceOf(ValidationError);
    expect(comment.fieldErrors).toHaveProperty('body');
  });
});

describe('dates', () => {
  it('are bounded to 1900-01-01 … 2999-12-31 and a contract to ten years', async () => {
    const body = {
      code: 'HARD-D',
      policyHolderId: ph.id,
      dateValidFrom: '2026-01-01',
      dateValidTo: '2026-12-31',
    };
    expectFieldError(
      await send('POST', '/contracts', { json: { ...body, dateValidFrom: '0000-01-01' } }),
      422,
      'dateValidFrom',
    );
    expectFieldError(
      await send('POST', '/contracts', { json: { ...body, dateValidTo: '9999-12-31' } }),
      422,
      'dateValidTo',
    );
    expectFieldError(
      await send('POST', '/contracts', { json: { ...body, dateValidTo: '2036-01-01' } }),
      422,
      'dateValidTo',
    );
    expect((await send('POST', '/contracts', { json: { ...body, dateValidTo: '2035-12-31' } })).status).toBe(
      201,
    );
    // Only one date changed: the service checks the merged period.
    const r = await send('PATCH', `/contracts/${contractId}`, {
      json: { version: 1, dateValidTo: '2040-12-31' },
    });
    expectFieldError(r, 422, 'dateValidTo');
    expectFieldError(
      await send('POST', '/policy-holders', {
        json: { code: 'OLD', tradeName: 'Old', language: 'en', dateValidFrom: '0000-01-01' },
      }),
      422,
      'dateValidFrom',
    );
  });
});

describe('money', () => {
  it('caps incomes, rates and amounts before anything is valued or written', async () => {
    const line = await send('GET', `/policy-holders/${ph.id}/insurees`);
    const declared = line.body.items?.[0] ?? line.body[0];
    expectFieldError(
      await send('PATCH', `/policy-holders/${ph.id}/insurees/${declared.id}`, {
        json: {
          version: declared.version,
          contributionPlanBundleId: bundleId,
          calculationParams: { income: '9999999999999999' },
          dateValidFrom: declared.dateValidFrom,
        },
      }),
      422,
      'calculationParams.income',
    );
    const details = await send('GET', `/contracts/${contractId}/details`);
    expectFieldError(
      await send('PATCH', `/contracts/${contractId}/details/${details.body[0].id}`, {
        json: { version: details.body[0].version, calculationParams: { income: '1000000000.00' } },
      }),
      422,
      'calculationParams.income',
    );
    expectFieldError(
      await send('POST', `/contracts/${contractId}/payments`, {
        json: { amount: '9999999999999999.99', receivedAt: '2026-01-02', receiptNumber: 'BIG' },
      }),
      422,
      'amount',
    );
    const product = await send('GET', '/products');
    expectFieldError(
      await send('POST', '/contribution-plans', {
        json: {
          code: 'TOO-MUCH',
          name: 'Too much',
          productId: product.body.items[0].id,
          calculationRule: 'percent-of-income',
          params: { rate: '100.01' },
          periodicityMonths: 1,
          dateValidFrom: '2026-01-01',
        },
      }),
      422,
      'params.rate',
    );
  });
});

describe('queries over their limits', () => {
  it.each(['/products', '/contribution-plans', '/contribution-plan-bundles', '/insurees', '/policy-holders'])(
    'GET %s with a q over 100 characters is a field error',
    async (path) => {
      expectFieldError(await send('GET', `${path}?q=${'a'.repeat(101)}`), 422, 'q');
    },
  );
});

describe('user-supplied keys', () => {
  it('never resolve to members of Object.prototype', async () => {
    const product = await send('GET', '/products');
    for (const rule of ['constructor', 'toString', '__proto__'])
      expectFieldError(
        await send('POST', '/contribution-plans', {
          json: {
            code: `RULE-${rule.length}`,
            name: 'Rule',
            productId: product.body.items[0].id,
            calculationRule: rule,
            periodicityMonths: 1,
            dateValidFrom: '2026-01-01',
          },
        }),
        422,
        'calculationRule',
      );
    const unknown = await send('POST', '/policy-holders', {
      json: { code: 'PROTO', tradeName: 'Proto', language: 'en', dateValidFrom: '2026-01-01', toString: 'x' },
    });
    expect(unknown.status, JSON.stringify(unknown.body)).toBe(400);
    expect(unknown.body.error.fieldErrors).toHaveProperty('toString');
  });
});

describe('paths and bodies', () => {
  it('answers malformed %-encoding with 400, not a crash', async () => {
    expect((await send('GET', '/contracts/%E0%A4%A')).status).toBe(400);
    expect((await send('GET', '/contracts/%ED%A0%80')).status).toBe(400);
  });

  it('refuses a body over 1 MB with 413, by its declared length or while streaming it', async () => {
    const big = JSON.stringify({ comment: 'x'.repeat(2 * MAX_BODY_BYTES) });
    const declared = await send('POST', `/contracts/${contractId}/counter`, {
      body: big,
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
    });
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe('payload_too_large');
    // Documented for partners: every operation that takes a body may answer 413.
    const doc = buildOpenApi(API_ROUTES) as { paths: Record<string, Record<string, { responses: object }>> };
    expect(doc.paths['/contracts']!.post!.responses).toHaveProperty('413');
    expect(doc.paths['/contracts']!.get!.responses).not.toHaveProperty('413');
    // No declared length: the stream is cut off just past the limit, never read whole.
    let pulled = 0;
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        if (pulled > 20 * MAX_BODY_BYTES) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = await dispatch(
      t.db,
      API_ROUTES,
      new Request('http://localhost/api/v1/tokens', {
        method: 'POST',
        body: stream,
        headers: { 'content-type': 'application/json' },
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThan(2 * MAX_BODY_BYTES);
    const deep = await send('POST', `/contracts/${contractId}/details`, {
      body: `{"insureeId": ${'['.repeat(5000)}${']'.repeat(5000)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(deep.status).toBe(400);
  });
});

describe('the safety net', () => {
  it('maps PostgreSQL data errors (class 22) to 422 validation_failed with a generic message', async () => {
    const routes: ApiRoute[] = [
      {
        method: 'GET',
        path: '/overflow',
        tag: 'Test',
        summary: 'numeric overflow',
        handler: ({ db }) => db.execute(sql`select 99999999999999999::numeric(18,2)`),
      },
      {
        method: 'GET',
        path: '/date',
        tag: 'Test',
        summary: 'bad date',
        handler: ({ db }) => db.execute(sql`select '0000-01-01'::date`),
      },
    ];
    for (const path of ['/overflow', '/date']) {
      const r = await dispatch(
        t.db,
        routes,
        new Request(`http://localhost/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } }),
      );
      expect(r.status).toBe(422);
      const body = await r.json();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.message).not.toMatch(/numeric|date\/time|0000/);
    }
  });
});

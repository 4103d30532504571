import fs from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receipts } from '@/db/schema';
import { linkPortalUser, makePolicyHolder, makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { loadActor } from '../auth/actor';
import { ForbiddenError } from '../errors';
import { runJobToEnd } from '../jobs/runner';
import { money } from '../money';
import { dispatch } from './router';
import { API_ROUTES } from './routes';
import { createApiToken, createOwnApiToken, listAllApiTokens, revokeApiToken, TOKEN_RATE } from './tokens';

/*
 * The API contract suite: real route dispatch (the same function app/api/v1/[...path]/route.ts calls)
 * over real SQL. A partner sets up reference data and takes a contract from creation to Effective and
 * through an amendment; every failure answers with the error shape and the right status.
 */
let t: TestDb;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON, checked field by field below
type Json = any;
type Res = { status: number; body: Json; headers: Headers };

async function call(
  method: string,
  url: string,
  opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
  const response = await dispatch(
    t.db,
    API_ROUTES,
    new Request(`http://localhost/api/v1${url}`, {
      method,
      headers,
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    }),
  );
  const text = await response.text();
  // A keyed message (lib/i18n/keyed) is rendered before it leaves: never its raw form in an answer.
  expect(text).not.toContain('\u2063');
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

const tokens = {} as Record<'admin' | 'editor' | 'approver' | 'viewer' | 'portal', string>;
const emails = {} as Record<keyof typeof tokens, string>;

beforeAll(async () => {
  t = await createTestDb();
  for (const role of ['admin', 'editor', 'approver', 'viewer'] as const) {
    const u = await makeUser(t.db, role);
    emails[role] = u.email;
    tokens[role] = (
      await createApiToken(t.db, { email: u.email, password: 'demo1234', name: role }, { ip: 'test' })
    ).token;
  }
});
afterAll(() => t.close());

function expectError(r: Res, status: number, code: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

describe('authentication', () => {
  it('creates tokens from e-mail and password, refuses bad credentials and malformed requests', async () => {
    const ok = await call('POST', '/tokens', {
      body: { email: emails.viewer, password: 'demo1234', name: 'ERP' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.token).toMatch(/^pct_/);
    expect(new Date(ok.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(89 * 86_400_000);
    expectError(
      await call('POST', '/tokens', { body: { email: emails.viewer, password: 'nope' } }),
      401,
      'unauthenticated',
    );
    expectError(await call('POST', '/tokens', { raw: '{"email": ' }), 400, 'invalid_request');
    expectError(
      await call('POST', '/tokens', { body: { email: 'a', password: 'b', admin: true } }),
      400,
      'invalid_request',
    );
    expectError(await call('POST', '/tokens', { body: { email: emails.viewer } }), 422, 'validation_failed');
  });

  it('requires a valid, unexpired, unrevoked bearer token everywhere else', async () => {
    expectError(await call('GET', '/contracts'), 401, 'unauthenticated');
    expectError(await call('GET', '/contracts', { token: 'pct_forged' }), 401, 'unauthenticated');
    const old = await createApiToken(
      t.db,
      { email: emails.viewer, password: 'demo1234' },
      { ip: 'test', now: new Date('2020-01-01') },
    );
    expectError(await call('GET', '/contracts', { token: old.token }), 401, 'unauthenticated');

    const fresh = (await call('POST', '/tokens', { body: { email: emails.viewer, password: 'demo1234' } }))
      .body.token;
    expect((await call('GET', '/contracts', { token: fresh })).status).toBe(200);
    const mine = await call('GET', '/tokens', { token: fresh });
    expect(mine.body.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(mine.body)).not.toContain(fresh);
    const id = mine.body.find((x: { prefix: string }) => fresh.startsWith(x.prefix)).id;
    // Someone else's token is not found; the owner revokes it, and it stops working at once.
    expectError(await call('DELETE', `/tokens/${id}`, { token: tokens.editor }), 404, 'not_found');
    expect((await call('DELETE', `/tokens/${id}`, { token: fresh })).status).toBe(204);
    expectError(await call('GET', '/contracts', { token: fresh }), 401, 'unauthenticated');
  });

  it('lets administrators see and revoke anyone’s token; others only their own', async () => {
    const editor = (await loadActor(t.db, (await makeUser(t.db, 'editor')).id))!;
    const admin = (await loadActor(t.db, (await makeUser(t.db, 'admin')).id))!;
    const own = await createOwnApiToken(t.db, editor, { name: 'From the profile page' });
    expect((await call('GET', '/contracts', { token: own.token })).status).toBe(200);
    await expect(listAllApiTokens(t.db, editor)).rejects.toThrow(ForbiddenError);
    const all = await listAllApiTokens(t.db, admin);
    expect(all.find((x) => x.id === own.id)).toMatchObject({
      userEmail: editor.email,
      name: 'From the profile page',
    });
    await revokeApiToken(t.db, admin, own.id);
    expectError(await call('GET', '/contracts', { token: own.token }), 401, 'unauthenticated');
  });

  it('rate-limits token creation', async () => {
    const u = await makeUser(t.db, 'viewer');
    for (let i = 0; i < TOKEN_RATE.max; i++)
      expect((await call('POST', '/tokens', { body: { email: u.email, password: 'demo1234' } })).status).toBe(
        201,
      );
    expectError(
      await call('POST', '/tokens', { body: { email: u.email, password: 'demo1234' } }),
      429,
      'rate_limited',
    );
  });

  it('answers unknown paths, bad ids and wrong methods with the error shape', async () => {
    expectError(await call('GET', '/nothing-here', { token: tokens.admin }), 404, 'not_found');
    expectError(await call('GET', '/contracts/not-a-uuid', { token: tokens.admin }), 404, 'not_found');
    expectError(
      await call('GET', '/contracts/00000000-0000-4000-8000-000000000000', { token: tokens.admin }),
      404,
      'not_found',
    );
    const put = await call('PUT', '/contracts', { token: tokens.admin, body: {} });
    expectError(put, 405, 'method_not_allowed');
    expect(put.headers.get('allow')).toBe('GET, POST');
  });
});

describe('a partner takes a contract from set-up to Effective and through an amendment', () => {
  const ids: Record<string, string> = {};
  let contract: Json;

  it('sets up a product, a plan, a bundle, a policy holder and its insurees', async () => {
    const admin = tokens.admin;
    expectError(
      await call('POST', '/products', {
        token: tokens.editor,
        body: { code: 'P1', name: 'Basic', insurancePeriodMonths: 12 },
      }),
      403,
      'forbidden',
    );
    const product = await call('POST', '/products', {
      token: admin,
      body: { code: 'API-P', name: 'Basic cover', insurancePeriodMonths: 12 },
    });
    expect(product.status).toBe(201);
    expect(product.body).toMatchObject({
      code: 'API-P',
      insurancePeriodMonths: 12,
      version: 1,
      isDeleted: false,
    });
    ids.product = product.body.id;
    expectError(
      await call('POST', '/products', {
        token: admin,
        body: { code: 'API-P', name: 'Again', insurancePeriodMonths: 12 },
      }),
      409,
      'conflict',
    );
    expectError(
      await call('POST', '/products', {
        token: admin,
        body: { code: 'X', name: 'X', insurancePeriodMonths: 0 },
      }),
      422,
      'validation_failed',
    );
    const renamed = await call('PATCH', `/products/${ids.product}`, {
      token: admin,
      body: { version: 1, name: 'Basic health cover' },
    });
    expect(renamed.body).toMatchObject({ name: 'Basic health cover', version: 2 });
    expectError(
      await call('PATCH', `/products/${ids.product}`, { token: admin, body: { version: 1, name: 'Stale' } }),
      409,
      'conflict',
    );

    const plan = await call('POST', '/contribution-plans', {
      token: admin,
      body: {
        code: 'API-5PC',
        name: '5 % of income',
        productId: ids.product,
        calculationRule: 'percent-of-income',
        params: { rate: '5' },
        periodicityMonths: 12,
        dateValidFrom: '2020-01-01',
      },
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    ids.plan = plan.body.id;
    const badRule = await call('POST', '/contribution-plans', {
      token: admin,
      body: {
        ...plan.body,
        id: undefined,
        version: undefined,
        isDeleted: undefined,
        code: 'BAD',
        calculationRule: 'astrology',
      },
    });
    expectError(badRule, 422, 'validation_failed');
    expect(badRule.body.error.fieldErrors.calculationRule).toBeDefined();

    const bundle = await call('POST', '/contribution-plan-bundles', {
      token: admin,
      body: {
        code: 'API-B',
        name: 'Standard',
        periodicityMonths: 12,
        contributionPlanIds: [ids.plan],
        dateValidFrom: '2020-01-01',
      },
    });
    expect(bundle.status).toBe(201);
    expect(bundle.body.contributionPlanIds).toEqual([ids.plan]);
    ids.bundle = bundle.body.id;
    expect((await call('GET', '/contribution-plan-bundles?q=API', { token: tokens.viewer })).body.total).toBe(
      1,
    );
    const plansOf = await call('GET', `/contribution-plans?productId=${ids.product}`, {
      token: tokens.viewer,
    });
    expect(plansOf.body.items.map((p: { code: string }) => p.code)).toEqual(['API-5PC']);
    expectError(
      await call('GET', '/contribution-plans?productId=not-an-id', { token: tokens.viewer }),
      422,
      'validation_failed',
    );

    const person = await call('POST', '/insurees', {
      token: admin,
      body: {
        insuranceNumber: 'API-0001',
        firstName: 'Ana',
        lastName: 'Api',
        gender: 'F',
        dateOfBirth: '1980-02-03',
      },
    });
    expect(person.status).toBe(201);
    expect(person.body).toMatchObject({ isFamilyHead: true, familyId: expect.any(String) });
    const child = await call('POST', '/insurees', {
      token: admin,
      body: {
        insuranceNumber: 'API-0002',
        firstName: 'Kid',
        lastName: 'Api',
        gender: 'M',
        dateOfBirth: '2015-02-03',
        familyId: person.body.familyId,
      },
    });
    expect(child.body.isFamilyHead).toBe(false);
    expect(
      (await call('GET', `/insurees?familyId=${person.body.familyId}`, { token: admin })).body.total,
    ).toBe(2);
    ids.person = person.body.id;

    const ph = await call('POST', '/policy-holders', {
      token: admin,
      body: {
        code: 'API-PH',
        tradeName: 'Api Industries',
        contactName: 'Ira',
        email: 'hr@api.test',
        language: 'en',
        dateValidFrom: '2020-01-01',
      },
    });
    expect(ph.status, JSON.stringify(ph.body)).toBe(201);
    ids.ph = ph.body.id;
    const patched = await call('PATCH', `/policy-holders/${ids.ph}`, {
      token: admin,
      body: { version: 1, paymentReference: 'API-PAY' },
    });
    expect(patched.body).toMatchObject({
      paymentReference: 'API-PAY',
      tradeName: 'Api Industries',
      version: 2,
    });

    // The bundle must be allowed for the policy holder before declaring insurees with it.
    const allowed = await call('POST', `/policy-holders/${ids.ph}/bundles`, {
      token: admin,
      body: { contributionPlanBundleId: ids.bundle },
    });
    expect(allowed.status).toBe(201);
    expect(allowed.body.map((b: { code: string }) => b.code)).toEqual(['API-B']);
    const line = await call('POST', `/policy-holders/${ids.ph}/insurees`, {
      token: admin,
      body: {
        insureeId: ids.person,
        contributionPlanBundleId: ids.bundle,
        calculationParams: { income: '1000.00' },
        dateValidFrom: '2020-01-01',
      },
    });
    expect(line.status, JSON.stringify(line.body)).toBe(201);
    expect(line.body).toMatchObject({ insureeId: ids.person, contributionPlanBundleId: ids.bundle });
    const newcomer = await call('POST', `/policy-holders/${ids.ph}/insurees`, {
      token: admin,
      body: {
        newInsuree: {
          insuranceNumber: 'API-0003',
          firstName: 'Neo',
          lastName: 'Comer',
          gender: 'M',
          dateOfBirth: '1990-01-01',
        },
        contributionPlanBundleId: ids.bundle,
        calculationParams: { income: '500.00' },
        dateValidFrom: '2020-01-01',
      },
    });
    expect(newcomer.status).toBe(201);
    ids.newcomer = newcomer.body.insureeId;
    const lines = await call('GET', `/policy-holders/${ids.ph}/insurees`, { token: tokens.viewer });
    expect(lines.body).toHaveLength(2);
  });

  it('creates, edits and submits the contract; the approver approves it', async () => {
    const created = await call('POST', '/contracts', {
      token: tokens.editor,
      body: {
        code: 'API-C1',
        policyHolderId: ids.ph,
        paymentReference: 'API-PAY',
        dateValidFrom: '2026-01-01',
        dateValidTo: '2026-12-31',
      },
    });
    expect(created.status).toBe(201);
    contract = created.body;
    expect(contract).toMatchObject({
      code: 'API-C1',
      state: 'draft',
      stateCode: 2,
      amountNotified: '75.00', // 5 % of 1000 + 500 for one year
      amendment: 0,
      version: 1,
      isDeleted: false,
    });
    expectError(
      await call('POST', '/contracts', {
        token: tokens.editor,
        body: {
          code: 'API-C2',
          policyHolderId: ids.ph,
          dateValidFrom: '2026-01-01',
          dateValidTo: '2026-12-31',
          amountDue: '1.00',
        },
      }),
      400,
      'invalid_request',
    );

    const details = await call('GET', `/contracts/${contract.id}/details`, { token: tokens.viewer });
    expect(details.body).toHaveLength(2);
    const ana = details.body.find((d: { insureeId: string }) => d.insureeId === ids.person);
    const edited = await call('PATCH', `/contracts/${contract.id}/details/${ana.id}`, {
      token: tokens.editor,
      body: { version: ana.version, calculationParams: { income: '2000.00' } },
    });
    expect(edited.body.calculationParams).toEqual({ income: '2000.00' });
    // A line's bundle is the policy holder's declaration: neither an edit nor an add may choose one.
    expectError(
      await call('PATCH', `/contracts/${contract.id}/details/${ana.id}`, {
        token: tokens.editor,
        body: { version: edited.body.version, contributionPlanBundleId: ids.bundle },
      }),
      400,
      'invalid_request',
    );
    expectError(
      await call('PATCH', `/contracts/${contract.id}/details/${ana.id}`, {
        token: tokens.editor,
        body: { calculationParams: { income: 'lots' } },
      }),
      422,
      'validation_failed',
    );
    const neo = details.body.find((d: { insureeId: string }) => d.insureeId === ids.newcomer);
    expect(
      (
        await call('DELETE', `/contracts/${contract.id}/details/${neo.id}`, {
          token: tokens.editor,
          body: { version: neo.version },
        })
      ).status,
    ).toBe(204);
    const seen = (await call('GET', `/contracts/${contract.id}`, { token: tokens.editor })).body;
    const readded = await call('POST', `/contracts/${contract.id}/details`, {
      token: tokens.editor,
      body: { insureeId: ids.newcomer, contractVersion: seen.version },
    });
    expect(readded.status, JSON.stringify(readded.body)).toBe(201);
    expect(readded.body.calculationParams).toEqual({ income: '500.00' });

    expectError(
      await call('PATCH', `/contracts/${contract.id}`, {
        token: tokens.editor,
        body: { version: 1, paymentReference: 'X' },
      }),
      409,
      'conflict',
    );
    contract = (await call('GET', `/contracts/${contract.id}`, { token: tokens.editor })).body;
    const submitted = await call('POST', `/contracts/${contract.id}/submit`, {
      token: tokens.editor,
      body: { version: contract.version, comment: 'Signed by HR' },
    });
    expect(submitted.body).toMatchObject({ state: 'negotiable', stateCode: 4, amountRectified: '125.00' });
    const signed = { version: submitted.body.version };
    expectError(
      await call('POST', `/contracts/${contract.id}/submit`, { token: tokens.editor, body: signed }),
      422,
      'invalid_state',
    );
    expectError(
      await call('POST', `/contracts/${contract.id}/approve`, { token: tokens.editor, body: signed }),
      403,
      'forbidden',
    );
    expectError(
      await call('POST', `/contracts/${contract.id}/approve`, { token: tokens.viewer, body: signed }),
      403,
      'forbidden',
    );

    const approved = await call('POST', `/contracts/${contract.id}/approve`, {
      token: tokens.approver,
      body: { ...signed, comment: 'Welcome' },
      headers: { 'idempotency-key': 'approve-api-c1' },
    });
    expect(approved.body).toMatchObject({ state: 'executable', stateCode: 5, amountDue: '125.00' });
    // A network retry replays the first answer instead of failing (or approving twice).
    const retry = await call('POST', `/contracts/${contract.id}/approve`, {
      token: tokens.approver,
      body: { comment: 'Welcome', ...signed },
      headers: { 'idempotency-key': 'approve-api-c1' },
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(approved.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    // The same key on another request (here another path) is refused, not replayed.
    expectError(
      await call('POST', `/contracts/${contract.id}/counter`, {
        token: tokens.approver,
        body: signed,
        headers: { 'idempotency-key': 'approve-api-c1' },
      }),
      422,
      'validation_failed',
    );
    contract = approved.body;

    const lines = await call('GET', `/contracts/${contract.id}/contribution-details`, {
      token: tokens.viewer,
    });
    expect(lines.body.length).toBeGreaterThan(0);
    const thread = await call('GET', `/contracts/${contract.id}/comments`, { token: tokens.viewer });
    expect(thread.body.map((c: { operation: string }) => c.operation)).toEqual(['submit', 'approve']);
  });

  it('records receipts (idempotently) until the contract is Effective, invoices it, then amends it', async () => {
    const receipt = { amount: '100.00', receivedAt: '2026-01-20', receiptNumber: 'API-R1' };
    const first = await call('POST', `/contracts/${contract.id}/payments`, {
      token: tokens.approver,
      body: receipt,
      headers: { 'idempotency-key': 'receipt-1' },
    });
    expect(first.status).toBe(201);
    const again = await call('POST', `/contracts/${contract.id}/payments`, {
      token: tokens.approver,
      body: receipt,
      headers: { 'idempotency-key': 'receipt-1' },
    });
    expect(again.body).toEqual(first.body);
    const [n] = await t.db.select({ n: count() }).from(receipts).where(eq(receipts.receiptNumber, 'API-R1'));
    expect(n!.n).toBe(1);
    // The same receipt without the key is a duplicate: a conflict, not a second payment.
    expectError(
      await call('POST', `/contracts/${contract.id}/payments`, { token: tokens.approver, body: receipt }),
      409,
      'conflict',
    );
    expectError(
      await call('POST', `/contracts/${contract.id}/payments`, {
        token: tokens.approver,
        body: { ...receipt, receiptNumber: 'API-R0', amount: '-5' },
      }),
      422,
      'validation_failed',
    );
    // Two copies of the same request racing: one acts, the other replays it or is told to retry.
    const r2 = { amount: '25.00', receivedAt: '2026-01-21', receiptNumber: 'API-R2' };
    const racing = await Promise.all(
      [1, 2].map(() =>
        call('POST', `/contracts/${contract.id}/payments`, {
          token: tokens.approver,
          body: r2,
          headers: { 'idempotency-key': 'receipt-2' },
        }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual(expect.arrayContaining([201]));
    for (const r of racing) expect([201, 409]).toContain(r.status);
    const [n2] = await t.db.select({ n: count() }).from(receipts).where(eq(receipts.receiptNumber, 'API-R2'));
    expect(n2!.n).toBe(1);
    const effective = await call('GET', `/contracts/${contract.id}`, { token: tokens.viewer });
    expect(effective.body).toMatchObject({ state: 'effective', stateCode: 7 });
    const payments = await call('GET', `/contracts/${contract.id}/payments`, { token: tokens.viewer });
    expect(payments.body).toMatchObject({ total: '125.00', paid: '125.00', open: '0.00', credit: '0.00' });
    expect(payments.body.installments).toHaveLength(1);
    expect(payments.body.receipts.map((r: { receiptNumber: string }) => r.receiptNumber)).toEqual([
      'API-R1',
      'API-R2',
    ]);
    // Nothing is open any more: a further receipt is refused unless recorded as an advance.
    expectError(
      await call('POST', `/contracts/${contract.id}/payments`, {
        token: tokens.approver,
        body: { amount: '1.00', receivedAt: '2026-01-22', receiptNumber: 'API-R3' },
      }),
      422,
      'invalid_state',
    );
    const persons = await call('GET', `/contracts/${contract.id}/persons-covered`, { token: tokens.viewer });
    expect(persons.body).toHaveLength(2); // Ana and Neo; the plan does not cover families
    const invoice = await call('POST', `/contracts/${contract.id}/invoices`, { token: tokens.approver });
    expect(invoice.status).toBe(201);
    expect(invoice.body).toMatchObject({
      number: expect.stringMatching(/^INV-\d{4}-\d{6}$/),
      total: '125.00',
      state: 'paid',
      open: '0.00',
    });
    expect(
      (await call('GET', `/contracts/${contract.id}/invoices`, { token: tokens.viewer })).body,
    ).toHaveLength(1);
    const ph = (await call('GET', `/contracts/${contract.id}`, { token: tokens.viewer })).body.policyHolderId;
    const statement = await call('GET', `/policy-holders/${ph}/statement`, { token: tokens.viewer });
    expect(statement.status).toBe(200);
    expect(statement.body.lines.map((l: { kind: string }) => l.kind)).toEqual([
      'receipt',
      'receipt',
      'invoice',
    ]);
    const journal = await dispatch(
      t.db,
      API_ROUTES,
      new Request('http://localhost/api/v1/journal?from=2020-01-01&to=2030-12-31', {
        headers: { authorization: `Bearer ${tokens.approver}` },
      }),
    );
    expect(journal.headers.get('content-type')).toContain('text/csv');
    expect((await journal.text()).split('\r\n')[0]).toMatch(/^entry_id,date,document_type/);

    const paid = (await call('GET', `/contracts/${contract.id}`, { token: tokens.editor })).body;
    const amendment = await call('POST', `/contracts/${contract.id}/amend`, {
      token: tokens.editor,
      body: { version: paid.version, comment: 'New hire' },
    });
    expect(amendment.status).toBe(201);
    expect(amendment.body).toMatchObject({
      code: 'API-C1',
      amendment: 1,
      state: 'draft',
      parentId: contract.id,
      currency: 'EUR',
      autoRenew: false,
      dateTerminated: null,
    });
    // Net of what the chain received, the gross value beside it (issue 11).
    expect(amendment.body.amountNotified).toBe(
      money(amendment.body.amountGross).minus(paid.amountDue).toFixed(2),
    );
    // The original stays in force until the amendment is approved (issue 11).
    const original = await call('GET', `/contracts/${contract.id}`, { token: tokens.viewer });
    expect(original.body.state).toBe('effective');
    const second = await call('POST', `/contracts/${contract.id}/amend`, {
      token: tokens.editor,
      body: { version: original.body.version },
    });
    expect(second.status).toBe(409);
    const autoRenew = await call('POST', `/contracts/${contract.id}/auto-renew`, {
      token: tokens.editor,
      body: { version: original.body.version, autoRenew: true },
    });
    expect(autoRenew.status, JSON.stringify(autoRenew.body)).toBe(200);
    expect(autoRenew.body.autoRenew).toBe(true);
    expect(
      (
        await call('POST', `/contracts/${contract.id}/auto-renew`, {
          token: tokens.viewer,
          body: { version: autoRenew.body.version, autoRenew: false },
        })
      ).status,
    ).toBe(403);
    const history = await call('GET', `/contracts/${contract.id}/history`, { token: tokens.viewer });
    expect(history.body.map((h: { operation: string }) => h.operation)).toContain('approve');
    const search = await call('GET', '/contracts?code=API-C1&sort=amendment&dir=asc', {
      token: tokens.viewer,
    });
    expect(search.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(search.body.items.map((c: { amendment: number }) => c.amendment)).toEqual([0, 1]);
    const posted = await call('POST', `/contracts/${amendment.body.id}/comments`, {
      token: tokens.editor,
      body: { body: 'Amendment started', internal: true },
    });
    expect(posted.status).toBe(201);
    expect(
      (await call('GET', `/contracts/${amendment.body.id}/comments`, { token: tokens.viewer })).body.at(-1),
    ).toMatchObject({
      body: 'Amendment started',
      inherited: false,
    });
  });

  it('bulk-approves by ids and by filter, reporting each failure', async () => {
    // One year each: the same people cannot be on two signed contracts of one policy holder at once.
    const make = async (code: string, year: number) => {
      const c = await call('POST', '/contracts', {
        token: tokens.editor,
        body: { code, policyHolderId: ids.ph, dateValidFrom: `${year}-01-01`, dateValidTo: `${year}-12-31` },
      });
      return (
        await call('POST', `/contracts/${c.body.id}/submit`, {
          token: tokens.editor,
          body: { version: c.body.version },
        })
      ).body;
    };
    const a = await make('API-B1', 2027);
    const b = await make('API-B2', 2028);
    const draft = (
      await call('POST', '/contracts', {
        token: tokens.editor,
        body: {
          code: 'API-B3',
          policyHolderId: ids.ph,
          dateValidFrom: '2027-01-01',
          dateValidTo: '2027-12-31',
        },
      })
    ).body;
    // A background job: 202 with the job and where to follow it; worked here in-process (no queue).
    const byIds = await call('POST', '/contracts/bulk/approve', {
      token: tokens.approver,
      body: { ids: [a.id, draft.id] },
    });
    expect(byIds.status).toBe(202);
    expect(byIds.body).toMatchObject({ kind: 'bulk-approve', state: 'queued', total: 2, done: 0 });
    expect(byIds.body.url).toBe(`/api/v1/jobs/${byIds.body.id}`);
    await runJobToEnd(t.db, byIds.body.id);
    const followed = await call('GET', `/jobs/${byIds.body.id}`, { token: tokens.approver });
    expect(followed.body).toMatchObject({ state: 'done', total: 2, done: 1, failed: 1 });
    expect(followed.body.failures).toEqual([
      { id: draft.id, label: 'API-B3', code: 'invalid_state', error: expect.stringContaining('submitted') },
    ]);
    expect((await call('GET', `/contracts/${a.id}`, { token: tokens.approver })).body.state).toBe(
      'executable',
    );
    // Someone else's job is not theirs to read.
    expectError(await call('GET', `/jobs/${byIds.body.id}`, { token: tokens.editor }), 403, 'forbidden');
    const byFilter = await call('POST', '/contracts/bulk/counter', {
      token: tokens.approver,
      body: { filter: { code: 'API-B', state: 4 }, comment: 'Check incomes' },
    });
    expect(byFilter.status).toBe(202);
    expect(byFilter.body.total).toBe(1);
    await runJobToEnd(t.db, byFilter.body.id);
    expect((await call('GET', `/contracts/${b.id}`, { token: tokens.approver })).body.state).toBe('counter');
    expectError(
      await call('POST', '/contracts/bulk/approve', { token: tokens.approver, body: {} }),
      422,
      'validation_failed',
    );
    expectError(
      await call('POST', '/contracts/bulk/approve', { token: tokens.editor, body: { ids: [a.id] } }),
      403,
      'forbidden',
    );
  });

  it("gives a portal token its own policy holder's contracts only: others are 404", async () => {
    const own = await makePolicyHolder(t.db, { code: 'API-OWN' });
    const u = await makeUser(t.db, 'portal');
    await linkPortalUser(t.db, u.id, own.id);
    const portal = (await call('POST', '/tokens', { body: { email: u.email, password: 'demo1234' } })).body
      .token;
    const list = await call('GET', '/contracts', { token: portal });
    expect(list.body.total).toBe(0);
    expectError(await call('GET', `/contracts/${contract.id}`, { token: portal }), 404, 'not_found');
    expectError(await call('GET', `/contracts/${contract.id}/payments`, { token: portal }), 404, 'not_found');
    expectError(
      await call('POST', `/contracts/${contract.id}/comments`, { token: portal, body: { body: 'hi' } }),
      404,
      'not_found',
    );
    expectError(await call('GET', `/policy-holders/${ids.ph}`, { token: portal }), 404, 'not_found');
    expectError(await call('GET', `/policy-holders/${ids.ph}/insurees`, { token: portal }), 404, 'not_found');
    expectError(await call('GET', '/products', { token: portal }), 403, 'forbidden');
    const draft = await call('POST', '/contracts', {
      token: portal,
      body: {
        code: 'API-PORTAL',
        policyHolderId: own.id,
        dateValidFrom: '2026-01-01',
        dateValidTo: '2026-12-31',
      },
    });
    expect(draft.status).toBe(201);
    expectError(
      await call('POST', `/contracts/${draft.body.id}/approve`, {
        token: portal,
        body: { version: draft.body.version },
      }),
      403,
      'forbidden',
    );
  });
});

describe('the OpenAPI document', () => {
  it('describes every route the dispatcher serves, and no route lives outside the registry', async () => {
    const doc = await call('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    for (const r of API_ROUTES) {
      const op = doc.body.paths[r.path]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      if (r.idempotent) expect(JSON.stringify(op.parameters)).toContain('Idempotency-Key');
    }
    expect(
      doc.body.paths['/contracts'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('dateValidFrom');
    const ids = Object.values(doc.body.paths).flatMap((p: Json) =>
      Object.values(p).map((o: Json) => o.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
    // The only handler file under app/api/v1 is the catch-all over the registry.
    const dir = path.resolve(import.meta.dirname, '../../app/api/v1');
    const files = fs
      .readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('route.ts'));
    expect(files).toEqual([path.join('[...path]', 'route.ts')]);
  });
});

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { makeActors, makeEmployer, makeScheme } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { dispatch } from '../api/router';
import { API_ROUTES } from '../api/routes';
import { createOwnApiToken } from '../api/tokens';
import type { Actor } from '../auth/actor';
import { addComment } from '../comments/comments';
import { createContract } from '../contracts/contracts';
import { submitContract } from '../contracts/transitions';
import { ForbiddenError, ValidationError } from '../errors';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
} from './endpoints';
import { recordWebhookEvents } from './events';
import { deliverWebhooks, WEBHOOK_MAX_ATTEMPTS } from './sender';
import { signatureHeader, verifyWebhookSignature } from './signature';

/** A partner's receiver: verifies every signature with the secret it was given, answers what it is told. */
type Received = { headers: IncomingMessage['headers']; body: string; valid: boolean };
let server: Server;
let baseUrl: string;
let received: Received[] = [];
let answers: number[] = [];
let secret = '';

let t: TestDb;
let a: Record<'admin' | 'editor' | 'portal', Actor>;
let phId: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const valid = verifyWebhookSignature(secret, req.headers['pactum-signature'] as string, body);
      received.push({ headers: req.headers, body, valid });
      res.statusCode = answers.shift() ?? (valid ? 200 : 400);
      res.end(valid ? 'thanks' : 'bad signature');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  t = await createTestDb();
  const { bundleId } = await makeScheme(t.db);
  const employer = await makeEmployer(t.db, bundleId, ['1000.00', '2000.00']);
  phId = employer.id;
  a = await makeActors(t.db, ['admin', 'editor', 'portal'] as const, { policyHolderId: phId });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await t.close();
});
beforeEach(async () => {
  received = [];
  answers = [];
  vi.stubEnv('PACTUM_WEBHOOKS_ALLOW_HTTP', '1');
  // One endpoint at a time: each test registers its own.
  await t.db.update(webhookEndpoints).set({ isActive: false, isDeleted: true });
  await t.db.update(webhookDeliveries).set({ status: 'failed' });
});

async function register(events: string[]) {
  const r = await createWebhookEndpoint(t.db, a.admin, { url: baseUrl, description: 'ERP', events });
  secret = r.secret;
  return r.id;
}

let n = 0;
async function submittedContract() {
  const c = await createContract(t.db, a.editor, {
    code: `WH-${++n}`,
    policyHolderId: phId,
    paymentReference: 'PAY',
    dateValidFrom: `${2030 + n}-01-01`,
    dateValidTo: `${2030 + n}-12-31`,
  });
  return submitContract(t.db, a.editor, { id: c.id, version: c.version });
}

describe('registering an endpoint', () => {
  it('needs admin.webhooks, an https address and known events', async () => {
    await expect(
      createWebhookEndpoint(t.db, a.editor, { url: 'https://erp.example/h', events: ['contract.approved'] }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      createWebhookEndpoint(t.db, a.portal, { url: 'https://erp.example/h', events: ['contract.approved'] }),
    ).rejects.toThrow(ForbiddenError);
    vi.stubEnv('PACTUM_WEBHOOKS_ALLOW_HTTP', '');
    await expect(
      createWebhookEndpoint(t.db, a.admin, { url: 'http://erp.example/h', events: ['contract.approved'] }),
    ).rejects.toThrow(ValidationError);
    await expect(
      createWebhookEndpoint(t.db, a.admin, { url: 'https://erp.example/h', events: ['contract.exploded'] }),
    ).rejects.toThrow(ValidationError);
    await expect(
      createWebhookEndpoint(t.db, a.admin, { url: 'https://erp.example/h', events: [] }),
    ).rejects.toThrow(ValidationError);
    const ok = await createWebhookEndpoint(t.db, a.admin, {
      url: 'https://erp.example/h',
      events: ['contract.approved'],
    });
    expect(ok.secret).toMatch(/^whsec_/);
    const listed = await listWebhookEndpoints(t.db, a.admin);
    expect(listed.find((e) => e.id === ok.id)).toMatchObject({
      url: 'https://erp.example/h',
      isActive: true,
    });
    expect(JSON.stringify(listed)).not.toContain(ok.secret);
  });
});

describe('the webhook outbox', () => {
  it('writes deliveries in the transaction of the change: a rolled back change leaves none', async () => {
    const id = await register(['contract.submitted']);
    await t.db
      .transaction(async (tx) => {
        await recordWebhookEvents(tx, [{ event: 'contract.submitted', contractId: null }]);
        throw new Error('rollback');
      })
      .catch(() => {});
    expect(await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id))).toEqual(
      [],
    );
    const c = await submittedContract();
    const rows = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ event: 'contract.submitted', status: 'pending' });
    expect(rows[0]!.payload).toMatchObject({
      type: 'contract.submitted',
      data: { contract: { id: c.id, code: c.code }, policyHolderId: phId },
    });
  });

  it('sends only the events an endpoint asked for; internal notes never', async () => {
    const id = await register(['comment.added']);
    const c = await submittedContract();
    await addComment(t.db, a.editor, { contractId: c.id, body: 'Internal: check income', internal: true });
    await addComment(t.db, a.editor, { contractId: c.id, body: 'Please send the signed copy' });
    const rows = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id));
    expect(rows.map((r) => r.event)).toEqual(['comment.added']);
    expect(JSON.stringify(rows[0]!.payload)).toContain('Please send the signed copy');
    expect(JSON.stringify(rows[0]!.payload)).not.toContain('Internal');
  });
});

describe('deliverWebhooks', () => {
  it('POSTs the payload signed with HMAC-SHA256 over timestamp.body, which the receiver verifies', async () => {
    await register(['contract.submitted']);
    const c = await submittedContract();
    const report = await deliverWebhooks(t.db);
    expect(report).toEqual({ sent: 1, retrying: 0, failed: 0, lost: 0 });
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(got!.valid).toBe(true);
    expect(got!.headers['pactum-event']).toBe('contract.submitted');
    expect(got!.headers['pactum-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const body = JSON.parse(got!.body);
    expect(body).toMatchObject({ type: 'contract.submitted', data: { contract: { code: c.code } } });
    expect(got!.headers['pactum-event-id']).toBe(body.id);
    // Another secret, a changed body or an old timestamp do not verify.
    const header = got!.headers['pactum-signature'] as string;
    expect(verifyWebhookSignature('whsec_other', header, got!.body)).toBe(false);
    expect(verifyWebhookSignature(secret, header, got!.body.replace(c.code, 'X'))).toBe(false);
    const old = signatureHeader(secret, got!.body, new Date(Date.now() - 3_600_000));
    expect(verifyWebhookSignature(secret, old, got!.body)).toBe(false);
    // Nothing is due any more.
    expect(await deliverWebhooks(t.db)).toEqual({ sent: 0, retrying: 0, failed: 0, lost: 0 });
    const log = await listWebhookDeliveries(t.db, a.admin, { status: 'sent' });
    expect(log.items[0]).toMatchObject({ status: 'sent', attempts: 1, lastStatusCode: 200 });
    expect(log.items[0]!.log).toMatchObject([{ statusCode: 200, error: null, response: 'thanks' }]);
  });

  it('retries with backoff after an error answer, and logs every attempt', async () => {
    const endpointId = await register(['contract.submitted']);
    await submittedContract();
    answers = [500, 503];
    const t0 = new Date();
    expect(await deliverWebhooks(t.db, { now: t0 })).toMatchObject({ sent: 0, retrying: 1 });
    const [after1] = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId));
    expect(after1!.nextAttemptAt.getTime() - t0.getTime()).toBe(60_000);
    // Not due before its backoff has passed.
    expect(await deliverWebhooks(t.db, { now: new Date(t0.getTime() + 30_000) })).toMatchObject({
      retrying: 0,
    });
    expect(await deliverWebhooks(t.db, { now: new Date(t0.getTime() + 61_000) })).toMatchObject({
      retrying: 1,
    });
    const [after2] = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId));
    expect(after2!.nextAttemptAt.getTime() - (t0.getTime() + 61_000)).toBe(120_000);
    expect(await deliverWebhooks(t.db, { now: new Date(t0.getTime() + 200_000) })).toMatchObject({ sent: 1 });
    expect(received.map((r) => r.valid)).toEqual([true, true, true]);
    // The same event id on every attempt, so the receiver can dedupe.
    expect(new Set(received.map((r) => r.headers['pactum-event-id'])).size).toBe(1);
    const log = await listWebhookDeliveries(t.db, a.admin, { endpointId });
    expect(log.items[0]!.log.map((l) => l.statusCode)).toEqual([500, 503, 200]);
    expect(log.items[0]!.log[0]!.error).toBe('The endpoint answered 500.');
  });

  it('gives up after the last attempt (an unreachable endpoint too); "send again" delivers it', async () => {
    const endpointId = await register(['contract.submitted']);
    await submittedContract();
    const refused: typeof fetch = async () => {
      throw new TypeError('fetch failed: connection refused');
    };
    let now = Date.now();
    for (let i = 0; i < WEBHOOK_MAX_ATTEMPTS; i++) {
      await deliverWebhooks(t.db, { fetch: refused, now: new Date(now) });
      now += 7 * 3_600_000;
    }
    const [failed] = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId));
    expect(failed).toMatchObject({ status: 'failed', attempts: WEBHOOK_MAX_ATTEMPTS });
    expect(failed!.lastError).toContain('connection refused');
    expect(
      await t.db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, failed!.id)),
    ).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    await expect(redeliverWebhook(t.db, a.editor, failed!.id)).rejects.toThrow(ForbiddenError);
    await redeliverWebhook(t.db, a.admin, failed!.id);
    expect(await deliverWebhooks(t.db)).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]!.valid).toBe(true);
  });

  it('a deleted endpoint receives nothing more', async () => {
    const endpointId = await register(['contract.submitted']);
    await submittedContract();
    const [ep] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
    await deleteWebhookEndpoint(t.db, a.admin, { id: endpointId, version: ep!.version });
    expect(await deliverWebhooks(t.db)).toMatchObject({ sent: 0 });
    expect(received).toHaveLength(0);
  });
});

describe('the API', () => {
  async function call(actor: Actor, method: string, path: string, body?: unknown) {
    const { token } = await createOwnApiToken(t.db, actor, { name: `wh-${Math.random()}` });
    const r = await dispatch(
      t.db,
      API_ROUTES,
      new Request(`http://localhost/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    return { status: r.status, body: r.status === 204 ? null : await r.json() };
  }

  it('registers, lists, redelivers; refuses who lacks admin.webhooks', async () => {
    const created = await call(a.admin, 'POST', '/webhooks', {
      url: baseUrl,
      events: ['contract.submitted'],
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    secret = created.body.secret;
    const listed = await call(a.admin, 'GET', '/webhooks');
    expect(listed.body.map((e: { id: string }) => e.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    expect((await call(a.editor, 'GET', '/webhooks')).status).toBe(403);
    expect(
      (await call(a.editor, 'POST', '/webhooks', { url: baseUrl, events: ['contract.submitted'] })).status,
    ).toBe(403);
    await submittedContract();
    await deliverWebhooks(t.db);
    const log = await call(a.admin, 'GET', `/webhook-deliveries?endpointId=${created.body.id}`);
    expect(log.body.items[0]).toMatchObject({ status: 'sent', event: 'contract.submitted' });
    expect(log.body.items[0].log[0].statusCode).toBe(200);
    const again = await call(a.admin, 'POST', `/webhook-deliveries/${log.body.items[0].id}/redeliver`);
    expect(again.status).toBe(204);
    expect(await deliverWebhooks(t.db)).toMatchObject({ sent: 1 });
    expect(received.filter((r) => r.valid)).toHaveLength(2);
  });
});

import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idempotencyKeys } from '@/db/schema';
import { makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { loadActor } from '../auth/actor';
import {
  IDEMPOTENCY_CLAIM_TIMEOUT_MS,
  IDEMPOTENCY_TTL_MS,
  purgeExpiredIdempotencyKeys,
  requestHash,
} from './idempotency';
import { type ApiRoute, dispatch } from './router';
import { createOwnApiToken } from './tokens';

/*
 * Idempotency-Key through the real dispatcher and real SQL, on a route that counts how often it acts:
 * replays only for the same request, 24-hour keys, and take-over of a claim its server never finished.
 */
let t: TestDb;
let token: string;
let userId: string;
let acted = 0;
let slow: Promise<void> | null = null;

const routes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/things/{id}/act',
    tag: 'Test',
    summary: 'Acts once per call',
    body: z.strictObject({ amount: z.number().optional(), note: z.string().optional() }),
    idempotent: true,
    status: 201,
    handler: async ({ body }) => {
      acted++;
      if (slow) await slow;
      return { acted, amount: body.amount ?? null };
    },
  },
];

const thing = randomUUID();
const path = `/api/v1/things/${thing}/act`;

async function post(key: string, body: unknown, url = path) {
  const response = await dispatch(
    t.db,
    routes,
    new Request(`http://localhost${url}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'idempotency-key': key,
        'content-type': 'application/json',
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
  return {
    status: response.status,
    body: await response.json(),
    replayed: response.headers.get('idempotent-replayed'),
  };
}

const keyRow = (key: string) =>
  t.db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));

async function backdate(key: string, column: 'created_at' | 'claimed_at', ms: number) {
  await t.db.execute(
    sql`update idempotency_keys set ${sql.raw(column)} = now() - make_interval(secs => ${ms / 1000})
        where user_id = ${userId} and key = ${key}`,
  );
}

beforeAll(async () => {
  t = await createTestDb();
  const user = await makeUser(t.db, 'approver');
  userId = user.id;
  token = (await createOwnApiToken(t.db, (await loadActor(t.db, user.id))!, { name: 'test' })).token;
});
afterAll(() => t.close());

describe('Idempotency-Key', () => {
  it('replays the first answer to the same request, whatever its key order and spacing', async () => {
    const before = acted;
    const first = await post('same', { amount: 5, note: 'x' });
    expect(first).toMatchObject({ status: 201, replayed: null });
    const retry = await post('same', '{ "note": "x",  "amount": 5 }');
    expect(retry).toMatchObject({ status: 201, replayed: 'true', body: first.body });
    expect(acted).toBe(before + 1);
  });

  it('refuses the same key with another body or another path (422), and does not act', async () => {
    await post('reused', { amount: 5 });
    const before = acted;
    const otherBody = await post('reused', { amount: 6 });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.error).toMatchObject({ code: 'validation_failed' });
    const otherPath = await post('reused', { amount: 5 }, `/api/v1/things/${randomUUID()}/act`);
    expect(otherPath.status).toBe(422);
    expect(acted).toBe(before);
    expect((await keyRow('reused'))[0]!.requestHash).toBe(requestHash(`POST ${path}`, { amount: 5 }));
  });

  it('forgets keys after 24 hours: ignored at once, purged by the daily job', async () => {
    await post('old', { amount: 1 });
    await post('recent', { amount: 1 });
    await backdate('old', 'created_at', IDEMPOTENCY_TTL_MS + 60_000);
    // An expired key is a new request: it acts (even with another body) instead of replaying or refusing.
    const before = acted;
    const again = await post('old', { amount: 2 });
    expect(again).toMatchObject({ status: 201, replayed: null, body: { amount: 2 } });
    expect(acted).toBe(before + 1);

    await backdate('old', 'created_at', IDEMPOTENCY_TTL_MS + 60_000);
    expect(await purgeExpiredIdempotencyKeys(t.db)).toBe(1);
    expect(await keyRow('old')).toHaveLength(0);
    expect(await keyRow('recent')).toHaveLength(1);
  });

  it('lets one retry take over a claim left running by a crash, after the timeout only', async () => {
    const body = { amount: 9 };
    // What a server that died mid-request leaves behind: a claim with no answer.
    const leftOver = (key: string) =>
      t.db.insert(idempotencyKeys).values({
        userId,
        key,
        scope: `POST ${path}`,
        requestHash: requestHash(`POST ${path}`, body),
      });
    await leftOver('crashed');
    const before = acted;
    const early = await post('crashed', body);
    expect(early.status).toBe(409);
    expect(acted).toBe(before);

    await backdate('crashed', 'claimed_at', IDEMPOTENCY_CLAIM_TIMEOUT_MS + 1000);
    const racing = await Promise.all([post('crashed', body), post('crashed', body)]);
    expect(acted).toBe(before + 1);
    // One acts; the other is told it is running (409) or, if it came second, replays the answer.
    expect(racing.filter((r) => r.status === 201 && !r.replayed)).toHaveLength(1);
    for (const r of racing) expect(r.status === 409 || r.replayed === 'true' || r.status === 201).toBe(true);
    expect(await post('crashed', body)).toMatchObject({ status: 201, replayed: 'true' });

    // A dead claim is only taken over by the same request: another body is still refused.
    await leftOver('crashed-2');
    await backdate('crashed-2', 'claimed_at', IDEMPOTENCY_CLAIM_TIMEOUT_MS + 1000);
    expect((await post('crashed-2', { amount: 10 })).status).toBe(422);
  });

  it('does not let a request whose claim was taken over overwrite the answer of the new holder', async () => {
    let release!: () => void;
    slow = new Promise<void>((r) => {
      release = r;
    });
    const first = post('slowpoke', { amount: 1 });
    // Wait until the first request holds the key and is acting.
    for (let i = 0; i < 200 && !(await keyRow('slowpoke')).length; i++)
      await new Promise((r) => setTimeout(r, 10));
    await backdate('slowpoke', 'claimed_at', IDEMPOTENCY_CLAIM_TIMEOUT_MS + 1000);
    slow = null;
    const second = await post('slowpoke', { amount: 1 });
    expect(second.status).toBe(201);
    release();
    await first;
    const replay = await post('slowpoke', { amount: 1 });
    expect(replay).toMatchObject({ replayed: 'true', body: second.body });
  });
});

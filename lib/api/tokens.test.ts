import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '@/db/schema';
import { makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { loadActor } from '../auth/actor';
import type { DomainError } from '../errors';
import { authenticateBearer, createApiToken, createOwnApiToken, SIGN_IN_FAILED, TOKEN_RATE } from './tokens';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

describe('token creation', () => {
  it(`lets exactly ${TOKEN_RATE.max} of many parallel requests through the hourly limit`, async () => {
    const user = await makeUser(t.db, 'editor');
    const actor = (await loadActor(t.db, user.id))!;
    const results = await Promise.allSettled(
      Array.from({ length: TOKEN_RATE.max + 6 }, (_, i) => createOwnApiToken(t.db, actor, { name: `t${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(TOKEN_RATE.max);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.every((r) => (r as PromiseRejectedResult).reason.code === 'rate_limited')).toBe(true);
    expect(await t.db.$count(apiTokens, eq(apiTokens.userId, user.id))).toBe(TOKEN_RATE.max);
  });

  it('answers every failed token request the same way, and throttles a guessing IP', async () => {
    const user = await makeUser(t.db, 'viewer');
    const ip = '203.0.113.50';
    const failure = async (email: string, password: string) =>
      createApiToken(t.db, { email, password }, { ip }).then(
        () => 'created',
        (e: DomainError) => e.keyedMessage,
      );
    expect(await failure(user.email, 'wrong')).toBe(SIGN_IN_FAILED);
    expect(await failure('nobody@test.local', 'demo1234')).toBe(SIGN_IN_FAILED);
    for (let i = 0; i < 5; i++) await failure(user.email, `guess${i}`);
    // The pair is blocked now: even the right password answers the same failure from this IP...
    expect(await failure(user.email, 'demo1234')).toBe(SIGN_IN_FAILED);
    // ...but not from another one.
    const ok = await createApiToken(
      t.db,
      { email: user.email, password: 'demo1234' },
      { ip: '203.0.113.51' },
    );
    expect((await authenticateBearer(t.db, `Bearer ${ok.token}`)).id).toBe(user.id);
  });
});

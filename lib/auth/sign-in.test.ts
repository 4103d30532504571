import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authThrottle, users } from '@/db/schema';
import { makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { signIn } from './sign-in';
import { consumeSignInAttempt, forgetAccountAttempts, pruneSignInAttempts, THROTTLE } from './throttle';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const noSleep = async () => {};
const at = (iso: string) => ({ now: new Date(iso), sleep: noSleep });

describe('signIn', () => {
  it('accepts the right password, case-insensitively on the e-mail, and records the sign-in', async () => {
    const user = await makeUser(t.db, 'editor', { email: 'ok@test.local' });
    const result = await signIn(t.db, { email: '  OK@Test.Local ', password: 'demo1234', ip: '10.0.0.1' });
    expect(result).toEqual({ ok: true, userId: user.id });
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.lastLoginAt).toBeInstanceOf(Date);
  });

  it('gives one answer for a wrong password, an unknown e-mail and a deactivated account', async () => {
    await makeUser(t.db, 'editor', { email: 'wrong@test.local' });
    await makeUser(t.db, 'editor', { email: 'off@test.local', isActive: false });
    const ip = '10.0.0.2';
    expect(await signIn(t.db, { email: 'wrong@test.local', password: 'nope', ip })).toEqual({ ok: false });
    expect(await signIn(t.db, { email: 'nobody@test.local', password: 'demo1234', ip })).toEqual({
      ok: false,
    });
    expect(await signIn(t.db, { email: 'off@test.local', password: 'demo1234', ip })).toEqual({ ok: false });
  });

  it('stops a guesser on its (account, IP) pair, but never locks the real user out from another IP', async () => {
    await makeUser(t.db, 'admin', { email: 'target@test.local' });
    const attacker = '203.0.113.9';
    const when = at('2026-03-01T10:00:00Z');
    for (let i = 0; i < THROTTLE.pairMax; i++)
      expect(
        await signIn(t.db, { email: 'target@test.local', password: `guess${i}`, ip: attacker }, when),
      ).toEqual({
        ok: false,
      });
    // Even the right password is refused from the guessing IP now, with the same answer as a wrong one...
    expect(
      await signIn(t.db, { email: 'target@test.local', password: 'demo1234', ip: attacker }, when),
    ).toEqual({ ok: false });
    // ...while the real user, from their own address, signs in at once.
    expect(
      await signIn(t.db, { email: 'target@test.local', password: 'demo1234', ip: '198.51.100.4' }, when),
    ).toMatchObject({ ok: true });
    // The guessing IP is free again once the window has passed.
    const later = at(
      new Date(Date.parse('2026-03-01T10:00:00Z') + (THROTTLE.windowMinutes + 1) * 60_000).toISOString(),
    );
    expect(
      await signIn(t.db, { email: 'target@test.local', password: 'demo1234', ip: attacker }, later),
    ).toMatchObject({ ok: true });
  });

  it('blocks one IP spraying many accounts, not the other IPs', async () => {
    const victim = await makeUser(t.db, 'viewer', { email: 'sprayed@test.local' });
    const sprayer = '192.0.2.77';
    const when = at('2026-03-02T10:00:00Z');
    for (let i = 0; i < THROTTLE.ipMax; i++)
      await signIn(t.db, { email: `nobody${i}@test.local`, password: 'x', ip: sprayer }, when);
    expect(await signIn(t.db, { email: victim.email, password: 'demo1234', ip: sprayer }, when)).toEqual({
      ok: false,
    });
    expect(
      await signIn(t.db, { email: victim.email, password: 'demo1234', ip: '192.0.2.78' }, when),
    ).toMatchObject({ ok: true });
  });

  it('only slows down guesses on one account from many IPs, and the right password still works', async () => {
    const user = await makeUser(t.db, 'editor', { email: 'distributed@test.local' });
    const delays: number[] = [];
    const sleep = async (ms: number) => {
      delays.push(ms);
    };
    const now = new Date('2026-03-03T10:00:00Z');
    for (let i = 0; i < THROTTLE.accountFree + 4; i++)
      await signIn(t.db, { email: user.email, password: 'wrong', ip: `100.64.0.${i}` }, { now, sleep });
    expect(delays).toEqual([1, 2, 3, 4].map((n) => n * THROTTLE.accountDelayMs));
    const ok = await signIn(
      t.db,
      { email: user.email, password: 'demo1234', ip: '100.64.1.1' },
      { now, sleep },
    );
    expect(ok).toMatchObject({ ok: true });
    expect(delays.at(-1)).toBe(5 * THROTTLE.accountDelayMs);
    // A success starts the account afresh: no more slowing down.
    await signIn(t.db, { email: user.email, password: 'wrong', ip: '100.64.1.2' }, { now, sleep });
    expect(delays).toHaveLength(5);
  });

  it('counts parallel attempts atomically: exactly the limit gets through', async () => {
    const attempt = { email: 'burst@test.local', ip: '198.18.0.1' };
    const now = new Date('2026-03-04T10:00:00Z');
    const verdicts = await Promise.all(
      Array.from({ length: 20 }, () => consumeSignInAttempt(t.db, attempt, now)),
    );
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(THROTTLE.pairMax);
    const [pair] = await t.db
      .select()
      .from(authThrottle)
      .where(eq(authThrottle.key, 'pair:burst@test.local|198.18.0.1'));
    expect(pair?.failures).toBe(20);
    expect(pair?.blockedUntil?.getTime()).toBe(now.getTime() + THROTTLE.windowMinutes * 60_000);
  });

  it('lets an administrator forget an account’s counters, and prunes old ones', async () => {
    const user = await makeUser(t.db, 'editor', { email: 'forgive@test.local' });
    const when = at('2026-03-05T10:00:00Z');
    for (let i = 0; i <= THROTTLE.pairMax; i++)
      await signIn(t.db, { email: user.email, password: 'wrong', ip: '10.9.9.9' }, when);
    expect(await signIn(t.db, { email: user.email, password: 'demo1234', ip: '10.9.9.9' }, when)).toEqual({
      ok: false,
    });
    await forgetAccountAttempts(t.db, 'Forgive@test.local');
    expect(
      await signIn(t.db, { email: user.email, password: 'demo1234', ip: '10.9.9.9' }, when),
    ).toMatchObject({ ok: true });
    expect(await pruneSignInAttempts(t.db, new Date('2026-03-07T10:00:00Z'))).toBeGreaterThan(0);
  });
});

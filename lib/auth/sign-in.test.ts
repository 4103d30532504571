import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { LOCK_MINUTES, MAX_FAILED_SIGN_INS, signIn } from './sign-in';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

describe('signIn', () => {
  it('accepts the right password, case-insensitively on the e-mail, and resets the failure count', async () => {
    const user = await makeUser(t.db, 'editor', { email: 'ok@test.local' });
    await t.db.update(users).set({ failedLogins: 3 }).where(eq(users.id, user.id));
    const result = await signIn(t.db, '  OK@Test.Local ', 'demo1234');
    expect(result).toEqual({ ok: true, userId: user.id });
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.failedLogins).toBe(0);
    expect(row?.lastLoginAt).toBeInstanceOf(Date);
  });

  it('refuses a wrong password and an unknown e-mail with the same answer', async () => {
    await makeUser(t.db, 'editor', { email: 'wrong@test.local' });
    expect(await signIn(t.db, 'wrong@test.local', 'nope')).toEqual({ ok: false, reason: 'invalid' });
    expect(await signIn(t.db, 'nobody@test.local', 'demo1234')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a deactivated account even with the right password', async () => {
    await makeUser(t.db, 'editor', { email: 'off@test.local', isActive: false });
    expect(await signIn(t.db, 'off@test.local', 'demo1234')).toEqual({ ok: false, reason: 'invalid' });
  });

  it(`locks the account after ${MAX_FAILED_SIGN_INS} failures, even for the right password, until the lock expires`, async () => {
    await makeUser(t.db, 'editor', { email: 'guess@test.local' });
    const now = new Date('2026-03-01T10:00:00Z');
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) {
      expect(await signIn(t.db, 'guess@test.local', `guess${i}`, now)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    const locked = await signIn(t.db, 'guess@test.local', 'last-guess', now);
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    const right = await signIn(t.db, 'guess@test.local', 'demo1234', new Date(now.getTime() + 60_000));
    expect(right).toMatchObject({ ok: false, reason: 'locked' });
    const later = new Date(now.getTime() + (LOCK_MINUTES + 1) * 60_000);
    expect(await signIn(t.db, 'guess@test.local', 'demo1234', later)).toMatchObject({ ok: true });
  });
});

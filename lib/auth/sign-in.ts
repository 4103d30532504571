import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { hashPassword, verifyPassword } from './password';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; lockedUntil: Date };

let dummyHash: Promise<string> | undefined;

/**
 * Checks e-mail and password. After MAX_FAILED_SIGN_INS consecutive failures the account is locked for
 * LOCK_MINUTES, even for the right password, which stops online guessing. The counter lives in the
 * database so every server process shares it. An unknown e-mail costs the same hash as a known one, so
 * timing does not reveal which accounts exist.
 */
export async function signIn(
  db: DbOrTx,
  email: string,
  password: string,
  now = new Date(),
): Promise<SignInResult> {
  const normalized = email.trim().toLowerCase();
  const [user] = await db
    .select({
      id: users.id,
      passwordHash: users.passwordHash,
      lockedUntil: users.lockedUntil,
      isActive: users.isActive,
    })
    .from(users)
    .where(and(eq(users.email, normalized), eq(users.isDeleted, false)));

  if (!user?.isActive) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(password, await dummyHash);
    return { ok: false, reason: 'invalid' };
  }
  if (user.lockedUntil && user.lockedUntil > now)
    return { ok: false, reason: 'locked', lockedUntil: user.lockedUntil };

  if (await verifyPassword(password, user.passwordHash)) {
    await db
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now })
      .where(eq(users.id, user.id));
    return { ok: true, userId: user.id };
  }

  // One atomic statement, so parallel guesses cannot each read a stale counter.
  const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  const [updated] = await db
    .update(users)
    .set({
      failedLogins: sql`case when ${users.failedLogins} + 1 >= ${MAX_FAILED_SIGN_INS} then 0 else ${users.failedLogins} + 1 end`,
      lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${MAX_FAILED_SIGN_INS} then ${lockUntil.toISOString()}::timestamptz else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, user.id))
    .returning({ lockedUntil: users.lockedUntil });
  if (updated?.lockedUntil && updated.lockedUntil > now) {
    return { ok: false, reason: 'locked', lockedUntil: updated.lockedUntil };
  }
  return { ok: false, reason: 'invalid' };
}

import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { hashPassword, verifyPassword } from './password';
import { clearSignInAttempts, consumeSignInAttempt } from './throttle';

export type SignInInput = { email: string; password: string; ip: string };
/**
 * One failure for every cause (unknown e-mail, wrong password, deactivated account, too many attempts),
 * so neither the sign-in page nor POST /api/v1/tokens tells which accounts exist.
 */
export type SignInResult = { ok: true; userId: string } | { ok: false };
export type SignInOptions = { now?: Date; sleep?: (ms: number) => Promise<void> };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let dummyHash: Promise<string> | undefined;

/**
 * Checks e-mail and password, throttled per IP, per (account, IP) pair and per account (see
 * throttle.ts): a guesser is stopped, and a stranger cannot lock the real user out. An unknown e-mail
 * costs the same hash as a known one, so timing does not reveal which accounts exist either.
 */
export async function signIn(
  db: DbOrTx,
  { email, password, ip }: SignInInput,
  { now = new Date(), sleep = realSleep }: SignInOptions = {},
): Promise<SignInResult> {
  const normalized = email.trim().toLowerCase();
  const verdict = await consumeSignInAttempt(db, { email: normalized, ip }, now);
  if (!verdict.allowed) return { ok: false };
  if (verdict.delayMs) await sleep(verdict.delayMs);

  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, isActive: users.isActive })
    .from(users)
    .where(and(eq(users.email, normalized), eq(users.isDeleted, false)));

  if (!user?.isActive) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(password, await dummyHash);
    return { ok: false };
  }
  if (!(await verifyPassword(password, user.passwordHash))) return { ok: false };

  await clearSignInAttempts(db, { email: normalized, ip });
  await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
  return { ok: true, userId: user.id };
}

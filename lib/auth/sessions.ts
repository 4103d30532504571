import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { apiTokens, userSessions } from '@/db/schema';

/** A browser session lasts at most this long from sign-in (the cookie's JWT has the same lifetime). */
export const SESSION_SECONDS = 8 * 60 * 60;

/** Records a new session for a user who just proved their password; its id goes into the cookie. */
export async function startSession(db: DbOrTx, userId: string, now = new Date()): Promise<string> {
  const [row] = await db
    .insert(userSessions)
    .values({ userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_SECONDS * 1000) })
    .returning({ id: userSessions.id });
  return row!.id;
}

/** True while the session row exists, belongs to this user and has not expired. */
export async function isSessionLive(
  db: DbOrTx,
  sessionId: string,
  userId: string,
  now = new Date(),
): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return false;
  const [row] = await db
    .select({ id: userSessions.id })
    .from(userSessions)
    .where(
      and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), gt(userSessions.expiresAt, now)),
    );
  return !!row;
}

/** Sign-out: the session ends on the server, so a copied cookie is worthless from now on. */
export async function endSession(db: DbOrTx, sessionId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return;
  await db.delete(userSessions).where(eq(userSessions.id, sessionId));
}

/**
 * After a password change, a reset or a deactivation: every browser session of the user ends and every
 * API token is revoked (for good: reactivating the user does not bring them back).
 */
export async function revokeUserAccess(
  db: DbOrTx,
  userId: string,
  by: string | null,
  now = new Date(),
): Promise<{ sessions: number; tokens: number }> {
  const sessions = await db
    .delete(userSessions)
    .where(eq(userSessions.userId, userId))
    .returning({ id: userSessions.id });
  const tokens = await db
    .update(apiTokens)
    .set({ revokedAt: now, revokedBy: by })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return { sessions: sessions.length, tokens: tokens.length };
}

/** Drops expired session rows (the daily job). */
export async function pruneSessions(db: DbOrTx, now = new Date()): Promise<number> {
  const rows = await db
    .delete(userSessions)
    .where(lt(userSessions.expiresAt, now))
    .returning({ id: userSessions.id });
  return rows.length;
}

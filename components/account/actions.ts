'use server';
import { getDb } from '@/db/client';
import { runAction } from '@/lib/action';
import { changeOwnPassword } from '@/lib/auth/account';
import { setSessionCookie } from '@/lib/auth/session-cookie';
import { startSession } from '@/lib/auth/sessions';

/**
 * Changes the signed-in user's password. The service ends every session and token of the user; this
 * browser, which just proved the current password, gets a fresh session so it stays signed in.
 */
export async function changePasswordAction(input: Record<string, unknown>) {
  const result = await runAction(async (db, actor) => {
    await changeOwnPassword(db, actor, input);
    return { id: actor.id!, email: actor.email };
  });
  if (!result.ok) return result;
  const db = getDb();
  await setSessionCookie(result.data.id, result.data.email, await startSession(db, result.data.id));
  return { ok: true as const, data: null };
}

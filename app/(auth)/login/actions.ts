'use server';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { clientIp } from '@/lib/auth/client-ip';
import { safeCallbackPath } from '@/lib/auth/deep-link';
import { getSessionIds } from '@/lib/auth/session';
import { clearSessionCookie, setSessionCookie } from '@/lib/auth/session-cookie';
import { endSession, startSession } from '@/lib/auth/sessions';
import { signIn } from '@/lib/auth/sign-in';

export type SignInState = { error?: 'login.failed' | 'login.missing'; email?: string };

/**
 * The sign-in form's action: a plain POST (the form works before hydration and without JavaScript),
 * throttled by the client's address, then a server-side session and next-auth's session cookie, and
 * back to the page the visitor first asked for (same-origin paths only).
 */
export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const text = (name: string, max: number) => {
    // A server action is a public endpoint: anything may arrive, not only this form's FormData.
    const v = form instanceof FormData ? form.get(name) : null;
    return typeof v === 'string' ? v.slice(0, max) : '';
  };
  const email = text('email', 320).trim();
  const password = text('password', 1024);
  if (!email || !password) return { error: 'login.missing', email };
  const db = getDb();
  const result = await signIn(db, { email, password, ip: clientIp(await headers()) });
  if (!result.ok) return { error: 'login.failed', email };
  const sessionId = await startSession(db, result.userId);
  await setSessionCookie(result.userId, email.toLowerCase(), sessionId);
  redirect(safeCallbackPath(text('callbackUrl', 2001)) ?? '/');
}

/** Sign-out ends the session on the server (the cookie alone would otherwise stay valid) and clears it. */
export async function signOutAction(): Promise<void> {
  const ids = await getSessionIds();
  if (ids) await endSession(getDb(), ids.sessionId);
  await clearSessionCookie();
  redirect('/login');
}

import { cookies } from 'next/headers';
import { encode } from 'next-auth/jwt';
import { authOptions, SECURE_COOKIES, SESSION_COOKIE } from './options';
import { SESSION_SECONDS } from './sessions';

/**
 * Writes next-auth's session cookie (same name, encoding and options as next-auth's own), so
 * getServerSession reads a session that our sign-in action created.
 */
export async function setSessionCookie(userId: string, email: string, sessionId: string): Promise<void> {
  const secret = authOptions.secret;
  if (!secret) throw new Error('AUTH_SECRET is not set: the launcher or the environment provides it');
  const token = await encode({
    token: { sub: userId, uid: userId, sid: sessionId, email },
    secret,
    maxAge: SESSION_SECONDS,
  });
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: SECURE_COOKIES,
    maxAge: SESSION_SECONDS,
  });
}

export async function clearSessionCookie(): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, '', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: SECURE_COOKIES,
    maxAge: 0,
  });
}

import type { NextAuthOptions } from 'next-auth';
import { getDb } from '@/db/client';
import { endSession, SESSION_SECONDS } from './sessions';

/** next-auth's own rule: secure cookies (and their `__Secure-` prefix) when the app is served over https. */
export const SECURE_COOKIES = (process.env.NEXTAUTH_URL ?? '').startsWith('https://');
export const SESSION_COOKIE = `${SECURE_COOKIES ? '__Secure-' : ''}next-auth.session-token`;

/*
 * next-auth only reads and ends sessions here. Signing in is the login page's server action
 * (app/(auth)/login/actions.ts): a plain POST form that works without JavaScript, goes through the
 * sign-in throttle with the client's address, records a server-side session and writes next-auth's
 * session cookie itself. There is deliberately no credentials provider, so no second door
 * (/api/auth/callback/credentials) skips the throttle or the session record.
 */
export const authOptions: NextAuthOptions = {
  // JWT sessions carry the user id and the session id; rights are read from the database on every
  // request (loadActor), and the session row must still exist (isSessionLive).
  session: { strategy: 'jwt', maxAge: SESSION_SECONDS },
  secret: process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET,
  useSecureCookies: SECURE_COOKIES,
  pages: { signIn: '/login', error: '/login' },
  providers: [],
  callbacks: {
    session({ session, token }) {
      if (session.user && typeof token.uid === 'string') session.user.id = token.uid;
      if (typeof token.sid === 'string') session.sid = token.sid;
      return session;
    },
  },
  events: {
    // next-auth's own sign-out endpoint also ends the session on the server.
    async signOut({ token }) {
      if (typeof token?.sid === 'string') await endSession(getDb(), token.sid);
    },
  },
};

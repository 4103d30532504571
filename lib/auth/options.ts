import type { NextAuthOptions } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db/client';
import { signIn } from './sign-in';

export const SIGN_IN_LOCKED = 'locked';

export const authOptions: NextAuthOptions = {
  // JWT sessions carry only the user id; rights are read from the database on every request (loadActor).
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
  secret: process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET,
  pages: { signIn: '/login', error: '/login' },
  providers: [
    Credentials({
      name: 'E-mail and password',
      credentials: {
        email: { label: 'E-mail', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials) {
        const email = credentials?.email ?? '';
        const password = credentials?.password ?? '';
        if (!email || !password) return null;
        const result = await signIn(getDb(), email, password);
        if (result.ok) return { id: result.userId, email: email.trim().toLowerCase() };
        if (result.reason === 'locked')
          throw new Error(`${SIGN_IN_LOCKED}:${result.lockedUntil.toISOString()}`);
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === 'string') session.user.id = token.uid;
      return session;
    },
  },
};

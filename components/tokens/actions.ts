'use server';
import { runAction } from '@/lib/action';
import { createOwnApiToken, revokeApiToken } from '@/lib/api/tokens';

const PAGES = ['/profile', '/portal/profile', '/admin/tokens'];

export async function createTokenAction(name: string) {
  return runAction(
    async (db, actor) => {
      const { token, expiresAt } = await createOwnApiToken(db, actor, { name: name || undefined });
      return { token, expiresAt: expiresAt.toISOString() };
    },
    { revalidate: PAGES },
  );
}

export async function revokeTokenAction(id: string) {
  return runAction((db, actor) => revokeApiToken(db, actor, id), { revalidate: PAGES });
}

'use server';
import { runAction } from '@/lib/action';
import { appBaseUrl } from '@/lib/auth/account';
import { createShareLink, revokeShareLink } from '@/lib/sharing/sharing';

/** Creates a link and hands its address back once (only the token's hash is stored). */
export async function createShareLinkAction(input: Record<string, unknown>) {
  return runAction(async (db, actor) => {
    const { id, token, expiresAt } = await createShareLink(db, actor, input);
    return {
      id,
      url: `${appBaseUrl().replace(/\/+$/, '')}/share/${token}`,
      expiresAt: expiresAt.toISOString(),
    };
  });
}

export async function revokeShareLinkAction(input: { id: string }) {
  return runAction((db, actor) => revokeShareLink(db, actor, input));
}

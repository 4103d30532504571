import { cookies } from 'next/headers';
import type { Actor } from '../auth/actor';

export const ACTING_FOR_COOKIE = 'pactum-ph';

/**
 * The policy holder a portal user acts for in this browser: their choice (a cookie) when it is still
 * one of theirs today, else the first. The cookie only chooses among the actor's own policy holders,
 * which are read from the database on every request; it can never widen what they see.
 */
export async function getActingPolicyHolderId(actor: Actor): Promise<string | null> {
  const chosen = (await cookies()).get(ACTING_FOR_COOKIE)?.value;
  if (chosen && actor.policyHolderIds.includes(chosen)) return chosen;
  return actor.policyHolderIds[0] ?? null;
}

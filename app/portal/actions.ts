'use server';
import { cookies } from 'next/headers';
import { runAction } from '@/lib/action';
import { NotFoundError } from '@/lib/errors';
import { err, label } from '@/lib/i18n/keyed';
import { ACTING_FOR_COOKIE } from '@/lib/portal/acting-for';

/** Switches the policy holder a portal user acts for; only one of their own is accepted. */
export async function actForAction(policyHolderId: string) {
  return runAction(
    async (_db, actor) => {
      if (!actor.isPortal || !actor.policyHolderIds.includes(policyHolderId))
        throw new NotFoundError(err('notFound', { label: label('policyHolder') }));
      (await cookies()).set(ACTING_FOR_COOKIE, policyHolderId, {
        path: '/portal',
        sameSite: 'lax',
        httpOnly: true,
      });
      return { policyHolderId };
    },
    { revalidate: ['/portal'] },
  );
}

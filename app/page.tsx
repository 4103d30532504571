import { redirect } from 'next/navigation';
import { can } from '@/lib/auth/actor';
import { getActor } from '@/lib/auth/session';

/** The landing route sends each audience to its own home. */
export default async function Home() {
  const actor = await getActor();
  if (!actor) redirect('/login');
  // Staff land on the dashboard; a role without contract.read (none today) on the policy holders.
  redirect(actor.isPortal ? '/portal' : can(actor, 'contract.read') ? '/dashboard' : '/policy-holders');
}

import { redirect } from 'next/navigation';
import { getActor } from '@/lib/auth/session';

/** The landing route sends each audience to its own home. */
export default async function Home() {
  const actor = await getActor();
  if (!actor) redirect('/login');
  redirect(actor.isPortal ? '/portal' : '/policy-holders');
}

import { forbidden, redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { UnauthenticatedError } from '../errors';
import { type Actor, assertCan, can, loadActor } from './actor';
import { authOptions } from './options';
import type { Permission } from './permissions';

/** The signed-in actor for this request (deduplicated per render), or null. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  if (!userId) return null;
  return loadActor(getDb(), userId);
});

/** For server actions: an authenticated actor holding `permission`, or a typed error the wrapper maps. */
export async function requireActor(permission?: Permission): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new UnauthenticatedError();
  if (permission) assertCan(actor, permission);
  return actor;
}

/** For staff pages: sign-in redirect, and 403 for portal users or a missing permission. */
export async function requireStaffPage(permission?: Permission): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect('/login');
  if (actor.isPortal || (permission && !can(actor, permission))) forbidden();
  return actor;
}

/** For portal pages: sign-in redirect, and 403 for staff or a portal user with no policy holder today. */
export async function requirePortalPage(permission?: Permission): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect('/login');
  if (!actor.isPortal || actor.policyHolderIds.length === 0 || (permission && !can(actor, permission)))
    forbidden();
  return actor;
}

import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { UnauthenticatedError } from '../errors';
import { type Actor, assertCan, can, loadActor } from './actor';
import { loginUrlFor } from './deep-link';
import { authOptions } from './options';
import type { Permission } from './permissions';
import { isSessionLive } from './sessions';

/** Set by proxy.ts on page requests: the path asked for, so sign-in can lead back to it. */
export const PATH_HEADER = 'x-pactum-path';

/** The signed-in actor for this request (deduplicated per render), or null. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  const sessionId = session?.sid;
  if (!userId || !sessionId) return null;
  const db = getDb();
  // A cookie whose session was ended (sign-out, password change, deactivation) signs nobody in.
  if (!(await isSessionLive(db, sessionId, userId))) return null;
  return loadActor(db, userId);
});

/** The current session's ids, for sign-out. */
export async function getSessionIds(): Promise<{ userId: string; sessionId: string } | null> {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  const sessionId = session?.sid;
  return userId && sessionId ? { userId, sessionId } : null;
}

async function redirectToSignIn(): Promise<never> {
  redirect(loginUrlFor((await headers()).get(PATH_HEADER)));
}

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
  if (!actor) return redirectToSignIn();
  if (actor.isPortal || (permission && !can(actor, permission))) forbidden();
  return actor;
}

/** For portal pages: sign-in redirect, and 403 for staff or a portal user with no policy holder today. */
export async function requirePortalPage(permission?: Permission): Promise<Actor> {
  const actor = await getActor();
  if (!actor) return redirectToSignIn();
  if (!actor.isPortal || actor.policyHolderIds.length === 0 || (permission && !can(actor, permission)))
    forbidden();
  return actor;
}

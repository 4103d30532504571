'use server';
import { runAction } from '@/lib/action';
import { createUser, updateUser } from '@/lib/admin/users';
import { sendPasswordReset } from '@/lib/auth/account';

export async function createUserAction(input: Record<string, unknown>) {
  return runAction((db, actor) => createUser(db, actor, input), { revalidate: ['/admin/users'] });
}

export async function updateUserAction(input: Record<string, unknown>) {
  return runAction((db, actor) => updateUser(db, actor, input), { revalidate: ['/admin/users'] });
}

export async function sendPasswordResetAction(input: Record<string, unknown>) {
  return runAction((db, actor) => sendPasswordReset(db, actor, input), { revalidate: ['/admin/outbox'] });
}

import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { rolePermissions, roles, users } from '@/db/schema';
import { ensureRoles } from '@/db/seed/roles';
import { type Actor, assertCan } from '../auth/actor';
import { ConflictError } from '../errors';
import { err } from '../i18n/keyed';
import { parseInput } from '../validation/parse';
import { createUser } from './users';

export const firstAdminInput = z.strictObject({
  email: z.string(),
  name: z.string(),
  password: z.string(),
  /** Create another administrator although one exists (e.g. the only one lost their password). */
  force: z.boolean().optional(),
});

/**
 * The first administrator of a database without demo data (`npm run admin:create`): the standard
 * roles, then an account with the admin role, validated and audited like any account created on the
 * Users page. Refused when an active administrator exists unless forced, so the command cannot be
 * used by mistake where the Users page is the way. Two runs at once take turns on a transaction lock.
 */
export async function createFirstAdmin(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
): Promise<{ id: string; email: string }> {
  assertCan(actor, 'admin.users');
  const { force, ...account } = parseInput(firstAdminInput, input);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(1885430644, 2)`);
    await ensureRoles(tx);
    if (!force && (await hasAdministrator(tx))) {
      throw new ConflictError(err('admin.administratorAlreadyExistsAdd'));
    }
    const { id } = await createUser(tx, actor, { ...account, role: 'admin' });
    return { id, email: account.email.trim().toLowerCase() };
  });
}

/** Whether an active account may administer users (else nobody can sign in to create the others). */
export async function hasAdministrator(db: DbOrTx): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(users)
    .innerJoin(rolePermissions, eq(rolePermissions.roleId, users.roleId))
    .innerJoin(roles, eq(roles.id, users.roleId))
    .where(
      and(
        eq(rolePermissions.permission, 'admin.users'),
        eq(users.isActive, true),
        eq(users.isDeleted, false),
        eq(roles.isDeleted, false),
      ),
    )
    .limit(1);
  return !!row;
}

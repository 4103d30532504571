import { and, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { policyHolders, policyHolderUsers, rolePermissions, roles, users } from '@/db/schema';
import { ForbiddenError } from '../errors';
import { isPermission, type Permission } from './permissions';

export type ActorSource = 'staff' | 'portal' | 'api' | 'system';

/** Who is acting, loaded from the database on every request so a revoked right takes effect at once. */
export type Actor = {
  id: string | null;
  email: string;
  name: string;
  role: string;
  isPortal: boolean;
  permissions: ReadonlySet<Permission>;
  /** For portal users: the policy holders they may act for today. Empty for staff. */
  policyHolderIds: readonly string[];
  language: 'en' | 'fr';
  source: ActorSource;
};

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  return !!actor && actor.permissions.has(permission);
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new ForbiddenError();
}

/** Internal work (seeding, the daily job) acts as the system: all staff rights, audited as "system". */
export function systemActor(permissions: readonly Permission[]): Actor {
  return {
    id: null,
    email: 'system',
    name: 'System',
    role: 'system',
    isPortal: false,
    permissions: new Set(permissions),
    policyHolderIds: [],
    language: 'en',
    source: 'system',
  };
}

export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Loads an active user with its role's permissions. Returns null (fail closed) for an unknown,
 * deleted or deactivated user, and drops any permission string the code does not know.
 */
export async function loadActor(
  db: DbOrTx,
  userId: string,
  source?: ActorSource,
  now = new Date(),
): Promise<Actor | null> {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      language: users.preferredLanguage,
      role: roles.code,
      isPortal: roles.isPortal,
      permissions: sql<
        string[]
      >`coalesce(array_agg(${rolePermissions.permission}) filter (where ${rolePermissions.permission} is not null), '{}')`,
    })
    .from(users)
    .innerJoin(roles, and(eq(roles.id, users.roleId), eq(roles.isDeleted, false)))
    .leftJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
    .where(and(eq(users.id, userId), eq(users.isDeleted, false), eq(users.isActive, true)))
    .groupBy(users.id, roles.id);
  if (!row) return null;

  const permissions = new Set(row.permissions.filter(isPermission));
  // A portal role only ever carries portal.* rights and a staff role only staff rights, whatever the
  // table says: one mis-granted row must not open the back office to a policy holder.
  for (const p of permissions) {
    if (row.isPortal !== p.startsWith('portal.')) permissions.delete(p);
  }

  let policyHolderIds: string[] = [];
  if (row.isPortal) {
    const today = todayIso(now);
    const links = await db
      .select({ id: policyHolderUsers.policyHolderId })
      .from(policyHolderUsers)
      .innerJoin(policyHolders, eq(policyHolders.id, policyHolderUsers.policyHolderId))
      .where(
        and(
          eq(policyHolderUsers.userId, row.id),
          eq(policyHolderUsers.isDeleted, false),
          eq(policyHolders.isDeleted, false),
          lte(policyHolderUsers.dateValidFrom, today),
          or(isNull(policyHolderUsers.dateValidTo), gte(policyHolderUsers.dateValidTo, today)),
        ),
      )
      // A stable order: the portal acts for the first one until the user picks another.
      .orderBy(policyHolders.code);
    policyHolderIds = links.map((l) => l.id);
  }

  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    isPortal: row.isPortal,
    permissions,
    policyHolderIds,
    language: row.language === 'fr' ? 'fr' : 'en',
    source: source ?? (row.isPortal ? 'portal' : 'staff'),
  };
}

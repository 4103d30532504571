import { eq } from 'drizzle-orm';
import { DEFAULT_ROLES, ROLE_CODES } from '@/lib/auth/permissions';
import type { DbOrTx } from '../client';
import { rolePermissions, roles } from '../schema';

/**
 * Creates the standard roles with their default permissions when they do not exist yet. Existing roles
 * are left as an administrator may have changed them.
 */
export async function ensureRoles(db: DbOrTx): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const code of ROLE_CODES) {
    const def = DEFAULT_ROLES[code];
    const [existing] = await db.select({ id: roles.id }).from(roles).where(eq(roles.code, code));
    if (existing) {
      ids[code] = existing.id;
      continue;
    }
    const [row] = await db.insert(roles).values({ code, name: def.name, isPortal: def.isPortal }).returning();
    ids[code] = row!.id;
    await db
      .insert(rolePermissions)
      .values(def.permissions.map((permission) => ({ roleId: row!.id, permission })));
  }
  return ids;
}

import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { policyHolders, policyHolderUsers, roles, users } from '@/db/schema';
import { diffFields, writeAudit } from '../audit/audit';
import { PASSWORD_MIN, passwordProblem } from '../auth/account';
import { type Actor, assertCan, todayIso } from '../auth/actor';
import { hashPassword } from '../auth/password';
import { revokeUserAccess } from '../auth/sessions';
import { forgetAccountAttempts } from '../auth/throttle';
import { assertFound, assertVersion, changedValues } from '../concurrency';
import { ConflictError, isUniqueViolation, ValidationError } from '../errors';
import { err, label } from '../i18n/keyed';
import { requiredText, uuid, version } from '../validation/common';
import { parseInput } from '../validation/parse';

export type UserDto = {
  id: string;
  version: number;
  email: string;
  name: string;
  role: string;
  isActive: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
};

export const userCreate = z.strictObject({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email(err('admin.enterValidMailAddress'))),
  name: requiredText(255, 'name'),
  role: z.string().trim().min(1, err('admin.chooseRole')),
  password: z
    .string()
    .min(PASSWORD_MIN, err('common.passwordLeast10Characters'))
    .max(200, err('common.passwordMost200Characters')),
  policyHolderId: z.string().uuid().optional(),
});

export const userUpdate = z.strictObject({
  id: uuid('user'),
  version,
  role: z.string().trim().min(1).optional(),
  isActive: z.boolean().optional(),
  unlock: z.boolean().optional(),
});

export async function listUsers(db: DbOrTx, actor: Actor): Promise<UserDto[]> {
  assertCan(actor, 'admin.users');
  const rows = await db
    .select({
      id: users.id,
      version: users.version,
      email: users.email,
      name: users.name,
      role: roles.code,
      isActive: users.isActive,
      lockedUntil: users.lockedUntil,
      lastLoginAt: users.lastLoginAt,
    })
    .from(users)
    .innerJoin(roles, eq(roles.id, users.roleId))
    .where(eq(users.isDeleted, false))
    .orderBy(asc(users.email));
  return rows.map((r) => ({
    ...r,
    lockedUntil: r.lockedUntil && r.lockedUntil > new Date() ? r.lockedUntil.toISOString() : null,
    lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
  }));
}

export async function listRoles(db: DbOrTx, actor: Actor) {
  assertCan(actor, 'admin.users');
  return db
    .select({ code: roles.code, name: roles.name, isPortal: roles.isPortal })
    .from(roles)
    .where(eq(roles.isDeleted, false))
    .orderBy(roles.code);
}

async function roleByCode(tx: DbOrTx, code: string) {
  const [role] = await tx
    .select()
    .from(roles)
    .where(and(eq(roles.code, code), eq(roles.isDeleted, false)));
  if (!role) throw new ValidationError(err('admin.unknownRole'), { role: [err('admin.unknownRole')] });
  return role;
}

/** Creates an account; a portal account is linked to its policy holder from today. */
export async function createUser(db: DbOrTx, actor: Actor, input: unknown): Promise<{ id: string }> {
  assertCan(actor, 'admin.users');
  const data = parseInput(userCreate, input);
  const weak = passwordProblem(data.password, data.email);
  if (weak) throw new ValidationError(weak, { password: [weak] });
  try {
    return await db.transaction(async (tx) => {
      const role = await roleByCode(tx, data.role);
      if (role.isPortal && !data.policyHolderId) {
        throw new ValidationError(err('admin.portalUserActsPolicy'), {
          policyHolderId: [err('common.choosePolicyHolder')],
        });
      }
      const [user] = await tx
        .insert(users)
        .values({
          email: data.email,
          name: data.name,
          roleId: role.id,
          passwordHash: await hashPassword(data.password),
          createdBy: actor.id,
          updatedBy: actor.id,
        })
        .returning({ id: users.id });
      assertFound(user, 'user');
      if (role.isPortal && data.policyHolderId) {
        const [ph] = await tx
          .select({ id: policyHolders.id })
          .from(policyHolders)
          .where(and(eq(policyHolders.id, data.policyHolderId), eq(policyHolders.isDeleted, false)));
        if (!ph)
          throw new ValidationError(err('notFound', { label: label('policyHolder') }), {
            policyHolderId: [err('notFound', { label: label('policyHolder') })],
          });
        await tx
          .insert(policyHolderUsers)
          .values({ userId: user.id, policyHolderId: ph.id, dateValidFrom: todayIso(), createdBy: actor.id });
      }
      await writeAudit(tx, actor, [
        {
          operation: 'create',
          entity: 'user',
          entityId: user.id,
          changes: diffFields(null, { email: data.email, name: data.name, role: data.role }),
        },
      ]);
      return user;
    });
  } catch (e) {
    if (isUniqueViolation(e, 'users_email_live_uq')) {
      throw new ConflictError(err('admin.accountMailAlreadyExists'), {
        email: [err('admin.accountMailAlreadyExists')],
      });
    }
    throw e;
  }
}

/** Changes a user's role or activity, or lifts a sign-in lock. Admins cannot lock themselves out. */
export async function updateUser(db: DbOrTx, actor: Actor, input: unknown): Promise<void> {
  assertCan(actor, 'admin.users');
  const data = parseInput(userUpdate, input);
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ user: users, role: roles.code })
      .from(users)
      .innerJoin(roles, eq(roles.id, users.roleId))
      .where(and(eq(users.id, data.id), eq(users.isDeleted, false)))
      .for('update', { of: users });
    assertFound(current, 'user');
    assertVersion(current.user, data.version, 'user');
    if (data.id === actor.id && (data.isActive === false || (data.role && data.role !== current.role))) {
      throw new ValidationError(err('admin.cannotDeactivateOwnAccount'));
    }
    const next: Partial<typeof users.$inferInsert> = {};
    if (data.role && data.role !== current.role) next.roleId = (await roleByCode(tx, data.role)).id;
    if (data.isActive !== undefined) next.isActive = data.isActive;
    if (data.unlock) Object.assign(next, { lockedUntil: null, failedLogins: 0 });
    // "Unlock" forgets the sign-in throttle's counters of this account (its own and every IP pair).
    if (data.unlock) await forgetAccountAttempts(tx, current.user.email);
    const changes = changedValues(current.user, next);
    if (!Object.keys(changes).length) return;
    await tx
      .update(users)
      .set({ ...changes, version: current.user.version + 1, updatedAt: new Date(), updatedBy: actor.id })
      .where(eq(users.id, data.id));
    // Deactivation ends every session and revokes every API token for good: reactivating the user later
    // must not bring old credentials back.
    if (changes.isActive === false) await revokeUserAccess(tx, data.id, actor.id);
    const audited = diffFields(current.user, changes).map((c) =>
      c.field === 'roleId' ? { field: 'role', oldValue: current.role, newValue: data.role ?? null } : c,
    );
    await writeAudit(tx, actor, [
      { operation: 'update', entity: 'user', entityId: data.id, changes: audited },
    ]);
  });
}

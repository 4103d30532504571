import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { commonColumns } from './common';

export const roles = pgTable('roles', {
  ...commonColumns(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** Portal roles belong to policy holders' staff; they may never reach insurer pages. */
  isPortal: boolean('is_portal').notNull().default(false),
});

/** The role → permission table. A permission absent here is denied (fail closed). */
export const rolePermissions = pgTable(
  'role_permissions',
  {
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    permission: text('permission').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roleId, t.permission] })],
);

export const users = pgTable(
  'users',
  {
    ...commonColumns(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id),
    isActive: boolean('is_active').notNull().default(true),
    preferredLanguage: text('preferred_language').notNull().default('en'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    // E-mails are stored lower-cased; uniqueness only among live accounts so a deleted one can be re-created.
    uniqueIndex('users_email_live_uq').on(t.email).where(sql`${t.isDeleted} = false`),
    index('users_role_idx').on(t.roleId),
  ],
);

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

/**
 * One row per signed-in browser session. The session cookie (a next-auth JWT) carries this row's id; a
 * request whose row is gone is signed out. So sign-out, a password change and a deactivation end
 * sessions on the server at once, instead of leaving a JWT valid until it expires.
 */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId), index('user_sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Sign-in throttle counters (per IP, per account and IP pair, per account), shared by every server
 * process because they live in PostgreSQL. `key` is e.g. `ip:203.0.113.7` or `pair:a@b.c|203.0.113.7`.
 */
export const authThrottle = pgTable(
  'auth_throttle',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull().default(0),
    windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('auth_throttle_window_idx').on(t.windowStart)],
);

/** One-time password reset links: only a SHA-256 hash of the secret is stored; used once, then dead. */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('password_resets_hash_uq').on(t.tokenHash),
    index('password_resets_user_idx').on(t.userId),
  ],
);

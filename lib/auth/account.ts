import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { notificationEvents, passwordResets, users } from '@/db/schema';
import { writeAudit } from '../audit/audit';
import { assertFound } from '../concurrency';
import { UnauthenticatedError, ValidationError } from '../errors';
import { err } from '../i18n/keyed';
import { renderAccountMail } from '../notifications/account-mails';
import { uuid } from '../validation/common';
import { parseInput } from '../validation/parse';
import { type Actor, assertCan, systemActor } from './actor';
import { hashPassword, verifyPassword } from './password';
import { revokeUserAccess } from './sessions';
import { consumeSignInAttempt, forgetAccountAttempts } from './throttle';

export const PASSWORD_MIN = 10;
export const RESET_MINUTES = 60;

const newPasswordField = z
  .string({ error: err('auth.enterNewPassword') })
  .min(PASSWORD_MIN, err('common.passwordLeast10Characters'))
  .max(200, err('common.passwordMost200Characters'));

/** The strength rules every new password meets: long enough, and not the account's own e-mail. */
export function passwordProblem(password: string, email: string): string | null {
  const parsed = newPasswordField.safeParse(password);
  if (!parsed.success) return parsed.error.issues[0]!.message;
  const p = password.trim().toLowerCase();
  const e = email.trim().toLowerCase();
  if (p === e || p === e.split('@')[0]) return err('auth.passwordNotMailAddress');
  return null;
}

function assertStrong(password: string, email: string, field = 'newPassword'): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new ValidationError(problem, { [field]: [problem] });
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const passwordChange = z.strictObject({
  currentPassword: z.string().min(1, err('auth.enterCurrentPassword')).max(1024),
  newPassword: z.string().max(1024),
});

/**
 * A signed-in user changes their own password: the current one is required (and guesses at it are
 * throttled like sign-ins), the new one must meet the strength rules. Every session and API token of
 * the user ends (the caller starts a fresh session for the browser that made the change).
 */
export async function changeOwnPassword(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  now = new Date(),
): Promise<void> {
  if (!actor.id) throw new UnauthenticatedError();
  const data = parseInput(passwordChange, input);
  const wrong = () =>
    new ValidationError(err('auth.currentPasswordNotCorrect'), {
      currentPassword: [err('auth.currentPasswordNotCorrect')],
    });
  const verdict = await consumeSignInAttempt(db, { email: actor.email, ip: `session:${actor.id}` }, now);
  if (!verdict.allowed) throw wrong();
  const [user] = await db
    .select({ passwordHash: users.passwordHash, email: users.email })
    .from(users)
    .where(and(eq(users.id, actor.id), eq(users.isDeleted, false)));
  assertFound(user, 'user');
  if (!(await verifyPassword(data.currentPassword, user.passwordHash))) throw wrong();
  assertStrong(data.newPassword, user.email);
  const passwordHash = await hashPassword(data.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: now, updatedBy: actor.id })
      .where(eq(users.id, actor.id!));
    await revokeUserAccess(tx, actor.id!, actor.id, now);
    await writeAudit(tx, actor, [
      { operation: 'password_change', entity: 'user', entityId: actor.id!, changes: [] },
    ]);
  });
  await forgetAccountAttempts(db, user.email);
}

/**
 * An administrator sends a user a one-time link to set a new password. Only a hash of the secret is
 * kept; the link expires after RESET_MINUTES, works once, and replaces any earlier unused link. The mail
 * goes through the outbox in the same transaction, in the user's language.
 */
export async function sendPasswordReset(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  { now = new Date(), baseUrl = appBaseUrl() }: { now?: Date; baseUrl?: string } = {},
): Promise<void> {
  assertCan(actor, 'admin.users');
  const { id } = parseInput(z.strictObject({ id: uuid('user') }), input);
  const secret = randomBytes(32).toString('base64url');
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email, name: users.name, language: users.preferredLanguage })
      .from(users)
      .where(and(eq(users.id, id), eq(users.isDeleted, false)))
      .for('update');
    assertFound(user, 'user');
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    const expiresAt = new Date(now.getTime() + RESET_MINUTES * 60_000);
    await tx
      .insert(passwordResets)
      .values({ userId: user.id, tokenHash: sha256(secret), createdAt: now, createdBy: actor.id, expiresAt });
    const language = user.language === 'fr' ? 'fr' : 'en';
    const mail = renderAccountMail('account.password_reset', language, {
      recipientName: user.name,
      link: `${baseUrl.replace(/\/+$/, '')}/reset-password/${secret}`,
      minutes: String(RESET_MINUTES),
    });
    await tx.insert(notificationEvents).values({
      event: 'account.password_reset',
      payload: { userId: user.id },
      recipient: user.email,
      language,
      subject: mail.subject,
      body: mail.body,
      createdAt: now,
      nextAttemptAt: now,
    });
    await writeAudit(tx, actor, [
      { operation: 'password_reset_sent', entity: 'user', entityId: user.id, changes: [] },
    ]);
  });
}

export const INVALID_RESET_LINK = err('auth.linkInvalidAlreadyUsed');

/** Whether a reset link can still be used (the page shows the form, or says to ask for a new link). */
export async function isResetLinkValid(db: DbOrTx, secret: string, now = new Date()): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(secret)) return false;
  const [row] = await db
    .select({ id: passwordResets.id })
    .from(passwordResets)
    .innerJoin(users, and(eq(users.id, passwordResets.userId), eq(users.isDeleted, false)))
    .where(
      and(
        eq(passwordResets.tokenHash, sha256(secret)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
      ),
    );
  return !!row;
}

/**
 * Sets a new password through a reset link: the link is claimed (locked, checked unused and unexpired,
 * marked used) in the same transaction as the change, so it works exactly once. Every session and API
 * token of the user ends, and the sign-in throttle forgets the account.
 */
export async function resetPassword(
  db: DbOrTx,
  input: unknown,
  now = new Date(),
): Promise<{ userId: string }> {
  const data = parseInput(
    z.strictObject({ token: z.string().max(200), newPassword: z.string().max(1024) }),
    input,
  );
  const invalid = () => new ValidationError(INVALID_RESET_LINK);
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(data.token)) throw invalid();
  const userId = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: passwordResets.id, userId: passwordResets.userId, email: users.email, name: users.name })
      .from(passwordResets)
      .innerJoin(users, and(eq(users.id, passwordResets.userId), eq(users.isDeleted, false)))
      .where(
        and(
          eq(passwordResets.tokenHash, sha256(data.token)),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, now),
        ),
      )
      .for('update', { of: passwordResets });
    if (!row) throw invalid();
    assertStrong(data.newPassword, row.email);
    await tx.update(passwordResets).set({ usedAt: now }).where(eq(passwordResets.id, row.id));
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(data.newPassword), updatedAt: now })
      .where(eq(users.id, row.userId));
    await revokeUserAccess(tx, row.userId, row.userId, now);
    await forgetAccountAttempts(tx, row.email);
    const self: Actor = {
      ...systemActor([]),
      id: row.userId,
      email: row.email,
      name: row.name,
      source: 'staff',
    };
    await writeAudit(tx, self, [
      { operation: 'password_reset', entity: 'user', entityId: row.userId, changes: [] },
    ]);
    return row.userId;
  });
  return { userId };
}

/** The public address of the app, for links in mails (never taken from a request's Host header). */
export function appBaseUrl(): string {
  return process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
}

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, notificationEvents, passwordResets, userSessions, users } from '@/db/schema';
import { makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { updateUser } from '../admin/users';
import { authenticateBearer, createOwnApiToken } from '../api/tokens';
import { ForbiddenError, ValidationError } from '../errors';
import {
  changeOwnPassword,
  isResetLinkValid,
  RESET_MINUTES,
  resetPassword,
  sendPasswordReset,
} from './account';
import { loadActor } from './actor';
import { endSession, isSessionLive, pruneSessions, SESSION_SECONDS, startSession } from './sessions';
import { signIn } from './sign-in';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const actorOf = async (id: string) => (await loadActor(t.db, id))!;
const canSignIn = async (email: string, password: string) =>
  (await signIn(t.db, { email, password, ip: `check-${Math.random()}` })).ok;

/** A user with a live browser session and a working API token. */
async function equipped(role: 'editor' | 'viewer' | 'portal' = 'editor', language = 'en') {
  const user = await makeUser(t.db, role, { preferredLanguage: language });
  const sessionId = await startSession(t.db, user.id);
  const { token } = await createOwnApiToken(t.db, await actorOf(user.id), { name: 'ERP' });
  return { user, sessionId, token };
}

describe('sessions', () => {
  it('live until signed out or expired, and only for their own user', async () => {
    const a = await makeUser(t.db, 'viewer');
    const b = await makeUser(t.db, 'viewer');
    const now = new Date();
    const sid = await startSession(t.db, a.id, now);
    expect(await isSessionLive(t.db, sid, a.id, now)).toBe(true);
    expect(await isSessionLive(t.db, sid, b.id, now)).toBe(false);
    expect(await isSessionLive(t.db, sid, a.id, new Date(now.getTime() + SESSION_SECONDS * 1000 + 1))).toBe(
      false,
    );
    expect(await isSessionLive(t.db, 'not-a-session', a.id, now)).toBe(false);
    await endSession(t.db, sid);
    expect(await isSessionLive(t.db, sid, a.id, now)).toBe(false);
    // The daily job drops expired sessions and keeps live ones.
    const old = await startSession(t.db, b.id, new Date(now.getTime() - SESSION_SECONDS * 1000 - 1));
    const live = await startSession(t.db, b.id, now);
    expect(await pruneSessions(t.db, now)).toBeGreaterThanOrEqual(1);
    const left = await t.db.select().from(userSessions).where(eq(userSessions.userId, b.id));
    expect(left.map((r) => r.id)).toEqual([live]);
    expect(old).not.toBe(live);
  });
});

describe('changing one’s own password', () => {
  it('requires the current password and a strong new one', async () => {
    const { user } = await equipped();
    const actor = await actorOf(user.id);
    await expect(
      changeOwnPassword(t.db, actor, { currentPassword: 'wrong', newPassword: 'a-long-new-password' }),
    ).rejects.toThrow('Your current password is not correct.');
    await expect(
      changeOwnPassword(t.db, actor, { currentPassword: 'demo1234', newPassword: 'short-9ch' }),
    ).rejects.toThrow('at least 10 characters');
    await expect(
      changeOwnPassword(t.db, actor, { currentPassword: 'demo1234', newPassword: user.email.toUpperCase() }),
    ).rejects.toThrow('must not be your e-mail address');
    expect(await canSignIn(user.email, 'demo1234')).toBe(true);
  });

  it('ends every session and revokes every token, and the new password works', async () => {
    const { user, sessionId, token } = await equipped();
    await changeOwnPassword(t.db, await actorOf(user.id), {
      currentPassword: 'demo1234',
      newPassword: 'correct horse battery',
    });
    expect(await isSessionLive(t.db, sessionId, user.id)).toBe(false);
    await expect(authenticateBearer(t.db, `Bearer ${token}`)).rejects.toThrow('unknown, expired or revoked');
    expect(await canSignIn(user.email, 'demo1234')).toBe(false);
    expect(await canSignIn(user.email, 'correct horse battery')).toBe(true);
  });
});

describe('deactivation', () => {
  it('ends sessions and revokes tokens for good: reactivation does not bring them back', async () => {
    const admin = await actorOf((await makeUser(t.db, 'admin')).id);
    const { user, sessionId, token } = await equipped('viewer');
    expect((await authenticateBearer(t.db, `Bearer ${token}`)).id).toBe(user.id);
    await updateUser(t.db, admin, { id: user.id, version: 1, isActive: false });
    expect(await isSessionLive(t.db, sessionId, user.id)).toBe(false);
    await updateUser(t.db, admin, { id: user.id, version: 2, isActive: true });
    await expect(authenticateBearer(t.db, `Bearer ${token}`)).rejects.toThrow('unknown, expired or revoked');
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.userId, user.id));
    expect(row?.revokedBy).toBe(admin.id);
  });
});

describe('administrator password reset', () => {
  const secretOf = (body: string) => body.match(/\/reset-password\/([A-Za-z0-9_-]+)/)![1]!;
  const mailsTo = (email: string) =>
    t.db.select().from(notificationEvents).where(eq(notificationEvents.recipient, email));

  it('is for administrators only', async () => {
    const editor = await actorOf((await makeUser(t.db, 'editor')).id);
    const { user } = await equipped();
    await expect(sendPasswordReset(t.db, editor, { id: user.id })).rejects.toThrow(ForbiddenError);
    expect(await mailsTo(user.email)).toHaveLength(0);
  });

  it('mails a one-time, expiring link in the user’s language and keeps only its hash', async () => {
    const admin = await actorOf((await makeUser(t.db, 'admin')).id);
    const { user, sessionId, token } = await equipped('portal', 'fr');
    const now = new Date();
    await sendPasswordReset(t.db, admin, { id: user.id }, { now, baseUrl: 'https://pactum.example/' });
    const [mail] = await mailsTo(user.email);
    expect(mail).toMatchObject({ event: 'account.password_reset', language: 'fr', status: 'pending' });
    expect(mail!.subject).toBe('Choisir un nouveau mot de passe Pactum');
    expect(mail!.body).toContain(`expire dans ${RESET_MINUTES} minutes`);
    expect(mail!.body).toMatch(/https:\/\/pactum\.example\/reset-password\/[A-Za-z0-9_-]{43}\n/);
    const secret = secretOf(mail!.body);
    const stored = await t.db.select().from(passwordResets).where(eq(passwordResets.userId, user.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(secret);
    expect(stored[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    // Until used, nothing changes for the user.
    expect(await isResetLinkValid(t.db, secret, now)).toBe(true);
    expect(await isSessionLive(t.db, sessionId, user.id)).toBe(true);
    // A weak password is refused and the link stays usable.
    await expect(resetPassword(t.db, { token: secret, newPassword: 'short' }, now)).rejects.toThrow(
      ValidationError,
    );
    expect(await isResetLinkValid(t.db, secret, now)).toBe(true);

    await resetPassword(t.db, { token: secret, newPassword: 'a brand new secret' }, now);
    expect(await canSignIn(user.email, 'a brand new secret')).toBe(true);
    expect(await canSignIn(user.email, 'demo1234')).toBe(false);
    expect(await isSessionLive(t.db, sessionId, user.id)).toBe(false);
    await expect(authenticateBearer(t.db, `Bearer ${token}`)).rejects.toThrow('unknown, expired or revoked');
    // Single use.
    expect(await isResetLinkValid(t.db, secret, now)).toBe(false);
    await expect(
      resetPassword(t.db, { token: secret, newPassword: 'yet another secret' }, now),
    ).rejects.toThrow('This link is invalid, already used or expired.');
  });

  it('expires, and a newer link replaces an older one', async () => {
    const admin = await actorOf((await makeUser(t.db, 'admin')).id);
    const { user } = await equipped();
    const now = new Date();
    await sendPasswordReset(t.db, admin, { id: user.id }, { now });
    const [first] = await mailsTo(user.email);
    const late = new Date(now.getTime() + (RESET_MINUTES + 1) * 60_000);
    await expect(
      resetPassword(t.db, { token: secretOf(first!.body), newPassword: 'too late for this' }, late),
    ).rejects.toThrow('expired');
    await sendPasswordReset(t.db, admin, { id: user.id }, { now });
    const second = (await mailsTo(user.email)).find((m) => m.id !== first!.id)!;
    expect(second.language).toBe('en');
    expect(second.subject).toBe('Set a new Pactum password');
    expect(await isResetLinkValid(t.db, secretOf(first!.body), now)).toBe(false);
    await resetPassword(t.db, { token: secretOf(second.body), newPassword: 'the second link works' }, now);
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.passwordHash).toMatch(/^scrypt\$/);
    expect(await canSignIn(user.email, 'the second link works')).toBe(true);
  });
});

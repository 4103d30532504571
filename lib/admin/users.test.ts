import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePolicyHolder, makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { type Actor, loadActor } from '../auth/actor';
import { signIn } from '../auth/sign-in';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { createUser, listUsers, updateUser } from './users';

let t: TestDb;
let admin: Actor;
let editor: Actor;

beforeAll(async () => {
  t = await createTestDb();
  admin = (await loadActor(t.db, (await makeUser(t.db, 'admin')).id))!;
  editor = (await loadActor(t.db, (await makeUser(t.db, 'editor')).id))!;
});
afterAll(() => t.close());

describe('user administration', () => {
  it('creates accounts that can sign in, portal ones linked to their policy holder', async () => {
    const ph = await makePolicyHolder(t.db);
    const { id } = await createUser(t.db, admin, {
      email: 'New.Portal@Test.local',
      name: 'New portal user',
      role: 'portal',
      password: 'long-enough',
      policyHolderId: ph.id,
    });
    const signed = await signIn(t.db, {
      email: 'new.portal@test.local',
      password: 'long-enough',
      ip: 'test',
    });
    expect(signed).toEqual({ ok: true, userId: id });
    expect((await loadActor(t.db, id))!.policyHolderIds).toEqual([ph.id]);
    await expect(
      createUser(t.db, admin, {
        email: 'new.portal@test.local',
        name: 'Dup',
        role: 'viewer',
        password: 'long-enough',
      }),
    ).rejects.toThrow(ConflictError);
    await expect(
      createUser(t.db, admin, {
        email: 'p2@test.local',
        name: 'No PH',
        role: 'portal',
        password: 'long-enough',
      }),
    ).rejects.toThrow(ValidationError);
    await expect(
      createUser(t.db, admin, {
        email: 'short@test.local',
        name: 'Short',
        role: 'viewer',
        password: 'short',
      }),
    ).rejects.toThrow(ValidationError);
  });

  it('changes roles and deactivates, which takes effect at once, but never on oneself', async () => {
    const u = await makeUser(t.db, 'viewer');
    await updateUser(t.db, admin, { id: u.id, version: 1, role: 'approver' });
    expect((await loadActor(t.db, u.id))!.role).toBe('approver');
    await updateUser(t.db, admin, { id: u.id, version: 2, isActive: false });
    expect(await loadActor(t.db, u.id)).toBeNull();
    await expect(updateUser(t.db, admin, { id: u.id, version: 2, isActive: true })).rejects.toThrow(
      ConflictError,
    );
    const me = (await listUsers(t.db, admin)).find((x) => x.id === admin.id)!;
    await expect(
      updateUser(t.db, admin, { id: admin.id, version: me.version, isActive: false }),
    ).rejects.toThrow(ValidationError);
  });

  it('is for admins only', async () => {
    await expect(listUsers(t.db, editor)).rejects.toThrow(ForbiddenError);
    await expect(
      createUser(t.db, editor, { email: 'x@test.local', name: 'X', role: 'admin', password: 'long-enough' }),
    ).rejects.toThrow(ForbiddenError);
  });
});

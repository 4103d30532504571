import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolePermissions, roles, users } from '@/db/schema';
import { linkPortalUser, makePolicyHolder, makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { ForbiddenError } from '../errors';
import { assertCan, can, loadActor } from './actor';
import { DEFAULT_ROLES } from './permissions';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

describe('loadActor', () => {
  it('reads the permissions of the role from the database', async () => {
    const user = await makeUser(t.db, 'approver');
    const actor = await loadActor(t.db, user.id);
    expect(actor).not.toBeNull();
    expect([...actor!.permissions].sort()).toEqual([...DEFAULT_ROLES.approver.permissions].sort());
    expect(can(actor, 'contract.approve')).toBe(true);
    expect(can(actor, 'contract.submit')).toBe(false);
    expect(() => assertCan(actor!, 'contract.create')).toThrow(ForbiddenError);
    expect(actor!.source).toBe('staff');
  });

  it('takes a revoked permission away at once', async () => {
    const viewer = await makeUser(t.db, 'viewer');
    const [role] = await t.db.select().from(roles).where(eq(roles.code, 'viewer'));
    await t.db
      .delete(rolePermissions)
      .where(and(eq(rolePermissions.roleId, role!.id), eq(rolePermissions.permission, 'policyholder.read')));
    const actor = await loadActor(t.db, viewer.id);
    expect(can(actor, 'policyholder.read')).toBe(false);
    expect(can(actor, 'contract.read')).toBe(true);
  });

  it('fails closed for deleted, deactivated and unknown users', async () => {
    const gone = await makeUser(t.db, 'admin', { isDeleted: true });
    const off = await makeUser(t.db, 'admin', { isActive: false });
    expect(await loadActor(t.db, gone.id)).toBeNull();
    expect(await loadActor(t.db, off.id)).toBeNull();
    expect(await loadActor(t.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(can(null, 'contract.read')).toBe(false);
  });

  it('never gives a portal role staff rights, even if the table grants one', async () => {
    const portal = await makeUser(t.db, 'portal');
    const [role] = await t.db.select().from(roles).where(eq(roles.code, 'portal'));
    await t.db.insert(rolePermissions).values({ roleId: role!.id, permission: 'contract.approve' });
    const actor = await loadActor(t.db, portal.id);
    expect(actor!.isPortal).toBe(true);
    expect(can(actor, 'contract.approve')).toBe(false);
    expect(can(actor, 'portal.contract.submit')).toBe(true);
    expect(actor!.source).toBe('portal');
  });

  it('gives a portal user only the policy holders linked to it and valid today', async () => {
    const portal = await makeUser(t.db, 'portal');
    const mine = await makePolicyHolder(t.db);
    const future = await makePolicyHolder(t.db);
    const deleted = await makePolicyHolder(t.db, { isDeleted: true });
    await makePolicyHolder(t.db); // not linked at all
    await linkPortalUser(t.db, portal.id, mine.id, '2020-01-01');
    await linkPortalUser(t.db, portal.id, future.id, '2999-01-01');
    await linkPortalUser(t.db, portal.id, deleted.id, '2020-01-01');
    const actor = await loadActor(t.db, portal.id);
    expect(actor!.policyHolderIds).toEqual([mine.id]);
  });

  it('drops permission strings the code does not know', async () => {
    const admin = await makeUser(t.db, 'admin');
    await t.db.update(users).set({ preferredLanguage: 'fr' }).where(eq(users.id, admin.id));
    const [role] = await t.db.select().from(roles).where(eq(roles.code, 'admin'));
    await t.db.insert(rolePermissions).values({ roleId: role!.id, permission: 'everything.anything' });
    const actor = await loadActor(t.db, admin.id);
    expect([...actor!.permissions]).not.toContain('everything.anything');
    expect(actor!.language).toBe('fr');
  });
});

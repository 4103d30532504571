import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, policyHolders } from '@/db/schema';
import { linkPortalUser, makePolicyHolder, makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { type Actor, loadActor } from '../auth/actor';
import type { RoleCode } from '../auth/permissions';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import {
  createPolicyHolder,
  deletePolicyHolder,
  getPolicyHolder,
  searchPolicyHolders,
  updatePolicyHolder,
} from './policy-holders';

let t: TestDb;
const actors = {} as Record<RoleCode, Actor>;

beforeAll(async () => {
  t = await createTestDb();
  for (const role of ['admin', 'editor', 'approver', 'viewer', 'portal'] as const) {
    const u = await makeUser(t.db, role);
    if (role === 'portal') {
      const own = await makePolicyHolder(t.db, { code: 'PORTAL-OWN' });
      await linkPortalUser(t.db, u.id, own.id);
    }
    actors[role] = (await loadActor(t.db, u.id))!;
  }
});
afterAll(() => t.close());

const valid = {
  code: 'ACME-1',
  tradeName: 'Acme',
  contactName: 'Jane',
  email: 'HR@Acme.test',
  phone: '',
  address: '',
  language: 'en',
  paymentReference: 'REF-1',
  dateValidFrom: '2026-01-01',
  dateValidTo: '',
};

describe('createPolicyHolder', () => {
  it('creates with normalised values and writes an audit row per field', async () => {
    const ph = await createPolicyHolder(t.db, actors.editor, valid);
    expect(ph).toMatchObject({
      code: 'ACME-1',
      email: 'hr@acme.test',
      phone: null,
      dateValidTo: null,
      version: 1,
    });
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, ph.id));
    expect(audit.map((a) => a.field).sort()).toEqual(
      ['code', 'contactName', 'dateValidFrom', 'email', 'language', 'paymentReference', 'tradeName'].sort(),
    );
    expect(audit.every((a) => a.actorId === actors.editor.id && a.operation === 'create')).toBe(true);
  });

  it('refuses invalid input with a message per field', async () => {
    const err = await createPolicyHolder(t.db, actors.editor, {
      ...valid,
      code: '',
      email: 'not-an-email',
      language: 'de',
      dateValidFrom: '2026-02-30',
      dateValidTo: '2025-01-01',
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(Object.keys(err.fieldErrors).sort()).toEqual(['code', 'dateValidFrom', 'email', 'language']);
  });

  it('refuses valid to before valid from', async () => {
    const err = await createPolicyHolder(t.db, actors.editor, {
      ...valid,
      code: 'X-2',
      dateValidTo: '2025-12-31',
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fieldErrors.dateValidTo).toEqual(['Valid to must be on or after valid from.']);
  });

  it('refuses a code already used by a live policy holder, but not by a deleted one', async () => {
    await makePolicyHolder(t.db, { code: 'DUP' });
    await makePolicyHolder(t.db, { code: 'GONE', isDeleted: true });
    const err = await createPolicyHolder(t.db, actors.editor, { ...valid, code: 'DUP' }).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.fieldErrors.code).toBeDefined();
    await expect(createPolicyHolder(t.db, actors.editor, { ...valid, code: 'GONE' })).resolves.toMatchObject({
      code: 'GONE',
    });
  });

  it.each(['viewer', 'approver', 'portal'] as const)('refuses a %s', async (role) => {
    await expect(createPolicyHolder(t.db, actors[role], { ...valid, code: `R-${role}` })).rejects.toThrow(
      ForbiddenError,
    );
  });
});

describe('updatePolicyHolder', () => {
  it('changes fields, bumps the version and audits old and new values', async () => {
    const ph = await makePolicyHolder(t.db, { tradeName: 'Old name' });
    const updated = await updatePolicyHolder(t.db, actors.editor, {
      ...valid,
      code: ph.code,
      id: ph.id,
      version: 1,
      tradeName: 'New name',
      contactName: ph.contactName,
      email: ph.email,
      paymentReference: null,
      dateValidFrom: ph.dateValidFrom,
    });
    expect(updated.tradeName).toBe('New name');
    expect(updated.version).toBe(2);
    const rows = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, ph.id), eq(auditLog.field, 'tradeName')));
    expect(rows).toMatchObject([{ oldValue: 'Old name', newValue: 'New name', operation: 'update' }]);
  });

  it('accepts an update that changes nothing without bumping the version', async () => {
    const ph = await createPolicyHolder(t.db, actors.editor, { ...valid, code: 'SAME' });
    const again = await updatePolicyHolder(t.db, actors.editor, {
      ...valid,
      code: 'SAME',
      id: ph.id,
      version: 1,
    });
    expect(again.version).toBe(1);
  });

  it('refuses a stale version instead of overwriting', async () => {
    const ph = await createPolicyHolder(t.db, actors.editor, { ...valid, code: 'STALE' });
    await updatePolicyHolder(t.db, actors.editor, {
      ...valid,
      code: 'STALE',
      tradeName: 'A',
      id: ph.id,
      version: 1,
    });
    await expect(
      updatePolicyHolder(t.db, actors.editor, {
        ...valid,
        code: 'STALE',
        tradeName: 'B',
        id: ph.id,
        version: 1,
      }),
    ).rejects.toThrow(ConflictError);
    const [row] = await t.db.select().from(policyHolders).where(eq(policyHolders.id, ph.id));
    expect(row?.tradeName).toBe('A');
  });

  it('lets exactly one of two concurrent updates of the same version win', async () => {
    const ph = await createPolicyHolder(t.db, actors.editor, { ...valid, code: 'RACE' });
    const results = await Promise.allSettled(
      ['One', 'Two'].map((tradeName) =>
        updatePolicyHolder(t.db, actors.editor, { ...valid, code: 'RACE', tradeName, id: ph.id, version: 1 }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
  });
});

describe('reading and deleting', () => {
  it('searches by code or name, case-insensitively, with a total and pages', async () => {
    for (let i = 0; i < 3; i++)
      await makePolicyHolder(t.db, { code: `SRCH-${i}`, tradeName: `Searchable ${i}` });
    const byName = await searchPolicyHolders(t.db, actors.viewer, { q: 'searchABLE', pageSize: '10' });
    expect(byName.total).toBe(3);
    const page2 = await searchPolicyHolders(t.db, actors.viewer, { q: 'srch-', pageSize: '10', page: '2' });
    expect(page2.items).toHaveLength(0);
    expect(page2.total).toBe(3);
    const desc = await searchPolicyHolders(t.db, actors.viewer, { q: 'srch', sort: 'code', dir: 'desc' });
    expect(desc.items.map((p) => p.code)).toEqual(['SRCH-2', 'SRCH-1', 'SRCH-0']);
    const likeChars = await searchPolicyHolders(t.db, actors.viewer, { q: '%' });
    expect(likeChars.total).toBe(0);
  });

  it('scopes a portal user to its own policy holders: another id is "not found"', async () => {
    const other = await makePolicyHolder(t.db);
    await expect(getPolicyHolder(t.db, actors.portal, other.id)).rejects.toThrow(NotFoundError);
    const mine = await searchPolicyHolders(t.db, actors.portal, {});
    expect(mine.items.map((p) => p.code)).toEqual(['PORTAL-OWN']);
  });

  it('soft-deletes with a version check; the row is then not found', async () => {
    const ph = await makePolicyHolder(t.db);
    await expect(deletePolicyHolder(t.db, actors.viewer, { id: ph.id, version: 1 })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(deletePolicyHolder(t.db, actors.editor, { id: ph.id, version: 7 })).rejects.toThrow(
      ConflictError,
    );
    await deletePolicyHolder(t.db, actors.editor, { id: ph.id, version: 1 });
    await expect(getPolicyHolder(t.db, actors.viewer, ph.id)).rejects.toThrow(NotFoundError);
    const [row] = await t.db.select().from(policyHolders).where(eq(policyHolders.id, ph.id));
    expect(row).toMatchObject({ isDeleted: true, version: 2 });
  });

  it('keeps the audit log append-only at the database level', async () => {
    const ph = await createPolicyHolder(t.db, actors.editor, { ...valid, code: 'AUDITED' });
    await expect(
      t.db.update(auditLog).set({ newValue: 'forged' }).where(eq(auditLog.entityId, ph.id)),
    ).rejects.toThrow();
    await expect(t.db.delete(auditLog).where(eq(auditLog.entityId, ph.id))).rejects.toThrow();
  });
});

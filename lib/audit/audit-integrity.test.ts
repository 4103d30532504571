import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantAppRole } from '@/db/migrate';
import { createTestDb, type TestDb } from '@/db/testing/test-db';

/*
 * The audit log is evidence: no UPDATE, DELETE or TRUNCATE, whoever asks (triggers, migrations 0001 and
 * 0009), and the role the app connects as in production may only append to it and read it (grants).
 */
let t: TestDb;
const role = `pactum_app_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

async function auditRows(): Promise<number> {
  const [r] = await t.handle.sql<{ n: number }[]>`select count(*)::int as n from audit_log`;
  return r!.n;
}

type Sql = Pick<TestDb['handle']['sql'], 'unsafe'>;

async function appendAuditRow(sql: Sql = t.handle.sql) {
  await sql.unsafe(
    `insert into audit_log (operation_id, operation, entity, entity_id, source)
     values ($1, 'test', 'contract', $2, 'test')`,
    [randomUUID(), randomUUID()],
  );
}

beforeAll(async () => {
  t = await createTestDb();
  await appendAuditRow();
});
afterAll(async () => {
  await t.handle.sql.unsafe(`drop owned by ${role}`).catch(() => {});
  await t.handle.sql.unsafe(`drop role if exists ${role}`).catch(() => {});
  await t.close();
});

describe('the audit log', () => {
  it('refuses TRUNCATE, UPDATE and DELETE even from the owner', async () => {
    const before = await auditRows();
    expect(before).toBeGreaterThan(0);
    await expect(t.handle.sql`truncate audit_log`).rejects.toThrow(/append-only/);
    await expect(t.handle.sql`truncate audit_log cascade`).rejects.toThrow(/append-only/);
    await expect(t.handle.sql`update audit_log set new_value = 'forged'`).rejects.toThrow(/append-only/);
    await expect(t.handle.sql`delete from audit_log`).rejects.toThrow(/append-only/);
    expect(await auditRows()).toBe(before);
  });

  it('grants the app role DML on business tables but only INSERT and SELECT on the audit log', async () => {
    expect(await grantAppRole(t.db, 'no_such_role_here')).toBe(false);
    const [me] = await t.handle.sql<{ u: string }[]>`select current_user as u`;
    // The owner must not be "the app role": revoking from it would be a false sense of safety.
    await expect(grantAppRole(t.db, me!.u)).rejects.toThrow();

    await t.handle.sql.unsafe(`create role ${role} nologin`);
    expect(await grantAppRole(t.db, role)).toBe(true);
    const denied = (e: unknown) => (e as { code?: string }).code;
    await t.handle.sql
      .begin(async (tx) => {
        await tx.unsafe(`set local role ${role}`);
        // What the app does every day still works: read and write business tables, append to the log.
        await appendAuditRow(tx);
        await tx`select count(*) from audit_log`;
        await tx`update policy_holders set trade_name = trade_name where false`;
        await tx`insert into idempotency_keys (user_id, key, scope) values (${randomUUID()}, 'k', 's')`;
        // Rewriting history is refused by privilege (42501) before any trigger runs.
        for (const statement of [
          'update audit_log set new_value = $$forged$$',
          'delete from audit_log',
          'truncate audit_log',
        ]) {
          const error = await tx.savepoint((sp) => sp.unsafe(statement)).catch((e: unknown) => e);
          expect(denied(error), statement).toBe('42501');
        }
        throw new Error('rollback');
      })
      .catch((e: Error) => {
        if (e.message !== 'rollback') throw e;
      });
  });
});

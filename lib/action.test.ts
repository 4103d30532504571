import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TransitionName, transitionAction } from '@/components/contract-card/actions';
import { makeUser } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { runAction } from './action';
import { type Actor, loadActor } from './auth/actor';
import { DATA_EXCEPTION_MESSAGE } from './errors';
import { inEnglish } from './i18n/keyed';

/*
 * The server-action wrapper over real SQL: the session and the app's database handle are the only
 * stand-ins (there is no request in a test); the services and PostgreSQL are real.
 */
let t: TestDb;
let actor: Actor;
vi.mock('./auth/session', () => ({ requireActor: async () => actor }));
vi.mock('@/db/client', async (original) => ({
  ...(await original<typeof import('@/db/client')>()),
  getDb: () => t.db,
}));

beforeAll(async () => {
  t = await createTestDb();
  actor = (await loadActor(t.db, (await makeUser(t.db, 'admin')).id))!;
});
afterAll(() => t.close());

describe('runAction', () => {
  it('answers a PostgreSQL data error (class 22) as validation_failed with a generic message', async () => {
    vi.spyOn(console, 'error').mockImplementationOnce(() => {});
    const overflow = await runAction((db) => db.execute(sql`select 99999999999999999::numeric(18,2)`));
    expect(overflow).toEqual({
      ok: false,
      code: 'validation_failed',
      error: inEnglish(DATA_EXCEPTION_MESSAGE),
    });
    vi.spyOn(console, 'error').mockImplementationOnce(() => {});
    const date = await runAction((db) => db.execute(sql`select '0000-01-01'::date`));
    expect(date).toMatchObject({ ok: false, code: 'validation_failed' });
  });

  it('keeps other unexpected errors generic and internal', async () => {
    vi.spyOn(console, 'error').mockImplementationOnce(() => {});
    const r = await runAction(async () => {
      throw new Error('boom');
    });
    expect(r).toMatchObject({ ok: false, code: 'internal' });
  });
});

describe('the contract card transition table', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'refuses %s instead of calling a member of Object.prototype',
    async (name) => {
      const r = await transitionAction(name as TransitionName, {
        id: '00000000-0000-4000-8000-000000000000',
      });
      expect(r).toMatchObject({ ok: false, code: 'invalid_request' });
    },
  );
});
